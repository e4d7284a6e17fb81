"""Each rule of rundskriv 08/2024, passing and failing, in the one completeness check."""

import datetime as dt
from decimal import Decimal

import pytest

from applications.models import BudgetYear
from applications.services.application import allowance_cap_per_year, application_problems
from tests.applications.helpers import complete_application
from tests.factories import county_municipality, development_call, municipality

pytestmark = pytest.mark.django_db


def fields_with_problems(application):
    return {p.field for p in application_problems(application)}


def test_complete_application_has_no_problems():
    assert application_problems(complete_application()) == []


def test_empty_draft_lists_every_missing_field_in_norwegian():
    application = complete_application()
    application.area = None
    for name in [
        "title",
        "summary",
        "goals",
        "target_group",
        "activities",
        "criterion_purpose",
        "criterion_delivery",
        "criterion_transfer",
        "contact_name",
        "contact_email",
        "contact_phone",
    ]:
        setattr(application, name, "")
    application.project_start = application.project_end = application.participants = None
    application.save()
    application.earlier_projects.all().delete()
    application.budget_years.all().delete()
    problems = application_problems(application)
    fields = {p.field for p in problems}
    assert {
        "area",
        "title",
        "summary",
        "goals",
        "target_group",
        "activities",
        "criterion_purpose",
        "criterion_delivery",
        "criterion_transfer",
        "contact_name",
        "contact_email",
        "contact_phone",
        "project_start",
        "project_end",
        "participants",
        "earlier_projects",
        "budget",
    } <= fields
    assert "Prosjekttittel mangler." in [p.message for p in problems]


def test_municipality_cannot_apply_in_area_1():
    application = complete_application(municipality(), area_number=1)
    assert "area" in fields_with_problems(application)


def test_county_municipality_can_apply_in_area_1():
    application = complete_application(county_municipality(), area_number=1)
    assert "area" not in fields_with_problems(application)


def test_county_municipality_cannot_apply_in_area_2():
    application = complete_application(county_municipality(), area_number=2)
    assert "area" in fields_with_problems(application)


def test_area_with_separate_circular_is_refused():
    application = complete_application(area_number=7)
    assert "area" in fields_with_problems(application)


@pytest.mark.parametrize(("participants", "ok"), [(9, False), (10, True), (11, True)])
def test_minimum_participants(participants, ok):
    application = complete_application(participants=participants)
    assert ("participants" not in fields_with_problems(application)) is ok


@pytest.mark.parametrize(
    ("end", "ok"),
    [(dt.date(2027, 2, 28), True), (dt.date(2027, 3, 1), False), (dt.date(2026, 12, 31), True)],
)
def test_project_period_at_most_three_years(end, ok):
    application = complete_application(project_start=dt.date(2024, 3, 1), project_end=end)
    for index, year in enumerate(range(2025, end.year + 1), start=2):
        BudgetYear.objects.create(
            application=application, year_index=index, year=year, own_contribution=1, amount_applied=1
        )
    assert ("project_end" not in fields_with_problems(application)) is ok


def test_budget_needs_one_year_per_project_year():
    application = complete_application(project_start=dt.date(2024, 3, 1), project_end=dt.date(2025, 6, 30))
    assert "budget" in fields_with_problems(application)
    BudgetYear.objects.create(application=application, year_index=2, year=2025, own_contribution=1, amount_applied=1)
    assert "budget" not in fields_with_problems(application)


@pytest.mark.parametrize(("own", "ok"), [("0.00", False), ("0.01", True), ("100000.00", True)])
def test_own_contribution_must_be_above_zero(own, ok):
    application = complete_application()
    application.budget_years.update(own_contribution=Decimal(own))
    assert ("own_contribution" not in fields_with_problems(application)) is ok


def test_own_contribution_not_needed_when_call_does_not_require_it():
    call = development_call()
    call.own_contribution_required = False
    call.save()
    application = complete_application()
    application.budget_years.update(own_contribution=0)
    assert "own_contribution" not in fields_with_problems(application)


def test_area_3_requires_a_supervisor():
    application = complete_application(area_number=3, supervisor_name="")
    application.supervisor_name = ""
    application.supervisor_institution = ""
    application.save()
    assert {"supervisor_name", "supervisor_institution"} <= fields_with_problems(application)
    application.supervisor_name = "Vera Veileder"
    application.supervisor_institution = "Universitetet i Bergen"
    application.save()
    assert not {"supervisor_name", "supervisor_institution"} & fields_with_problems(application)


def test_area_2_does_not_require_a_supervisor():
    assert "supervisor_name" not in fields_with_problems(complete_application(area_number=2))


def test_allowance_cap_is_g_at_deadline_times_participants():
    application = complete_application(area_number=2, participants=12)
    # G on 14 Feb 2024 is 118 620 (the 1 May 2023 rate); area 2 allows 1 G per participant per year.
    assert allowance_cap_per_year(application) == Decimal("118620.00") * 12


@pytest.mark.parametrize(("extra", "ok"), [("0.00", True), ("0.01", False)])
def test_allowance_at_the_cap_passes_and_above_fails(extra, ok):
    application = complete_application(area_number=2, participants=12)
    cap = allowance_cap_per_year(application)
    application.budget_years.update(participant_allowance=cap + Decimal(extra))
    assert ("participant_allowance" not in fields_with_problems(application)) is ok


def test_area_without_allowance_refuses_any_allowance():
    application = complete_application(area_number=4)
    assert allowance_cap_per_year(application) == 0
    application.budget_years.update(participant_allowance=Decimal("1.00"))
    assert "participant_allowance" in fields_with_problems(application)


def test_per_applicant_cap_of_area_1():
    application = complete_application(county_municipality(), area_number=1)
    application.budget_years.update(amount_applied=Decimal("1500000.00"), participant_allowance=0)
    assert "amount_applied" not in fields_with_problems(application)
    application.budget_years.update(amount_applied=Decimal("1500000.01"))
    assert "amount_applied" in fields_with_problems(application)


def test_applicant_cannot_be_its_own_partner():
    application = complete_application()
    application.partners.add(application.organisation)
    assert "partners" in fields_with_problems(application)
