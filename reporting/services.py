"""Every write in reporting: obligations, report drafts, submission, review, attachments,
reminders. The accounts (sums, two approvals, XLSX import) are in reporting.accounts, the
calendar tokens in reporting.calendar_tokens.

Who may do what is asked of reporting.rules; status moves go through the ReportObligation
transitions with core.transitions.transition_apply, which also writes the case event."""

import datetime as dt
import logging

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Grant
from core.calendar import next_bank_day, today_oslo
from core.models import Notification
from core.notifications import notification_send, notifications_enqueue
from core.services import case_event_record, sweep_run_record
from core.transitions import transition_apply, transition_check
from organisations.models import Membership
from reporting import notices, services_resume
from reporting.accounts import (  # noqa: F401  (re-exported: callers import them from here)
    Capacity,
    accounts_totals,
    accounts_validate,
    report_accounts_approve,
    report_accounts_import,
)
from reporting.deadlines import deadline_dates_for_grant
from reporting.models import (
    AccountsLine,
    Report,
    ReportActivity,
    ReportAttachment,
    ReportObligation,
    ReportReminder,
)
from reporting.selectors import OPEN_STATES, reminder_days_after, reminder_days_before, report_rows, report_rows_planned
from reporting.services_control import (  # noqa: F401 (report_obligation_add: re-exported)
    RETURN_DUE_MAX_DAYS,
    report_obligation_add,
    report_return_due_date_default,
)

logger = logging.getLogger(__name__)

SWEEP_NAME = "reporting.tasks.report_reminders_sweep"


class ReportLocked(ValidationError):
    pass


def _may(actor, permission, obj) -> bool:
    # The rule itself (not User.has_perm, which lets a superuser through): acting for a
    # municipality takes a membership in it.
    return getattr(actor, "is_authenticated", False) and rules.has_perm(permission, actor, obj)


def report_editable_require(*, report, actor):
    """Refuse unless `actor` is a member of the report's organisation and the report is open."""
    if not _may(actor, "reporting.edit_report", report.obligation):
        raise PermissionDenied(_("Du har ikke tilgang til denne rapporten."))
    if report.obligation.is_locked:
        raise ReportLocked(_("Rapporten er sendt inn og kan ikke endres."))


# --- obligations -------------------------------------------------------------------------


@transaction.atomic
def report_obligations_create_for_grant(*, grant, actor=None):
    """Create the grant's report obligations from the call's report deadlines, each with an
    empty report. Called by the acceptance service inside its transaction; idempotent."""
    created = []
    obligations = []
    for deadline in grant.call.report_deadlines.select_related("call").order_by("due_date", "kind"):
        period_start, period_end, due_date = deadline_dates_for_grant(deadline, grant)
        obligation, was_created = ReportObligation.objects.get_or_create(
            grant=grant,
            kind=deadline.kind,
            period_end=period_end,
            defaults={"deadline": deadline, "period_start": period_start, "due_date": due_date},
        )
        report_ensure(obligation=obligation)
        obligations.append(obligation)
        if was_created:
            created.append(obligation)
    if created:
        case_event_record(
            subject=grant,
            action="report_obligations_created",
            actor=actor,
            message=_("Rapporteringsplikter opprettet: %(list)s")
            % {"list": ", ".join(f"{o.get_kind_display()} {o.due_date:%d.%m.%Y}" for o in created)},
            data={"obligations": [o.pk for o in created]},
        )
    return obligations


