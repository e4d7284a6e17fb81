"""Repayment claims and withholdings as individual decisions."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from core.models import CaseEvent
from payments.models import Payment, Reaction
from payments.services import (
    payment_release,
    payments_due_update,
    reaction_approve,
    reaction_record,
    repayment_record_received,
)
from tests.factories import budget_holder, finance, officer
from tests.payments.helpers import due_grants, nth_municipality, paid_batch, planned_grant
from tests.reporting.helpers import report_delivered

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2024, 6, 3, 9, 0), tick=False):
        yield


def test_repayment_claim_is_an_individual_decision_in_the_case_log():
    (grant,) = due_grants(1, amount="200000.00")
    user = finance()
    paid_batch(user, paid_on=dt.date(2024, 5, 31), bank_reference="B-1")
    decider = officer()
    with pytest.raises(ValidationError) as exc:
        reaction_record(grant=grant, actor=decider, kind="repayment_claim", amount="100000.01", reason="Brudd")
    assert "amount" in exc.value.message_dict
    reaction = reaction_record(
        grant=grant, actor=decider, kind="repayment_claim", amount="25000,50", reason="Midler brukt til drift"
    )
    assert reaction.amount == Decimal("25000.50")
    assert reaction.decided_by == decider
    assert reaction.decided_on == dt.date(2024, 6, 3)
    assert "Arbeids- og inkluderingsdepartementet" in reaction.appeal_info
    with pytest.raises(ValidationError, match="ikke godkjent"):
        repayment_record_received(reaction=reaction, actor=user, repaid_on=dt.date(2024, 6, 20))
    approver = budget_holder()
    reaction_approve(reaction=reaction, actor=approver, version=reaction.version)
    event = CaseEvent.objects.get(object_id=grant.pk, action="reaction_repayment_claim")
    assert event.actor == approver and event.data["amount"] == "25000.50"
    repayment_record_received(reaction=reaction, actor=user, repaid_on=dt.date(2024, 6, 20))
    reaction.refresh_from_db()
    assert reaction.repaid_on == dt.date(2024, 6, 20)
    with pytest.raises(ValidationError):
        repayment_record_received(reaction=reaction, actor=user, repaid_on=dt.date(2024, 6, 21))


def test_withholding_holds_the_payment_until_an_officer_releases_it():
    grant = planned_grant(amount="300000.00")
    autumn = grant.payments.get(term_number=2)
    decider = officer()
    reaction = reaction_record(
        grant=grant, actor=decider, kind="withholding", amount="150000.00", reason="Manglende rapport", payment=autumn
    )
    autumn.refresh_from_db()
    assert autumn.status == Payment.Status.PLANNED  # a proposal has no effect yet
    reaction_approve(reaction=reaction, actor=budget_holder(), version=reaction.version)
    autumn.refresh_from_db()
    assert autumn.status == Payment.Status.WITHHELD
    assert autumn.hold_kind == Payment.HoldKind.REACTION
    assert "Manglende rapport" in autumn.withheld_reason
    # The sweep lifts only condition holds; a decided withholding stays.
    payments_due_update(today=dt.date(2024, 9, 20))
    autumn.refresh_from_db()
    assert autumn.status == Payment.Status.WITHHELD
    # The acceptance made a status report due 01.09.2024; the municipality delivered it.
    with time_machine.travel(dt.datetime(2024, 8, 30, 9, 0), tick=False):
        report_delivered(grant.report_obligations.get(kind="status"))
    with time_machine.travel(dt.datetime(2024, 9, 20, 9, 0), tick=False):
        payment_release(payment=autumn, actor=decider)
    autumn.refresh_from_db()
    assert autumn.status == Payment.Status.DUE
    assert Reaction.objects.get().payment == autumn


def test_withholding_needs_a_payment_of_the_grant_and_an_amount_within_it():
    grant = planned_grant(amount="300000.00")
    other = planned_grant(nth_municipality(5), amount="10.00")
    decider = officer()
    with pytest.raises(ValidationError) as exc:
        reaction_record(grant=grant, actor=decider, kind="withholding", amount="1", reason="x")
    assert "payment" in exc.value.message_dict
    with pytest.raises(ValidationError):
        reaction_record(
            grant=grant, actor=decider, kind="withholding", amount="1", reason="x", payment=other.payments.first()
        )
    with pytest.raises(ValidationError) as exc:
        reaction_record(
            grant=grant,
            actor=decider,
            kind="withholding",
            amount="150000.01",
            reason="x",
            payment=grant.payments.first(),
        )
    assert "amount" in exc.value.message_dict
    assert not Reaction.objects.exists()
