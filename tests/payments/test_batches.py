"""Payout batches: selection, one open batch per payment, paid, failed, cancelled."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.models import CaseEvent
from payments.models import Payment, PayoutBatch, PayoutBatchLine
from payments.services import (
    payment_cancel,
    payout_batch_cancel,
    payout_batch_create,
    payout_batch_line_fail,
    payout_batch_mark_paid,
    payout_batch_payment_file_create,
    reaction_record,
)
from tests.factories import finance, officer, reception_call
from tests.payments.helpers import batch_approved, due_grants, exported_batch

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2024, 5, 16, 9, 0)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_batch_takes_the_due_payments_of_the_selection():
    due_grants(3)
    due_grants_reception = due_grants(1, amount="42820.00", call=reception_call())  # due 15.04
    user = finance()
    batch = payout_batch_create(actor=user, due_until=dt.date(2024, 5, 31), call=due_grants_reception[0].call)
    assert batch.lines.count() == 1
    batch2 = payout_batch_create(actor=user, due_until=dt.date(2024, 5, 31))
    assert batch2.lines.count() == 3
    assert batch2.reference.startswith("IMDI-B")
    assert sum(batch2.lines.values_list("amount", flat=True)) == Decimal("150000.00")  # 3 × 50 000,00
    assert set(Payment.objects.filter(batch_lines__batch=batch2).values_list("status", flat=True)) == {"in_batch"}
    assert batch2.execution_date == dt.date(2024, 5, 16)
    with pytest.raises(ValidationError, match="Ingen utbetalinger"):
        payout_batch_create(actor=user, due_until=dt.date(2024, 5, 31))


def test_execution_date_is_a_bank_day():
    due_grants(1)
    batch = payout_batch_create(actor=finance(), due_until=dt.date(2024, 5, 31), execution_date=dt.date(2024, 5, 17))
    assert batch.execution_date == dt.date(2024, 5, 21)


def test_database_refuses_a_payment_in_two_open_batches():
    due_grants(1)
    user = finance()
    batch = payout_batch_create(actor=user, due_until=dt.date(2024, 5, 31))
    payment = batch.lines.get().payment
    other = PayoutBatch.objects.create(reference="X-1", execution_date=dt.date(2024, 5, 21), created_by=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        PayoutBatchLine.objects.create(batch=other, payment=payment, amount=payment.amount)


def test_mark_paid_makes_payments_final():
    grants = due_grants(2)
    user = finance()
    batch = payout_batch_create(actor=user, due_until=dt.date(2024, 5, 31))
    with pytest.raises(ValidationError, match="Lag betalingsfilen"):
        payout_batch_mark_paid(batch=batch, actor=user, paid_on=dt.date(2024, 5, 16), bank_reference="B0")
    batch = payout_batch_payment_file_create(batch=batch_approved(batch), actor=user)
    with pytest.raises(ValidationError):
        payout_batch_mark_paid(batch=batch, actor=user, paid_on=dt.date(2024, 5, 16), bank_reference=" ")
    with pytest.raises(ValidationError):
        payout_batch_mark_paid(batch=batch, actor=user, paid_on=dt.date(2024, 5, 20), bank_reference="B1")
    payout_batch_mark_paid(batch=batch, actor=user, paid_on=dt.date(2024, 5, 16), bank_reference="DNB-778")
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.PAID
    paid = Payment.objects.filter(status=Payment.Status.PAID)
    assert paid.count() == 2
    assert set(paid.values_list("bank_reference", flat=True)) == {"DNB-778"}
    assert not PayoutBatchLine.objects.filter(is_open=True).exists()
    assert CaseEvent.objects.filter(object_id=grants[0].pk, action="payment_paid").exists()
    payment = paid.first()
    with pytest.raises(ValidationError):
        payment_cancel(payment=payment, actor=officer(), reason="Feil")
    with pytest.raises(ValidationError):
        reaction_record(
            grant=payment.grant, actor=officer(), kind="withholding", amount="1", reason="x", payment=payment
        )
    with pytest.raises(ValidationError):
        payout_batch_mark_paid(batch=batch, actor=user, paid_on=dt.date(2024, 5, 16), bank_reference="again")
    # The database itself refuses a paid payment without its date.
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(paid_on=None)


def test_failed_payment_is_due_again_and_can_go_in_a_new_batch():
    due_grants(2)
    user = finance()
    batch = exported_batch(user)
    line = batch.lines.first()
    payout_batch_line_fail(line=line, actor=user, reason="Kontoen er stengt")
    line.refresh_from_db()
    assert line.outcome == "failed"
    payment = Payment.objects.get(pk=line.payment_id)
    assert payment.status == Payment.Status.DUE
    assert payment.reference == f"{line.end_to_end_id}-R1"
    payout_batch_mark_paid(batch=batch, actor=user, paid_on=dt.date(2024, 5, 16), bank_reference="R")
    assert Payment.objects.filter(status="paid").count() == 1
    again = payout_batch_create(actor=user, due_until=dt.date(2024, 5, 31))
    assert list(again.lines.values_list("payment_id", flat=True)) == [line.payment_id]


def test_cancelled_batch_releases_its_payments():
    due_grants(2)
    user = finance()
    batch = payout_batch_create(actor=user, due_until=dt.date(2024, 5, 31))
    payout_batch_cancel(batch=batch, actor=user)
    assert Payment.objects.filter(status=Payment.Status.DUE).count() == 2
    assert set(batch.lines.values_list("outcome", flat=True)) == {"removed"}
    assert payout_batch_create(actor=user, due_until=dt.date(2024, 5, 31)).lines.count() == 2