@transaction.atomic
def report_obligation_due_date_extend(*, obligation, actor, new_due_date: dt.date, reason: str = ""):
    """A later due date for one open report (an approved extension request, casework); the
    reminders follow the new date (they are computed from it)."""
    obligation = ReportObligation.objects.select_for_update().get(pk=obligation.pk)
    if obligation.status not in OPEN_STATES:
        raise ValidationError(_("Rapporten er sendt inn; fristen kan ikke flyttes."))
    if new_due_date <= obligation.due_date:
        raise ValidationError({"new_deadline": _("Den nye fristen må være etter den gjeldende fristen.")})
    old = obligation.due_date
    obligation.due_date = new_due_date
    obligation.save(update_fields=["due_date"])
    case_event_record(
        subject=obligation,
        action="report_deadline_extended",
        actor=actor,
        message=(reason or "")[:2000],
        data={"old_due_date": old.isoformat(), "new_due_date": new_due_date.isoformat()},
    )
    return obligation


@transaction.atomic
def report_obligations_move(*, call, actor):
    """Bring the open obligations of the call's grants in line with the call's (changed)
    report deadlines, and create obligations for deadlines added since acceptance."""
    if actor is not None and not actor.has_perm("reporting.move_report_deadlines"):
        raise PermissionDenied(_("Bare rådgivere i IMDi kan flytte rapportfrister."))
    moved = 0
    deadlines = list(call.report_deadlines.all())
    by_id = {d.id: d for d in deadlines}
    obligations = (
        ReportObligation.objects.select_for_update()
        # A returned report keeps the due date the officer gave it on return.
        .filter(grant__call=call, status=ReportObligation.Status.OPEN, deadline_id__in=list(by_id))
        .select_related("grant")
    )
    for obligation in obligations:
        deadline = by_id[obligation.deadline_id]
        deadline.call = call
        period_start, period_end, due_date = deadline_dates_for_grant(deadline, obligation.grant)
        before = (obligation.period_start, obligation.period_end, obligation.due_date)
        if before == (period_start, period_end, due_date):
            continue
        obligation.period_start, obligation.period_end, obligation.due_date = period_start, period_end, due_date
        obligation.save(update_fields=["period_start", "period_end", "due_date"])
        case_event_record(
            subject=obligation,
            action="report_deadline_moved",
            actor=actor,
            message=_("Frist flyttet fra %(old)s til %(new)s")
            % {"old": f"{before[2]:%d.%m.%Y}", "new": f"{due_date:%d.%m.%Y}"},
            data={"old_due_date": before[2].isoformat(), "new_due_date": due_date.isoformat()},
        )
        moved += 1
    created = 0
    for grant in Grant.objects.filter(call=call, status__in=[Grant.Status.ACCEPTED]).select_related("call"):
        before = grant.report_obligations.count()
        report_obligations_create_for_grant(grant=grant, actor=actor)
        created += grant.report_obligations.count() - before
    case_event_record(
        subject=call,
        action="report_obligations_moved",
        actor=actor,
        message=_("%(moved)s åpne rapporteringsplikter flyttet, %(created)s nye opprettet")
        % {"moved": moved, "created": created},
        data={"moved": moved, "created": created},
    )
    return {"moved": moved, "created": created}


def report_obligations_pending_moves(call):
    """Open obligations whose dates differ from the call's deadlines: what a move would do."""
    deadlines = {d.id: d for d in call.report_deadlines.all()}
    pending = []
    for obligation in ReportObligation.objects.filter(
        grant__call=call, status__in=OPEN_STATES, deadline_id__in=list(deadlines)
    ).select_related("grant__organisation"):
        deadline = deadlines[obligation.deadline_id]
        deadline.call = call
        new = deadline_dates_for_grant(deadline, obligation.grant)
        if new != (obligation.period_start, obligation.period_end, obligation.due_date):
            pending.append({"obligation": obligation, "new_due_date": new[2], "new_period": (new[0], new[1])})
    return pending


# --- reports -----------------------------------------------------------------------------


@transaction.atomic
def report_ensure(*, obligation):
    """The obligation's report with its accounts lines and activity rows (idempotent). Called
    when the obligation is created and by the portal's POST handlers, never on a GET."""
    report, created = Report.objects.get_or_create(obligation=obligation)
    if not created:
        return report
    lines, activities = report_rows_planned(obligation, report)
    AccountsLine.objects.bulk_create(lines)
    ReportActivity.objects.bulk_create(activities)
    return report


