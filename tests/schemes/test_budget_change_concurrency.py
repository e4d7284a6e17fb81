"""Budget changes and approvals at the same moment (PostgreSQL row locks): one request is
decided once, and a frame never ends below what is awarded against it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from applications.models import Grant
from applications.selectors.assessment import budget_used
from applications.services.assessment import decision_approve, decision_propose
from core.models import CaseEvent
from schemes.models import BudgetChange, Call, PriorityArea
from schemes.services import budget_change_approve, budget_change_request
from tests.assessment.helpers import submitted
from tests.concurrency import run_in_threads, skip_unless_postgres
from tests.factories import budget_holder, development_call, officer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    skip_unless_postgres()


@pytest.mark.parametrize("attempt", range(2))
def test_two_budget_holders_approve_the_same_request_at_once(attempt):
    call = development_call()
    change = budget_change_request(actor=officer(), kind="call_frame", call=call, new_amount="65000000", reason="RNB.")
    holders = [budget_holder(), budget_holder()]
    results = run_in_threads([lambda h=h: budget_change_approve(change=change, actor=h) for h in holders])
    kinds = sorted(kind for kind, _ in results)
    assert kinds == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, ValidationError) and "allerede avgjort" in error.messages[0]
    assert Call.objects.get(pk=call.pk).frame == Decimal("65000000.00")
    assert CaseEvent.objects.filter(action="budget_change_approved").count() == 1
    assert BudgetChange.objects.get(pk=change.pk).status == BudgetChange.Status.APPROVED


@pytest.mark.parametrize("attempt", range(3))
def test_lowering_an_area_frame_while_an_award_is_approved(attempt):
    """Area 8 has 10 MNOK; a 6 MNOK award and a cut to 5 MNOK race: exactly one wins."""
    o, h = officer(), budget_holder()
    area = PriorityArea.objects.get(call=development_call(), number=8)
    decision = decision_propose(
        application=submitted(area_number=8, amount="6000000"), actor=o, outcome="award", amount="6000000"
    )
    results = run_in_threads(
        [
            lambda: decision_approve(decision=decision, actor=h, expected_version=1),
            lambda: budget_change_request(
                actor=officer(), kind="area_frame", area=area, new_amount="5000000", reason="Kutt."
            ),
        ]
    )
    kinds = [kind for kind, _ in results]
    assert sorted(kinds) == ["error", "ok"], results
    assert all(isinstance(value, ValidationError) for kind, value in results if kind == "error")
    area.refresh_from_db()
    used = budget_used(call=area.call, area=area)["area"]
    assert used <= area.frame
    if kinds[0] == "ok":  # the award won: the frame stays
        assert area.frame == Decimal("10000000.00") and Grant.objects.count() == 1
    else:
        assert area.frame == Decimal("5000000.00") and not Grant.objects.exists()


def test_approving_a_move_while_an_award_uses_up_the_target_share():
    """The call moves to a share with 8 293 000 kr; an award of 8 MNOK in the call at the same
    moment: never both over the share."""
    from schemes.models import AppropriationShare

    o = officer()
    call = development_call()
    target = AppropriationShare.objects.get(appropriation__year=2024, label="Kvalifiseringstiltak i integreringsmottak")
    # 1 MNOK already awarded in the call makes 1 + 8 > 8.293 MNOK at the target.
    first = decision_propose(
        application=submitted(area_number=2, amount="1000000"), actor=o, outcome="award", amount="1000000"
    )
    decision_approve(decision=first, actor=budget_holder())
    change = budget_change_request(actor=o, kind="call_share", call=call, new_share=target, reason="Flytt.")
    decision = decision_propose(
        application=submitted(area_number=8, amount="8000000"), actor=o, outcome="award", amount="8000000"
    )
    results = run_in_threads(
        [
            lambda: decision_approve(decision=decision, actor=budget_holder(), expected_version=1),
            lambda: budget_change_approve(change=change, actor=budget_holder()),
        ]
    )
    assert sorted(kind for kind, _ in results) == ["error", "ok"], results
    call = Call.objects.get(pk=call.pk)
    used = budget_used(call=call)
    assert used["share"] <= call.appropriation_share.amount
