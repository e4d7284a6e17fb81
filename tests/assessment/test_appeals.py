import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from applications.services.appeal import appeal_forward, appeal_register, decision_received_record
from core.models import CaseEvent
from tests.assessment.helpers import award, dismiss, submitted
from tests.factories import budget_holder, officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def dismissal():
    decision = dismiss(submitted(), officer=officer(), holder=budget_holder())
    decision.approved_at = dt.datetime(2024, 3, 1, 12, tzinfo=dt.UTC)
    decision.save(update_fields=["approved_at"])
    return decision


def test_deadline_is_three_weeks_from_receipt(dismissal):
    decision_received_record(decision=dismissal, received_on=dt.date(2024, 3, 4), actor=officer())
    dismissal.refresh_from_db()
    assert dismissal.appeal_deadline == dt.date(2024, 3, 25)


def test_appeal_on_the_last_day_is_in_time_and_the_day_after_is_late(dismissal):
    decision_received_record(decision=dismissal, received_on=dt.date(2024, 3, 4))
    o = officer()
    in_time = appeal_register(decision=dismissal, received_on=dt.date(2024, 3, 25), actor=o)
    late = appeal_register(decision=dismissal, received_on=dt.date(2024, 3, 26), actor=o)
    assert in_time.is_late is False
    assert late.is_late is True
    event = CaseEvent.objects.filter(action="appeal_registered").last()
    assert event.data["is_late"] is True and event.data["deadline"] == "2024-03-25"


def test_deadline_crosses_month_and_year():
    decision = dismiss(submitted(), officer=officer(), holder=budget_holder())
    decision.approved_at = dt.datetime(2024, 12, 10, 12, tzinfo=dt.UTC)
    decision.save(update_fields=["approved_at"])
    decision_received_record(decision=decision, received_on=dt.date(2024, 12, 20))
    decision.refresh_from_db()
    assert decision.appeal_deadline == dt.date(2025, 1, 10)


def test_receipt_before_decision_refused(dismissal):
    with pytest.raises(ValidationError):
        decision_received_record(decision=dismissal, received_on=dt.date(2024, 2, 28))


def test_earliest_receipt_stands(dismissal):
    decision_received_record(decision=dismissal, received_on=dt.date(2024, 3, 4))
    decision_received_record(decision=dismissal, received_on=dt.date(2024, 3, 10))
    dismissal.refresh_from_db()
    assert dismissal.received_on == dt.date(2024, 3, 4)


def test_only_dismissals_can_be_appealed():
    decision = award(submitted(), officer=officer(), holder=budget_holder(), amount="100000")
    with pytest.raises(ValidationError) as exc:
        appeal_register(decision=decision, received_on=dt.date(2024, 3, 5), actor=officer())
    assert "avvisning" in " ".join(exc.value.messages)


def test_forwarding_to_the_ministry_recorded_once(dismissal):
    o = officer()
    appeal = appeal_register(decision=dismissal, received_on=dt.date(2024, 3, 10), actor=o)
    appeal_forward(appeal=appeal, forwarded_on=dt.date(2024, 3, 20), actor=o)
    appeal.refresh_from_db()
    assert appeal.forwarded_to_ministry_on == dt.date(2024, 3, 20)
    assert CaseEvent.objects.filter(action="appeal_forwarded").count() == 1
    with pytest.raises(ValidationError):
        appeal_forward(appeal=appeal, forwarded_on=dt.date(2024, 3, 21), actor=o)