TEXT_FIELDS = [
    "progress",
    "activities_done",
    "participants",
    "deviations",
    "goal_contribution",
    "use_of_grant",
    "results",
    "transfer_value",
    "lessons",
    "activities_comment",
    "documents_reply",
]


@transaction.atomic
def report_save(*, report, actor, fields=None, accounts=None, lines=None, activities=None):
    """Save a draft. `fields`: report text fields; `accounts`: own_contribution, other_income;
    `lines`: {line_id: {"expenses", "covered_by_grant"}}; `activities`: {activity_id:
    {"participants", "description"}}. Changing the accounts withdraws earlier approvals."""
    report = Report.objects.select_for_update().select_related("obligation__grant").get(pk=report.pk)
    report_editable_require(report=report, actor=actor)
    for name, value in (fields or {}).items():
        if name not in TEXT_FIELDS:
            raise ValueError(name)
        setattr(report, name, value)
    accounts_changed = False
    current_lines = list(report.accounts_lines.all())
    if accounts is not None or lines is not None:
        for name in ("own_contribution", "other_income"):
            if accounts and name in accounts and accounts[name] is not None and accounts[name] != getattr(report, name):
                setattr(report, name, accounts[name])
                accounts_changed = True
        by_id = {line.id: line for line in current_lines}
        for line_id, values in (lines or {}).items():
            line = by_id.get(int(line_id))
            if line is None:
                raise ValidationError(_("Ukjent regnskapslinje."))
            for name in ("expenses", "covered_by_grant"):
                if name in values and values[name] is not None and values[name] != getattr(line, name):
                    setattr(line, name, values[name])
                    line._changed = True
                    accounts_changed = True
        accounts_validate(report, current_lines)
        changed_lines = [line for line in current_lines if getattr(line, "_changed", False)]
        if changed_lines:
            AccountsLine.objects.bulk_update(changed_lines, ["expenses", "covered_by_grant"])
    if activities:
        by_id = {a.id: a for a in report.activities.all()}
        for activity_id, values in activities.items():
            row = by_id.get(int(activity_id))
            if row is None:
                raise ValidationError(_("Ukjent aktivitet."))
            row.participants = values.get("participants")
            row.description = values.get("description", "")
            row.save(update_fields=["participants", "description"])
    if accounts_changed and (report.accounts_lead_approved_by_id or report.accounts_superior_approved_by_id):
        report.accounts_lead_approved_by = report.accounts_superior_approved_by = None
        report.accounts_lead_approved_at = report.accounts_superior_approved_at = None
        case_event_record(
            subject=report.obligation,
            action="accounts_approvals_withdrawn",
            actor=actor,
            message=_("Regnskapet ble endret etter godkjenning; det må godkjennes på nytt."),
        )
    report.updated_by = actor
    report.save()
    return report


def report_missing(report) -> list[str]:
    """What must be filled in before the report can be submitted (Norwegian messages)."""
    obligation = report.obligation
    kind = obligation.kind
    Kind = ReportObligation.Kind
    missing = []

    def need(field, label):
        value = getattr(report, field)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(_("Fyll ut «%(label)s».") % {"label": label})

    if kind == Kind.STATUS:
        need("progress", _("Framdrift sammenlignet med planen"))
        need("activities_done", _("Aktiviteter som er gjennomført"))
        need("participants", _("Antall deltakere hittil"))
        need("deviations", _("Avvik og risiko"))
    elif kind == Kind.ANNUAL:
        need("goal_contribution", _("Bidrag til ordningens prioriterte resultatmål"))
        need("use_of_grant", _("Hvordan tilskuddet er brukt"))
        if obligation.grant.call.is_competitive:
            need("results", _("Resultater"))
            need("transfer_value", _("Overføringsverdi"))
            need("lessons", _("Hva andre kan lære"))
    elif kind == Kind.HALF_YEAR:
        need("participants", _("Antall beboere som har deltatt"))
        for row in report_rows(report)[1]:
            if row.participants is None:
                missing.append(
                    _("Oppgi antall deltakere for «%(activity)s» (0 hvis ingen).")
                    % {"activity": row.get_activity_display()}
                )
    elif kind == Kind.DOCUMENTS:
        need("documents_reply", _("Svar til IMDi"))
    if obligation.has_accounts and not report.accounts_approved:
        missing.append(
            _(
                "Regnskapet må være godkjent av prosjektansvarlig og av leder for prosjektansvarlig før rapporten kan sendes inn."  # noqa: E501
            )
        )
    return missing


