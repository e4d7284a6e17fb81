"""Attachments opened in the browser beside the scores (issue 13 item 4): only PDFs and images,
only for IMDi's staff, never sniffed, sandboxed; anything else is saved as a file."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from applications.models import ApplicationAttachment
from applications.services import application as services
from core.uploads import attachment_response
from tests.applications import files
from tests.factories import application_advance, make_application, municipality, officer

pytestmark = pytest.mark.django_db


def _open(client, attachment, **params):
    url = reverse("applications:attachment", args=[attachment.application_id, attachment.pk])
    return client.get(url, params)


@pytest.fixture
def submitted_with_attachments():
    """A submitted application with one attachment of each allowed kind (added as a draft)."""
    draft = make_application(municipality())
    for name, data in [
        ("plan.pdf", files.PDF_BYTES),
        ("bilde.png", files.PNG_BYTES),
        ("foto.jpg", files.JPEG_BYTES),
        ("budsjett.docx", files.DOCX_BYTES),
        ("tall.xlsx", files.XLSX_BYTES),
    ]:
        services.attachment_add(application=draft, user=draft.created_by, uploaded_file=files.upload(name, data))
    application = application_advance(draft, "submitted")
    return {a.content_type: a for a in ApplicationAttachment.objects.filter(application=draft)}, application


@pytest.mark.parametrize("content_type", ["application/pdf", "image/png", "image/jpeg"])
def test_pdfs_and_images_open_inline_for_an_officer(client, content_type, submitted_with_attachments):
    by_type, _ = submitted_with_attachments
    client.force_login(officer())
    response = _open(client, by_type[content_type], vis="1")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "script-src" not in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "content_type",
    [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ],
)
def test_office_files_still_download(client, content_type, submitted_with_attachments):
    by_type, _ = submitted_with_attachments
    client.force_login(officer())
    response = _open(client, by_type[content_type], vis="1")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]


def test_without_the_flag_a_pdf_downloads(client, submitted_with_attachments):
    by_type, _ = submitted_with_attachments
    client.force_login(officer())
    assert _open(client, by_type["application/pdf"])["Content-Disposition"].startswith("attachment;")
    assert _open(client, by_type["application/pdf"], vis="ja")["Content-Disposition"].startswith("attachment;")


def test_the_municipality_never_gets_inline(client, submitted_with_attachments):
    by_type, application = submitted_with_attachments
    client.force_login(application.created_by)
    response = _open(client, by_type["application/pdf"], vis="1")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_scoring_page_links_open_inline(client, submitted_with_attachments):
    by_type, application = submitted_with_attachments
    client.force_login(officer())
    html = client.get(reverse("admin:applications_assessment_score", args=[application.pk])).content.decode()
    pdf = by_type["application/pdf"]
    assert reverse("applications:attachment", args=[application.pk, pdf.pk]) + "?vis=1" in html


@pytest.mark.parametrize(
    "content_type,data",
    [
        ("text/html", b"<html><script>alert(document.cookie)</script></html>"),
        ("image/svg+xml", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("application/xhtml+xml", b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'),
        ("", b"<script>alert(1)</script>"),
    ],
)
def test_hostile_markup_always_downloads_and_never_runs(content_type, data):
    """The upload check refuses these types; should one be stored anyway, asking for it inline
    still downloads it, unsniffed and sandboxed."""
    stored = ContentFile(data, name="x")
    response = attachment_response(stored, filename="side.html", content_type=content_type, inline=True)
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert "default-src 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "name,data",
    [
        ("side.html", b"<html><script>alert(1)</script></html>"),
        ("tegning.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ],
)
def test_hostile_markup_is_refused_at_upload(client, name, data):
    draft = make_application(municipality())
    client.force_login(draft.created_by)
    client.post(reverse("applications:section", args=[draft.pk, "vedlegg"]), {"file": files.upload(name, data)})
    assert not ApplicationAttachment.objects.filter(application=draft).exists()
