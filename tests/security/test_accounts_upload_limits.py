"""The accounts upload is read by any member of the organisation. A small zip that unpacks to
tens of thousands of rows must be refused at once, not parsed row by row into as many errors."""

import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from reporting.accounts_workbook import accounts_workbook_build
from reporting.services import report_accounts_import
from tests.reporting.helpers import Kind, development_grant_with_budget, report_of, team

pytestmark = pytest.mark.django_db


def _template_with_rows(report, rows):
    wb = load_workbook(io.BytesIO(accounts_workbook_build(report)))
    ws = wb["Regnskap"]
    for row in range(40, 40 + rows):
        ws.cell(row=row, column=1, value=999999)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("regnskap.xlsx", out.getvalue())


def test_workbook_that_unpacks_too_large_is_refused_quickly():
    people = team()
    report = report_of(development_grant_with_budget(), Kind.ACCOUNTS)
    upload = _template_with_rows(report, 60000)
    assert upload.size < 1024 * 1024
    started = time.monotonic()
    with pytest.raises(ValidationError) as exc:
        report_accounts_import(report=report, actor=people["caseworker"], upload=upload)
    assert time.monotonic() - started < 2
    assert exc.value.messages == ["Filen kunne ikke leses som et Excel-regneark (.xlsx). Bruk malen fra portalen."]


def test_rows_far_below_the_template_are_not_read():
    people = team()
    report = report_of(development_grant_with_budget(), Kind.ACCOUNTS)
    wb = load_workbook(io.BytesIO(accounts_workbook_build(report)))
    ws = wb["Regnskap"]
    for row in range(5000, 5200):
        ws.cell(row=row, column=1, value=999999)
    out = io.BytesIO()
    wb.save(out)
    # Only the template's own rows are read: the stray rows far below raise no errors.
    report_accounts_import(
        report=report, actor=people["caseworker"], upload=SimpleUploadedFile("r.xlsx", out.getvalue())
    )
