"""The accounts as an XLSX form (IMDi's 'rapporteringsskjema for regnskap'): a template to
download and the parser for a filled-in copy. The portal recomputes every sum; the
template's SUM formulas are only a help while filling it in."""

import io
import zipfile
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils.exceptions import InvalidFileException

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A filled-in template unpacks to some tens of kB; a few MB of zip can unpack to gigabytes
# and a million rows, which would tie up a worker (and list a million errors).
MAX_UNPACKED_BYTES = 2 * 1024 * 1024
MAX_LINE_ROWS = 1000
MAX_AMOUNT = Decimal("999999999999.99")
FIRST_LINE_ROW = 8
ID_CELL = "B5"
COL_ID, COL_DESC, COL_CAT, COL_BUDGET, COL_EXPENSES, COL_COVERED = "A", "B", "C", "D", "E", "F"
LABEL_OWN = "Egenandel"
LABEL_OTHER = "Andre inntekter"
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")


def accounts_workbook_build(report) -> bytes:
    obligation = report.obligation
    grant = obligation.grant
    wb = Workbook()
    ws = wb.active
    ws.title = "Regnskap"
    bold = Font(bold=True)
    ws["A1"] = _("Prosjektregnskap – %(kind)s") % {"kind": obligation.get_kind_display()}
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"], ws["B2"] = _("Tilskuddsmottaker"), grant.organisation.name
    ws["A3"], ws["B3"] = _("Saksnummer"), grant.case_number
    ws["A4"], ws["B4"] = (
        _("Periode"),
        f"{obligation.period_start:%d.%m.%Y}–{obligation.period_end:%d.%m.%Y}",
    )
    ws["A5"], ws[ID_CELL] = _("Rapport-ID (ikke endre)"), report.pk
    ws["A6"] = _("Fyll ut de gule cellene med beløp i kroner. Summene regnes ut i portalen.")
    headers = [
        _("Linje-ID"),
        _("Budsjettpost"),
        _("Kategori"),
        _("Godkjent budsjett"),
        _("Bokførte utgifter"),
        _("Herav dekket av tilskuddet"),
    ]
    for col, header in zip("ABCDEF", headers, strict=True):
        ws[f"{col}{FIRST_LINE_ROW - 1}"] = header
        ws[f"{col}{FIRST_LINE_ROW - 1}"].font = bold
    row = FIRST_LINE_ROW
    lines = list(report.accounts_lines.all())
    for line in lines:
        ws[f"{COL_ID}{row}"] = line.pk
        ws[f"{COL_DESC}{row}"] = line.description
        ws[f"{COL_CAT}{row}"] = line.get_category_display()
        ws[f"{COL_BUDGET}{row}"] = line.budget if line.budget is not None else None
        ws[f"{COL_EXPENSES}{row}"] = line.expenses
        ws[f"{COL_COVERED}{row}"] = line.covered_by_grant
        for col in (COL_EXPENSES, COL_COVERED):
            ws[f"{col}{row}"].fill = INPUT_FILL
            ws[f"{col}{row}"].protection = Protection(locked=False)
            ws[f"{col}{row}"].number_format = "#,##0.00"
        ws[f"{COL_BUDGET}{row}"].number_format = "#,##0.00"
        row += 1
    last = row - 1
    ws[f"{COL_DESC}{row}"] = _("Sum")
    ws[f"{COL_DESC}{row}"].font = bold
    if lines:
        for col in (COL_BUDGET, COL_EXPENSES, COL_COVERED):
            ws[f"{col}{row}"] = f"=SUM({col}{FIRST_LINE_ROW}:{col}{last})"
            ws[f"{col}{row}"].number_format = "#,##0.00"
    row += 2
    ws[f"A{row}"] = _("Inntekter")
    ws[f"A{row}"].font = bold
    row += 1
    ws[f"A{row}"], ws[f"{COL_EXPENSES}{row}"] = _("Tilskudd fra IMDi"), grant.amount
    row += 1
    for label, value in ((LABEL_OWN, report.own_contribution), (LABEL_OTHER, report.other_income)):
        ws[f"A{row}"] = label
        ws[f"{COL_EXPENSES}{row}"] = value
        ws[f"{COL_EXPENSES}{row}"].fill = INPUT_FILL
        ws[f"{COL_EXPENSES}{row}"].protection = Protection(locked=False)
        ws[f"{COL_EXPENSES}{row}"].number_format = "#,##0.00"
        row += 1
    for col, width in zip("ABCDEF", (24, 40, 28, 18, 18, 24), strict=True):
        ws.column_dimensions[col].width = width
    ws.protection.sheet = True
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _amount(value, cell: str, label: str, errors: list[str]) -> Decimal | None:
    where = _("Celle %(cell)s (%(label)s)") % {"cell": cell, "label": label}
    if value is None or (isinstance(value, str) and not value.strip()):
        return Decimal("0.00")
    if isinstance(value, bool):
        errors.append(_("%(where)s: «%(value)s» er ikke et beløp.") % {"where": where, "value": value})
        return None
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        # repr gives the shortest string that round-trips: 1234.5 stays 1234.5.
        amount = Decimal(repr(value))
    elif isinstance(value, Decimal):
        amount = value
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace("kr", "").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            errors.append(_("%(where)s: «%(value)s» er ikke et beløp.") % {"where": where, "value": value})
            return None
    if not amount.is_finite():
        errors.append(_("%(where)s: «%(value)s» er ikke et beløp.") % {"where": where, "value": value})
        return None
    if amount < 0:
        errors.append(_("%(where)s: Beløpet kan ikke være negativt.") % {"where": where})
        return None
    if amount != amount.quantize(Decimal("0.01")):
        errors.append(_("%(where)s: Beløpet kan ha høyst to desimaler.") % {"where": where})
        return None
    if amount > MAX_AMOUNT:
        errors.append(_("%(where)s: Beløpet er for stort.") % {"where": where})
        return None
    return amount.quantize(Decimal("0.01"))


