import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.models import Application, Decision
from applications.services.assessment import decision_approve, decision_propose, decision_return
from core.models import CaseEvent
from organisations.roles import BUDGET_HOLDER
from tests.assessment.helpers import submitted
from tests.factories import budget_holder, finance, officer

pytestmark = pytest.mark.django_db


def test_officer_proposes_budget_holder_approves():
    app = submitted()
    o, h = officer(), budget_holder()
    decision = decision_propose(application=app, actor=o, outcome="award", amount="400000")
    app.refresh_from_db()
    assert decision.status == Decision.Status.PROPOSED
    assert app.status == Application.Status.IN_ASSESSMENT
    decision_approve(decision=decision, actor=h)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.APPROVED
    assert decision.approved_by == h
    actions = list(CaseEvent.objects.filter(object_id=app.pk).values_list("action", flat=True))
    assert "decision_proposed" in actions and "decision_approved" in actions


def test_same_person_cannot_propose_and_approve():
    app = submitted()
    both = officer()
    both.groups.add(*budget_holder().groups.all())
    both._imdi_group_names = None
    del both._imdi_group_names
    decision = decision_propose(application=app, actor=both, outcome="award", amount="400000")
    with pytest.raises(ValidationError) as exc:
        decision_approve(decision=decision, actor=both)
    assert "fire øyne" in exc.value.messages[0]
    decision.refresh_from_db()
    assert decision.status == Decision.Status.PROPOSED
    app.refresh_from_db()
    assert app.status == Application.Status.IN_ASSESSMENT
    assert not app.grants.exists()


def test_database_refuses_same_proposer_and_approver():
    app = submitted()
    o = officer()
    decision = decision_propose(application=app, actor=o, outcome="reject", reason="Lav score.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(approved_by=o, approved_at=timezone.now(), status="approved")


def test_officer_cannot_approve_and_budget_holder_cannot_propose():
    app = submitted()
    o, o2 = officer(), officer()
    decision = decision_propose(application=app, actor=o, outcome="award", amount="400000")
    with pytest.raises(PermissionDenied):
        decision_approve(decision=decision, actor=o2)
    with pytest.raises(PermissionDenied):
        decision_approve(decision=decision, actor=finance())
    with pytest.raises(PermissionDenied):
        decision_propose(application=submitted(), actor=budget_holder(), outcome="reject", reason="x")


def test_returned_proposal_cannot_be_approved_and_a_new_one_can_be_made():
    app = submitted()
    o, h = officer(), budget_holder()
    decision = decision_propose(application=app, actor=o, outcome="award", amount="400000")
    with pytest.raises(ValidationError):
        decision_propose(application=app, actor=o, outcome="award", amount="300000")
    decision_return(decision=decision, actor=h, comment="Senk beløpet.")
    with pytest.raises(ValidationError):
        decision_approve(decision=decision, actor=h)
    second = decision_propose(application=app, actor=o, outcome="award", amount="300000")
    decision_approve(decision=second, actor=h)
    assert app.grants.get().amount == 300000


def test_budget_holder_group_exists():
    from django.contrib.auth.models import Group

    assert Group.objects.filter(name=BUDGET_HOLDER).exists()
