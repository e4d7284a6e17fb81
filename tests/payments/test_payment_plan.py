"""The payment plan made on acceptance: terms, exact parts, bank-day dates, references."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from core.calendar import is_bank_day
from core.money import split_exact
from payments.models import Payment
from payments.services import payment_plan_create_for_grant
from schemes.models import PayoutTerm
from tests.factories import (
    county_municipality,
    development_call,
    make_grant,
    municipality,
    reception_call,
    with_details,
)
from tests.payments.helpers import planned_grant

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("total", "parts", "expected"),
    [
        ("100000.01", 2, ["50000.00", "50000.01"]),
        ("0.03", 2, ["0.01", "0.02"]),
        ("1000000.00", 3, ["333333.33", "333333.33", "333333.34"]),
        ("7.77", 4, ["1.94", "1.94", "1.94", "1.95"]),
    ],
)
def test_split_exact_puts_remainder_on_last_term(total, parts, expected):
    result = split_exact(Decimal(total), parts)
    assert result == [Decimal(x) for x in expected]
    assert sum(result) == Decimal(total)


def test_development_grant_gets_two_terms_that_add_up():
    grant = planned_grant(amount="333333.33")
    payments = list(grant.payments.order_by("term_number"))
    assert [p.term_label for p in payments] == ["Vår", "Høst"]
    assert [p.amount for p in payments] == [Decimal("166666.66"), Decimal("166666.67")]
    assert sum(p.amount for p in payments) == grant.amount
    assert [p.planned_date for p in payments] == [dt.date(2024, 5, 15), dt.date(2024, 9, 16)]  # 15.09 is a Sunday
    assert all(is_bank_day(p.planned_date) for p in payments)
    assert all(p.status == Payment.Status.PLANNED for p in payments)


def test_reception_centre_grant_gets_one_annual_payment():
    grant = planned_grant(amount="1027680.00", call=reception_call(), accepted_on=dt.date(2024, 3, 1))
    (payment,) = grant.payments.all()
    assert payment.amount == Decimal("1027680.00")
    assert payment.planned_date == dt.date(2024, 4, 15)


def test_term_dates_move_across_easter_and_17_may():
    call = development_call()
    PayoutTerm.objects.filter(call=call, number=1).update(month=3, day=28)  # Maundy Thursday 2024
    PayoutTerm.objects.filter(call=call, number=2).update(month=5, day=17)
    grant = planned_grant(amount="1000.01", call=call, accepted_on=dt.date(2024, 2, 20))
    assert [p.planned_date for p in grant.payments.order_by("term_number")] == [
        dt.date(2024, 4, 2),
        dt.date(2024, 5, 21),
    ]


def test_term_passed_at_acceptance_is_planned_for_next_bank_day_after_acceptance():
    # Accepted on Maundy Thursday 2024, after the spring term (15 May moved to 15 March here).
    call = development_call()
    PayoutTerm.objects.filter(call=call, number=1).update(month=3, day=15)
    grant = planned_grant(amount="200000.00", call=call, accepted_on=dt.date(2024, 3, 28))
    spring, autumn = grant.payments.order_by("term_number")
    assert spring.planned_date == dt.date(2024, 4, 2)
    assert autumn.planned_date == dt.date(2024, 9, 16)


def test_plan_is_idempotent():
    grant = planned_grant(amount="100000.00")
    with time_machine.travel(dt.datetime(2024, 3, 2, 12, 0), tick=False):
        again = payment_plan_create_for_grant(grant=grant)
    assert len(again) == 2
    assert grant.payments.count() == 2
    assert grant.payments.first().planned_date == dt.date(2024, 5, 15)


def test_references_are_unique_and_fit_end_to_end_id():
    grants = [
        planned_grant(amount="1000.00"),
        planned_grant(with_details(county_municipality(), seed=7), amount="1000.00"),
    ]
    references = list(Payment.objects.filter(grant__in=grants).values_list("reference", flat=True))
    assert len(references) == len(set(references)) == 4
    assert all(len(r) <= 35 for r in references)


def test_only_the_decided_year_is_planned():
    """A multi-year project: the 2024 grant gets its plan; 2025 is planned only when a 2025
    Grant exists and is accepted."""
    grant = planned_grant(amount="400000.00")
    assert set(Payment.objects.values_list("grant__year", flat=True)) == {2024}
    later = make_grant(municipality(), call=development_call(), amount="300000.00", status="accepted", year=2025)
    with time_machine.travel(dt.datetime(2025, 3, 3, 12, 0), tick=False):
        payment_plan_create_for_grant(grant=later)
    dates = list(later.payments.order_by("term_number").values_list("planned_date", flat=True))
    assert dates == [dt.date(2025, 5, 15), dt.date(2025, 9, 15)]
    assert grant.payments.count() == 2


def test_plan_is_recorded_in_case_log():
    from core.models import CaseEvent

    grant = planned_grant(amount="1000.00")
    event = CaseEvent.objects.get(object_id=grant.pk, action="payment_plan_created")
    assert len(event.data["payments"]) == 2
