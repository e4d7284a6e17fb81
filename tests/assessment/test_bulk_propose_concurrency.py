"""Two officers proposing in bulk at the same moment cannot together promise more than a
frame holds: each batch is checked under the call's row lock (PostgreSQL)."""

import pytest
from django.core.exceptions import ValidationError

from applications.models import Decision
from applications.services.decision_bulk import decisions_propose_bulk
from tests.assessment.helpers import submitted
from tests.concurrency import run_in_threads, skip_unless_postgres
from tests.factories import municipality, officer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    skip_unless_postgres()


@pytest.mark.parametrize("attempt", range(3))
def test_two_bulk_proposals_together_cannot_overspend_the_area_frame(attempt):
    # Area 8 (2024) has a frame of 10 MNOK: each batch of 2 × 3 MNOK fits alone, not both.
    apps = [submitted(municipality(n), area_number=8, amount="3000000") for n in ("4601", "4602", "4611", "4612")]
    officers = [officer(), officer()]
    batches = [{apps[0].pk: "3000000", apps[1].pk: "3000000"}, {apps[2].pk: "3000000", apps[3].pk: "3000000"}]
    call = apps[0].call
    results = run_in_threads(
        [
            lambda b=batch, o=o: decisions_propose_bulk(call=call, amounts=b, actor=o)
            for batch, o in zip(batches, officers, strict=True)
        ]
    )
    kinds = sorted(kind for kind, _value in results)
    assert kinds == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, ValidationError) and "satsingsområde 8" in " ".join(error.messages)
    assert Decision.objects.filter(status=Decision.Status.PROPOSED).count() == 2