@transaction.atomic
def report_submit(*, report, actor):
    """The approver (director or delegated authority) submits; the report is then locked."""
    report = Report.objects.select_for_update().select_related("obligation__grant__call").get(pk=report.pk)
    obligation = ReportObligation.objects.select_for_update().select_related("grant__call").get(pk=report.obligation_id)
    report.obligation = obligation
    if not _may(actor, "reporting.edit_report", obligation):
        raise PermissionDenied(_("Du har ikke tilgang til denne rapporten."))
    if not _may(actor, "reporting.submit_report", obligation):
        raise PermissionDenied(_("Bare godkjenner (direktør eller ansatt med fullmakt) kan sende inn rapporten."))
    if obligation.is_locked:
        raise ReportLocked(_("Rapporten er sendt inn og kan ikke endres."))
    missing = report_missing(report)
    if missing:
        raise ValidationError(missing)
    report.submitted_by, report.submitted_at = actor, timezone.now()
    report.save()
    transition_apply(obj=obligation, transition="submit", actor=actor, event="report_submitted")
    _handoff_notice(obligation, "report_submitted", notices.report_submitted_notify)
    return report


def _handoff_notice(obligation, action, notify):
    from applications.notices import case_event_latest

    obligation_id, event_id = obligation.pk, case_event_latest(obligation, action).pk
    transaction.on_commit(lambda: notify(obligation_id=obligation_id, event_id=event_id))


def _review_record(obligation, actor, comment):
    Report.objects.filter(obligation=obligation).update(
        reviewed_by=actor, reviewed_at=timezone.now(), review_comment=comment
    )


@transaction.atomic
def report_approve(*, obligation, actor, comment=""):
    obligation = ReportObligation.objects.select_for_update().get(pk=obligation.pk)
    comment = (comment or "").strip()
    transition_apply(obj=obligation, transition="approve", actor=actor, event="report_approved", message=comment)
    _review_record(obligation, actor, comment)
    _handoff_notice(obligation, "report_approved", notices.report_approved_notify)
    return obligation


@transaction.atomic
def report_return(*, obligation, actor, comment, new_due_date=None):
    """Return the report to the organisation with a comment and a new due date (the officer's,
    or the call's default); it reopens for editing. Reminders and the payments' overdue check
    follow the new date: reminders are keyed by it, and overdue is derived from it."""
    obligation = ReportObligation.objects.select_for_update().select_related("grant__call").get(pk=obligation.pk)
    # Who and when first, then what the return needs: a comment saying what to correct.
    transition_check(obj=obligation, transition="return_to_organisation", actor=actor)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Skriv en kommentar som forklarer hva som må rettes.")})
    today = today_oslo()
    if new_due_date is None:
        new_due_date = report_return_due_date_default(obligation, today=today)
    elif not isinstance(new_due_date, dt.date):
        raise ValidationError({"new_due_date": _("Oppgi en gyldig dato.")})
    elif new_due_date <= today:
        raise ValidationError({"new_due_date": _("Den nye fristen må være etter i dag.")})
    elif new_due_date > today + dt.timedelta(days=RETURN_DUE_MAX_DAYS):
        raise ValidationError({"new_due_date": _("Den nye fristen kan ikke være mer enn ett år fram i tid.")})
    new_due_date = next_bank_day(new_due_date)
    old_due_date = obligation.due_date
    obligation.due_date = new_due_date
    transition_apply(
        obj=obligation,
        transition="return_to_organisation",
        actor=actor,
        event="report_returned",
        message=comment,
        data={"old_due_date": old_due_date.isoformat(), "new_due_date": new_due_date.isoformat()},
        update_fields=["due_date"],
    )
    _review_record(obligation, actor, comment)
    transaction.on_commit(lambda: _enqueue_returned_notice(obligation.pk))
    return obligation


