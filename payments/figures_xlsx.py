"""IMDi's figures as an XLSX workbook: one sheet per table of the page (the same rows and
numbers, from the same payments.figures.figures_count) and one with the definitions."""

import tempfile

from django.utils.translation import gettext as _

from payments.exports import XLSX_AMOUNT_FORMAT
from payments.figures import FIGURES

SHARE_FORMAT = "0.0"


def figures_headers() -> list[str]:
    return [_("Gruppe")] + [str(title) for _name, _kind, title, _definition in FIGURES]


def figures_xlsx_file(figures):
    """The workbook in a rewound temporary file (for a FileResponse)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    def heading(sheet, texts):
        cells = []
        for text in texts:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)

    def figure_row(sheet, row):
        cells = [WriteOnlyCell(sheet, value=row.label)]
        for (_name, kind, _title, _definition), value in zip(FIGURES, row.values(), strict=True):
            cell = WriteOnlyCell(sheet, value=value)
            if kind == "money":
                cell.number_format = XLSX_AMOUNT_FORMAT
            elif kind == "share":
                cell.number_format = SHARE_FORMAT
            cells.append(cell)
        sheet.append(cells)

    for _dimension, title, rows in figures.sections:
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.column_dimensions["A"].width = 60
        sheet.append([_("Telledato %(date)s") % {"date": figures.count_date.strftime("%d.%m.%Y")}])
        heading(sheet, figures_headers())
        for row in rows:
            figure_row(sheet, row)
        figure_row(sheet, figures.total)
    sheet = workbook.create_sheet(title=_("Definisjoner")[:31])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 110
    heading(sheet, [_("Tall"), _("Definisjon")])
    for _name, _kind, title, definition in FIGURES:
        sheet.append([str(title), str(definition)])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to FileResponse, which closes it
    workbook.save(handle)
    handle.seek(0)
    return handle
