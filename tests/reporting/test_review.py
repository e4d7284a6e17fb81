"""Officers approve or return submitted reports; a returned report reopens with the comment."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from reporting.services import report_approve, report_return, report_save, report_submit
from tests.factories import finance, officer
from tests.reporting.helpers import Kind, accepted_grant, report_of, team

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    people = team()
    report = report_of(accepted_grant(), Kind.STATUS)
    report_save(
        report=report,
        actor=people["caseworker"],
        fields={"progress": "OK", "activities_done": "Kurs", "participants": 10, "deviations": "Ingen"},
    )
    report_submit(report=report, actor=people["approver"])
    return report, people


def test_returned_report_reopens_with_comment_and_can_be_submitted_again(
    client, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    report, people = submitted
    reviewer = officer()
    with pytest.raises(ValidationError):
        report_return(obligation=report.obligation, actor=reviewer, comment="  ")
    with django_capture_on_commit_callbacks(execute=True):
        report_return(obligation=report.obligation, actor=reviewer, comment="Beskriv avvikene nærmere.")
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in people.values())
    assert "Beskriv avvikene nærmere." in mailoutbox[0].body
    report.refresh_from_db()
    report.obligation.refresh_from_db()
    assert report.obligation.status == "returned"
    client.force_login(people["caseworker"])
    url = reverse("reporting:report", args=[report.obligation_id])
    page = client.get(url).content.decode()
    assert "Rapporten er returnert fra IMDi" in page
    assert "Beskriv avvikene nærmere." in page
    assert (
        client.post(
            url,
            {
                "report-progress": "OK",
                "report-activities_done": "Kurs",
                "report-participants": "10",
                "report-deviations": "Forsinket oppstart i mars.",
            },
        ).status_code
        == 302
    )
    report_submit(report=report, actor=people["approver"])
    report_approve(obligation=report.obligation, actor=reviewer)
    report.obligation.refresh_from_db()
    assert report.obligation.status == "approved"


def test_only_officers_review(submitted):
    report, people = submitted
    with pytest.raises(PermissionDenied):
        report_approve(obligation=report.obligation, actor=finance())
    with pytest.raises(PermissionDenied):
        report_approve(obligation=report.obligation, actor=people["approver"])


def test_officer_reviews_in_the_admin(client, submitted):
    report, _people = submitted
    client.force_login(officer())
    url = reverse("admin:reporting_reportobligation_review", args=[report.obligation_id])
    page = client.get(url)
    assert page.status_code == 200
    assert "Kurs" in page.content.decode()
    response = client.post(url, {"action": "return", "comment": ""})
    assert response.status_code == 200
    assert "Skriv en kommentar" in response.content.decode()
    response = client.post(url, {"action": "approve", "comment": "Fin rapport."})
    assert response.status_code == 302
    report.obligation.refresh_from_db()
    assert report.obligation.status == "approved"


def test_finance_can_see_but_not_review(client, submitted):
    report, _people = submitted
    client.force_login(finance())
    url = reverse("admin:reporting_reportobligation_review", args=[report.obligation_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "approve"}).status_code == 403
    report.obligation.refresh_from_db()
    assert report.obligation.status == "submitted"
