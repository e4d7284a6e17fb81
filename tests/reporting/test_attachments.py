"""Report attachments follow the applications' rules (core.uploads): checked by content, only
the organisation's users see them, and none can be added or removed once submitted."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reporting.models import ReportAttachment
from reporting.services import report_save, report_submit
from tests.applications.files import EXE_BYTES, PDF_BYTES
from tests.factories import member, municipality, with_details
from tests.reporting.helpers import Kind, accepted_grant, report_of, team

pytestmark = pytest.mark.django_db


def test_upload_download_and_refusal_by_content(client):
    people = team()
    report = report_of(accepted_grant(), Kind.STATUS)
    client.force_login(people["caseworker"])
    upload_url = reverse("reporting:attachment_upload", args=[report.obligation_id])
    client.post(upload_url, {"file": SimpleUploadedFile("rapport.pdf", EXE_BYTES)})
    assert not ReportAttachment.objects.exists()
    page = client.get(reverse("reporting:report", args=[report.obligation_id]), follow=True).content.decode()
    assert "Filtypen er ikke tillatt" in page
    client.post(upload_url, {"file": SimpleUploadedFile("../../framdrift.pdf", PDF_BYTES)})
    attachment = ReportAttachment.objects.get()
    assert attachment.original_name == "framdrift.pdf"
    assert attachment.content_type == "application/pdf"
    assert ".." not in attachment.file.name
    download = reverse("reporting:attachment", args=[report.obligation_id, attachment.pk])
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["X-Content-Type-Options"] == "nosniff"

    outsider = member(with_details(municipality("0301"), seed=60))
    client.force_login(outsider)
    assert client.get(download).status_code == 404


def test_no_attachment_changes_after_submission(client):
    people = team()
    report = report_of(accepted_grant(), Kind.STATUS)
    client.force_login(people["caseworker"])
    client.post(
        reverse("reporting:attachment_upload", args=[report.obligation_id]),
        {"file": SimpleUploadedFile("a.pdf", PDF_BYTES)},
    )
    attachment = ReportAttachment.objects.get()
    report_save(
        report=report,
        actor=people["caseworker"],
        fields={"progress": "OK", "activities_done": "OK", "participants": 10, "deviations": "Ingen"},
    )
    report_submit(report=report, actor=people["approver"])
    client.post(reverse("reporting:attachment_delete", args=[report.obligation_id, attachment.pk]))
    client.post(
        reverse("reporting:attachment_upload", args=[report.obligation_id]),
        {"file": SimpleUploadedFile("b.pdf", PDF_BYTES)},
    )
    assert list(ReportAttachment.objects.values_list("original_name", flat=True)) == ["a.pdf"]
