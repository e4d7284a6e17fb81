"""Obligations and due dates exactly as in the circulars (rundskriv 08/2024 and 06/2024)."""

import datetime as dt

import pytest

from reporting.models import AccountsLine, ReportActivity, ReportObligation
from reporting.services import report_obligations_create_for_grant
from tests.factories import make_grant, municipality
from tests.reporting.helpers import Kind, accepted_grant, development_grant_with_budget, reception_grant

pytestmark = pytest.mark.django_db


def rows(grant):
    return [
        (o.kind, o.period_start, o.period_end, o.due_date, o.status)
        for o in grant.report_obligations.order_by("due_date", "kind", "period_end")
    ]


def test_development_scheme_status_report_1_september_annual_and_accounts_1_february_next_year():
    grant = accepted_grant()
    assert rows(grant) == [
        (Kind.STATUS, dt.date(2024, 1, 1), dt.date(2024, 8, 31), dt.date(2024, 9, 1), "open"),
        (Kind.ACCOUNTS, dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2025, 2, 1), "open"),
        (Kind.ANNUAL, dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2025, 2, 1), "open"),
    ]


def test_reception_centres_two_half_year_reports_and_annual_report_in_january():
    grant = reception_grant()
    assert rows(grant) == [
        (Kind.HALF_YEAR, dt.date(2024, 1, 1), dt.date(2024, 6, 30), dt.date(2024, 8, 31), "open"),
        (Kind.ANNUAL, dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2025, 1, 31), "open"),
        (Kind.HALF_YEAR, dt.date(2024, 7, 1), dt.date(2024, 12, 31), dt.date(2025, 1, 31), "open"),
    ]
    annual = grant.report_obligations.get(kind=Kind.ANNUAL)
    assert annual.due_date.month == 1 and annual.due_date.year == 2025  # "i januar 2025"


def test_creation_is_idempotent_and_logged_once():
    from core.selectors import case_events_for

    grant = accepted_grant()
    again = report_obligations_create_for_grant(grant=grant)
    assert len(again) == 3
    assert grant.report_obligations.count() == 3
    assert [e.action for e in case_events_for(grant)].count("report_obligations_created") == 1


def test_multi_year_grant_reports_on_its_own_year():
    grant = make_grant(municipality(), status="accepted", year=2025)
    report_obligations_create_for_grant(grant=grant)
    assert [(o.kind, o.due_date) for o in grant.report_obligations.order_by("due_date", "kind")] == [
        (Kind.STATUS, dt.date(2025, 9, 1)),
        (Kind.ACCOUNTS, dt.date(2026, 2, 1)),
        (Kind.ANNUAL, dt.date(2026, 2, 1)),
    ]


def test_every_obligation_gets_a_report_and_accounts_follow_the_approved_budget():
    grant = development_grant_with_budget()
    accounts = grant.report_obligations.get(kind=Kind.ACCOUNTS).report
    lines = list(accounts.accounts_lines.values_list("description", "budget"))
    assert [d for d, _b in lines] == ["Prosjektleder 50 %", "Språkpraksis hos arbeidsgivere", "Reiser"]
    assert sum(b for _d, b in lines) == 600000
    assert not grant.report_obligations.get(kind=Kind.STATUS).report.accounts_lines.exists()


def test_reception_accounts_use_categories_and_half_year_lists_all_programme_elements():
    grant = reception_grant()
    half_year = grant.report_obligations.filter(kind=Kind.HALF_YEAR).first().report
    categories = set(half_year.accounts_lines.values_list("category", flat=True))
    assert AccountsLine.Category.INCENTIVES in categories
    assert all(line.budget is None for line in half_year.accounts_lines.all())
    # rundskriv 06/2024 section 1.2: three mandatory elements and six more
    assert set(half_year.activities.values_list("activity", flat=True)) == set(ReportActivity.Activity.values)
    assert len(ReportActivity.Activity.values) == 9


def test_unique_obligation_per_grant_kind_and_period_in_the_database():
    from django.db import IntegrityError, transaction

    grant = accepted_grant()
    status = grant.report_obligations.get(kind=Kind.STATUS)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportObligation.objects.create(
            grant=grant,
            kind=Kind.STATUS,
            period_start=status.period_start,
            period_end=status.period_end,
            due_date=status.due_date,
        )
