"""The daily payments-due sweep killed midway resumes without loss or duplicates (issue 17 item
4): a real process (a fresh interpreter) runs the sweep and is SIGKILLed after the second of three
payments is made due. The sweep is one transaction with every candidate row locked, so the kill
leaves nothing half done: the child's transaction rolls back (the test waits for its backend to
end, its row locks with it) and the run that Celery redelivers makes each payment due once, with
one case event each. PostgreSQL."""

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.models import CaseEvent
from payments.models import Payment
from payments.services import plan
from payments.tasks import payments_due_sweep
from tests.concurrency import skip_unless_postgres
from tests.factories_sweeps import sweep_killed_in_fresh_process, sweep_runs
from tests.payments.helpers import nth_municipality, planned_grant

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
OSLO = ZoneInfo("Europe/Oslo")
SPRING = dt.date(2024, 5, 15)  # the first term's date of a grant accepted 01.03.2024
SWEEP = "payments.tasks.payments_due_sweep"


def _at(hour, minute=0):
    return time_machine.travel(dt.datetime.combine(SPRING, dt.time(hour, minute), tzinfo=OSLO), tick=False)


def sweep_at_0620():
    """Run in the killed process (tests/sweep_child.py)."""
    with _at(6, 20):
        payments_due_sweep.delay()


def test_payments_due_sweep_killed_after_two_of_three_resumes():
    skip_unless_postgres()
    grants = [planned_grant(nth_municipality(n)) for n in range(3)]
    spring = Payment.objects.filter(grant__in=grants, term_number=1)
    events = CaseEvent.objects.filter(action="payment_sweep")

    sweep_killed_in_fresh_process(f"{__name__}:sweep_at_0620", module=plan.__name__, step="payment_transition")
    # Killed inside the sweep's one transaction: two payments made due there, none committed.
    assert set(Payment.objects.values_list("status", flat=True)) == {Payment.Status.PLANNED}
    assert not events.exists()
    assert sweep_runs(SWEEP) == [(False, "")]

    with _at(6, 50):  # the redelivered message
        assert payments_due_sweep.apply().result == {"due": 3, "withheld": 0, "released": 0, "reason_changed": 0}

    assert set(spring.values_list("status", flat=True)) == {Payment.Status.DUE}
    later = Payment.objects.exclude(pk__in=spring.values("pk"))
    assert later.count() == 3 and set(later.values_list("status", flat=True)) == {Payment.Status.PLANNED}
    assert Counter(events.values_list("object_id", flat=True)) == {grant.pk: 1 for grant in grants}
    assert sweep_runs(SWEEP) == [(False, ""), (True, "")]

    with _at(7):  # and once more: nothing new
        assert payments_due_sweep.apply().result == {"due": 0, "withheld": 0, "released": 0, "reason_changed": 0}
    assert events.count() == 3