def _enqueue_returned_notice(obligation_id):
    from reporting.tasks import report_returned_notify

    report_returned_notify.delay(obligation_id)


def _organisation_users(organisation):
    return [m.user for m in Membership.objects.filter(organisation=organisation).select_related("user")]


def report_returned_notify_send(*, obligation_id) -> int:
    """Tell the organisation's users that IMDi returned a report, with the comment."""
    obligation = ReportObligation.objects.select_related("grant__organisation", "report").get(pk=obligation_id)
    report = obligation.report
    url = settings.PORTAL_BASE_URL.rstrip("/") + reverse("reporting:report", args=[obligation.pk])
    returned_at = report.reviewed_at.isoformat() if report.reviewed_at else ""
    notifications = notification_send(
        kind=Notification.Kind.REPORT_RETURNED,
        key=f"report_returned:obligation:{obligation.pk}:{returned_at}",
        case_number=obligation.grant.case_number,
        users=_organisation_users(obligation.grant.organisation),
        subject=lambda: (
            _("IMDi har returnert %(kind)s for %(case)s")
            % {"kind": obligation.get_kind_display().lower(), "case": obligation.grant.case_number}
        ),
        template="reporting/email/returned.txt",
        context={"obligation": obligation, "grant": obligation.grant, "comment": report.review_comment, "url": url},
    )
    return len(notifications)


# --- attachments -------------------------------------------------------------------------


