"""IMDi reads a report only once the organisation has submitted it (issue 10, item 9): the
admin review page of an open or returned report shows neither its text nor its attachments."""

import pytest
from django.urls import reverse

from reporting.services import report_attachment_add, report_return, report_save, report_submit
from tests.applications import files
from tests.factories import officer
from tests.reporting.helpers import Kind, accepted_grant, report_of, team

pytestmark = pytest.mark.django_db

SECRET = "Utkast: tallene er ikke klare ennå"
ATTACHMENTS_HEADING = "<h2>Vedlegg</h2>"
FIELDS = {"progress": SECRET, "activities_done": "Kurs", "participants": 10, "deviations": "Ingen"}


def _review(client, obligation):
    return client.get(reverse("admin:reporting_reportobligation_review", args=[obligation.pk]))


@pytest.fixture
def draft():
    people = team()
    report = report_of(accepted_grant(), Kind.STATUS)
    report_save(report=report, actor=people["caseworker"], fields=FIELDS)
    report_attachment_add(
        report=report, actor=people["caseworker"], upload=files.upload("utkast-vedlegg.pdf", files.PDF_BYTES)
    )
    return report, people


def test_an_open_draft_is_invisible_in_the_review_page(client, draft):
    report, _people = draft
    client.force_login(officer())
    response = _review(client, report.obligation)
    assert response.status_code == 200
    page = response.content.decode()
    assert SECRET not in page
    assert ATTACHMENTS_HEADING not in page
    assert 'id="report-not-submitted"' in page


def test_the_submitted_report_is_visible(client, draft):
    report, people = draft
    report_submit(report=report, actor=people["approver"])
    client.force_login(officer())
    page = _review(client, report.obligation).content.decode()
    assert SECRET in page
    assert ATTACHMENTS_HEADING in page and "utkast-vedlegg.pdf" in page
    assert 'id="report-not-submitted"' not in page


def test_a_returned_report_being_edited_again_is_invisible(client, draft, django_capture_on_commit_callbacks):
    report, people = draft
    report_submit(report=report, actor=people["approver"])
    reviewer = officer()
    with django_capture_on_commit_callbacks(execute=True):
        report_return(obligation=report.obligation, actor=reviewer, comment="Mer om avvik.")
    report_save(report=report, actor=people["caseworker"], fields={**FIELDS, "progress": "Nytt utkast under arbeid"})
    client.force_login(reviewer)
    page = _review(client, report.obligation).content.decode()
    assert "Nytt utkast under arbeid" not in page
    assert ATTACHMENTS_HEADING not in page
