"""The participant allowance (issue 12 items 1 and 4): applied for per year and participant,
capped at 1 G per participant for the G of that year, awarded beside the project amount (each
within its own cap), counted in the frames, printed as its own line and paid in the terms."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from applications.models import BudgetLine, Grant
from applications.selectors.assessment import ranking
from applications.services.application import allowance_cap_per_year
from applications.services.assessment import decision_amount_change, decision_approve, decision_propose
from payments.models import Payment
from schemes.selectors import g_for_project_year, g_on
from tests.factories import (
    application_advance,
    budget_holder,
    development_call,
    grant_advance,
    make_application,
    municipality,
    officer,
    with_details,
)
from tests.grants.helpers import pdf_text

pytestmark = pytest.mark.django_db

G_2022, G_2023, G_2024 = Decimal("111477.00"), Decimal("118620.00"), Decimal("124028.00")
PARTICIPANTS = 12


def application_with_allowance(*, call=None, years=("500000.00",), allowances=None):
    """A submitted area-2 application whose budget years also apply for allowance; the cost
    lines cover the financing (the budget adds up)."""
    call = call or development_call()
    org = with_details(municipality(), seed=11)
    draft = make_application(org, call=call, budget=[Decimal(y) for y in years], participants=PARTICIPANTS)
    for budget_year, allowance in zip(draft.budget_years.order_by("year_index"), allowances or [], strict=False):
        budget_year.participant_allowance = Decimal(allowance)
        budget_year.save()
        BudgetLine.objects.create(
            budget_year=budget_year,
            category=BudgetLine.Category.PARTICIPANT_ALLOWANCE,
            description="Deltakerstønad",
            amount=Decimal(allowance),
        )
    return application_advance(draft, "submitted")


def test_g_from_1_may_2022_is_loaded_so_a_2023_call_finds_its_g():
    call = development_call(2023)
    assert call.g_reference_date() == dt.date(2023, 2, 14)
    assert g_on(call.g_reference_date()) == G_2022
    assert g_on(dt.date(2023, 4, 30)) == G_2022
    assert g_on(dt.date(2023, 5, 1)) == G_2023


def test_each_project_year_uses_the_g_the_portal_documents():
    call_2023, call_2024 = development_call(2023), development_call(2024)
    assert [g_for_project_year(call_2023, year) for year in (2023, 2024, 2025)] == [G_2022, G_2023, G_2024]
    assert [g_for_project_year(call_2024, year) for year in (2024, 2025)] == [G_2023, G_2024]


def test_allowance_cap_is_one_g_per_participant_for_the_year():
    app = application_with_allowance(years=("500000.00", "400000.00", "300000.00"))
    assert allowance_cap_per_year(app, 2024) == G_2023 * PARTICIPANTS
    assert allowance_cap_per_year(app, 2025) == G_2024 * PARTICIPANTS
    assert allowance_cap_per_year(app) == G_2023 * PARTICIPANTS


def test_2023_call_caps_the_allowance_at_the_2022_g():
    """Before: no G on 14.02.2023, so the cap was skipped and any allowance passed."""
    cap = G_2022 * PARTICIPANTS
    app = application_with_allowance(call=development_call(2023), allowances=[str(cap)])
    assert allowance_cap_per_year(app, 2023) == cap
    with pytest.raises(ValidationError) as exc:
        decision_propose(application=app, actor=officer(), outcome="award", amount="500000", allowance=cap + 1)
    assert "allowance" in exc.value.message_dict


def test_allowance_at_1_g_is_awarded_beside_the_project_amount_and_counted_in_the_frame():
    full = G_2023 * PARTICIPANTS  # 1 423 440 kr: 1 G per participant
    app = application_with_allowance(allowances=[str(full)])
    decision = decision_propose(application=app, actor=officer(), outcome="award", amount="500000", allowance=full)
    decision_approve(decision=decision, actor=budget_holder())
    grant = Grant.objects.get(application=app)
    assert grant.allowance == full
    assert grant.project_amount == Decimal("500000.00")
    assert grant.amount == Decimal("500000.00") + full
    # The ranking plans both parts against the frames.
    (row,) = ranking(call=app.call, area=app.area)["rows"]
    assert row["planned"] == grant.amount
    assert row["application"].allowance_applied == full


def test_each_part_within_its_own_cap():
    app = application_with_allowance(allowances=["100000.00"])
    o = officer()
    # The project amount may not borrow from the allowance, nor the allowance from the project.
    with pytest.raises(ValidationError) as exc:
        decision_propose(application=app, actor=o, outcome="award", amount="500000.01", allowance="0")
    assert "amount" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        decision_propose(application=app, actor=o, outcome="award", amount="400000", allowance="100000.01")
    assert set(exc.value.message_dict) == {"allowance"}
    decision = decision_propose(application=app, actor=o, outcome="award", amount="400000", allowance="100000")
    with pytest.raises(ValidationError) as exc:
        decision_amount_change(decision=decision, actor=o, amount="400000", allowance="100000.01")
    assert "allowance" in exc.value.message_dict
    decision = decision_amount_change(decision=decision, actor=o, amount="450000", allowance="60000")
    assert (decision.amount, decision.allowance) == (Decimal("450000.00"), Decimal("60000.00"))


def test_area_without_allowance_awards_none():
    app = make_application(with_details(municipality(), seed=5), area_number=4, status="submitted")
    with pytest.raises(ValidationError) as exc:
        decision_propose(application=app, actor=officer(), outcome="award", amount="400000", allowance="1")
    assert "allowance" in exc.value.message_dict


def test_later_years_carry_their_allowance_within_that_years_g():
    cap_2025 = G_2024 * PARTICIPANTS
    # 2025's allowance is above 2024's cap (G of 1 May 2023) but within 2025's (G of 1 May 2024):
    # the application is complete only because each year has its own G.
    assert cap_2025 > G_2023 * PARTICIPANTS
    app = application_with_allowance(years=("500000.00", "400000.00"), allowances=["100000.00", str(cap_2025)])
    o = officer()
    with pytest.raises(ValidationError) as exc:
        decision_propose(
            application=app,
            actor=o,
            outcome="award",
            amount="500000",
            later_years=[{"year": 2025, "amount": "400000", "allowance": str(cap_2025 + 1)}],
        )
    assert "later_years" in exc.value.message_dict
    decision = decision_propose(
        application=app,
        actor=o,
        outcome="award",
        amount="500000",
        allowance="100000",
        later_years=[{"year": 2025, "amount": "400000", "allowance": str(cap_2025)}],
    )
    assert decision.later_years == [{"year": 2025, "amount": "400000.00", "allowance": str(cap_2025)}]


def test_letter_prints_the_allowance_line_and_the_terms_split_the_whole_exactly():
    app = application_with_allowance(allowances=["100000.01"])
    decision = decision_propose(
        application=app, actor=officer(), outcome="award", amount="333333.33", allowance="100000.01"
    )
    decision_approve(decision=decision, actor=budget_holder())
    grant = grant_advance(Grant.objects.get(application=app), "accepted")
    letter = grant.letters.order_by("-version").first()
    text = pdf_text(letter.pdf.read())
    assert "Deltakerstønad 100 000,01 kr" in text
    assert "Tilskudd til prosjektet 333 333,33 kr" in text
    payments = list(Payment.objects.filter(grant=grant).order_by("term_number"))
    assert len(payments) == 2
    assert sum(p.amount for p in payments) == Decimal("433333.34") == grant.amount
