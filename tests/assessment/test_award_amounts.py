from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from applications.models import Application, Grant
from applications.services.assessment import decision_amount_change, decision_approve, decision_propose
from core.models import CaseEvent
from tests.assessment.helpers import award, submitted
from tests.factories import budget_holder, officer

pytestmark = pytest.mark.django_db


def test_award_creates_the_first_year_grant_exact_to_the_ore():
    app = submitted(amount="750000.00", years=["600000.00", "450000.00"])
    o, h = officer(), budget_holder()
    decision = decision_propose(
        application=app,
        actor=o,
        outcome="award",
        amount="333333.33",
        special_conditions="Rapport om veiledning innen 1. juni.",
    )
    decision_approve(decision=decision, actor=h)
    app.refresh_from_db()
    assert app.status == Application.Status.AWARDED
    grant = Grant.objects.get(application=app)
    assert grant.amount == Decimal("333333.33")
    assert grant.year == 2024
    assert grant.case_number == app.case_number
    assert grant.status == Grant.Status.DECIDED
    assert grant.decision == decision
    assert grant.special_conditions == "Rapport om veiledning innen 1. juni."
    # Later years only listed, subject to the Storting's appropriation; no grant for them yet.
    decision.refresh_from_db()
    assert decision.later_years == [{"year": 2025, "amount": "600000.00"}, {"year": 2026, "amount": "450000.00"}]
    assert Grant.objects.filter(application=app).count() == 1


def test_award_above_first_year_applied_refused():
    app = submitted(amount="500000.00", years=["900000.00"])
    with pytest.raises(ValidationError) as exc:
        decision_propose(application=app, actor=officer(), outcome="award", amount="500000.01")
    assert "amount" in exc.value.message_dict


def test_later_year_above_applied_refused():
    app = submitted(amount="500000.00", years=["300000.00"])
    with pytest.raises(ValidationError) as exc:
        decision_propose(
            application=app,
            actor=officer(),
            outcome="award",
            amount="500000",
            later_years=[{"year": 2025, "amount": "300000.01"}],
        )
    assert "later_years" in exc.value.message_dict


def test_reject_needs_reason_and_has_no_amount():
    app = submitted()
    with pytest.raises(ValidationError) as exc:
        decision_propose(application=app, actor=officer(), outcome="reject", reason=" ")
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError):
        decision_propose(application=app, actor=officer(), outcome="reject", reason="Svak", amount="10")


def test_amount_change_logged_before_and_after():
    app = submitted()
    o = officer()
    decision = decision_propose(application=app, actor=o, outcome="award", amount="400000")
    decision_amount_change(decision=decision, actor=o, amount="350000.50")
    event = CaseEvent.objects.get(object_id=app.pk, action="decision_amount_changed")
    assert event.data == {"decision": decision.pk, "before": "400000.00", "after": "350000.50", "version": 2}
    assert decision.history.count() == 2


def test_decided_application_cannot_be_decided_again():
    app = submitted()
    award(app, officer=officer(), holder=budget_holder(), amount="100000")
    with pytest.raises(ValidationError):
        decision_propose(application=app, actor=officer(), outcome="reject", reason="x")


def test_history_records_who_changed_what():
    app = submitted()
    o, h = officer(), budget_holder()
    decision = decision_propose(application=app, actor=o, outcome="award", amount="400000")
    decision_amount_change(decision=decision, actor=o, amount="300000")
    decision_approve(decision=decision, actor=h)
    history = list(decision.history.order_by("history_date"))
    assert [(r.history_user, r.amount, r.status) for r in history] == [
        (o, Decimal("400000.00"), "proposed"),
        (o, Decimal("300000.00"), "proposed"),
        (h, Decimal("300000.00"), "approved"),
    ]
    grant = Grant.objects.get(application=app)
    assert grant.history.get().history_user == h
