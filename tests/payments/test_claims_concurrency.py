"""Two repayment claims posted at the same moment: the grant row is locked while the claims
are added up, so only one succeeds when together they exceed what was paid. PostgreSQL."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from payments.models import Reaction
from payments.services import reaction_record
from tests.concurrency import run_in_threads, skip_unless_postgres
from tests.factories import finance, officer
from tests.payments.helpers import due_grants, paid_batch

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgres_and_clock():
    skip_unless_postgres()
    with time_machine.travel(dt.datetime(2024, 6, 3, 9, 0), tick=False):
        yield


def test_two_claims_at_once_only_one_fits():
    (grant,) = due_grants(1, amount="200000.00")
    paid_batch(finance(), paid_on=dt.date(2024, 5, 31))  # 100 000,00 paid
    officers = [officer(username=f"claim-officer-{i}") for i in range(2)]
    results = run_in_threads(
        [
            lambda o=o: reaction_record(grant=grant, actor=o, kind="repayment_claim", amount="60000.00", reason="Brudd")
            for o in officers
        ]
    )
    kinds = sorted(kind for kind, _ in results)
    assert kinds == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, ValidationError) and "amount" in error.message_dict
    assert Reaction.objects.count() == 1
