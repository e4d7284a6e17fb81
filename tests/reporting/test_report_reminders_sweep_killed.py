"""The daily report reminder sweep killed midway resumes without loss or duplicates (issue 17
item 4): a real process (a fresh interpreter) runs the sweep and is SIGKILLed at its second of three reminders,
either inside the reminder's claim (the reminder created, the claim rolled back) or after the
claim's commit (its notices written, not handed to delivery); the sweep runs again as Celery
redelivers the acks_late message. PostgreSQL."""

import datetime as dt
from collections import Counter

import pytest
import time_machine

from core.models import Notification
from reporting import services as reporting_services
from reporting.models import ReportReminder
from reporting.tasks import report_reminders_sweep
from tests.concurrency import skip_unless_postgres
from tests.factories_sweeps import sweep_killed_in_fresh_process, sweep_runs
from tests.payments.helpers import nth_municipality
from tests.reporting.helpers import accepted_grant, team

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
DAY = dt.date(2024, 8, 18)  # 14 days before the status reports' due date 01.09.2024


def _at(hour, minute=0):
    return time_machine.travel(dt.datetime.combine(DAY, dt.time(hour, minute), tzinfo=dt.UTC), tick=False)


def sweep_at_0610():
    """Run in the killed process (tests/sweep_child.py)."""
    with _at(6, 10):
        report_reminders_sweep.delay()


@pytest.mark.parametrize(
    ("step", "before", "claimed"),
    [
        ("_report_reminder_claim", False, 1),  # killed inside the claim's transaction
        ("notifications_enqueue", True, 2),  # killed after the claim's commit
    ],
)
def test_report_reminder_sweep_killed_at_the_second_of_three_resumes(mailoutbox, step, before, claimed):
    skip_unless_postgres()
    orgs = [nth_municipality(n) for n in range(3)]
    for org in orgs:
        team(org)
    grants = [accepted_grant(org) for org in orgs]
    mailoutbox.clear()
    notices = Notification.objects.filter(kind=Notification.Kind.REPORT_REMINDER)

    sweep_killed_in_fresh_process(
        f"{__name__}:sweep_at_0610",
        module=reporting_services.__name__,
        step=step,
        before=before,
        reached=lambda: ReportReminder.objects.count() >= 2,
    )
    # Killed at the second reminder: the third not yet created, the first delivered.
    assert ReportReminder.objects.count() == 2
    assert ReportReminder.objects.filter(sent_at__isnull=False).count() == claimed
    assert notices.filter(status=Notification.Status.SENT).count() == 3
    assert notices.filter(status=Notification.Status.QUEUED).count() == 3 * (claimed - 1)
    sent_before = set(notices.filter(status=Notification.Status.SENT).values_list("key", flat=True))
    assert sweep_runs(reporting_services.SWEEP_NAME) == [(False, "")]

    with _at(6, 40):  # the redelivered message
        report_reminders_sweep.delay()

    reminders = ReportReminder.objects.all()
    assert Counter(reminders.values_list("obligation__grant_id", "days_before")) == {(g.pk, 14): 1 for g in grants}
    assert not reminders.filter(sent_at__isnull=True).exists()
    assert set(reminders.values_list("recipients", flat=True)) == {3}
    assert notices.count() == 9 and set(notices.values_list("status", flat=True)) == {Notification.Status.SENT}
    sent = Counter((m.to[0], m.subject) for m in mailoutbox)
    assert set(sent.values()) == {1} and len(mailoutbox) == 9 - len(sent_before)
    assert set(sent) == {(n.address, n.subject) for n in notices.exclude(key__in=sent_before)}
    assert sweep_runs(reporting_services.SWEEP_NAME) == [(False, ""), (True, "")]

    with _at(7):  # and once more: nothing new
        report_reminders_sweep.delay()
    assert notices.count() == 9 and len(mailoutbox) == 9 - len(sent_before)
