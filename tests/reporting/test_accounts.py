"""Accounts: sums computed (never typed), unused funds, refusal of bad amounts in Norwegian."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from reporting.accounts_workbook import accounts_workbook_build
from reporting.services import accounts_totals, report_accounts_import, report_save
from tests.reporting.helpers import Kind, development_grant_with_budget, reception_grant, report_of, team

pytestmark = pytest.mark.django_db


def line_data(report, values):
    """POST data for the report page: every line in order gets (expenses, covered)."""
    data = {"income-own_contribution": "100 000", "income-other_income": "0"}
    for line, (expenses, covered) in zip(report.accounts_lines.all(), values, strict=True):
        data[f"line-{line.position}-expenses"] = expenses
        data[f"line-{line.position}-covered_by_grant"] = covered
    return data


@pytest.fixture
def setup(client):
    people = team()
    grant = development_grant_with_budget(amount="500000.00")
    report = report_of(grant, Kind.ACCOUNTS)
    client.force_login(people["caseworker"])
    return grant, report, people


def test_sums_and_unused_funds_are_computed(client, setup):
    grant, report, _people = setup
    url = reverse("reporting:report", args=[report.obligation_id])
    response = client.post(url, line_data(report, [("310 000,50", "250 000"), ("200000", "180 000,25"), ("0", "0")]))
    assert response.status_code == 302
    report.refresh_from_db()
    totals = accounts_totals(report)
    assert totals["expenses"] == Decimal("510000.50")
    assert totals["covered_by_grant"] == Decimal("430000.25")
    assert totals["budget"] == Decimal("600000.00")
    assert totals["own_contribution"] == Decimal("100000.00")
    assert totals["income"] == Decimal("600000.00")
    assert totals["unused"] == Decimal("69999.75")  # 500 000 − 430 000,25
    page = client.get(url).content.decode()
    assert "69\xa0999,75\xa0kr" in page
    assert "510\xa0000,50\xa0kr" in page


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-100", "Beløpet kan ikke være negativt."),
        ("tusen", "Skriv et beløp i kroner, for eksempel 125 000,50."),
        ("12,345", "Bruk høyst to desimaler (øre)."),
    ],
)
def test_bad_amounts_are_refused_next_to_the_field_and_nothing_is_saved(client, setup, value, message):
    _grant, report, _people = setup
    url = reverse("reporting:report", args=[report.obligation_id])
    response = client.post(url, line_data(report, [("1000", "500"), (value, "0"), ("10", "10")]))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(report.accounts_lines.values_list("expenses", flat=True)) == [0, 0, 0]


def test_covered_by_grant_cannot_exceed_expenses_or_grant(client, setup):
    _grant, report, people = setup
    url = reverse("reporting:report", args=[report.obligation_id])
    response = client.post(url, line_data(report, [("1000", "2000"), ("0", "0"), ("0", "0")]))
    assert response.status_code == 400
    assert "kan ikke være større enn de bokførte utgiftene" in response.content.decode()
    lines = list(report.accounts_lines.all())
    with pytest.raises(ValidationError) as exc:
        report_save(
            report=report,
            actor=people["caseworker"],
            lines={
                lines[0].pk: {"expenses": Decimal("400000"), "covered_by_grant": Decimal("400000")},
                lines[1].pk: {"expenses": Decimal("200000"), "covered_by_grant": Decimal("200000")},
            },
        )
    assert "kan ikke være større enn tilskuddet" in " ".join(exc.value.messages)
    assert list(report.accounts_lines.values_list("expenses", flat=True)) == [0, 0, 0]


def filled_template(report, cells):
    wb = load_workbook(io.BytesIO(accounts_workbook_build(report)))
    ws = wb["Regnskap"]
    for ref, value in cells.items():
        ws[ref] = value
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("regnskap.xlsx", out.getvalue())


def test_xlsx_template_download_and_upload_round_trip(client, setup):
    _grant, report, people = setup
    response = client.get(reverse("reporting:accounts_template", args=[report.obligation_id]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content))["Regnskap"]
    assert ws["B8"].value == "Prosjektleder 50 %"
    upload = filled_template(report, {"E8": 300000, "F8": 250000.5, "E9": "120 000,00", "F9": 100000, "E15": 90000})
    assert ws["A15"].value == "Egenandel"
    response = client.post(reverse("reporting:accounts_upload", args=[report.obligation_id]), {"file": upload})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.own_contribution == Decimal("90000.00")
    totals = accounts_totals(report)
    assert totals["expenses"] == Decimal("420000.00")
    assert totals["covered_by_grant"] == Decimal("350000.50")
    assert totals["unused"] == Decimal("149999.50")


def test_xlsx_bad_cells_give_norwegian_errors_naming_the_cell_and_save_nothing(client, setup):
    _grant, report, _people = setup
    upload = filled_template(report, {"E8": "mange", "F9": -5, "E10": 10, "F10": 20})
    response = client.post(reverse("reporting:accounts_upload", args=[report.obligation_id]), {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Celle E8 (Prosjektleder 50 %): «mange» er ikke et beløp." in page
    assert "Celle F9 (Språkpraksis hos arbeidsgivere): Beløpet kan ikke være negativt." in page
    assert "Rad 10 (Reiser)" in page
    assert list(report.accounts_lines.values_list("expenses", flat=True)) == [0, 0, 0]


def test_xlsx_for_another_report_or_not_a_workbook_is_refused(setup):
    grant, report, people = setup
    other = report_of(reception_grant(), Kind.HALF_YEAR)
    with pytest.raises(ValidationError, match="en annen rapport"):
        report_accounts_import(report=report, actor=people["caseworker"], upload=filled_template(other, {}))
    with pytest.raises(ValidationError, match="Excel-regneark"):
        report_accounts_import(
            report=report, actor=people["caseworker"], upload=SimpleUploadedFile("x.xlsx", b"not a zip")
        )


def test_reception_half_year_accounts_without_budget(client):
    people = team()
    grant = reception_grant(amount="513840.00")
    report = report_of(grant, Kind.HALF_YEAR)
    lines = list(report.accounts_lines.all())
    report_save(
        report=report,
        actor=people["caseworker"],
        lines={lines[0].pk: {"expenses": Decimal("200000"), "covered_by_grant": Decimal("150000")}},
    )
    totals = accounts_totals(report)
    assert totals["has_budget"] is False
    assert totals["unused"] == Decimal("363840.00")


def test_empty_amount_in_a_draft_counts_as_zero(client, setup):
    _grant, report, _people = setup
    url = reverse("reporting:report", args=[report.obligation_id])
    data = line_data(report, [("1000", "500"), ("", ""), ("10", "")])
    data["income-own_contribution"] = ""
    assert client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert list(report.accounts_lines.values_list("expenses", "covered_by_grant")) == [
        (Decimal("1000.00"), Decimal("500.00")),
        (Decimal("0.00"), Decimal("0.00")),
        (Decimal("10.00"), Decimal("0.00")),
    ]
    assert report.own_contribution == Decimal("0.00")
