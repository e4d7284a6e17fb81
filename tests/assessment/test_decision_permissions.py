"""Who may take each step of a decision (applications.rules, declared on the Decision
transitions): an officer proposes and revises, a budget holder approves and returns; the
admin buttons come from the state machine."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from applications.models import Application, Decision
from applications.services.assessment import (
    decision_amount_change,
    decision_approve,
    decision_propose,
    decision_return,
)
from core.transitions import available_actions, may
from tests.assessment.helpers import submitted
from tests.factories import budget_holder, finance, member, officer

pytestmark = pytest.mark.django_db


def proposed(outcome="award", **kw):
    app = submitted()
    if outcome == "award":
        kw.setdefault("amount", "400000")
    else:
        kw.setdefault("reason", "Utenfor formålet.")
    return decision_propose(application=app, actor=officer(), outcome=outcome, **kw)


def test_budget_holder_cannot_propose():
    with pytest.raises(PermissionDenied):
        decision_propose(application=submitted(), actor=budget_holder(), outcome="award", amount="400000")
    assert not Decision.objects.exists()


def test_officer_cannot_approve_a_decision():
    decision = proposed()
    with pytest.raises(PermissionDenied):
        decision_approve(decision=decision, actor=officer())
    decision.refresh_from_db()
    assert decision.is_proposed and decision.approved_by is None
    assert decision.application.status == Application.Status.IN_ASSESSMENT


def test_officer_and_finance_cannot_return_a_proposal():
    decision = proposed()
    for user in (officer(), finance()):
        with pytest.raises(PermissionDenied):
            decision_return(decision=decision, actor=user)
    decision.refresh_from_db()
    assert decision.is_proposed


def test_municipal_approver_may_take_no_decision_step():
    decision = proposed()
    approver = member(decision.application.organisation, role="approver")
    for transition in ("approve", "return_to_officer", "revise"):
        assert not may(decision, approver, transition)
    assert available_actions(decision, approver) == []


def test_budget_holder_cannot_revise_the_amount():
    decision = proposed()
    with pytest.raises(PermissionDenied):
        decision_amount_change(decision=decision, actor=budget_holder(), amount="300000")
    decision.refresh_from_db()
    assert decision.amount == 400000 and decision.version == 1


def test_revising_is_only_for_a_proposed_award():
    decision = proposed(outcome="reject")
    assert not may(decision, officer(), "revise")
    with pytest.raises(ValidationError):
        decision_amount_change(decision=decision, actor=officer(), amount="300000")


def test_revise_keeps_the_proposal_and_logs_the_change():
    decision = proposed()
    decision = decision_amount_change(decision=decision, actor=officer(), amount="300000")
    decision.refresh_from_db()
    assert decision.is_proposed and decision.version == 2 and decision.amount == 300000


def test_actions_per_role():
    decision = proposed()
    assert {a.name for a in available_actions(decision, budget_holder())} == {"approve", "return_to_officer"}
    assert {a.name for a in available_actions(decision, officer())} == {"revise"}
    assert available_actions(decision, finance()) == []


def test_an_approved_decision_offers_no_step():
    decision = proposed()
    decision_approve(decision=decision, actor=budget_holder())
    decision.refresh_from_db()
    assert available_actions(decision, budget_holder()) == []
    assert available_actions(decision, officer()) == []
    with pytest.raises(ValidationError):
        decision_return(decision=decision, actor=budget_holder())


def test_status_cannot_be_assigned():
    decision = proposed()
    with pytest.raises(AttributeError):
        decision.status = Decision.Status.APPROVED


def test_admin_buttons_come_from_the_state_machine(client):
    decision = proposed()
    change = reverse("admin:applications_decision_change", args=[decision.pk])
    approve = reverse("admin:applications_decision_approve", args=[decision.pk])
    amount = reverse("admin:applications_decision_amount", args=[decision.pk])
    client.force_login(budget_holder())
    page = client.get(change).content.decode()
    assert approve in page and amount not in page
    client.force_login(officer())
    page = client.get(change).content.decode()
    assert amount in page and approve not in page
    # The proposer's colleague sees the button; the proposer as budget holder would not (four eyes).
    client.force_login(decision.proposed_by)
    assert approve not in client.get(change).content.decode()
