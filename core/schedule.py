"""The Celery beat calendar as data (django-celery-beat): daily sweeps that find what is due.

`periodic_tasks_ensure` is run by load_reference_data, so every deployment has the schedule."""

from django.utils.translation import gettext_lazy as _
from django_celery_beat.models import CrontabSchedule, PeriodicTask

# (name, task path, hour, minute) — times in Europe/Oslo.
DAILY_SWEEPS = [
    ("Aksept: påminnelser og fristbrudd", "applications.tasks.acceptance_sweep", 6, 0),
    ("Mer informasjon: påminnelser om svarfrist", "applications.tasks.information_reminders_sweep", 6, 5),
    ("Rapporter: påminnelser og purringer", "reporting.tasks.report_reminders_sweep", 6, 10),
    ("Utbetalinger: forfalte og tilbakeholdte", "payments.tasks.payments_due_sweep", 6, 20),
    ("Åpne data: 360Giving-filer", "opendata.tasks.giving360_publish", 5, 30),
    ("Dokumenter: PDF-er som ikke ble laget", "core.tasks.document_render_sweep", 5, 45),
    ("Varsler: daglig samlevarsel", "core.tasks.notification_digest_sweep", 7, 0),
]

# What the sweeps count in their summaries (SweepRun.summary keys), as the sweep page names them.
SWEEP_SUMMARY_LABELS = {
    # applications.services.grant.acceptance_sweep_run
    "date": _("dato"),
    "reminders_created": _("påminnelser laget"),
    "reminders_sent": _("påminnelser sendt"),
    "flagged_overdue": _("frister passert uten svar"),
    "send_failures": _("utsendinger som feilet"),
    # reporting.services.report_reminders_send_due
    "created": _("påminnelser og purringer laget"),
    "skipped_concurrent": _("hoppet over (kjørte samtidig)"),
    # payments.services.payments_due_update
    "due": _("utbetalinger forfalt"),
    "withheld": _("utbetalinger holdt tilbake"),
    "released": _("utbetalinger frigitt"),
    "reason_changed": _("endret grunn til tilbakeholdelse"),
    # core.notifications.notification_digests_send
    "digests": _("samlevarsler sendt"),
    # core.documents.documents_unrendered_enqueue
    "documents": _("dokumenter lagt i kø på nytt"),
}


def sweep_summary_lines(summary) -> list[str]:
    """A run's summary in words: "påminnelser sendt: 2" (an unknown key is shown as it is)."""
    return [f"{SWEEP_SUMMARY_LABELS.get(key, key)}: {value}" for key, value in (summary or {}).items()]


def sweep_by_task(task: str):
    """The scheduled sweep (name, task, hour, minute) with this task path, or None."""
    return next((sweep for sweep in DAILY_SWEEPS if sweep[1] == task), None)


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
