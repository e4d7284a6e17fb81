"""The report reminder sweep resumed after a kill (issue 17 item 4): what a run killed midway
committed but never handed to delivery goes out with the next run, once."""

from core.notifications import notifications_unhanded_enqueue
from reporting.models import ReportReminder


def report_reminders_stranded_enqueue(*, before) -> int:
    """Reminders a killed run created (and committed) but never handed to delivery, and notices
    of reminders it claimed but never handed over, are handed over now. Delivering twice is a
    no-op (the reminder's row lock and sent_at; the notices' keys and row locks)."""
    from reporting.tasks import report_reminder_deliver

    unsent = list(
        ReportReminder.objects.filter(sent_at__isnull=True, created_at__lt=before)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for reminder_id in unsent:
        report_reminder_deliver.delay(reminder_id)
    return len(unsent) + notifications_unhanded_enqueue(key_prefix="report_reminder:", before=before)
