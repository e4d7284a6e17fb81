"""The one way to move a case: state, permission and the case event, and the actions a user sees."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from applications.models import Application
from core.models import CaseEvent
from core.transitions import TransitionRefused, available_actions, may, transition_apply
from tests.applications.helpers import approver_of, awaiting_approval, complete_application, reload
from tests.factories import member, municipality, officer

pytestmark = pytest.mark.django_db

BEFORE_DEADLINE = "2024-02-10 12:00:00+01:00"


def names(actions):
    return {a.name for a in actions}


def test_transition_writes_status_history_user_and_case_event():
    application = complete_application()
    caseworker = application.created_by
    transition_apply(obj=application, transition="send_for_approval", actor=caseworker, event="sent_for_approval")
    assert reload(application).status == Application.Status.AWAITING_APPROVAL
    event = CaseEvent.objects.filter(object_id=application.pk, action="sent_for_approval").get()
    assert (event.actor, event.from_state, event.to_state) == (caseworker, "draft", "awaiting_approval")
    assert application.history.latest().history_user == caseworker


def test_wrong_state_is_a_clear_norwegian_refusal_and_changes_nothing():
    application = complete_application()
    with pytest.raises(TransitionRefused, match="kan ikke gjøres når status er «Utkast»"):
        transition_apply(
            obj=application, transition="submit", actor=approver_of(application.organisation), event="submitted"
        )
    assert reload(application).status == Application.Status.DRAFT
    assert not CaseEvent.objects.filter(object_id=application.pk, action="submitted").exists()


def test_permission_is_checked_with_the_object():
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        application = awaiting_approval()
        # A caseworker of the same municipality may not submit; an approver of another may not either.
        for user in (application.created_by, approver_of(municipality("5001"))):
            with pytest.raises(PermissionDenied):
                transition_apply(obj=application, transition="submit", actor=user, event="submitted")
        assert reload(application).status == Application.Status.AWAITING_APPROVAL


def test_system_actor_checks_state_only():
    application = complete_application()
    transition_apply(obj=application, transition="send_for_approval", actor=None, event="sent_for_approval")
    assert reload(application).status == Application.Status.AWAITING_APPROVAL


def test_refusal_can_be_mapped_to_the_services_error():
    class Refused(Exception):
        pass

    application = complete_application()
    with pytest.raises(Refused):
        transition_apply(obj=application, transition="send_back", actor=None, event="sent_back", error=Refused)


def test_available_actions_follow_state_and_role():
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        application = complete_application()
        caseworker = application.created_by
        approver = approver_of(application.organisation)
        stranger = member(municipality("5001"))
        assert names(available_actions(application, caseworker)) == {"send_for_approval", "withdraw"}
        assert names(available_actions(application, stranger)) == set()
        assert names(available_actions(application, officer())) == set()

        application = awaiting_approval(application.organisation)
        assert names(available_actions(application, caseworker)) == {"withdraw"}
        assert names(available_actions(application, approver)) == {"submit", "send_back", "withdraw"}
        assert may(application, approver, "submit") and not may(application, caseworker, "submit")
        labels = {a.name: a.label for a in available_actions(application, approver)}
        assert labels["submit"] == "Godkjenn og send inn"
