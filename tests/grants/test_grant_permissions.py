"""Who may take each step of a grant (applications.rules on the Grant transitions)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from applications.models import Grant
from applications.services.acceptance import _HOOKS
from applications.services.grant import grant_close, grant_lapse, grant_letter_send
from core.models import CaseEvent
from core.transitions import available_actions, may
from tests.factories import budget_holder, finance, make_grant, member, municipality, officer

pytestmark = pytest.mark.django_db


def sent_grant(org=None):
    grant = make_grant(org or municipality())
    grant_letter_send(grant=grant, actor=budget_holder())
    grant.refresh_from_db()
    return grant


def test_officer_and_finance_cannot_send_the_letter():
    grant = make_grant()
    for user in (officer(), finance()):
        with pytest.raises(PermissionDenied):
            grant_letter_send(grant=grant, actor=user)
    grant.refresh_from_db()
    assert grant.is_decided and not grant.letters.exists()


def test_only_an_approver_of_the_organisation_may_answer():
    org = municipality()
    grant = sent_grant(org)
    assert may(grant, member(org, role="approver"), "accept")
    assert may(grant, member(org, role="approver", username="dir2"), "decline")
    assert not may(grant, member(org, username="sb"), "accept")  # a caseworker
    assert not may(grant, member(municipality("5001"), role="approver", username="other"), "accept")
    assert not may(grant, officer(), "accept")


def test_lapse_refused_for_finance_and_municipal_users():
    org = municipality()
    grant = sent_grant(org)
    for user in (finance(), member(org, role="approver")):
        with pytest.raises(PermissionDenied):
            grant_lapse(grant=grant, actor=user)
    grant.refresh_from_db()
    assert grant.awaits_acceptance


def test_close_is_accepted_to_closed_by_an_officer():
    grant = make_grant(status=Grant.Status.ACCEPTED)
    with pytest.raises(PermissionDenied):
        grant_close(grant=grant, actor=budget_holder())
    grant_close(grant=grant, actor=officer(), reason="Prosjektet er avsluttet.")
    grant.refresh_from_db()
    assert grant.status == Grant.Status.CLOSED
    event = CaseEvent.objects.get(action="grant_closed", object_id=grant.pk)
    assert (event.from_state, event.to_state) == ("accepted", "closed")


def test_a_grant_awaiting_its_letter_cannot_be_closed():
    grant = make_grant()
    with pytest.raises(ValidationError):
        grant_close(grant=grant, actor=officer())


def test_letter_action_for_the_budget_holder_only():
    grant = make_grant()
    assert [a.name for a in available_actions(grant, budget_holder())] == ["mark_letter_sent"]
    assert available_actions(grant, officer()) == []


def test_status_is_protected():
    grant = make_grant()
    with pytest.raises(AttributeError):
        grant.status = Grant.Status.ACCEPTED


def test_payments_and_reporting_register_their_acceptance_steps():
    """Applications does not import them: they hook into acceptance from their AppConfig.ready()."""
    accepted = [hook.__module__ for _order, hook in _HOOKS["accepted"]]
    assert accepted == ["reporting.apps", "payments.apps"]  # obligations first, then the plan
    assert [hook.__module__ for _order, hook in _HOOKS["details_confirmed"]] == ["payments.apps"]
