"""The daily acceptance sweep killed midway resumes without loss or duplicates (issue 17 item 4):
a real child process runs the sweep and is SIGKILLed after its second of four reminders (that
reminder claimed and committed, its notices not yet handed to delivery); the sweep runs again
as Celery redelivers the acks_late message. Every reminder is then sent once, every notice
delivered once, and the killed run's record is left unfinished. PostgreSQL."""

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine

from applications.models import AcceptanceReminder
from applications.services import grant as grant_services
from applications.tasks import acceptance_sweep
from core.models import Notification
from tests.concurrency import skip_unless_postgres
from tests.factories import municipality
from tests.factories_sweeps import sweep_killed_midway, sweep_runs
from tests.grants.helpers import sent_grant, signer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
OSLO = ZoneInfo("Europe/Oslo")
SENT_ON, REMINDER_DAY = dt.date(2024, 3, 4), dt.date(2024, 3, 11)  # deadline 18.03: 7 days before


def _at(hour, minute=0):
    return time_machine.travel(dt.datetime.combine(REMINDER_DAY, dt.time(hour, minute), tzinfo=OSLO), tick=False)


def test_acceptance_sweep_killed_after_two_of_four_reminders_resumes(mailoutbox):
    skip_unless_postgres()
    with time_machine.travel(dt.datetime.combine(SENT_ON, dt.time(10), tzinfo=OSLO), tick=False):
        grants = [
            sent_grant(municipality(number), actor=signer(username=f"bh{n}"))[0]
            for n, number in enumerate(("4601", "0301", "5001", "1103"))
        ]
    mailoutbox.clear()  # the grant letters' notices
    notices = Notification.objects.filter(kind=Notification.Kind.ACCEPTANCE_REMINDER)

    def sweep():
        with _at(6):
            acceptance_sweep.delay()

    sweep_killed_midway(
        sweep,
        module=grant_services,
        step="_reminder_send",
        reached=lambda: AcceptanceReminder.objects.filter(sent_at__isnull=False).count() >= 2,
    )
    # Killed after the second reminder's commit: the first one's notices delivered, the second's
    # written but never handed over, the last two reminders created and not sent.
    reminders = AcceptanceReminder.objects.order_by("pk")
    assert reminders.count() == 4 and reminders.filter(sent_at__isnull=False).count() == 2
    assert notices.filter(status=Notification.Status.SENT).count() == 2
    assert notices.filter(status=Notification.Status.QUEUED).count() == 2
    sent_before = set(notices.filter(status=Notification.Status.SENT).values_list("key", flat=True))
    assert sweep_runs(grant_services.ACCEPTANCE_SWEEP) == [(False, "")]

    with _at(6, 30):  # the redelivered message, some minutes later
        acceptance_sweep.delay()

    assert Counter(AcceptanceReminder.objects.values_list("grant_id", "days_before")) == {
        (grant.pk, 7): 1 for grant in grants
    }
    assert not AcceptanceReminder.objects.filter(sent_at__isnull=True).exists()
    assert notices.count() == 8  # two recipients per grant
    assert set(notices.values_list("status", flat=True)) == {Notification.Status.SENT}
    assert {n.case_number for n in notices} == {grant.case_number for grant in grants}
    # Sent once: what the killed run delivered is not sent again, all the rest is, once each.
    resent = Counter(f"{m.to[0]}|{m.subject}" for m in mailoutbox)
    assert set(resent.values()) == {1} and len(mailoutbox) == 8 - len(sent_before)
    assert {f"{n.address}|{n.subject}" for n in notices.exclude(key__in=sent_before)} == set(resent)
    assert sweep_runs(grant_services.ACCEPTANCE_SWEEP) == [(False, ""), (True, "")]

    with _at(7):  # and once more: nothing new
        acceptance_sweep.delay()
    assert notices.count() == 8 and len(mailoutbox) == 8 - len(sent_before)
