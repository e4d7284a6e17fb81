"""Thin Celery tasks: take ids, call a service."""

from celery import shared_task


@shared_task(name="reporting.tasks.report_reminders_sweep")
def report_reminders_sweep():
    """Daily: reminders before each report due date and notices after it, each sent once."""
    from reporting.services import report_reminders_sweep_run

    return report_reminders_sweep_run()


@shared_task(name="reporting.tasks.report_reminder_deliver")
def report_reminder_deliver(reminder_id):
    from reporting.services import report_reminder_deliver as deliver

    return deliver(reminder_id=reminder_id)


@shared_task(name="reporting.tasks.report_returned_notify")
def report_returned_notify(obligation_id):
    from reporting.services import report_returned_notify_send

    return report_returned_notify_send(obligation_id=obligation_id)
