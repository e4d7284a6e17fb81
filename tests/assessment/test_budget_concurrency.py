"""Two budget holders approving at the same moment cannot overspend (PostgreSQL row locks)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from applications.models import Decision, Grant
from applications.services.assessment import decision_approve, decision_propose
from tests.assessment.helpers import county_application, submitted
from tests.factories import budget_holder, officer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Samtidige godkjenninger trenger PostgreSQL (radlåser); SQLite serialiserer alle skrivinger.")


def _approve_concurrently(decisions, holders):
    barrier = threading.Barrier(len(decisions))
    outcomes = {}

    def run(decision, holder):
        try:
            barrier.wait(timeout=10)
            decision_approve(decision=decision, actor=holder)
            outcomes[decision.pk] = "approved"
        except ValidationError as exc:
            outcomes[decision.pk] = exc.messages
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(d, h)) for d, h in zip(decisions, holders, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


@pytest.mark.parametrize("attempt", range(3))
def test_two_approvals_together_over_the_area_frame(attempt):
    o = officer()
    holders = [budget_holder(), budget_holder()]
    apps = [submitted(area_number=8, amount="6000000.00") for _ in range(2)]
    decisions = [decision_propose(application=a, actor=o, outcome="award", amount="6000000.00") for a in apps]
    outcomes = _approve_concurrently(decisions, holders)
    assert sorted(v == "approved" for v in outcomes.values()) == [False, True]
    refused = next(v for v in outcomes.values() if v != "approved")
    assert "satsingsområde 8" in " ".join(refused)
    assert Grant.objects.count() == 1
    assert Decision.objects.filter(status=Decision.Status.APPROVED).count() == 1


def test_two_approvals_together_over_the_county_cap():
    o = officer()
    holders = [budget_holder(), budget_holder()]
    apps = [county_application("46", amount="1000000.00") for _ in range(2)]
    decisions = [decision_propose(application=a, actor=o, outcome="award", amount="1000000.00") for a in apps]
    outcomes = _approve_concurrently(decisions, holders)
    assert sorted(v == "approved" for v in outcomes.values()) == [False, True]
    assert Grant.objects.count() == 1


def test_approvals_in_different_areas_both_succeed_when_within_frames():
    o = officer()
    holders = [budget_holder(), budget_holder()]
    apps = [submitted(area_number=2, amount="500000"), submitted(area_number=3, amount="500000")]
    decisions = [decision_propose(application=a, actor=o, outcome="award", amount="500000") for a in apps]
    outcomes = _approve_concurrently(decisions, holders)
    assert list(outcomes.values()) == ["approved", "approved"]
    assert Grant.objects.count() == 2