def accounts_workbook_parse(report, upload) -> tuple[dict, list[str]]:
    """Read a filled-in template. Returns ({"accounts": {...}, "lines": {...}}, errors); the
    errors name the cell and say what is wrong, in Norwegian."""
    errors: list[str] = []
    if upload.size > MAX_UPLOAD_BYTES:
        return {}, [_("Filen er for stor (høyst 5 MB).")]
    try:
        upload.seek(0)
        data = upload.read()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise zipfile.BadZipFile("unpacks too large")
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        return {}, [_("Filen kunne ikke leses som et Excel-regneark (.xlsx). Bruk malen fra portalen.")]
    ws = wb["Regnskap"] if "Regnskap" in wb.sheetnames else wb.worksheets[0]
    if str(ws[ID_CELL].value) != str(report.pk):
        return {}, [_("Filen er laget for en annen rapport. Last ned malen for denne rapporten og fyll ut den.")]
    line_ids = {line.pk: line for line in report.accounts_lines.all()}
    lines: dict[int, dict] = {}
    accounts: dict[str, Decimal] = {}
    for row in range(FIRST_LINE_ROW, min(ws.max_row, FIRST_LINE_ROW + MAX_LINE_ROWS) + 1):
        label = ws[f"A{row}"].value
        if isinstance(label, str) and label.strip() in (LABEL_OWN, LABEL_OTHER):
            name = "own_contribution" if label.strip() == LABEL_OWN else "other_income"
            cell = f"{COL_EXPENSES}{row}"
            amount = _amount(ws[cell].value, cell, label.strip(), errors)
            if amount is not None:
                accounts[name] = amount
            continue
        if label is None or isinstance(label, str):
            continue
        try:
            line_id = int(label)
        except (TypeError, ValueError):
            continue
        line = line_ids.get(line_id)
        if line is None:
            errors.append(
                _("Rad %(row)s: ukjent linje-ID %(id)s. Ikke legg til eller endre linjer i malen.")
                % {"row": row, "id": line_id}
            )
            continue
        values = {}
        for col, name in ((COL_EXPENSES, "expenses"), (COL_COVERED, "covered_by_grant")):
            cell = f"{col}{row}"
            amount = _amount(ws[cell].value, cell, line.description, errors)
            if amount is not None:
                values[name] = amount
        if len(values) == 2 and values["covered_by_grant"] > values["expenses"]:
            errors.append(
                _(
                    "Rad %(row)s (%(label)s): Det som er dekket av tilskuddet kan ikke være større enn de bokførte utgiftene."  # noqa: E501
                )
                % {"row": row, "label": line.description}
            )
        lines[line_id] = values
    if not lines and not errors:
        errors.append(_("Fant ingen regnskapslinjer i filen. Bruk malen fra portalen."))
    return {"accounts": accounts, "lines": lines}, errors
