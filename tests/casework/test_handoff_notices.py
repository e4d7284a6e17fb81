"""Notices at the hand-offs (issue 15 item 5): the one who has the case now is told, through
the one notification path, exactly once per recipient per event (also when the notice task runs
twice), and the portal lists what was sent to the user ("Varsler")."""

import pytest
from django.urls import reverse

from applications import notices as application_notices
from applications.services import assessment
from applications.services.application import application_send_back, application_send_for_approval
from core.models import CaseEvent, Notification
from organisations.models import Membership
from reporting import notices as report_notices
from reporting.services import report_approve
from tests.factories import (
    budget_holder,
    make_application,
    member,
    municipality,
    officer,
    on_day,
    submission_day,
    with_details,
)
from tests.reporting.helpers import Kind, accepted_grant, obligation_of, status_report_submit

pytestmark = pytest.mark.django_db

K = Notification.Kind


@pytest.fixture
def org():
    return with_details(municipality("4601"), seed=81)


@pytest.fixture
def people(org):
    return {
        "caseworker": member(org, Membership.Role.CASEWORKER),
        "approver": member(org, Membership.Role.APPROVER),
        "approver2": member(org, Membership.Role.APPROVER),
    }


def _sent_for_approval(people, django_capture_on_commit_callbacks):
    """The caseworker's complete draft, sent for approval through the service (the factory)."""
    org = people["caseworker"].memberships.first().organisation
    with django_capture_on_commit_callbacks(execute=True):
        return make_application(org, created_by=people["caseworker"], status="awaiting_approval")


def test_sent_for_approval_tells_each_approver_once(people, django_capture_on_commit_callbacks, mailoutbox):
    application = _sent_for_approval(people, django_capture_on_commit_callbacks)
    sent = Notification.objects.filter(kind=K.SENT_FOR_APPROVAL)
    assert {n.user for n in sent} == {people["approver"], people["approver2"]}
    assert reverse("applications:detail", args=[application.pk]) in sent.first().body
    event = CaseEvent.objects.filter(action="sent_for_approval").latest("pk")
    # The task run twice: nothing new, nothing sent twice.
    application_notices.application_sent_for_approval_notify(application_id=application.pk, event_id=event.pk)
    assert sent.count() == 2
    assert len([m for m in mailoutbox if "godkjenning" in m.subject]) == 2


def test_sent_back_tells_the_caseworker_with_the_comment(people, django_capture_on_commit_callbacks):
    application = _sent_for_approval(people, django_capture_on_commit_callbacks)
    with on_day(submission_day(application.call)), django_capture_on_commit_callbacks(execute=True):
        application_send_back(application=application, user=people["approver"], comment="Budsjettet mangler lønn.")
    sent = Notification.objects.get(kind=K.SENT_BACK)
    assert sent.user == people["caseworker"]
    assert "Budsjettet mangler lønn." in sent.body
    # Sent for approval again and back again: a new event, a new notice.
    with on_day(submission_day(application.call)), django_capture_on_commit_callbacks(execute=True):
        application_send_for_approval(application=application, user=people["caseworker"])
        application_send_back(application=application, user=people["approver"], comment="Fortsatt feil.")
    assert Notification.objects.filter(kind=K.SENT_BACK).count() == 2


def test_decision_returned_tells_the_proposing_officer_with_the_comment(org, django_capture_on_commit_callbacks):
    application = make_application(org, status="submitted")
    proposer = officer()
    decision = assessment.decision_propose(
        application=application, actor=proposer, outcome="reject", reason="Svakere enn de andre."
    )
    with django_capture_on_commit_callbacks(execute=True):
        assessment.decision_return(decision=decision, actor=budget_holder(), comment="Begrunnelsen må utdypes.")
    sent = Notification.objects.get(kind=K.DECISION_RETURNED)
    assert sent.user == proposer
    assert "Begrunnelsen må utdypes." in sent.body
    assert sent.case_number == application.case_number
    event = CaseEvent.objects.filter(action="decision_returned").latest("pk")
    application_notices.decision_returned_notify(decision_id=decision.pk, event_id=event.pk)
    assert Notification.objects.filter(kind=K.DECISION_RETURNED).count() == 1


def test_report_submitted_and_approved(org, django_capture_on_commit_callbacks):
    grant = accepted_grant(org)
    obligation = obligation_of(grant, Kind.STATUS)
    with django_capture_on_commit_callbacks(execute=True):
        people = status_report_submit(obligation)
    submitted = Notification.objects.filter(kind=K.REPORT_SUBMITTED)
    assert people["approver"] in {n.user for n in submitted}
    assert all(n.case_number == grant.case_number for n in submitted)
    before = submitted.count()
    event = CaseEvent.objects.filter(action="report_submitted").latest("pk")
    report_notices.report_submitted_notify(obligation_id=obligation.pk, event_id=event.pk)
    assert submitted.count() == before
    with django_capture_on_commit_callbacks(execute=True):
        report_approve(obligation=obligation, actor=officer(), comment="Fint.")
    approved = Notification.objects.filter(kind=K.REPORT_APPROVED)
    assert approved.count() == before
    assert "Fint." in approved.first().body


def test_links_follow_the_documented_setting(settings, people, django_capture_on_commit_callbacks):
    settings.PORTAL_BASE_URL = "https://tilskudd.imdi.example/"
    _sent_for_approval(people, django_capture_on_commit_callbacks)
    assert (
        "https://tilskudd.imdi.example/soknader/" in Notification.objects.filter(kind=K.SENT_FOR_APPROVAL).first().body
    )


def test_notices_page_lists_only_the_users_own(client, people, django_capture_on_commit_callbacks):
    _sent_for_approval(people, django_capture_on_commit_callbacks)
    client.force_login(people["approver"])
    page = client.get(reverse("casework:notices")).content.decode()
    assert "Søknad til godkjenning" in page
    client.force_login(people["caseworker"])
    page = client.get(reverse("casework:notices")).content.decode()
    assert "Søknad til godkjenning" not in page
    assert "ikke fått noen varsler" in page
