from django.contrib.contenttypes.models import ContentType

from core.models import CaseEvent, Notification, SweepRun
from core.rules import acts_as_imdi_staff
from core.schedule import DAILY_SWEEPS, sweep_summary_lines

# --- who sees which case events (one rule per side, used by every surface) ---------------------

# What a municipality (applicant or partner) sees of its case: its own steps, and IMDi's acts
# towards it — letters sent, decisions made known, payments, reactions, reminders. Never IMDi's
# internal work: scores, proposals, a returned proposal's comment, amounts under consideration.
MUNICIPAL_CASE_EVENTS = frozenset(
    {
        # the municipality's own steps
        "created",
        "sent_for_approval",
        "sent_back",
        "submitted",
        "withdrawn",
        "attachment_added",
        "attachment_removed",
        "information_answered",
        "information_answer_returned",
        "information_resubmitted",
        "acceptance_draft_saved",
        "organisation_details_confirmed",
        "grant_accepted",
        "grant_declined",
        "report_submitted",
        "report_attachment_added",
        "report_attachment_deleted",
        "accounts_approvals_withdrawn",
        "accounts_approved_by_lead",
        "accounts_approved_by_superior",
        "appeal_registered",
        # IMDi's external acts
        "information_requested",
        "information_reminder_sent",
        "grant_request_made",
        "grant_request_approved",
        "grant_request_refused",
        "grant_change_applied",
        "report_deadline_extended",
        "decision_letter_sent",
        "grant_letter_sent",
        "grant_letter_corrected",
        "acceptance_deadline_extended",
        "acceptance_reminder_sent",
        "acceptance_overdue_notice_sent",
        "grant_lapsed",
        "grant_closed",
        "project_year_confirmed",
        "project_year_stopped",
        "report_reminder_sent",
        "report_overdue_notice_sent",
        "report_approved",
        "report_returned",
        "payment_plan_created",
        "payment_paid",
        "payment_withheld",
        "payment_released",
        "payment_cancelled",
        "repayment_received",
        "reaction_repayment_claim",
        "reaction_withholding",
        "reaction_stop_years",
        "reaction_notice_sent",
        "reaction_notice_replied",
        "reaction_withdrawn",
        "reaction_decision_sent",
        "reaction_appeal_registered",
        "reaction_appeal_forwarded",
        "reaction_withholding_released",
        "reaction_withholding_cancelled",
        "payment_split",
        "report_obligation_added",
        "payment_returned",
        "bank_account_change_requested",
        "bank_account_change_confirmed",
        "bank_account_change_refused",
        "bank_account_change_withdrawn",
    }
)


# Core keeps the case log but knows no lifecycle: the apps that own cases register who may see
# what (applications does, from its AppConfig.ready(), with the rules in applications.rules).
_IMDI_CASE_EVENT_FILTERS = []
_MUNICIPAL_CASE_READERS = []


def case_visibility_register(*, imdi_filter=None, municipality_reads=None) -> None:
    """`imdi_filter(queryset) -> queryset` narrows the events IMDi reads; `municipality_reads(user,
    case_number) -> bool` says whether a municipal user may read a case's timeline."""
    if imdi_filter is not None and imdi_filter not in _IMDI_CASE_EVENT_FILTERS:
        _IMDI_CASE_EVENT_FILTERS.append(imdi_filter)
    if municipality_reads is not None and municipality_reads not in _MUNICIPAL_CASE_READERS:
        _MUNICIPAL_CASE_READERS.append(municipality_reads)


def case_events_imdi_may_see(queryset=None):
    """Case events IMDi staff may read: all but those the owning apps keep back (drafts and
    applications awaiting approval are the municipality's own business)."""
    queryset = CaseEvent.objects.all() if queryset is None else queryset
    for imdi_filter in _IMDI_CASE_EVENT_FILTERS:
        queryset = imdi_filter(queryset)
    return queryset


def case_events_municipality_may_see(queryset):
    """The part of a case's log its municipality sees (MUNICIPAL_CASE_EVENTS)."""
    return queryset.filter(action__in=MUNICIPAL_CASE_EVENTS)


def _sees_as_imdi(user) -> bool:
    return acts_as_imdi_staff(user) and user.has_perm("core.view_caseevent")


def _municipality_reads_case(user, case_number) -> bool:
    return any(reads(user, case_number) for reads in _MUNICIPAL_CASE_READERS)


def case_timeline(*, case_number, user) -> list[CaseEvent]:
    """One case's history, application to last payment, oldest first. IMDi staff see every event;
    a user of the applicant (or a partner) sees it filtered by MUNICIPAL_CASE_EVENTS, with IMDi
    staff shown as "IMDi"; anyone else sees nothing. A fixed number of queries."""
    if not case_number or not getattr(user, "is_authenticated", False):
        return []
    events = CaseEvent.objects.filter(case_number=case_number).select_related("actor").order_by("created_at", "id")
    if _sees_as_imdi(user):
        events = list(case_events_imdi_may_see(events))
        for event in events:
            event.shown_actor = event.actor
        return events
    if not _municipality_reads_case(user, case_number):
        return []
    events = list(case_events_municipality_may_see(events))
    for event in events:
        event.shown_actor = "IMDi" if event.actor is not None and event.actor.is_staff else event.actor
    return events


def case_notifications(*, case_number, user):
    """The notices sent on a case (who, what, when, delivered or failed): IMDi staff only."""
    if not case_number or not _sees_as_imdi(user):
        return Notification.objects.none()
    return Notification.objects.filter(case_number=case_number).select_related("user").order_by("created_at", "id")


def case_events_for(subject):
    """The case log of one object, oldest first, with the actor joined."""
    return (
        CaseEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
            object_id=subject.pk,
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )


def sweep_last_runs():
    """Each scheduled sweep with its latest run (None if it has never run) and its latest
    failed run, in schedule order. A sweep may record itself under its task path or under its
    schedule label."""
    rows = []
    for label, task, hour, minute in DAILY_SWEEPS:
        runs = SweepRun.objects.filter(name__in=[task, label]).order_by("-started_at", "-id")
        run = runs.first()
        rows.append(
            {
                "label": label,
                "task": task,
                "time": f"{hour:02d}:{minute:02d}",
                "run": run,
                "summary": sweep_summary_lines(run.summary) if run else [],
                "last_failure": runs.exclude(error="").first(),
            }
        )
    return rows
