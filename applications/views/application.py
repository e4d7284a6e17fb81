"""Municipal pages for applications. Every object is fetched through a selector already
filtered by the user's memberships, so strangers get 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications.forms.application import (
    AttachmentForm,
    BasisForm,
    BudgetLineFormSet,
    BudgetYearForm,
    ContactForm,
    EarlierProjectFormSet,
    ImplementationForm,
    ProjectForm,
    SendBackForm,
    WithdrawForm,
)
from applications.forms.area_questions import AreaAnswersForm
from applications.forms.dashboard import DashboardFilterForm, applications_filtered
from applications.jobs import application_pdf_enqueue
from applications.models import Application, BudgetLine, BudgetYear
from applications.rules import application_attachments_visible_to
from applications.sections import SECTION_KEYS, SECTIONS
from applications.selectors import application as selectors
from applications.services import application as services
from applications.services import area_questions as area_questions_services
from applications.services.information import application_sections_open, information_request_open
from core.selectors import case_events_for, case_events_municipality_may_see, case_timeline
from core.uploads import attachment_response
from organisations.models import Membership
from organisations.rules import is_approver_of


def _readable(request, pk):
    try:
        return selectors.application_detail(pk, request.user)
    except Application.DoesNotExist:
        raise Http404 from None


def _owned(request, pk):
    return get_object_or_404(selectors.applications_owned_by(request.user), pk=pk)


def _error_messages(request, exc):
    messages.error(request, exc.message)
    for problem in exc.problems:
        messages.error(request, problem.message)


@login_required
def dashboard(request):
    context = selectors.dashboard_for(request.user)
    form = DashboardFilterForm(request.GET or None)
    filters = {}
    if form.is_bound:
        form.is_valid()
        filters = {k: v for k, v in form.cleaned_data.items() if v}
        if form.errors:
            messages.warning(request, _("Et ugyldig søk eller filter ble ignorert."))
    if filters:
        context["applications"] = applications_filtered(context["applications"], **filters)
    context.update(filter_form=form, filtered=bool(filters))
    return render(request, "applications/dashboard.html", context)


@login_required
@require_POST
def application_create(request, organisation_id, call_id):
    membership = get_object_or_404(
        Membership.objects.select_related("organisation"), user=request.user, organisation_id=organisation_id
    )
    call = get_object_or_404(selectors.calls_open_for_applications(), pk=call_id)
    if not any(area.is_open_to(membership.organisation) for area in call.areas.all()):
        raise Http404
    application = services.application_create(user=request.user, organisation=membership.organisation, call=call)
    messages.success(request, _("Utkastet er opprettet. Det lagres hver gang du trykker «Lagre»."))
    return redirect("applications:section", pk=application.pk, section="grunnlag")


def _section_context(application, section, **extra):
    # While IMDi asks for more information only the reopened sections are offered.
    keys = application_sections_open(application)
    index = keys.index(section)
    return {
        "application": application,
        "sections": [(key, label) for key, label in SECTIONS if key in keys],
        "section": section,
        "section_label": dict(SECTIONS)[section],
        "previous_section": keys[index - 1] if index > 0 else None,
        "next_section": keys[index + 1] if index + 1 < len(keys) else None,
        "information_request": None if application.is_draft else information_request_open(application),
        **extra,
    }


SECTION_FORMS = {
    "grunnlag": BasisForm,
    "prosjekt": ProjectForm,
    "gjennomforing": ImplementationForm,
    "kontakt": ContactForm,
}


def _after_save(request, application, section):
    messages.success(request, _("Utkastet er lagret.") if application.is_draft else _("Endringen er lagret."))
    if "next" in request.POST:
        keys = application_sections_open(application)
        index = keys.index(section)
        if index + 1 < len(keys):
            return redirect("applications:section", pk=application.pk, section=keys[index + 1])
        if not application.is_draft:
            return redirect("applications:information", pk=application.pk)
        return redirect("applications:detail", pk=application.pk)
    return redirect("applications:section", pk=application.pk, section=section)


@login_required
def application_section(request, pk, section):
    if section not in SECTION_KEYS:
        raise Http404
    application = _owned(request, pk)
    if section not in application_sections_open(application):
        messages.info(request, _("Søknaden er ikke et utkast og kan ikke endres."))
        return redirect("applications:detail", pk=application.pk)
    if section == "budsjett":
        return _budget_section(request, application)
    if section == "vedlegg":
        return _attachment_section(request, application)

    form_class = SECTION_FORMS[section]
    data = request.POST if request.method == "POST" else None
    form = form_class(data, instance=application)
    formsets = []
    area_form = None
    if section == "gjennomforing":
        formsets.append(EarlierProjectFormSet(data, instance=application, prefix="tidligere"))
        area_form = AreaAnswersForm(data, application=application, prefix="omrade")
    # Every form validated (no short-circuit) so all errors show at once.
    results = [form.is_valid(), *(fs.is_valid() for fs in formsets), area_form is None or area_form.is_valid()]
    forms_valid = all(results)
    if request.method == "POST" and forms_valid:
        try:
            area_questions_services.application_section_with_answers_save(
                application=application,
                user=request.user,
                form=form,
                formsets=formsets,
                section=section,
                answers=area_form.answers() if area_form else {},
            )
        except services.ApplicationError as exc:
            _error_messages(request, exc)
            return redirect("applications:detail", pk=application.pk)
        return _after_save(request, application, section)
    if request.method == "POST":
        # Reload so the page never shows half-applied values as if they were saved.
        application = _owned(request, pk)
    return render(
        request,
        "applications/section.html",
        _section_context(
            application, section, form=form, formsets=formsets, area_form=area_form, bound=request.method == "POST"
        ),
    )


def _budget_forms(application, data):
    existing = {
        by.year_index: by
        for by in BudgetYear.objects.filter(application=application).prefetch_related(
            Prefetch("lines", queryset=BudgetLine.objects.order_by("id"))
        )
    }
    year_forms = []
    for index, year in enumerate(services.project_years(application), start=1):
        instance = existing.get(index) or BudgetYear(application=application, year_index=index, year=year)
        # Each project year has its own cap: the G of that year (Call.g_reference_date).
        cap = services.allowance_cap_per_year(application, year)
        form = BudgetYearForm(data, instance=instance, prefix=f"aar{index}", allowance_cap=cap)
        form.totals = services.budget_year_totals(instance) if instance.pk else None
        lines = BudgetLineFormSet(data, instance=instance, prefix=f"aar{index}-linjer")
        year_forms.append((index, year, form, lines))
    return year_forms


def _budget_section(request, application):
    data = request.POST if request.method == "POST" else None
    year_forms = _budget_forms(application, data)
    if request.method == "POST":
        # Validate every year (not stopping at the first error) so all errors show at once.
        results = [(form.is_valid(), lines.is_valid()) for _i, _y, form, lines in year_forms]
        if all(a and b for a, b in results):
            try:
                services.application_budget_save(application=application, user=request.user, year_forms=year_forms)
            except services.ApplicationError as exc:
                _error_messages(request, exc)
                return redirect("applications:detail", pk=application.pk)
            return _after_save(request, application, "budsjett")
    return render(
        request,
        "applications/section_budget.html",
        _section_context(
            application,
            "budsjett",
            year_forms=year_forms,
            allowance_cap=services.allowance_cap_per_year(application),
        ),
    )


def _attachment_section(request, application):
    requirements = application.area.attachment_requirements.all() if application.area_id else None
    if request.method == "POST":
        form = AttachmentForm(request.POST, request.FILES, requirements=requirements)
    else:
        form = AttachmentForm(requirements=requirements)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(
                application=application,
                user=request.user,
                uploaded_file=form.cleaned_data["file"],
                requirement=form.cleaned_data.get("requirement"),
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        except services.ApplicationError as exc:
            _error_messages(request, exc)
            return redirect("applications:detail", pk=application.pk)
        else:
            messages.success(request, _("Vedlegget er lastet opp."))
            return redirect("applications:section", pk=application.pk, section="vedlegg")
    return render(
        request,
        "applications/section_attachments.html",
        _section_context(
            application,
            "vedlegg",
            form=form,
            attachments=application.attachments.select_related("requirement"),
            requirements=list(requirements) if requirements is not None else [],
        ),
    )


@login_required
@require_POST
def attachment_delete(request, pk, attachment_id):
    application = _owned(request, pk)
    attachment = get_object_or_404(application.attachments, pk=attachment_id)
    try:
        services.attachment_delete(attachment=attachment, user=request.user)
    except services.ApplicationError as exc:
        _error_messages(request, exc)
        return redirect("applications:detail", pk=application.pk)
    messages.success(request, _("Vedlegget er slettet."))
    return redirect("applications:section", pk=application.pk, section="vedlegg")


@login_required
def attachment_download(request, pk, attachment_id):
    """Attachments are private files: only readers of the application, or IMDi staff once it
    has been submitted."""
    queryset = application_attachments_visible_to(request.user)
    attachment = get_object_or_404(queryset, pk=attachment_id, application_id=pk)
    # «?vis=1»: IMDi's staff open PDFs and images in the browser (the scoring page's links).
    inline = request.GET.get("vis") == "1" and request.user.has_perm("applications.open_attachment_inline")
    return attachment_response(
        attachment.file, filename=attachment.download_name, content_type=attachment.content_type, inline=inline
    )


def _case_log(application, user):
    # The case's timeline as the municipality sees it (core.selectors: its own steps and IMDi's
    # external acts, never IMDi's internal work); a draft has no case number yet.
    if application.case_number:
        return case_timeline(case_number=application.case_number, user=user)
    return list(case_events_municipality_may_see(case_events_for(application)))


@login_required
def application_detail(request, pk):
    application = _readable(request, pk)
    user = request.user
    can_edit = selectors.can_edit(user, application)
    context = {
        "application": application,
        "sections": SECTIONS,
        "budget_years": selectors.budget_years_with_totals(application),
        "case_log": _case_log(application, user),
        "can_edit": can_edit,
        "can_approve": selectors.can_approve(user, application),
        "can_withdraw": selectors.can_withdraw(user, application),
        "is_partner_view": not selectors.is_applicant_member(user, application),
        "send_back_form": SendBackForm(),
        "withdraw_form": WithdrawForm(),
        "allowance_cap": services.allowance_cap_per_year(application),
        "deadline_passed": services.submission_closed(application),
        "information": None if application.is_draft else information_request_open(application),
    }
    if can_edit or context["can_approve"]:
        context["problems"] = services.application_problems(application)
    return render(request, "applications/detail.html", context)


@login_required
@require_POST
def application_send_for_approval(request, pk):
    application = _owned(request, pk)
    if not selectors.can_edit(request.user, application):
        messages.error(request, _("Søknaden er ikke et utkast og kan ikke sendes til godkjenning."))
        return redirect("applications:detail", pk=pk)
    try:
        services.application_send_for_approval(application=application, user=request.user)
    except services.ApplicationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, _("Søknaden er sendt til godkjenning."))
    return redirect("applications:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def application_submit(request, pk):
    application = _owned(request, pk)
    if not is_approver_of(request.user, application):  # the approver's step (organisations.rules)
        raise Http404
    if request.method == "GET":
        # Submission is final: the page says what it binds the organisation to and asks first.
        if not selectors.can_approve(request.user, application):
            return redirect("applications:detail", pk=pk)
        return render(request, "applications/submit_confirm.html", {"application": application})
    try:
        application = services.application_submit(application=application, user=request.user)
    except services.ApplicationError as exc:
        _error_messages(request, exc)
        return redirect("applications:detail", pk=pk)
    messages.success(
        request,
        _("Søknaden er sendt inn med saksnummer %(case)s. Kvittering er sendt på e-post.")
        % {"case": application.case_number},
    )
    return redirect("applications:receipt", pk=pk)


@login_required
def application_receipt(request, pk):
    application = _readable(request, pk)
    if not application.case_number:
        return redirect("applications:detail", pk=pk)
    return render(request, "applications/receipt.html", {"application": application})


@login_required
@require_POST
def application_send_back(request, pk):
    application = _owned(request, pk)
    if not selectors.can_approve(request.user, application):
        raise Http404
    form = SendBackForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("comment", []):
            messages.error(request, error)
        return redirect("applications:detail", pk=pk)
    try:
        services.application_send_back(application=application, user=request.user, comment=form.cleaned_data["comment"])
    except services.ApplicationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, _("Søknaden er sendt tilbake til utkast med kommentar."))
    return redirect("applications:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request, pk):
    application = _owned(request, pk)
    if not selectors.can_withdraw(request.user, application):
        messages.error(request, _("Du kan ikke trekke denne søknaden."))
        return redirect("applications:detail", pk=pk)
    if request.method == "GET":
        # Withdrawal is final: the page says so and asks for the reason first.
        return render(
            request, "applications/withdraw_confirm.html", {"application": application, "withdraw_form": WithdrawForm()}
        )
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.application_withdraw(application=application, user=request.user, reason=reason)
    except services.ApplicationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, _("Søknaden er trukket."))
    return redirect("applications:detail", pk=pk)


@login_required
def approval_queue(request):
    return render(
        request,
        "applications/approval_queue.html",
        {"applications": selectors.applications_awaiting_approval_for(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_pdf(request, pk):
    """The application as PDF, made as a job (applications.jobs): GET asks, POST enqueues and
    goes to the job's page, which offers the download when it is ready."""
    application = _readable(request, pk)
    if request.method == "POST":
        job = application_pdf_enqueue(application=application, actor=request.user)
        return redirect("jobs:detail", pk=job.pk)
    return render(
        request,
        "core/job_start.html",
        {
            "title": _("Søknaden som PDF"),
            "back_url": reverse("applications:detail", args=[application.pk]),
            "back_label": _("Tilbake til søknaden"),
        },
    )


def section_url(application, section):
    return reverse("applications:section", kwargs={"pk": application.pk, "section": section})