@transaction.atomic
def report_attachment_add(*, report, actor, upload):
    """Store an attachment after the shared content and size check (core.uploads)."""
    from core.uploads import attachment_check, attachment_download_name

    report = Report.objects.select_for_update().select_related("obligation__grant").get(pk=report.pk)
    report_editable_require(report=report, actor=actor)
    checked = attachment_check(upload)
    attachment = ReportAttachment(
        report=report,
        original_name=attachment_download_name(upload.name, checked.content_type),
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    upload.seek(0)
    attachment.file.save(f"{checked.sha256}", upload, save=False)
    attachment.save()
    case_event_record(
        subject=report.obligation, action="report_attachment_added", actor=actor, message=attachment.original_name
    )
    return attachment


@transaction.atomic
def report_attachment_delete(*, attachment, actor):
    report = attachment.report
    report_editable_require(report=report, actor=actor)
    from core.uploads import stored_attachment_delete

    name = attachment.original_name
    stored_attachment_delete(attachment=attachment)
    case_event_record(subject=report.obligation, action="report_attachment_deleted", actor=actor, message=name)


# --- reminders ---------------------------------------------------------------------------


def reminder_due_today(obligation, call, *, today: dt.date) -> int | None:
    """The reminder to send today, as days before the due date (negative: after), or None.

    The latest trigger date that has been reached wins; a missed earlier reminder is not sent
    late next to a newer one."""
    triggers = [(obligation.due_date - dt.timedelta(days=d), d) for d in reminder_days_before(call)]
    triggers += [(obligation.due_date + dt.timedelta(days=d), -d) for d in reminder_days_after(call)]
    reached = [t for t in triggers if t[0] <= today]
    if not reached:
        return None
    return max(reached)[1]


def report_reminders_send_due(*, today: dt.date | None = None) -> dict:
    """Create each reminder that is due today exactly once and send it after commit.

    Each reminder is its own transaction: under concurrent sweeps the unique constraint lets
    one insert win and the others skip."""
    today = today or today_oslo()
    candidates = (
        ReportObligation.objects.filter(
            status__in=OPEN_STATES,
            due_date__lte=today + dt.timedelta(days=366),  # the earliest reminder: a year before
            grant__status=Grant.Status.ACCEPTED,
        )
        .select_related("grant__call")
        .prefetch_related("reminders")
    )
    created = 0
    skipped = 0
    for obligation in candidates.iterator(chunk_size=500):
        days_before = reminder_due_today(obligation, obligation.grant.call, today=today)
        if days_before is None:
            continue
        if any(r.due_date == obligation.due_date and r.days_before == days_before for r in obligation.reminders.all()):
            continue
        try:
            with transaction.atomic():
                reminder = ReportReminder.objects.create(
                    obligation=obligation, due_date=obligation.due_date, days_before=days_before
                )
                transaction.on_commit(lambda rid=reminder.pk: _enqueue_delivery(rid))
        except IntegrityError:
            skipped += 1
            continue
        created += 1
    return {"created": created, "skipped_concurrent": skipped}


def _enqueue_delivery(reminder_id):
    from reporting.tasks import report_reminder_deliver

    report_reminder_deliver.delay(reminder_id)


def report_reminders_sweep_run(*, today: dt.date | None = None) -> dict:
    with sweep_run_record(SWEEP_NAME) as run:
        run.summary = report_reminders_send_due(today=today)
        services_resume.report_reminders_stranded_enqueue(before=run.started_at)
    return run.summary


def report_reminder_deliver(*, reminder_id):
    """Send one reminder to the organisation's users; a second delivery of the same reminder
    is a no-op (row lock + sent_at, and the notifications' unique keys)."""
    with transaction.atomic():
        notifications = _report_reminder_claim(reminder_id)
    if notifications is None:
        return 0
    notifications_enqueue(notifications)
    return len(notifications)


def _report_reminder_claim(reminder_id):
    reminder = (
        ReportReminder.objects.select_for_update()
        .select_related("obligation__grant__organisation", "obligation__grant__call")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None or reminder.sent_at is not None:
        return None
    obligation = reminder.obligation
    organisation = obligation.grant.organisation
    url = settings.PORTAL_BASE_URL.rstrip("/") + reverse("reporting:report", args=[obligation.pk])
    context = {
        "obligation": obligation,
        "grant": obligation.grant,
        "organisation": organisation,
        "days_before": reminder.days_before,
        "overdue": reminder.days_before < 0,
        "days_after": -reminder.days_before,
        "url": url,
    }

    def subject():
        values = {
            "kind": obligation.get_kind_display(),
            "case": obligation.grant.case_number,
            "date": f"{obligation.due_date:%d.%m.%Y}",
        }
        if reminder.days_before < 0:
            return _("Purring: %(kind)s for %(case)s hadde frist %(date)s") % values
        return _("Påminnelse: %(kind)s for %(case)s har frist %(date)s") % values

    notifications = notification_send(
        kind=Notification.Kind.REPORT_OVERDUE if reminder.days_before < 0 else Notification.Kind.REPORT_REMINDER,
        key=f"report_reminder:{reminder.pk}",
        case_number=obligation.grant.case_number,
        users=_organisation_users(organisation),
        subject=subject,
        template="reporting/email/reminder.txt",
        context=context,
        deliver=False,
    )
    reminder.sent_at = timezone.now()
    reminder.recipients = len(notifications)
    reminder.save(update_fields=["sent_at", "recipients"])
    case_event_record(
        subject=obligation,
        action="report_reminder_sent" if reminder.days_before >= 0 else "report_overdue_notice_sent",
        message=subject(),
        data={"days_before": reminder.days_before, "recipients": len(notifications)},
    )
    return notifications
