"""Budget changes on the policy layer: a protected state machine whose decide transitions carry
their permission (schemes.rules), and frame rules that ask applications' committed awards
through the source it registers (schemes sits below applications and imports nothing of it)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from applications.selectors.assessment import budget_used, committed_awards
from core.transitions import available_actions, may
from schemes import selectors as scheme_selectors
from schemes.models import BudgetChange
from schemes.services import budget_change_approve, budget_change_request
from tests.assessment.helpers import award, submitted
from tests.factories import budget_holder, development_call, finance, officer

pytestmark = pytest.mark.django_db


def _pending(actor=None):
    return budget_change_request(
        actor=actor or officer(), kind="call_frame", call=development_call(), new_amount="70000000", reason="Mer."
    )


def test_the_status_is_protected_and_reloads():
    change = _pending()
    with pytest.raises(AttributeError):
        change.status = BudgetChange.Status.APPROVED
    change.refresh_from_db()
    assert change.status == BudgetChange.Status.PENDING and change.is_pending


def test_only_another_budget_holder_is_offered_the_decision():
    requester = budget_holder()
    change = _pending(requester)
    other = budget_holder()
    assert [a.name for a in available_actions(change, other)] == ["approve", "refuse"]
    assert available_actions(change, requester) == []
    assert available_actions(change, officer()) == []
    assert available_actions(change, finance()) == []
    budget_change_approve(change=change, actor=other)
    change.refresh_from_db()
    assert change.status == BudgetChange.Status.APPROVED
    assert not may(change, budget_holder(), "refuse")


def test_an_officer_may_not_decide_or_ask_to_move_appropriation_money():
    change = _pending()
    with pytest.raises(PermissionDenied):
        budget_change_approve(change=change, actor=officer())
    appropriation = change.call.appropriation_share.appropriation
    with pytest.raises(PermissionDenied):
        budget_change_request(
            actor=officer(), kind="appropriation_amount", appropriation=appropriation, new_amount="1", reason="x"
        )
    assert BudgetChange.objects.count() == 1


def test_schemes_counts_awards_through_the_source_applications_registered():
    assert [committed_awards] == scheme_selectors._COMMITTED_AWARDS
    application = submitted(amount="400000")
    award(application, officer=officer(), holder=budget_holder(), amount="400000")
    call, area = application.call, application.area
    assert scheme_selectors.awarded_in_call(call) == budget_used(call=call)["call"] == Decimal("400000.00")
    assert scheme_selectors.awarded_in_area(area) == budget_used(call=call, area=area)["area"]
    assert scheme_selectors.awarded_most_to_one_applicant(area) == Decimal("400000.00")
    assert scheme_selectors.awarded_against_share(call.appropriation_share) == Decimal("400000.00")
