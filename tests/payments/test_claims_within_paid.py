"""Claims within what was paid: proposed, open and settled repayment claims on a grant never
add up to more than its paid payments; the same full claim twice is refused."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from payments.models import Reaction
from payments.services import (
    payout_batch_line_fail,
    reaction_approve,
    reaction_record,
    reaction_reject,
    repayment_record_received,
)
from tests.factories import budget_holder, finance, officer
from tests.payments.helpers import approved_reaction, due_grants, paid_batch

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2024, 6, 3, 9, 0), tick=False):
        yield


@pytest.fixture
def paid_grant():
    (grant,) = due_grants(1, amount="200000.00")  # spring term 100 000,00 paid
    paid_batch(finance(), paid_on=dt.date(2024, 5, 31))
    return grant


def claim(grant, amount, actor=None):
    return reaction_record(
        grant=grant, actor=actor or officer(), kind="repayment_claim", amount=amount, reason="Brudd på vilkår"
    )


def test_the_same_full_claim_twice_is_refused(paid_grant):
    claim(paid_grant, "100000.00")
    with pytest.raises(ValidationError) as exc:
        claim(paid_grant, "100000.00")
    assert "amount" in exc.value.message_dict
    assert Reaction.objects.count() == 1


def test_open_and_settled_claims_count(paid_grant):
    settled = approved_reaction(grant=paid_grant, kind="repayment_claim", amount="60000.00", reason="Del 1")
    repayment_record_received(reaction=settled, actor=finance(), repaid_on=dt.date(2024, 6, 3))
    approved_reaction(grant=paid_grant, kind="repayment_claim", amount="30000.00", reason="Del 2")
    with pytest.raises(ValidationError, match="90000"):
        claim(paid_grant, "10000.01")
    claim(paid_grant, "10000.00")


def test_a_rejected_claim_frees_its_amount(paid_grant):
    first = claim(paid_grant, "100000.00")
    reaction_reject(reaction=first, actor=budget_holder(), version=first.version, note="Feil beløp")
    assert claim(paid_grant, "100000.00").status == "proposed"


def test_approval_checks_again(paid_grant):
    """A payment the bank returned after the proposal no longer counts as paid: the claim
    cannot be approved beyond what is paid now."""
    proposal = claim(paid_grant, "70000.00")
    line = paid_grant.payments.get(term_number=1).batch_lines.get()
    payout_batch_line_fail(line=line, actor=finance(), reason="Returnert fra banken")
    with pytest.raises(ValidationError) as exc:
        reaction_approve(reaction=proposal, actor=budget_holder(), version=proposal.version)
    assert "amount" in exc.value.message_dict
    assert Reaction.objects.get(pk=proposal.pk).status == "proposed"


def test_nothing_paid_nothing_to_claim():
    (grant,) = due_grants(1)
    with pytest.raises(ValidationError) as exc:
        claim(grant, "1.00")
    assert "amount" in exc.value.message_dict
