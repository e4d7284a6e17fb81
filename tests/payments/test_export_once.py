"""Exactly once out of the door: a payment that was in an exported pain.001 file is never
written to another file, unless finance records that the bank rejected or returned it (with a
reason); it then goes out under a new end-to-end id. CSV and Excel schedules are lists for
reading, not payment orders: they do not make a batch exported."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from lxml import etree

from core.models import CaseEvent
from payments.iso20022 import NS
from payments.models import Payment, PayoutBatch, PayoutBatchLine
from payments.services import (
    payout_batch_cancel,
    payout_batch_create,
    payout_batch_line_fail,
    payout_batch_mark_paid,
    payout_batch_payment_file_create,
)
from tests.factories import finance
from tests.payments.helpers import batch_approved, due_grants, exported_batch, paid_batch

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2024, 5, 16, 9, 0), tick=False):
        yield


def end_to_end_ids(batch):
    batch.refresh_from_db()
    tree = etree.fromstring(batch.payment_file.open("rb").read())
    return tree.xpath("//p:CdtTrfTxInf/p:PmtId/p:EndToEndId/text()", namespaces={"p": NS})


def test_the_file_is_made_once_and_stamps_each_line():
    due_grants(2)
    user = finance()
    batch = exported_batch(user)
    references = sorted(batch.lines.values_list("payment__reference", flat=True))
    assert sorted(batch.lines.values_list("end_to_end_id", flat=True)) == references
    assert sorted(end_to_end_ids(batch)) == references
    digest = batch.payment_file_sha256
    again = payout_batch_payment_file_create(batch=batch, actor=finance(username="other"))
    assert again.payment_file_sha256 == digest
    assert CaseEvent.objects.filter(action="batch_payment_file_created").count() == 1
    assert CaseEvent.objects.filter(action="payment_exported").count() == 2


def test_cancel_after_export_is_refused_with_a_clear_message():
    due_grants(2)
    user = finance()
    batch = exported_batch(user)
    with pytest.raises(ValidationError, match="kan ikke avbrytes"):
        payout_batch_cancel(batch=batch, actor=user)
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.APPROVED
    assert Payment.objects.filter(status="in_batch").count() == 2
    # The database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        PayoutBatch.objects.filter(pk=batch.pk).update(status="cancelled")
    with pytest.raises(IntegrityError), transaction.atomic():
        PayoutBatchLine.objects.filter(batch=batch).update(is_open=False, outcome="removed")


def test_cancel_page_shows_the_refusal(client):
    due_grants(1)
    user = finance()
    batch = exported_batch(user)
    client.force_login(user)
    response = client.post(reverse("payments:batch_cancel", args=[batch.pk]), follow=True)
    assert response.status_code == 200
    assert "kan ikke avbrytes" in response.content.decode()
    assert PayoutBatch.objects.get(pk=batch.pk).status == "approved"


def test_cancel_before_export_still_releases_the_payments():
    due_grants(2)
    user = finance()
    batch = payout_batch_create(actor=user, due_until=dt.date(2024, 5, 31))
    payout_batch_cancel(batch=batch, actor=user)
    assert Payment.objects.filter(status="due").count() == 2


def test_exported_payments_cannot_go_in_a_new_batch_or_file():
    due_grants(2)
    user = finance()
    exported_batch(user)
    with pytest.raises(ValidationError, match="Ingen utbetalinger"):
        payout_batch_create(actor=user, due_until=dt.date(2024, 5, 31))
    # Even forced back to due behind the services' back, the file refuses the same reference.
    payment = Payment.objects.first()
    line = payment.batch_lines.get()
    other = PayoutBatch.objects.create(reference="X-2", execution_date=dt.date(2024, 5, 21), created_by=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        PayoutBatchLine.objects.create(
            batch=other,
            payment=payment,
            amount=payment.amount,
            is_open=False,
            outcome="paid",
            end_to_end_id=line.end_to_end_id,
        )
    with transaction.atomic():
        PayoutBatchLine.objects.filter(pk=line.pk).update(is_open=False, outcome="paid")
        Payment.objects.filter(pk=payment.pk).update(status="in_batch")
        PayoutBatchLine.objects.create(batch=other, payment=payment, amount=payment.amount)
    with pytest.raises(ValidationError, match="allerede vært i en betalingsfil"):
        payout_batch_payment_file_create(batch=batch_approved(other), actor=user)
    assert not PayoutBatch.objects.get(pk=other.pk).payment_file_exported


def test_marking_failed_needs_an_exported_batch_and_a_reason():
    due_grants(1)
    user = finance()
    batch = payout_batch_create(actor=user, due_until=dt.date(2024, 5, 31))
    line = batch.lines.get()
    with pytest.raises(ValidationError, match="avbryt bunten"):
        payout_batch_line_fail(line=line, actor=user, reason="Avvist")
    payout_batch_payment_file_create(batch=batch_approved(batch), actor=user)
    with pytest.raises(ValidationError) as exc:
        payout_batch_line_fail(line=line, actor=user, reason="  ")
    assert "reason" in exc.value.message_dict
    line.refresh_from_db()
    assert line.is_open and line.outcome == "pending"


def test_failed_payment_gets_a_new_reference_and_goes_in_a_new_file():
    due_grants(2)
    user = finance()
    batch = exported_batch(user)
    line = batch.lines.order_by("id").first()
    old_reference = line.end_to_end_id
    payout_batch_line_fail(line=line, actor=user, reason="Kontoen er stengt")
    line.refresh_from_db()
    assert (line.outcome, line.failure_reason, line.failed_by) == ("failed", "Kontoen er stengt", user)
    payment = Payment.objects.get(pk=line.payment_id)
    assert payment.status == "due"
    assert payment.reference == f"{old_reference}-R1"
    event = CaseEvent.objects.get(action="payment_failed")
    assert event.data["old_reference"] == old_reference and event.data["new_reference"] == payment.reference
    payout_batch_mark_paid(batch=batch, actor=user, paid_on=dt.date(2024, 5, 16), bank_reference="K-1")
    second = exported_batch(user)
    assert end_to_end_ids(second) == [payment.reference]
    assert old_reference not in end_to_end_ids(second)


def test_returned_payment_is_due_again_under_a_new_reference():
    due_grants(1)
    user = finance()
    batch = paid_batch(user)
    line = batch.lines.get()
    payout_batch_line_fail(line=line, actor=user, reason="Returnert: konto avsluttet")
    line.refresh_from_db()
    payment = Payment.objects.get(pk=line.payment_id)
    assert line.outcome == "returned"
    assert (payment.status, payment.paid_on, payment.bank_reference) == ("due", None, "")
    assert payment.reference.endswith("-R1")
    with pytest.raises(ValidationError):
        payout_batch_line_fail(line=line, actor=user, reason="igjen")
    again = exported_batch(user)
    assert end_to_end_ids(again) == [payment.reference]


def test_schedules_do_not_make_a_batch_exported(client):
    due_grants(1)
    user = finance()
    batch = payout_batch_create(actor=user, due_until=dt.date(2024, 5, 31))
    client.force_login(user)
    for fmt in ("csv", "xlsx"):
        assert client.get(reverse("payments:batch_export", args=[batch.pk, fmt])).status_code == 200
    batch.refresh_from_db()
    # Plain GETs (issue 11): a download records nothing and does not make the batch exported.
    assert batch.export_count == 0 and not batch.payment_file_exported
    payout_batch_cancel(batch=batch, actor=user)
