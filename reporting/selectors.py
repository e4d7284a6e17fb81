import datetime as dt

from reporting.models import ReportObligation

OPEN_STATES = (ReportObligation.Status.OPEN, ReportObligation.Status.RETURNED)


def grant_ids_with_overdue_reports(grant_ids, *, today: dt.date) -> set[int]:
    """Grants among `grant_ids` with a report past its due date and not submitted."""
    return set(
        ReportObligation.objects.filter(grant_id__in=grant_ids, status__in=OPEN_STATES, due_date__lt=today)
        .values_list("grant_id", flat=True)
        .distinct()
    )
