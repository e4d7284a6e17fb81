"""Reads about report obligations that depend on who asks or on today's date.

The displayed state of an obligation is derived: an open obligation is 'not due' until the
call's first reminder (the largest `report_reminder_days_before`, 14 days by default), then
'open', and 'overdue' after its due date."""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from reporting.deadlines import shift_year
from reporting.models import AccountsLine, Report, ReportActivity, ReportObligation
from reporting.rules import obligations_owned_by, obligations_visible_to
from schemes.models import Call

OPEN_STATES = (ReportObligation.Status.OPEN, ReportObligation.Status.RETURNED)
DEFAULT_DAYS_BEFORE = (14, 3)
DEFAULT_DAYS_AFTER = (1, 14)


class State:
    NOT_DUE = "not_due"
    OPEN = "open"
    OVERDUE = "overdue"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"

    CHOICES = [
        (NOT_DUE, _("Ikke aktuell ennå")),
        (OPEN, _("Åpen")),
        (OVERDUE, _("Forfalt")),
        (SUBMITTED, _("Sendt inn")),
        (APPROVED, _("Godkjent")),
        (RETURNED, _("Returnert")),
    ]
    LABELS = dict(CHOICES)


def reminder_days_before(call) -> list[int]:
    return sorted({int(d) for d in (call.report_reminder_days_before or DEFAULT_DAYS_BEFORE) if int(d) > 0})


def reminder_days_after(call) -> list[int]:
    return sorted({int(d) for d in (call.report_reminder_days_after or DEFAULT_DAYS_AFTER) if int(d) > 0})


def open_window_days(call) -> int:
    """How many days before the due date an obligation counts as 'open' (due soon)."""
    return max(reminder_days_before(call) or [DEFAULT_DAYS_BEFORE[0]])


def obligation_state(obligation, *, today: dt.date, window_days: int | None = None) -> str:
    if obligation.status == ReportObligation.Status.SUBMITTED:
        return State.SUBMITTED
    if obligation.status == ReportObligation.Status.APPROVED:
        return State.APPROVED
    if obligation.status == ReportObligation.Status.RETURNED:
        return State.RETURNED
    if obligation.due_date < today:
        return State.OVERDUE
    if window_days is None:
        window_days = open_window_days(obligation.grant.call)
    if obligation.due_date - dt.timedelta(days=window_days) <= today:
        return State.OPEN
    return State.NOT_DUE


def state_q(state: str, *, today: dt.date, calls=None) -> Q:
    """A filter for obligations in one derived state. `calls` (with their reminder settings)
    is needed for 'not due' and 'open'; one query for all calls when not given."""
    status = ReportObligation.Status
    if state in (State.SUBMITTED, State.APPROVED, State.RETURNED):
        return Q(status=state)
    if state == State.OVERDUE:
        return Q(status=status.OPEN, due_date__lt=today)
    calls = list(calls if calls is not None else Call.objects.only("id", "report_reminder_days_before"))
    windows = defaultdict(list)
    for call in calls:
        windows[open_window_days(call)].append(call.id)
    q = Q(pk__in=[])
    for days, call_ids in windows.items():
        threshold = today + dt.timedelta(days=days)
        if state == State.OPEN:
            q |= Q(grant__call_id__in=call_ids, due_date__gte=today, due_date__lte=threshold)
        elif state == State.NOT_DUE:
            q |= Q(grant__call_id__in=call_ids, due_date__gt=threshold)
    return Q(status=status.OPEN) & q


def grant_ids_with_overdue_reports(grant_ids, *, today: dt.date) -> set[int]:
    """Grants among `grant_ids` with a report past its due date and not submitted."""
    return set(
        ReportObligation.objects.filter(grant_id__in=grant_ids, status__in=OPEN_STATES, due_date__lt=today)
        .values_list("grant_id", flat=True)
        .distinct()
    )


def obligations_upcoming_for_user(user, *, limit=6):
    """Reports the user's organisations still have to deliver (open or returned), soonest first."""
    return obligations_owned_by(user).filter(status__in=OPEN_STATES).order_by("due_date", "id")[:limit]


def obligations_for_grant(grant, *, user):
    """The grant's obligations as `user` may see them (reporting.rules)."""
    return (
        obligations_visible_to(user)
        .filter(grant=grant)
        .select_related("grant__call", "report")
        .order_by("due_date", "kind", "id")
    )


# --- the report's rows ------------------------------------------------------------------------

