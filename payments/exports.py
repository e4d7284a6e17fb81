"""Payout schedules for finance: CSV and XLSX, written row by row so a year's payments stream
out in seconds without building the whole file in memory."""

import csv
import tempfile
from decimal import Decimal

from django.utils.translation import gettext as _

from payments.iso20022 import Pain001Error, pain001_build

# The format code is stored in Excel's locale-independent syntax: a Norwegian Excel shows
# it with its own separators, as 1 234 567,50. The cell holds a real number.
XLSX_AMOUNT_FORMAT = "#,##0.00"
XLSX_DATE_FORMAT = "dd.mm.yyyy"

SCHEDULE_FIELDS = (
    "grant__organisation__name",
    "grant__organisation__org_number",
    "grant__organisation__bank_account",
    "grant__case_number",
    "grant__call__scheme__name",
    "grant__call__scheme__chapter",
    "grant__call__scheme__post",
    "term_label",
    "planned_date",
    "amount",
    "reference",
    "status",
)


def schedule_headers() -> list[str]:
    return [
        _("Organisasjon"),
        _("Organisasjonsnummer"),
        _("Kontonummer"),
        _("Saksnummer"),
        _("Tilskuddsordning"),
        _("Kap./post"),
        _("Termin"),
        _("Dato"),
        _("Beløp"),
        _("Betalingsreferanse"),
    ]


def schedule_rows(payments, progress=None):
    """One tuple per payment, in header order; `amount` stays a Decimal and the date a date.

    The account is the organisation's confirmed payout account: an account given in an
    acceptance letter is only a request until a second person at IMDi confirms it.

    `progress(done, total)`, when given, is told how far it has come (a job's progress bar)."""
    total = payments.count() if progress else 0
    if progress:
        progress(0, total)
    for done, row in enumerate(payments.values_list(*SCHEDULE_FIELDS).iterator(chunk_size=2000), start=1):
        if progress:
            progress(min(done, total), total)
        (name, orgnr, account, case_number, scheme, chapter, post, term, day, amount, ref, _s) = row
        yield (
            name,
            orgnr,
            account,
            case_number,
            scheme,
            f"{chapter}.{post:02d}",
            term,
            day,
            amount,
            ref,
        )


def csv_amount(amount: Decimal) -> str:
    # Decimal comma without thousands separators: what a Norwegian Excel reads as a number.
    return f"{amount:.2f}".replace(".", ",")


class _Echo:
    def write(self, value):
        return value


def schedule_csv_stream(payments, progress=None):
    """Yield the CSV text piece by piece: UTF-8 with BOM and semicolons, as Norwegian Excel
    expects; dates as dd.mm.yyyy."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    yield writer.writerow(schedule_headers())
    for row in schedule_rows(payments, progress):
        values = list(row)
        values[7] = values[7].strftime("%d.%m.%Y")
        values[8] = csv_amount(values[8])
        yield writer.writerow(values)


def schedule_xlsx_file(payments, *, title, progress=None):
    """Write the schedule with openpyxl's write-only mode into a temporary file and return it
    (rewound), to be streamed by a FileResponse."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for letter, width in zip("ABCDEFGHIJ", (34, 18, 16, 12, 40, 10, 16, 12, 16, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)
    header = []
    for text in schedule_headers():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in schedule_rows(payments, progress):
        values = list(row)
        day = WriteOnlyCell(sheet, value=values[7])
        day.number_format = XLSX_DATE_FORMAT
        amount = WriteOnlyCell(sheet, value=values[8])
        amount.number_format = XLSX_AMOUNT_FORMAT
        values[7] = day
        values[8] = amount
        sheet.append(values)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to FileResponse, which closes it
    workbook.save(handle)
    handle.seek(0)
    return handle


def batch_pain001(batch) -> bytes:
    """The credit-transfer file for the open lines of a batch, each under the end-to-end id
    stamped on its line (`payout_batch_payment_file_create` makes it once)."""
    lines = (
        batch.lines.filter(is_open=True)
        .order_by("id")
        .values_list(
            "end_to_end_id",
            "amount",
            "payment__grant__organisation__name",
            "payment__grant__organisation__org_number",
            "payment__grant__organisation__bank_account",
            "payment__grant__case_number",
            "payment__term_label",
            "payment__grant__year",
        )
    )

    def transactions():
        for reference, amount, name, orgnr, account, case_number, term, year in lines.iterator(chunk_size=2000):
            if not reference:
                raise Pain001Error("Linjen mangler betalingsreferanse.")
            yield {
                "reference": reference,
                "amount": amount,
                "name": name,
                "orgnr": orgnr,
                "account": account,
                "remittance": f"IMDi tilskudd sak {case_number} {term} {year}",
            }

    return pain001_build(
        message_id=batch.reference,
        payment_info_id=batch.reference,
        execution_date=batch.execution_date,
        transactions=transactions(),
    )
