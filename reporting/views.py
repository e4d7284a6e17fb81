from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.calendar import today_oslo
from core.list_filters import list_filters_read
from core.transitions import available_actions
from core.uploads import attachment_response
from organisations.rules import is_municipal_user
from reporting import services
from reporting.accounts import accounts_totals, report_accounts_approve, report_accounts_import
from reporting.accounts_workbook import accounts_workbook_build
from reporting.calendar_tokens import calendar_token_of, calendar_token_replace
from reporting.forms import (
    AccountsUploadForm,
    AttachmentForm,
    report_forms_build,
)
from reporting.ical import calendar_render
from reporting.models import CalendarToken
from reporting.rules import obligations_owned_by, report_attachments_visible_to
from reporting.selectors import OPEN_STATES, State, obligation_state, open_window_days, report_for


def _obligation(request, pk):
    """404 for anyone who is not a member of the grant's organisation (reporting.rules)."""
    return get_object_or_404(obligations_owned_by(request.user), pk=pk)


@login_required
def report_list(request):
    today = today_oslo()
    obligations = list(
        obligations_owned_by(request.user).order_by("grant__organisation__name", "grant_id", "due_date", "id")
    )
    for o in obligations:
        o.state = obligation_state(o, today=today, window_days=open_window_days(o.grant.call))
        o.state_label = State.LABELS[o.state]
    form, filters = list_filters_read(
        request,
        statuses=State.CHOICES,
        years={o.grant.year for o in obligations},
        search_label=_("Søk (saksnummer, tittel eller mottaker)"),
    )
    shown = obligations_filtered(obligations, **filters)
    grants = [(grant, list(items)) for grant, items in groupby(shown, key=lambda o: o.grant)]
    return render(
        request,
        "reporting/list.html",
        {"grants": grants, "filter_form": form, "filtered": bool(filters), "any_obligations": bool(obligations)},
    )


def obligations_filtered(obligations, *, q="", status="", year=None):
    """The report list (already read, with each obligation's state) searched by case number,
    title or recipient, and filtered by state and by the grant's year."""
    needle = (q or "").casefold()
    rows = []
    for o in obligations:
        if (status and o.state != status) or (year and o.grant.year != year):
            continue
        haystack = " ".join([o.grant.case_number or "", o.grant.call.title or "", o.grant.organisation.name]).casefold()
        if needle and needle not in haystack:
            continue
        rows.append(o)
    return rows


def _detail(request, obligation, report, *, forms=None, submit_errors=None, upload_form=None, status=200):
    """The report page. `report` may be unsaved (no draft stored yet): showing it writes nothing."""
    today = today_oslo()
    text_form, income_form, line_forms, activity_forms = forms or report_forms_build(obligation, report)
    locked = obligation.is_locked
    state = obligation_state(obligation, today=today)
    context = {
        "obligation": obligation,
        "grant": obligation.grant,
        "report": report,
        "state": state,
        "state_label": State.LABELS[state],
        "actions": {a.name: a for a in available_actions(obligation, request.user)},
        "locked": locked,
        "text_form": text_form,
        "income_form": income_form,
        "line_rows": [(f.line, f) for f in line_forms or []],
        "activity_rows": [(f.activity, f) for f in activity_forms or []],
        "totals": accounts_totals(report, [f.line for f in line_forms or []]) if obligation.has_accounts else None,
        "missing": services.report_missing(report) if not locked else [],
        "submit_errors": submit_errors or [],
        "upload_form": upload_form or AccountsUploadForm(),
        "attachment_form": AttachmentForm(),
        "attachments": list(report.attachments.all()) if report.pk else [],
        "user_is_lead": report.accounts_lead_approved_by_id == request.user.pk,
        "user_is_superior": report.accounts_superior_approved_by_id == request.user.pk,
    }
    return render(request, "reporting/report_detail.html", context, status=status)


@login_required
def report_detail(request, pk):
    obligation = _obligation(request, pk)
    if request.method != "POST":
        return _detail(request, obligation, report_for(obligation))
    report = services.report_ensure(obligation=obligation)
    if obligation.is_locked:
        messages.error(request, _("Rapporten er sendt inn og kan ikke endres."))
        return redirect("reporting:report", pk=pk)
    forms = report_forms_build(obligation, report, request.POST)
    text_form, income_form, line_forms, activity_forms = forms
    all_forms = [text_form, income_form, *(line_forms or []), *(activity_forms or [])]
    if not all(f.is_valid() for f in all_forms if f is not None):
        messages.error(request, _("Utkastet ble ikke lagret. Rett feilene som er merket under."))
        return _detail(request, obligation, report, forms=forms, status=400)
    try:
        services.report_save(
            report=report,
            actor=request.user,
            fields={name: text_form.cleaned_data[name] for name in text_form.fields},
            accounts=income_form.cleaned_data if income_form else None,
            lines={f.line.pk: f.cleaned_data for f in line_forms} if line_forms else None,
            activities={f.activity.pk: f.cleaned_data for f in activity_forms} if activity_forms else None,
        )
    except ValidationError as exc:
        messages.error(request, _("Utkastet ble ikke lagret."))
        return _detail(request, obligation, report, forms=forms, submit_errors=exc.messages, status=400)
    messages.success(request, _("Utkastet er lagret."))
    return redirect("reporting:report", pk=pk)


