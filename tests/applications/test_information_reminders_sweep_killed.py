"""The daily sweep of reminders for requests for more information, killed midway, resumes
without loss or duplicates (issue 17 item 4): a real child process runs the sweep and is
SIGKILLed after the first of two reminders is claimed and committed (its notices not yet handed
to delivery); the sweep runs again as Celery redelivers the acks_late message. PostgreSQL."""

import datetime as dt
from collections import Counter

import pytest
import time_machine

from applications.models import InformationRequest
from applications.services import information
from applications.tasks import information_reminders_sweep
from core.models import CaseEvent, Notification
from tests.applications.information_helpers import ask, world
from tests.concurrency import skip_unless_postgres
from tests.factories_sweeps import sweep_killed_midway, sweep_runs

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at(hour, minute=0):
    return time_machine.travel(dt.datetime(2024, 2, 17, hour, minute, tzinfo=dt.UTC), tick=False)


def test_information_sweep_killed_after_one_of_two_reminders_resumes(mailoutbox):
    skip_unless_postgres()
    w = world()
    requests = [ask(w), ask(w, side="b")]  # both reply by 20.02.2024: reminded on 17.02
    mailoutbox.clear()
    notices = Notification.objects.filter(kind=Notification.Kind.INFO_REMINDER)

    def sweep():
        with _at(6, 5):
            information_reminders_sweep.delay()

    sweep_killed_midway(
        sweep,
        module=information,
        step="_reminder_send",
        items=1,
        reached=lambda: InformationRequest.objects.filter(reminded_at__isnull=False).exists(),
    )
    # Killed after the first reminder's commit: claimed, its notices written, none delivered.
    assert InformationRequest.objects.filter(reminded_at__isnull=False).count() == 1
    assert notices.count() == 2 and set(notices.values_list("status", flat=True)) == {Notification.Status.QUEUED}
    assert sweep_runs(information.INFORMATION_SWEEP) == [(False, "")]

    with _at(6, 30):  # the redelivered message
        information_reminders_sweep.delay()

    assert not InformationRequest.objects.filter(reminded_at__isnull=True).exists()
    reminded = Counter(CaseEvent.objects.filter(action="information_reminder_sent").values_list("object_id", flat=True))
    assert reminded == {request.application_id: 1 for request in requests}
    recipients = {w[side].caseworker for side in "ab"} | {w[side].approver for side in "ab"}
    assert {n.user for n in notices} == recipients and notices.count() == 4
    assert set(notices.values_list("status", flat=True)) == {Notification.Status.SENT}
    sent = Counter((m.to[0], m.subject) for m in mailoutbox)
    assert len(mailoutbox) == 4 and set(sent.values()) == {1}
    assert set(sent) == {(n.address, n.subject) for n in notices}
    assert sweep_runs(information.INFORMATION_SWEEP) == [(False, ""), (True, "")]

    with _at(7):  # and once more: nothing new
        information_reminders_sweep.delay()
    assert notices.count() == 4 and len(mailoutbox) == 4
