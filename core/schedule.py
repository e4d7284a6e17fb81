"""The Celery beat calendar as data (django-celery-beat): daily sweeps that find what is due.

`periodic_tasks_ensure` is run by load_reference_data, so every deployment has the schedule."""

from django_celery_beat.models import CrontabSchedule, PeriodicTask

# (name, task path, hour, minute) — times in Europe/Oslo.
DAILY_SWEEPS = [
    ("Aksept: påminnelser og fristbrudd", "applications.tasks.acceptance_sweep", 6, 0),
    ("Rapporter: påminnelser og purringer", "reporting.tasks.report_reminders_sweep", 6, 10),
    ("Utbetalinger: forfalte og tilbakeholdte", "payments.tasks.payments_due_sweep", 6, 20),
    ("Åpne data: 360Giving-filer", "opendata.tasks.giving360_publish", 5, 30),
]


def periodic_tasks_ensure() -> None:
    """Create or update one PeriodicTask per daily sweep (idempotent)."""
    for name, task, hour, minute in DAILY_SWEEPS:
        schedule, _ = CrontabSchedule.objects.get_or_create(
            minute=str(minute),
            hour=str(hour),
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Europe/Oslo",
        )
        PeriodicTask.objects.update_or_create(name=name, defaults={"task": task, "crontab": schedule, "enabled": True})
