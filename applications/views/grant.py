"""Portal pages for grants: the letter, acceptance and receipts. Municipal users see only their
own organisations' grants; anything else answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applications.forms.grant import ACTION_ACCEPT, ACTION_SAVE, AcceptanceForm, DeclineForm
from applications.models import Grant
from applications.rules import GRANT_PORTAL_STATUSES
from applications.selectors.grant import (
    acceptance_initial,
    acceptance_is_late,
    can_accept,
    can_prepare_acceptance,
    grants_filtered,
    grants_for_user,
    latest_letter,
    letters_for_grant,
    membership_role,
)
from applications.selectors.project_year import project_overview
from applications.services.grant import acceptance_draft_save, grant_accept, grant_decline
from core.forms import form_errors_from
from core.list_filters import list_filters_read
from core.selectors import case_timeline


def _grant_or_404(request, pk):
    return get_object_or_404(grants_for_user(request.user), pk=pk)


def _pdf_response(field_file, filename):
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="application/pdf", as_attachment=False, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def grant_list(request):
    grants = grants_for_user(request.user)
    years = grants.order_by().values_list("year", flat=True).distinct()
    statuses = [(value, label) for value, label in Grant.Status.choices if value in GRANT_PORTAL_STATUSES]
    form, filters = list_filters_read(
        request, statuses=statuses, years=years, search_label=_("Søk (saksnummer, tittel eller mottaker)")
    )
    return render(
        request,
        "applications/grant_list.html",
        {
            "grants": grants_filtered(grants, **filters),
            "filter_form": form,
            "filtered": bool(filters),
            "any_grants": bool(years),
        },
    )


@login_required
def grant_detail(request, pk):
    grant = _grant_or_404(request, pk)
    return render(
        request,
        "applications/grant_detail.html",
        {
            "grant": grant,
            "letters": letters_for_grant(grant),
            "latest_letter": latest_letter(grant),
            "acceptance": getattr(grant, "acceptance", None),
            "role": membership_role(request.user, grant.organisation_id),
            "can_prepare": can_prepare_acceptance(request.user, grant),
            "can_accept": can_accept(request.user, grant),
            "is_late": acceptance_is_late(grant),
            "case_log": case_timeline(case_number=grant.case_number, user=request.user),
            "project_years": project_overview(grant, grants_for_user(request.user)),
        },
    )


@login_required
def letter_download(request, pk, version):
    grant = _grant_or_404(request, pk)
    letter = get_object_or_404(letters_for_grant(grant), version=version)
    return _pdf_response(letter.pdf, f"tilskuddsbrev-{grant.case_number.replace('/', '-')}-v{letter.version}.pdf")


@login_required
def receipt_download(request, pk):
    grant = _grant_or_404(request, pk)
    acceptance = getattr(grant, "acceptance", None)
    if acceptance is None or not acceptance.receipt_pdf:
        raise Http404  # no answer yet, or its receipt is still being made (core.documents)
    return _pdf_response(acceptance.receipt_pdf, f"kvittering-{grant.case_number.replace('/', '-')}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def grant_acceptance(request, pk):
    """Fill in the acceptance letter: caseworkers save a draft, approvers accept."""
    grant = _grant_or_404(request, pk)
    if not can_prepare_acceptance(request.user, grant):
        messages.info(request, _("Tilskuddsbrevet er besvart og kan ikke endres."))
        return redirect("grants:detail", pk=grant.pk)
    is_approver = can_accept(request.user, grant)
    if request.method == "POST":
        action = ACTION_ACCEPT if request.POST.get("action") == ACTION_ACCEPT else ACTION_SAVE
        if action == ACTION_ACCEPT and not is_approver:
            raise PermissionDenied(_("Bare en godkjenner kan akseptere tilskuddsbrevet."))
        form = AcceptanceForm(request.POST, action=action)
        if form.is_valid():
            try:
                if action == ACTION_ACCEPT:
                    grant_accept(grant=grant, actor=request.user, details=form.details())
                    messages.success(request, _("Vilkårene er akseptert. Kvitteringen ligger på tilskuddssiden."))
                else:
                    acceptance_draft_save(grant=grant, actor=request.user, details=form.details())
                    messages.success(request, _("Opplysningene er lagret som utkast."))
                return redirect("grants:detail", pk=grant.pk)
            except ValidationError as exc:
                form_errors_from(form, exc)
    else:
        form = AcceptanceForm(initial=acceptance_initial(grant))
    return render(
        request,
        "applications/grant_acceptance.html",
        {
            "grant": grant,
            "form": form,
            "is_approver": is_approver,
            "latest_letter": latest_letter(grant),
            "is_late": acceptance_is_late(grant),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_decline_view(request, pk):
    grant = _grant_or_404(request, pk)
    if not can_prepare_acceptance(request.user, grant):
        messages.info(request, _("Tilskuddsbrevet er besvart og kan ikke endres."))
        return redirect("grants:detail", pk=grant.pk)
    if not can_accept(request.user, grant):
        raise PermissionDenied(_("Bare en godkjenner kan takke nei til tilskuddet."))
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant_decline(grant=grant, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Dere har takket nei til tilskuddet."))
            return redirect("grants:detail", pk=grant.pk)
        except ValidationError as exc:
            form_errors_from(form, exc)
    return render(request, "applications/grant_decline.html", {"grant": grant, "form": form})
