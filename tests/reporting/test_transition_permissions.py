"""Each ReportObligation transition carries its permission (reporting.rules): the approver of
the grant's organisation submits, officers approve and return; nobody else, and no status is
set by hand."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import CaseEvent
from core.selectors import case_events_for
from core.transitions import available_actions, may
from organisations.models import Membership
from reporting.services import report_approve, report_return, report_save, report_submit
from tests.factories import UserFactory, budget_holder, finance, member, municipality, officer, with_details
from tests.reporting.helpers import STATUS_REPORT_TEXT, Kind, accepted_grant, report_of, team

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled():
    """A status report filled in by the caseworker, ready for the approver."""
    people = team()
    report = report_of(accepted_grant(), Kind.STATUS)
    report_save(report=report, actor=people["caseworker"], fields=STATUS_REPORT_TEXT)
    return report, people


@pytest.fixture
def submitted(filled):
    report, people = filled
    report_submit(report=report, actor=people["approver"])
    report.obligation.refresh_from_db()
    return report, people


def _status(report):
    report.obligation.refresh_from_db()
    return report.obligation.status


def test_the_status_is_protected():
    obligation = report_of(accepted_grant(), Kind.STATUS).obligation
    with pytest.raises(AttributeError):
        obligation.status = "approved"
    obligation.refresh_from_db()  # FSMModelMixin: reloading a protected field works
    assert obligation.status == "open"


def test_caseworker_cannot_submit(filled):
    report, people = filled
    with pytest.raises(PermissionDenied, match="Bare godkjenner"):
        report_submit(report=report, actor=people["caseworker"])
    assert _status(report) == "open"
    assert not CaseEvent.objects.filter(action="report_submitted").exists()
    assert not may(report.obligation, people["caseworker"], "submit")


def test_approver_submits_and_the_event_records_from_and_to(filled):
    report, people = filled
    assert may(report.obligation, people["approver"], "submit")
    report_submit(report=report, actor=people["approver"])
    assert _status(report) == "submitted"
    event = case_events_for(report.obligation).get(action="report_submitted")
    assert (event.from_state, event.to_state, event.actor) == ("open", "submitted", people["approver"])


def test_approver_of_another_municipality_cannot_submit_and_gets_404_in_the_portal(client, filled):
    report, _people = filled
    stranger = member(with_details(municipality("0301"), seed=71), Membership.Role.APPROVER)
    with pytest.raises(PermissionDenied):
        report_submit(report=report, actor=stranger)
    client.force_login(stranger)
    assert client.post(reverse("reporting:submit", args=[report.obligation_id])).status_code == 404
    assert client.get(reverse("reporting:report", args=[report.obligation_id])).status_code == 404
    assert _status(report) == "open"


def test_a_superuser_who_is_no_member_does_not_submit_for_the_municipality(filled):
    report, _people = filled
    root = UserFactory(is_superuser=True, is_staff=True)
    with pytest.raises(PermissionDenied):
        report_submit(report=report, actor=root)
    assert _status(report) == "open"


@pytest.mark.parametrize("imdi_role", [officer, budget_holder, finance])
def test_imdi_staff_cannot_submit(filled, imdi_role):
    report, _people = filled
    with pytest.raises(PermissionDenied):
        report_submit(report=report, actor=imdi_role())
    assert _status(report) == "open"


def test_officer_approves(submitted):
    report, _people = submitted
    reviewer = officer()
    assert {a.name for a in available_actions(report.obligation, reviewer)} == {"approve", "return_to_organisation"}
    report_approve(obligation=report.obligation, actor=reviewer, comment="Fint.")
    assert _status(report) == "approved"
    event = case_events_for(report.obligation).get(action="report_approved")
    assert (event.from_state, event.to_state, event.actor, event.message) == (
        "submitted",
        "approved",
        reviewer,
        "Fint.",
    )
    report.refresh_from_db()
    assert report.reviewed_by == reviewer and report.review_comment == "Fint."


def test_officer_returns(submitted):
    report, _people = submitted
    reviewer = officer()
    report_return(obligation=report.obligation, actor=reviewer, comment="Mangler tall.")
    assert _status(report) == "returned"
    event = case_events_for(report.obligation).get(action="report_returned")
    assert (event.from_state, event.to_state, event.actor) == ("submitted", "returned", reviewer)


@pytest.mark.parametrize("imdi_role", [budget_holder, finance])
def test_budget_holder_and_finance_cannot_approve_or_return(submitted, imdi_role):
    report, _people = submitted
    user = imdi_role()
    assert available_actions(report.obligation, user) == []
    with pytest.raises(PermissionDenied):
        report_approve(obligation=report.obligation, actor=user)
    with pytest.raises(PermissionDenied):
        report_return(obligation=report.obligation, actor=user, comment="Nei.")
    assert _status(report) == "submitted"
    assert not CaseEvent.objects.filter(action__in=["report_approved", "report_returned"]).exists()


def test_the_municipality_cannot_approve_its_own_report(submitted):
    report, people = submitted
    with pytest.raises(PermissionDenied):
        report_approve(obligation=report.obligation, actor=people["approver"])
    assert _status(report) == "submitted"


def test_a_report_not_submitted_cannot_be_approved_or_returned(filled):
    report, _people = filled
    reviewer = officer()
    with pytest.raises(ValidationError):
        report_approve(obligation=report.obligation, actor=reviewer)
    with pytest.raises(ValidationError):
        report_return(obligation=report.obligation, actor=reviewer, comment="Mangler tall.")
    assert _status(report) == "open"


def test_a_return_without_a_comment_is_refused_next_to_the_field(submitted):
    report, _people = submitted
    with pytest.raises(ValidationError) as exc:
        report_return(obligation=report.obligation, actor=officer(), comment=" ")
    assert "comment" in exc.value.message_dict
    assert _status(report) == "submitted"


def test_the_submit_button_is_the_approvers_only(client, filled):
    report, people = filled
    url = reverse("reporting:report", args=[report.obligation_id])
    submit_url = reverse("reporting:submit", args=[report.obligation_id])
    client.force_login(people["caseworker"])
    assert submit_url not in client.get(url).content.decode()
    client.force_login(people["approver"])
    page = client.get(url).content.decode()
    assert submit_url in page and "Send inn til IMDi" in page


def test_the_review_buttons_are_the_officers_only(client, submitted):
    report, _people = submitted
    url = reverse("admin:reporting_reportobligation_review", args=[report.obligation_id])
    client.force_login(finance())
    assert 'name="action"' not in client.get(url).content.decode()
    client.force_login(officer())
    page = client.get(url).content.decode()
    assert 'value="approve"' in page and 'value="return"' in page
    report_approve(obligation=report.obligation, actor=officer())
    assert 'name="action"' not in client.get(url).content.decode()