# Reception-centre grants have no application budget: their accounts use these categories.
RECEPTION_CATEGORIES = [
    AccountsLine.Category.SALARY,
    AccountsLine.Category.PURCHASED_SERVICES,
    AccountsLine.Category.MATERIALS,
    AccountsLine.Category.TRAVEL,
    AccountsLine.Category.INCENTIVES,
    AccountsLine.Category.OTHER,
]
DEVELOPMENT_CATEGORIES = [
    AccountsLine.Category.SALARY,
    AccountsLine.Category.PURCHASED_SERVICES,
    AccountsLine.Category.SUPERVISION,
    AccountsLine.Category.TRAVEL,
    AccountsLine.Category.MATERIALS,
    AccountsLine.Category.PARTICIPANT_ALLOWANCE,
    AccountsLine.Category.OTHER,
]


def _budget_lines_for(grant):
    application = grant.application
    if application is None:
        return []
    years = list(application.budget_years.prefetch_related("lines"))
    budget_year = next((y for y in years if y.year == grant.year), None) or next(
        (y for y in years if y.year_index == 1), None
    )
    return list(budget_year.lines.all()) if budget_year else []


def report_rows_planned(obligation, report) -> tuple[list, list]:
    """The accounts lines and activity rows a new report starts with (unsaved): one line per
    approved budget line (or per category when the grant has no budget), one row per activity
    in a half-year report."""
    lines = []
    if obligation.has_accounts:
        budget_lines = _budget_lines_for(obligation.grant)
        if budget_lines:
            lines = [
                AccountsLine(
                    report=report,
                    position=i,
                    budget_line=line,
                    category=line.category,
                    description=line.description,
                    budget=line.amount,
                )
                for i, line in enumerate(budget_lines, start=1)
            ]
        else:
            categories = RECEPTION_CATEGORIES if not obligation.grant.call.is_competitive else DEVELOPMENT_CATEGORIES
            lines = [
                AccountsLine(report=report, position=i, category=c, description=str(c.label))
                for i, c in enumerate(categories, start=1)
            ]
    activities = []
    if obligation.kind == ReportObligation.Kind.HALF_YEAR:
        activities = [ReportActivity(report=report, activity=a) for a in ReportActivity.Activity.values]
    return lines, activities


def report_for(obligation) -> Report:
    """The obligation's report; an unsaved one when none is stored yet, so that a page can be
    shown without writing (the first save creates it)."""
    report = Report.objects.filter(obligation=obligation).first()
    return report if report is not None else Report(obligation=obligation)


def report_rows(report) -> tuple[list, list]:
    """(accounts lines, activity rows) of a report; for an unsaved one, those it will start with."""
    if report.pk is None:
        return report_rows_planned(report.obligation, report)
    return list(report.accounts_lines.all()), list(report.activities.all())


def call_report_counts(*, today: dt.date, calls=None):
    """Per call: how many obligations are in each derived state. Two queries however many
    obligations there are: the calls, and the obligations grouped by call, status and due date
    (a call has a handful of due dates)."""
    calls = list(
        calls
        if calls is not None
        else Call.objects.select_related("scheme").filter(grants__report_obligations__isnull=False).distinct()
    )
    by_id = {c.id: c for c in calls}
    counts = {c.id: dict.fromkeys([s for s, _label in State.CHOICES], 0) for c in calls}
    rows = (
        ReportObligation.objects.filter(grant__call_id__in=list(by_id))
        .values("grant__call_id", "status", "due_date")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        call = by_id[row["grant__call_id"]]
        fake = ReportObligation(status=row["status"], due_date=row["due_date"])
        state = obligation_state(fake, today=today, window_days=open_window_days(call))
        counts[call.id][state] += row["n"]
    result = []
    for call in calls:
        c = counts[call.id]
        total = sum(c.values())
        result.append({"call": call, "counts": c, "total": total})
    return result


def pending_moves_per_call() -> dict[int, int]:
    """Per call: open obligations whose dates no longer match the call's report deadline (the
    deadline was changed after acceptance). One query."""
    counts: dict[int, int] = defaultdict(int)
    # A returned report keeps the due date the officer gave it on return: not a pending move.
    rows = ReportObligation.objects.filter(status=ReportObligation.Status.OPEN, deadline__isnull=False).values_list(
        "grant__call_id",
        "grant__year",
        "deadline__call__year",
        "period_start",
        "period_end",
        "due_date",
        "deadline__period_start",
        "deadline__period_end",
        "deadline__due_date",
    )
    for call_id, grant_year, call_year, start, end, due, d_start, d_end, d_due in rows:
        offset = grant_year - call_year
        if (start, end, due) != (shift_year(d_start, offset), shift_year(d_end, offset), shift_year(d_due, offset)):
            counts[call_id] += 1
    return dict(counts)
