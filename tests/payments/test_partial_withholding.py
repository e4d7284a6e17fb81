"""Issue 12 item 5: a withholding of part of a payment holds only that amount; the rest is
paid on time, and the parts add up exactly (10 000 of a 150 000 term)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db.models import Sum

from core.models import CaseEvent
from payments.models import Payment, PayoutBatchLine, Reaction
from payments.services import payments_due_update, reaction_approve, reaction_record
from payments.services.reactions import reaction_withholding_settle
from tests.factories import budget_holder, finance, officer
from tests.payments.helpers import exported_batch, planned_grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2024, 5, 10, 9, 0), tick=False):
        yield


def _withhold(grant, payment, amount="10000.00"):
    reaction = reaction_record(
        grant=grant, actor=officer(), kind="withholding", amount=amount, reason="Mangler dokumentasjon", payment=payment
    )
    return reaction_approve(reaction=reaction, actor=budget_holder(), version=reaction.version)


def test_ten_thousand_of_a_term_is_held_and_the_rest_goes_in_the_next_batch():
    grant = planned_grant(amount="300000.00")  # two terms of 150 000
    spring = grant.payments.get(term_number=1, part=0)
    assert spring.amount == Decimal("150000.00")
    reaction = _withhold(grant, spring)

    spring.refresh_from_db()
    held = reaction.held_payment
    assert spring.amount == Decimal("140000.00") and spring.status == Payment.Status.PLANNED
    assert held.amount == Decimal("10000.00") and held.status == Payment.Status.WITHHELD
    assert held.hold_kind == Payment.HoldKind.REACTION and held.term_number == 1 and held.part == 1
    assert held.split_from == spring and held.planned_date == spring.planned_date
    assert held.reference == f"{spring.reference}-D1"
    assert grant.payments.aggregate(s=Sum("amount"))["s"] == Decimal("300000.00")
    split = CaseEvent.objects.get(object_id=grant.pk, action="payment_split")
    assert split.data == {
        "payment": spring.reference,
        "part": held.reference,
        "before": "150000.00",
        "rest": "140000.00",
        "split_off": "10000.00",
    }

    # 15 May: the rest is due, the held part stays held; the batch pays exactly 140 000.
    payments_due_update(today=dt.date(2024, 5, 15))
    held.refresh_from_db()
    assert held.status == Payment.Status.WITHHELD
    with time_machine.travel(dt.datetime(2024, 5, 15, 9, 0), tick=False):
        batch = exported_batch(finance(username="fin-1"))
    lines = PayoutBatchLine.objects.filter(batch=batch)
    assert [(line.payment_id, line.amount) for line in lines] == [(spring.pk, Decimal("140000.00"))]

    # Release: exactly 10 000 goes in the next batch.
    with time_machine.travel(dt.datetime(2024, 6, 3, 9, 0), tick=False):
        reaction_withholding_settle(reaction=reaction, actor=officer(username="off-2"), outcome="released")
        held.refresh_from_db()
        assert held.status == Payment.Status.DUE
        second = exported_batch(finance(username="fin-2"), due_until=dt.date(2024, 6, 30))
    assert [line.amount for line in second.lines.all()] == [Decimal("10000.00")]
    reaction.refresh_from_db()
    assert reaction.withholding_outcome == Reaction.WithholdingOutcome.RELEASED
    assert CaseEvent.objects.filter(object_id=grant.pk, action="reaction_withholding_released").exists()


def test_cancelled_withholding_drops_only_the_held_part():
    grant = planned_grant(amount="300000.00")
    autumn = grant.payments.get(term_number=2, part=0)
    reaction = _withhold(grant, autumn, amount="0,01")
    with pytest.raises(ValidationError) as exc:
        reaction_withholding_settle(reaction=reaction, actor=officer(username="o2"), outcome="cancelled", note="  ")
    assert "note" in exc.value.message_dict
    reaction_withholding_settle(
        reaction=reaction, actor=officer(username="o3"), outcome="cancelled", note="Vilkåret ble ikke oppfylt"
    )
    held = reaction.held_payment
    held.refresh_from_db()
    autumn.refresh_from_db()
    assert held.status == Payment.Status.CANCELLED and held.amount == Decimal("0.01")
    assert autumn.amount == Decimal("149999.99") and autumn.status == Payment.Status.PLANNED
    live = grant.payments.exclude(status=Payment.Status.CANCELLED).aggregate(s=Sum("amount"))["s"]
    assert live == Decimal("299999.99")
    with pytest.raises(ValidationError, match="allerede avsluttet"):
        reaction_withholding_settle(reaction=reaction, actor=officer(username="o4"), outcome="released")


def test_whole_payment_is_held_without_a_split():
    grant = planned_grant(amount="300000.00")
    spring = grant.payments.get(term_number=1)
    reaction = _withhold(grant, spring, amount="150000.00")
    assert reaction.held_payment == spring
    assert grant.payments.count() == 2
    spring.refresh_from_db()
    assert spring.status == Payment.Status.WITHHELD


def test_a_second_withholding_of_a_held_payment_is_refused():
    grant = planned_grant(amount="300000.00")
    spring = grant.payments.get(term_number=1)
    reaction = _withhold(grant, spring)
    with pytest.raises(ValidationError) as exc:
        reaction_record(
            grant=grant,
            actor=officer(username="o5"),
            kind="withholding",
            amount="5",
            reason="x",
            payment=reaction.held_payment,
        )
    assert "payment" in exc.value.message_dict


@pytest.mark.parametrize("amount", ["150000.01", "-10000", "0", "abc", "1e400"])
def test_bad_amounts_are_refused_next_to_the_field(amount):
    grant = planned_grant(amount="300000.00")
    spring = grant.payments.get(term_number=1)
    with pytest.raises(ValidationError) as exc:
        reaction_record(grant=grant, actor=officer(), kind="withholding", amount=amount, reason="x", payment=spring)
    assert "amount" in exc.value.message_dict
    assert grant.payments.count() == 2 and not Reaction.objects.exists()


def test_a_failed_split_part_gets_its_own_new_reference():
    from payments.services.plan import payment_reference_reissued

    grant = planned_grant(amount="300000.00")
    spring = grant.payments.get(term_number=1)
    held = _withhold(grant, spring).held_payment
    assert payment_reference_reissued(held) == f"{held.reference}-R1"
    assert payment_reference_reissued(held) != payment_reference_reissued(spring)


def test_finance_lists_show_the_held_part_and_the_rest_apart():
    from payments.selectors import payments_due, payments_withheld

    grant = planned_grant(amount="300000.00")
    spring = grant.payments.get(term_number=1)
    held = _withhold(grant, spring).held_payment
    payments_due_update(today=dt.date(2024, 5, 15))
    assert [(p.reference, p.amount) for p in payments_withheld()] == [(held.reference, Decimal("10000.00"))]
    assert [(p.reference, p.amount) for p in payments_due(due_until=dt.date(2024, 5, 31))] == [
        (spring.reference, Decimal("140000.00"))
    ]
