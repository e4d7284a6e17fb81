"""The daily digest sweep killed midway resumes without loss or duplicates (issue 17 item 4): a
real process (a fresh interpreter) runs it for three digest users and is SIGKILLed just before it hands the
second user's digest to delivery (that digest written and committed, the third not yet made);
the sweep runs again as Celery redelivers the message. Each user then gets one digest e-mail,
carrying every notice held for them. PostgreSQL."""

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core import notifications
from core.models import Notification, User
from core.tasks import notification_digest_sweep
from organisations.models import Membership
from tests.concurrency import skip_unless_postgres
from tests.factories import member, municipality
from tests.factories_sweeps import sweep_killed_in_fresh_process, sweep_runs

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
OSLO = ZoneInfo("Europe/Oslo")
DAY = dt.date(2024, 6, 3)


def _at(hour, minute=0):
    return time_machine.travel(dt.datetime.combine(DAY, dt.time(hour, minute), tzinfo=OSLO), tick=False)


def sweep_at_0700():
    """Run in the killed process (tests/sweep_child.py)."""
    with _at(7):
        notification_digest_sweep.delay()


def _hold(users, key):
    """A notice to `users`, held for their digests (they chose it)."""
    notifications.notification_send(
        kind=Notification.Kind.MESSAGE_RECEIVED,
        key=key,
        users=users,
        case_number="24/00001",
        subject=lambda: f"Emne {key}",
        template="casework/email/message_received.txt",
        context={"thread": {"case_number": "24/00001", "subject": key}, "url": "http://x/"},
    )


def test_digest_sweep_killed_before_handing_over_the_second_of_three_resumes(mailoutbox):
    skip_unless_postgres()
    org = municipality("4601")
    users = [member(org, Membership.Role.CASEWORKER, email=f"daglig{n}@example.no") for n in range(3)]
    for user in users:
        user.notice_delivery = User.NoticeDelivery.DAILY
        user.save(update_fields=["notice_delivery"])
    with _at(6):
        _hold(users, "a")
        _hold(users, "b")
    assert not mailoutbox
    digests = Notification.objects.filter(kind=Notification.Kind.DIGEST)

    sweep_killed_in_fresh_process(
        f"{__name__}:sweep_at_0700",
        module=notifications.__name__,
        step="notifications_enqueue",
        before=True,
        reached=lambda: digests.count() >= 2,
    )
    # Killed before the second digest's hand-over: the first sent, the second written, no third.
    assert digests.count() == 2
    statuses = Counter(digests.values_list("status", flat=True))
    assert statuses == {Notification.Status.SENT: 1, Notification.Status.QUEUED: 1}
    assert Notification.objects.filter(held=True, digest__isnull=True).count() == 2  # the third user's
    sent_before = set(digests.filter(status=Notification.Status.SENT).values_list("address", flat=True))
    assert sweep_runs(notifications.DIGEST_SWEEP) == [(False, "")]

    with _at(7, 30):  # the redelivered message
        notification_digest_sweep.delay()

    assert Counter(digests.values_list("user_id", flat=True)) == {user.pk: 1 for user in users}
    assert set(digests.values_list("status", flat=True)) == {Notification.Status.SENT}
    for user in users:
        digest = digests.get(user=user)
        assert set(digest.carried.values_list("key", flat=True)) == {f"a:{user.email}", f"b:{user.email}"}
    assert not Notification.objects.filter(held=True, digest__isnull=True).exists()
    assert Counter(m.to[0] for m in mailoutbox) == {user.email: 1 for user in users if user.email not in sent_before}
    assert len(mailoutbox) == 2
    assert sweep_runs(notifications.DIGEST_SWEEP) == [(False, ""), (True, "")]

    with _at(8):  # and once more: nothing new
        notification_digest_sweep.delay()
    assert digests.count() == 3 and len(mailoutbox) == 2