@login_required
@require_POST
def accounts_approve(request, pk):
    obligation = _obligation(request, pk)
    report = services.report_ensure(obligation=obligation)
    try:
        report_accounts_approve(report=report, actor=request.user, capacity=request.POST.get("capacity"))
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
    except ValueError:
        messages.error(request, _("Velg om du godkjenner som prosjektansvarlig eller som leder."))
    else:
        messages.success(request, _("Du har godkjent regnskapet."))
    return redirect("reporting:report", pk=pk)


@login_required
@require_POST
def report_submit(request, pk):
    obligation = _obligation(request, pk)
    report = services.report_ensure(obligation=obligation)
    try:
        services.report_submit(report=report, actor=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("reporting:report", pk=pk)
    except ValidationError as exc:
        return _detail(request, obligation, report, submit_errors=exc.messages, status=400)
    messages.success(request, _("Rapporten er sendt inn til IMDi."))
    return redirect("reporting:report", pk=pk)


@login_required
def accounts_template(request, pk):
    obligation = _obligation(request, pk)
    report = report_for(obligation)
    if not obligation.has_accounts or report.pk is None:  # the template carries the stored ids
        raise Http404
    content = accounts_workbook_build(report)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    filename = f"regnskap-{obligation.grant.case_number.replace('/', '-')}-{obligation.period_end:%Y-%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def accounts_upload(request, pk):
    obligation = _obligation(request, pk)
    if not obligation.has_accounts:
        raise Http404
    report = services.report_ensure(obligation=obligation)
    form = AccountsUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, obligation, report, upload_form=form, status=400)
    try:
        report_accounts_import(report=report, actor=request.user, upload=form.cleaned_data["file"])
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error("file", message)
        return _detail(request, obligation, report, upload_form=form, status=400)
    messages.success(request, _("Regnskapet er lest inn fra filen."))
    return redirect("reporting:report", pk=pk)


@login_required
@require_POST
def attachment_upload(request, pk):
    obligation = _obligation(request, pk)
    report = services.report_ensure(obligation=obligation)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.report_attachment_add(report=report, actor=request.user, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Vedlegget er lastet opp."))
    else:
        messages.error(request, _("Velg en fil å laste opp."))
    return redirect("reporting:report", pk=pk)


def _attachment(request, pk, attachment_id):
    obligation = _obligation(request, pk)
    return get_object_or_404(
        report_attachments_visible_to(request.user).select_related("report__obligation__grant"),
        pk=attachment_id,
        report__obligation=obligation,
    )


@login_required
def attachment_download(request, pk, attachment_id):
    attachment = _attachment(request, pk, attachment_id)
    return attachment_response(attachment.file, filename=attachment.download_name, content_type=attachment.content_type)


@login_required
@require_POST
def attachment_delete(request, pk, attachment_id):
    attachment = _attachment(request, pk, attachment_id)
    try:
        services.report_attachment_delete(attachment=attachment, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Vedlegget er slettet."))
    return redirect("reporting:report", pk=pk)


@login_required
def calendar_page(request):
    """The feed address; it is made (and replaced) only by a POST, so opening the page writes nothing."""
    if not is_municipal_user(request.user):
        raise Http404
    if request.method == "POST":
        had_token = calendar_token_of(request.user) is not None
        calendar_token_replace(user=request.user)
        if had_token:
            messages.success(request, _("Du har fått en ny kalenderlenke. Den gamle virker ikke lenger."))
        else:
            messages.success(request, _("Kalenderlenken er laget."))
        return redirect("reporting:calendar")
    token = calendar_token_of(request.user)
    feed_url = request.build_absolute_uri(reverse("reporting:calendar_feed", args=[token.token])) if token else ""
    return render(request, "reporting/calendar.html", {"feed_url": feed_url})


def calendar_feed(request, token):
    """The user's report deadlines as iCalendar; the secret token is the only key."""
    calendar_token = get_object_or_404(CalendarToken.objects.select_related("user"), token=token)
    user = calendar_token.user
    if not user.is_active:
        raise Http404
    obligations = obligations_owned_by(user).filter(status__in=OPEN_STATES)
    base = request.build_absolute_uri("/").rstrip("/")
    host = request.get_host().split(":")[0] or "tilskudd.imdi.no"
    events = [
        {
            "uid": f"rapport-{o.pk}@{host}",
            "date": o.due_date,
            "summary": _("Frist: %(kind)s – %(org)s (%(case)s)")
            % {"kind": o.get_kind_display(), "org": o.grant.organisation.name, "case": o.grant.case_number},
            "description": _("%(call)s\nPeriode: %(start)s–%(end)s")
            % {
                "call": o.grant.call.title,
                "start": f"{o.period_start:%d.%m.%Y}",
                "end": f"{o.period_end:%d.%m.%Y}",
            },
            "url": base + reverse("reporting:report", args=[o.pk]),
        }
        for o in obligations.order_by("due_date", "id")
    ]
    body = calendar_render(
        name=_("Rapportfrister – IMDi tilskuddsportal"),
        events=events,
        now=timezone.now(),
        prodid="-//IMDi//Tilskuddsportal//NO",
    )
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="rapportfrister.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
