"""The lifecycle factories reach every state through the services: each step leaves the case
event the real step leaves, and an accepted grant carries what acceptance creates."""

import pytest

from applications.models import Application, Grant
from core.models import CaseEvent
from tests.factories import ApplicationFactory, GrantFactory, make_grant, reception_call

pytestmark = pytest.mark.django_db

APPLICATION_STEPS = {
    "draft": ["created"],
    "awaiting_approval": ["created", "sent_for_approval"],
    "returned": ["created", "sent_for_approval", "sent_back"],
    "submitted": ["created", "sent_for_approval", "submitted"],
    "in_assessment": ["created", "sent_for_approval", "submitted", "assessment_started"],
    "awarded": ["created", "sent_for_approval", "submitted", "assessment_started", "decision_proposed"],
    "withdrawn": ["created", "withdrawn"],
}


def _actions(obj):
    return list(
        CaseEvent.objects.filter(
            object_id=obj.pk, action__in=sum(APPLICATION_STEPS.values(), []) + ["decision_approved"]
        )
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.mark.parametrize("state", list(APPLICATION_STEPS))
def test_application_trait_walks_the_real_path(state):
    application = ApplicationFactory(**{state: True})
    expected_status = Application.Status.DRAFT if state == "returned" else state
    assert application.status == expected_status
    expected = APPLICATION_STEPS[state] + (["decision_approved"] if state == "awarded" else [])
    assert _actions(application) == expected
    if state in ("submitted", "in_assessment", "awarded"):
        assert application.case_number.startswith("24/")
        assert application.submitted_by.memberships.get(organisation=application.organisation).role == "approver"


@pytest.mark.parametrize("state", ["decided", "letter_sent", "accepted", "declined", "lapsed"])
def test_grant_trait_walks_the_real_path(state):
    grant = GrantFactory(**{state: True})
    assert grant.status == state
    assert grant.decision.status == "approved"
    assert grant.decision.approved_by != grant.decision.proposed_by
    assert grant.letters.exists() == (state != "decided")
    assert hasattr(grant, "acceptance") == (state in ("accepted", "declined"))
    if state == "accepted":
        assert grant.payments.count() == 2
        assert grant.report_obligations.count() == 3


def test_reception_grant_is_computed_from_an_agreement():
    grant = make_grant(call=reception_call(), amount="770760.00", places=30, months=12, status="accepted")
    assert (grant.application, grant.places, grant.months, grant.status) == (None, 30, 12, Grant.Status.ACCEPTED)


def test_an_amount_the_rate_cannot_give_is_refused():
    with pytest.raises(ValueError, match="place-months"):
        make_grant(call=reception_call(), amount="1000.00")


def test_later_year_grant_belongs_to_the_same_decision():
    grant = make_grant(year=2025, amount="300000.00", status="accepted")
    first = Grant.objects.get(decision=grant.decision, year=2024)
    assert (grant.year, grant.case_number) == (2025, first.case_number)
    assert grant.decision.later_years == [{"year": 2025, "amount": "300000.00"}]
