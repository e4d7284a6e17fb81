"""Issue 16 item 4: IMDi's figures for the ministry equal the case data counted by hand, on
the seed demo and on a ten-year data set; fixed queries; the XLSX has the page's numbers; the
count date refuses bad input in Norwegian."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from payments.figures import FIGURES, figures_count
from tests.factories import finance, member, municipality, officer
from tests.factories_figures import figures_ten_years_build, figures_year_build
from tests.payments.figures_truth import figures_as_dict, figures_truth, without_zeros

pytestmark = pytest.mark.django_db


class _FastPdf:
    def __init__(self, *args, **kwargs):
        pass

    def write_pdf(self, **options):
        return b"%PDF-1.4 figures test"


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    """The letters' PDFs are not what these tests count: a stand-in renderer keeps the
    data sets (built through the services, which still store every letter) quick to make."""
    import weasyprint

    monkeypatch.setattr(weasyprint, "HTML", _FastPdf)


URL = reverse("payments:figures")


def assert_figures_equal_truth(count_date):
    expected = without_zeros(figures_truth(count_date))
    actual = without_zeros(figures_as_dict(figures_count(count_date=count_date)))
    assert actual == expected, count_date
    return expected


def test_demo_figures_equal_the_case_data(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    from applications.models import Grant

    years = sorted(set(Grant.objects.values_list("year", flat=True)))
    assert years
    seen = 0
    for year in years:
        for day in (dt.date(year, 6, 30), dt.date(year, 12, 31)):
            seen += bool(assert_figures_equal_truth(day)["total"])
    assert seen, "the demo gives figures for at least one count date"


def test_ten_year_figures_equal_the_case_data():
    built = figures_ten_years_build()
    assert len(built) == 10
    for year in (2015, 2018, 2019, 2024):
        half = assert_figures_equal_truth(dt.date(year, 6, 30))["total"]
        annual = assert_figures_equal_truth(dt.date(year, 12, 31))["total"]
        # Things happen between the count dates: the status report (August) and the reaction
        # (September) count in the annual figures only; the spring payment in both.
        assert "participants_reported" not in half and annual["participants_reported"] > 0
        assert half["paid"] == annual["paid"] > 0
        assert ("withheld" if year % 2 else "reclaimed") in annual
        assert annual["decided"] == half["decided"] == annual["awarded_count"] + 1  # the rejection
    # 2018 (every third year from 2015) has the second award: 4 applications, 3 decided, 2 awarded.
    figures = figures_count(count_date=dt.date(2018, 12, 31))
    assert figures.total.applications == 4
    assert figures.total.success_rate == Decimal("66.7")
    assert figures.total.multi_year_share == figures.total.inter_municipal_share == Decimal("50.0")
    assert figures.total.unused == built[3]["accepted"].amount - Decimal("123456.78")
    assert figures_count(count_date=dt.date(2019, 12, 31)).total.unused == 0  # no accounts that year
    # Every table adds up to the same totals.
    for _dimension, _title, rows in figures.sections:
        assert sum(r.awarded for r in rows) == figures.total.awarded
        assert sum(r.applications for r in rows) == figures.total.applications


def test_a_count_date_before_the_deadline_counts_nothing_yet():
    figures_year_build(2019, offset=0)
    figures = figures_count(count_date=dt.date(2019, 1, 31))
    assert figures.total.applications == 0 and figures.total.awarded == Decimal("0")


def test_page_query_count_is_fixed_whatever_the_volume(client, django_assert_num_queries):
    figures_year_build(2024, offset=0)
    client.force_login(officer())
    params = {"count_date": "2024-12-31"}
    client.get(URL, params)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as small:
        client.get(URL, params)
    for offset in (5, 10, 15):
        figures_year_build(2024, offset=offset)
    with django_assert_num_queries(len(small)):
        response = client.get(URL, params)
    assert response.context["figures"].total.applications == 16  # 4 a build


def test_page_shows_tables_charts_and_definitions(client):
    figures_year_build(2024, offset=0)
    client.force_login(finance())
    response = client.get(URL, {"count_date": "31.12.2024"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 4 and html.count("<desc") == 4
    for _name, _kind, title, definition in FIGURES:
        assert str(title) in html and str(definition) in html
    total = response.context["figures"].total
    assert "66,7 %" in html, total  # success rate: 2 of 3 decided
    assert total.awarded > 0


def test_default_count_date_is_the_last_one_passed(client):
    client.force_login(officer())
    import time_machine

    with time_machine.travel(dt.datetime(2025, 3, 1, 12), tick=False):
        response = client.get(URL)
    assert response.context["figures"].count_date == dt.date(2024, 12, 31)


@pytest.mark.parametrize(
    "value, message",
    [
        ("", "Velg en telledato."),
        ("31.02.2024", "Skriv telledatoen som dd.mm.åååå"),
        ("nonsense", "Skriv telledatoen som dd.mm.åååå"),
        ("-2024-06-30", "Skriv telledatoen som dd.mm.åååå"),
        ("9999-12-31", "Datoen må ligge mellom"),
        ("1899-12-31", "Datoen må ligge mellom"),
        ("x" * 10_000, "Skriv telledatoen som dd.mm.åååå"),
        ("<script>alert(1)</script>", "Skriv telledatoen som dd.mm.åååå"),
    ],
)
def test_bad_count_date_gets_a_norwegian_message(client, value, message):
    client.force_login(officer())
    response = client.get(URL, {"count_date": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and response.context["figures"] is None
    assert "<script>alert(1)</script>" not in html
    export = client.get(reverse("payments:figures_export"), {"count_date": value})
    assert export.status_code == 302 and export["Location"].startswith(URL)


def test_xlsx_has_the_same_numbers_as_the_page(client):
    figures_year_build(2023, offset=0)
    figures_year_build(2023, offset=5)
    client.force_login(officer())
    page = client.get(URL, {"count_date": "2023-12-31"}).context["figures"]
    response = client.get(reverse("payments:figures_export"), {"count_date": "2023-12-31"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('filename="imdi-tall-2023-12-31.xlsx"')
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    for (_dimension, title, rows), sheet in zip(page.sections, workbook.worksheets, strict=False):
        assert sheet.title == str(title)[:31]
        lines = list(sheet.iter_rows(min_row=3, values_only=True))
        assert len(lines) == len(rows) + 1  # the rows and the sum
        for row, line in zip([*rows, page.total], lines, strict=True):
            assert line[0] == row.label
            for value, cell in zip(row.values(), line[1:], strict=True):
                assert (None if value is None else Decimal(str(value))) == (
                    None if cell is None else Decimal(str(cell)).quantize(Decimal(str(value)))
                ), (row.label, line)
    assert workbook.worksheets[-1].max_row == len(FIGURES) + 1  # the definitions


def test_municipal_users_and_anonymous_are_kept_out(client):
    assert client.get(URL)["Location"].startswith(reverse("login"))
    client.force_login(member(municipality()))
    assert client.get(URL).status_code == 403
    assert client.get(reverse("payments:figures_export")).status_code == 403


def test_finance_overview_names_the_basis_of_each_part(client):
    client.force_login(finance())
    html = client.get(reverse("payments:overview"), {"year": "2024"}).content.decode()
    assert "Grunnlag: tilskuddsår." in html and "tilskuddsåret 2024" in html
    assert "Grunnlag: utbetalingsdato." in html and "uansett tilskuddsår" in html
    assert reverse("payments:figures") in html
