"""Deadlines that end on a weekend or public holiday move to the next working day (issue 12
item 5; domstolloven § 149 as forvaltningsloven applies it): the dismissal's appeal deadline."""

import datetime as dt

import pytest

from applications.services.appeal import appeal_register, decision_received_record
from tests.assessment.helpers import dismiss, submitted
from tests.factories import budget_holder, officer, on_day

pytestmark = pytest.mark.django_db


def dismissed_on(day):
    application = submitted()
    with on_day(day):
        return dismiss(application, officer=officer(), holder=budget_holder())


@pytest.mark.parametrize(
    ("received_on", "deadline"),
    [
        (dt.date(2024, 3, 4), dt.date(2024, 3, 25)),  # three weeks end on a Monday: unchanged
        (dt.date(2024, 6, 1), dt.date(2024, 6, 24)),  # ends Saturday 22 June → Monday 24 June
        (dt.date(2024, 6, 2), dt.date(2024, 6, 24)),  # ends Sunday 23 June → Monday 24 June
        (dt.date(2024, 3, 8), dt.date(2024, 4, 2)),  # ends Good Friday → past Easter to Tuesday 2 April
        (dt.date(2024, 4, 26), dt.date(2024, 5, 21)),  # ends 17 May → past Whit Monday 20 May
        (dt.date(2024, 12, 3), dt.date(2024, 12, 27)),  # ends Christmas Eve → past Christmas
    ],
)
def test_appeal_deadline_moves_to_the_next_working_day(received_on, deadline):
    decision = dismissed_on(dt.date(2024, 3, 1))
    decision = decision_received_record(decision=decision, received_on=received_on)
    assert decision.appeal_deadline == deadline


def test_an_appeal_on_the_moved_day_is_in_time():
    decision = dismissed_on(dt.date(2024, 3, 1))
    decision = decision_received_record(decision=decision, received_on=dt.date(2024, 6, 1))
    on_monday = appeal_register(decision=decision, received_on=dt.date(2024, 6, 24), actor=officer())
    assert not on_monday.is_late
    on_tuesday = appeal_register(decision=decision, received_on=dt.date(2024, 6, 25), actor=officer())
    assert on_tuesday.is_late
