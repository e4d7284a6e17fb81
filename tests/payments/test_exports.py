"""Exports of a batch: CSV and XLSX round-trip with the same totals; pain.001 valid against
the XSD kept in tests/data/iso20022."""

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from lxml import etree
from openpyxl import load_workbook

from payments.exports import XLSX_AMOUNT_FORMAT, batch_pain001, schedule_csv_stream, schedule_xlsx_file
from payments.iso20022 import NS, Pain001Error, norwegian_iban, pain001_validate
from payments.models import Payment
from payments.services import payout_batch_create
from tests.factories import finance
from tests.payments.helpers import due_grants

pytestmark = pytest.mark.django_db

XSD = Path(__file__).resolve().parents[1] / "data" / "iso20022" / "pain.001.001.03.xsd"


@pytest.fixture
def batch():
    with time_machine.travel(dt.datetime(2024, 5, 16, 9, 0), tick=False):
        due_grants(3, amount="1234567.01")
        return payout_batch_create(actor=finance(), due_until=dt.date(2024, 5, 31))


def stamp_lines(batch):
    """What payout_batch_payment_file_create does before writing the file."""
    for line in batch.lines.select_related("payment"):
        line.end_to_end_id = line.payment.reference
        line.save(update_fields=["end_to_end_id"])


def batch_payments(batch):
    return Payment.objects.filter(batch_lines__batch=batch, batch_lines__is_open=True).order_by("id")


def test_csv_round_trip(batch):
    text = "".join(schedule_csv_stream(batch_payments(batch)))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[:9] == [
        "Organisasjon",
        "Organisasjonsnummer",
        "Kontonummer",
        "Saksnummer",
        "Tilskuddsordning",
        "Kap./post",
        "Termin",
        "Dato",
        "Beløp",
    ]
    assert len(body) == 3
    assert {r[5] for r in body} == {"671.62"}
    assert {r[7] for r in body} == {"15.05.2024"}
    total = sum(Decimal(r[8].replace(",", ".")) for r in body)
    assert total == sum(batch.lines.values_list("amount", flat=True)) == Decimal("1851850.50")


def test_xlsx_round_trip_with_norwegian_number_format(batch):
    handle = schedule_xlsx_file(batch_payments(batch), title=batch.reference)
    workbook = load_workbook(io.BytesIO(handle.read()))
    sheet = workbook[batch.reference]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][8] == "Beløp"
    amounts = [Decimal(str(r[8])) for r in rows[1:]]
    assert sum(amounts) == Decimal("1851850.50")
    amount_cell = sheet.cell(row=2, column=9)
    assert isinstance(amount_cell.value, int | float)  # a real number, not text
    assert amount_cell.number_format == XLSX_AMOUNT_FORMAT
    assert sheet.cell(row=2, column=8).value.date() == dt.date(2024, 5, 15)


def test_pain001_validates_against_the_schema(batch):
    stamp_lines(batch)
    document = batch_pain001(batch)
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    tree = etree.fromstring(document)
    assert schema.validate(tree), schema.error_log
    ns = {"p": NS}
    assert tree.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs", namespaces=ns) == "3"
    assert tree.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", namespaces=ns) == "1851850.50"
    assert tree.findtext("p:CstmrCdtTrfInitn/p:PmtInf/p:ReqdExctnDt", namespaces=ns) == "2024-05-16"
    end_to_end = tree.xpath("//p:CdtTrfTxInf/p:PmtId/p:EndToEndId/text()", namespaces=ns)
    assert sorted(end_to_end) == sorted(batch.lines.values_list("payment__reference", flat=True))
    currencies = set(tree.xpath("//p:InstdAmt/@Ccy", namespaces=ns))
    assert currencies == {"NOK"}
    ibans = tree.xpath("//p:CdtrAcct/p:Id/p:IBAN/text()", namespaces=ns)
    assert all(i.startswith("NO") and len(i) == 15 for i in ibans)


def test_project_copy_of_schema_is_the_test_copy():
    from payments.iso20022 import XSD_PATH

    assert XSD_PATH.read_bytes() == XSD.read_bytes()


def test_norwegian_iban_check_digits():
    assert norwegian_iban("8601 11 17947") == "NO9386011117947"  # the IBAN registry's example
    with pytest.raises(Pain001Error):
        norwegian_iban("12345678901")


def test_invalid_document_is_refused():
    with pytest.raises(Pain001Error):
        pain001_validate(b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><x/></Document>')


def test_missing_bank_account_stops_the_file(batch):
    # Acceptance requires a valid account, so this guards against a damaged register: both
    # the organisation's account and the one confirmed in the acceptance are gone.
    grant = batch.lines.first().payment.grant
    org = grant.organisation
    org.bank_account = ""
    org.save(update_fields=["bank_account"])
    grant.acceptance.bank_account = ""
    grant.acceptance.save(update_fields=["bank_account"])
    stamp_lines(batch)
    with pytest.raises(Pain001Error, match="kontonummer"):
        batch_pain001(batch)


def test_pain001_refuses_lines_without_their_end_to_end_id(batch):
    with pytest.raises(Pain001Error, match="referanse"):
        batch_pain001(batch)
