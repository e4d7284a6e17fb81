"""The bank's return file: camt.054 books lines paid with the bank's date and reference,
pain.002 rejects lines (due again under a new end-to-end id), anything that does not match is
listed for a person; hostile XML is refused; reading a file twice changes nothing twice."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import CaseEvent
from payments.bank_returns import FAILED, NO_CHANGE, PAID, ReturnFileError, return_file_parse
from payments.models import BankReturnFile, Payment, PayoutBatch
from payments.services import bank_return_file_read
from tests.factories import finance
from tests.payments.helpers import due_grants, exported_batch

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "bank_returns"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2024, 5, 16, 9, 0), tick=False):
        yield


def bank_file(name, lines=(), *, msgid="BANK-MSG-1", booked="2024-05-16", original="", amounts=None) -> bytes:
    text = (DATA / name).read_text(encoding="utf-8")
    amounts = amounts or [line.amount for line in lines]
    for n, (line, amount) in enumerate(zip(lines, amounts, strict=True), start=1):
        text = text.replace(f"@E2E{n}@", line.end_to_end_id).replace(f"@AMT{n}@", f"{Decimal(amount):.2f}")
    text = text.replace("@MSGID@", msgid).replace("@BOOKED@", booked)
    return text.replace("@ORIGMSGID@", original).encode("utf-8")


@pytest.fixture
def batch():
    due_grants(2)
    return exported_batch(finance(username="fin-builder"))


def lines_of(batch):
    return list(batch.lines.order_by("id"))


# --- the parser ---------------------------------------------------------------------------


def test_camt054_entries_are_read(batch):
    lines = lines_of(batch)
    parsed = return_file_parse(bank_file("camt054_booked.xml", lines))
    assert parsed.kind == "camt054" and parsed.message_id == "BANK-MSG-1"
    assert [(e.end_to_end_id, e.outcome, e.amount, e.booked_on, e.bank_reference) for e in parsed.entries] == [
        (lines[0].end_to_end_id, PAID, lines[0].amount, dt.date(2024, 5, 16), "BANKREF-0001-1"),
        (lines[1].end_to_end_id, PAID, lines[1].amount, dt.date(2024, 5, 16), "BANKREF-0002-1"),
        ("UKJENT-REFERANSE-1", PAID, Decimal("999.00"), dt.date(2024, 5, 16), "BANKREF-0003"),
    ]


def test_pain002_entries_are_read(batch):
    lines = lines_of(batch)
    parsed = return_file_parse(bank_file("pain002_rejected.xml", lines, original=batch.reference))
    assert parsed.kind == "pain002" and parsed.original_message_id == batch.reference
    assert [(e.outcome, e.reason) for e in parsed.entries] == [(FAILED, "AC04 Kontoen er stengt"), (NO_CHANGE, "ACCP")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ((DATA / "billion_laughs.xml").read_bytes(), "DTD"),
        ((DATA / "xxe.xml").read_bytes(), "DTD"),
        (b"", "tom"),
        (b"not xml at all <<<", "ikke gyldig XML"),
        (b"<html><body>hei</body></html>", "ikke en ISO 20022"),
        (b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"/>', "camt.054"),
        (b"<a>" + b"x" * (5 * 1024 * 1024) + b"</a>", "for stor"),
    ],
    ids=["billion-laughs", "xxe", "empty", "not-xml", "html", "payment-file-itself", "huge"],
)
def test_hostile_and_wrong_files_are_refused_in_norwegian(data, message):
    with pytest.raises(ReturnFileError, match=message):
        return_file_parse(data)


@pytest.mark.parametrize("amount", ["-5.00", "abc", "NaN", "1e40"])
def test_bad_amounts_are_refused(batch, amount):
    lines = lines_of(batch)
    data = bank_file("camt054_booked.xml", lines).replace(f"{lines[0].amount:.2f}".encode(), amount.encode(), 2)
    with pytest.raises(ReturnFileError, match="beløp"):
        return_file_parse(data)


# --- matching and recording -----------------------------------------------------------------


def test_camt054_marks_lines_paid_with_the_banks_date_and_reference(batch):
    user = finance(username="fin-reader")
    lines = lines_of(batch)
    record, new = bank_return_file_read(batch=batch, actor=user, data=bank_file("camt054_booked.xml", lines))
    assert new and (record.paid, record.failed, record.already) == (2, 0, 0)
    assert [row["end_to_end_id"] for row in record.unmatched] == ["UKJENT-REFERANSE-1"]
    for line, reference in zip(lines, ["BANKREF-0001-1", "BANKREF-0002-1"], strict=True):
        line.refresh_from_db()
        payment = Payment.objects.get(pk=line.payment_id)
        assert (line.outcome, line.paid_on, line.bank_reference) == ("paid", dt.date(2024, 5, 16), reference)
        assert (payment.status, payment.paid_on, payment.bank_reference) == ("paid", dt.date(2024, 5, 16), reference)
    batch.refresh_from_db()
    assert (batch.status, batch.paid_on, batch.bank_reference, batch.paid_by) == (
        "paid",
        dt.date(2024, 5, 16),
        "BANK-MSG-1",
        user,
    )
    assert CaseEvent.objects.filter(action="batch_return_file_read").count() == 1


def test_reading_the_same_file_again_changes_nothing(batch):
    user = finance(username="fin-reader")
    data = bank_file("camt054_booked.xml", lines_of(batch))
    bank_return_file_read(batch=batch, actor=user, data=data)
    events = CaseEvent.objects.count()
    record, new = bank_return_file_read(batch=batch, actor=user, data=data)
    assert not new and BankReturnFile.objects.count() == 1
    assert CaseEvent.objects.count() == events
    # Another file with the same entries (the bank sent it again under a new id): counted as
    # already recorded, nothing paid twice.
    again, new = bank_return_file_read(
        batch=batch, actor=user, data=bank_file("camt054_booked.xml", lines_of(batch), msgid="BANK-MSG-2")
    )
    assert new and (again.paid, again.failed, again.already) == (0, 0, 2)
    assert CaseEvent.objects.filter(action="payment_paid").count() == 2


def test_an_amount_that_does_not_match_is_left_for_a_person(batch):
    lines = lines_of(batch)
    data = bank_file("camt054_booked.xml", lines, amounts=[lines[0].amount - 1, lines[1].amount])
    record, _ = bank_return_file_read(batch=batch, actor=finance(username="r"), data=data)
    assert record.paid == 1
    assert [row["end_to_end_id"] for row in record.unmatched] == [lines[0].end_to_end_id, "UKJENT-REFERANSE-1"]
    assert "Beløpet stemmer ikke" in record.unmatched[0]["why"]
    lines[0].refresh_from_db()
    assert lines[0].is_open
    batch.refresh_from_db()
    assert batch.is_approved  # not paid while a line is open


def test_a_booking_before_the_payment_date_is_left_for_a_person(batch):
    data = bank_file("camt054_booked.xml", lines_of(batch), booked="2024-05-15")
    record, _ = bank_return_file_read(batch=batch, actor=finance(username="r"), data=data)
    assert record.paid == 0 and len(record.unmatched) == 3
    assert not Payment.objects.filter(status="paid").exists()


def test_pain002_rejection_fails_the_line_and_the_payment_gets_a_new_reference(batch):
    user = finance(username="fin-reader")
    lines = lines_of(batch)
    old_reference = lines[0].end_to_end_id
    data = bank_file("pain002_rejected.xml", lines, original=batch.reference)
    record, _ = bank_return_file_read(batch=batch, actor=user, data=data)
    assert (record.paid, record.failed, record.unmatched) == (0, 1, [])
    lines[0].refresh_from_db()
    assert lines[0].outcome == "failed" and "AC04" in lines[0].failure_reason
    payment = Payment.objects.get(pk=lines[0].payment_id)
    assert payment.status == "due" and payment.reference == f"{old_reference}-R1"
    assert Payment.objects.get(pk=lines[1].payment_id).status == "in_batch"  # ACCP: no change
    # Read again: nothing failed twice, no second new reference.
    record, new = bank_return_file_read(batch=batch, actor=user, data=data)
    assert not new
    assert Payment.objects.get(pk=payment.pk).reference == f"{old_reference}-R1"
    # The new attempt goes in a new file under the new reference.
    again = exported_batch(user)
    assert list(again.lines.values_list("end_to_end_id", flat=True)) == [f"{old_reference}-R1"]


def test_a_status_report_for_another_file_is_refused(batch):
    data = bank_file("pain002_rejected.xml", lines_of(batch), original="IMDI-B999999")
    with pytest.raises(ValidationError, match="gjelder betalingsfil IMDI-B999999"):
        bank_return_file_read(batch=batch, actor=finance(username="r"), data=data)
    assert not BankReturnFile.objects.exists()


def test_a_batch_without_its_payment_file_takes_no_return_file():
    due_grants(1)
    from payments.services import payout_batch_create

    batch = payout_batch_create(actor=finance(), due_until=dt.date(2024, 5, 31))
    with pytest.raises(ValidationError, match="ikke laget"):
        bank_return_file_read(batch=batch, actor=finance(username="r"), data=(DATA / "camt054_booked.xml").read_bytes())


# --- through the page -------------------------------------------------------------------------


def upload(client, batch, data, name="retur.xml"):
    return client.post(
        reverse("payments:batch_return_file", args=[batch.pk]),
        {"file": SimpleUploadedFile(name, data, content_type="application/xml")},
    )


def test_finance_uploads_the_return_file_on_the_batch_page(client, batch):
    client.force_login(finance(username="fin-reader"))
    response = upload(client, batch, bank_file("camt054_booked.xml", lines_of(batch)))
    assert response.status_code == 302
    page = client.get(reverse("payments:batch", args=[batch.pk])).content.decode()
    assert "UKJENT-REFERANSE-1" in page and "Ingen linje i bunten har denne betalingsreferansen" in page
    assert "BANKREF-0001-1" in page
    assert PayoutBatch.objects.get(pk=batch.pk).status == "paid"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ((DATA / "billion_laughs.xml").read_bytes(), "DTD"),
        ((DATA / "xxe.xml").read_bytes(), "DTD"),
        (b"", "Filen er tom"),
        (b"\x00\xff garbage", "ikke gyldig XML"),
        (b"<a>" + b"x" * (5 * 1024 * 1024) + b"</a>", "for stor"),
    ],
    ids=["billion-laughs", "xxe", "empty", "binary", "huge"],
)
def test_bad_uploads_get_a_message_next_to_the_field_and_save_nothing(client, batch, data, message):
    client.force_login(finance(username="fin-reader"))
    response = upload(client, batch, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not BankReturnFile.objects.exists()
    assert not Payment.objects.filter(status="paid").exists()


def test_missing_file_gets_a_message(client, batch):
    client.force_login(finance(username="fin-reader"))
    response = client.post(reverse("payments:batch_return_file", args=[batch.pk]), {})
    assert response.status_code == 400
    assert "Feltet er påkrevet." in response.content.decode()
