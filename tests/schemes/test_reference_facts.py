import datetime as dt
from decimal import Decimal

from organisations.models import County, Organisation
from schemes.models import PriorityArea, ReportDeadline
from schemes.selectors import g_on, rate_on
from tests.factories import development_call, reception_call


def test_municipalities_and_counties_loaded(db):
    assert Organisation.objects.filter(kind="kommune").count() == 357
    assert County.objects.count() == 15
    # Oslo kommune carries the county duties; the 14 other counties have a fylkeskommune.
    assert Organisation.objects.filter(kind="fylkeskommune").count() == 14
    oslo = Organisation.objects.get(kind="kommune", number="0301")
    assert oslo.acts_as_county_municipality


def test_development_call_2024_facts(db):
    call = development_call(2024)
    assert call.application_deadline == dt.date(2024, 2, 14)
    assert call.frame == Decimal("60400000.00")
    assert call.areas.count() == 8
    area1 = call.areas.get(number=1)
    assert area1.per_applicant_cap == Decimal("1500000.00")
    assert not area1.open_to_municipalities and area1.open_to_county_municipalities
    assert call.areas.get(number=8).frame == Decimal("10000000.00")
    deadlines = {(d.kind, d.due_date) for d in call.report_deadlines.all()}
    assert (ReportDeadline.Kind.STATUS, dt.date(2024, 9, 1)) in deadlines
    assert (ReportDeadline.Kind.ANNUAL, dt.date(2025, 2, 1)) in deadlines
    assert (ReportDeadline.Kind.ACCOUNTS, dt.date(2025, 2, 1)) in deadlines
    assert [t.label for t in call.payout_terms.all()] == ["Vår", "Høst"]
    assert call.min_participants == 10 and call.max_project_years == 3 and call.own_contribution_required


def test_development_call_2023_facts(db):
    call = development_call(2023)
    assert call.application_deadline == dt.date(2023, 2, 14)
    assert call.frame == Decimal("56900000.00")
    assert call.areas.count() == 7
    due = sorted(d.due_date for d in call.report_deadlines.all())
    assert due[0] == dt.date(2023, 9, 1) and due[-1] == dt.date(2024, 2, 1)


def test_reception_call_2024_facts(db):
    call = reception_call(2024)
    assert rate_on("per_place_month", dt.date(2024, 6, 1), scheme=call.scheme) == Decimal("2141.00")
    assert call.acceptance_period_days == 14
    assert call.payout_terms.count() == 1
    kinds = [d.kind for d in call.report_deadlines.all()]
    assert kinds.count(ReportDeadline.Kind.HALF_YEAR) == 2
    annual = call.report_deadlines.get(kind=ReportDeadline.Kind.ANNUAL)
    assert (annual.due_date.year, annual.due_date.month) == (2025, 1)
    share = call.appropriation_share
    assert share.amount == Decimal("8293000.00")


def test_g_values_by_date(db):
    assert g_on(dt.date(2024, 2, 14)) == Decimal("118620.00")
    assert g_on(dt.date(2024, 5, 1)) == Decimal("124028.00")
    # G from 1 May 2022 is reference data too (issue 12: the 2023 call's deadline falls before May 2023).
    assert g_on(dt.date(2023, 4, 30)) == Decimal("111477.00")
    assert g_on(dt.date(2022, 4, 30)) is None


def test_appropriation_split_2024_adds_up(db):
    share = development_call(2024).appropriation_share
    total = sum(s.amount for s in share.appropriation.shares.all())
    assert share.appropriation.amount == Decimal("235693000.00") == total


def test_area_open_to_kinds(db):
    call = development_call(2024)
    bergen = Organisation.objects.get(kind="kommune", number="4601")
    vestland = Organisation.objects.get(kind="fylkeskommune", number="46")
    oslo = Organisation.objects.get(kind="kommune", number="0301")
    area1, area2, area7 = (PriorityArea.objects.get(call=call, number=n) for n in (1, 2, 7))
    assert not area1.is_open_to(bergen)
    assert area1.is_open_to(vestland) and area1.is_open_to(oslo)
    assert area2.is_open_to(bergen)
    assert not area7.is_open_to(bergen)  # governed by rundskriv 17/2024
