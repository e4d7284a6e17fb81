"""Attachment files (issue 10, item 8): a file is deleted only when its row's deletion commits,
through one path for both kinds; every download is named by the checked content type, and a
bidi override or control character in the uploaded name cannot hide the real extension."""

from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from applications.models import ApplicationAttachment
from applications.services.application import attachment_add, attachment_delete
from core.uploads import PDF, PNG, attachment_download_name, attachment_name_clean
from reporting.models import ReportAttachment
from reporting.services import report_attachment_add, report_attachment_delete
from tests.applications import files
from tests.factories import make_application, municipality
from tests.reporting.helpers import Kind, accepted_grant, report_of, team

pytestmark = pytest.mark.django_db

RLO = "\u202e"
# Starts as a PDF (that is what the check recognises) and carries a page a browser would run.
HTML_POLYGLOT = files.PDF_BYTES + b"<html><script>alert(document.cookie)</script></html>"


class Rollback(Exception):
    pass


def _application_attachment(name="vedlegg.pdf", data=files.PDF_BYTES):
    draft = make_application(municipality())
    attachment = attachment_add(application=draft, user=draft.created_by, uploaded_file=files.upload(name, data))
    return draft, attachment


def _report_attachment(name="vedlegg.pdf", data=files.PDF_BYTES):
    people = team()
    report = report_of(accepted_grant(), Kind.STATUS)
    attachment = report_attachment_add(report=report, actor=people["caseworker"], upload=files.upload(name, data))
    return people, report, attachment


def _download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


# --- deleting ----------------------------------------------------------------------------


def test_application_attachment_delete_rolled_back_keeps_row_and_file(client, django_capture_on_commit_callbacks):
    draft, attachment = _application_attachment()
    path, pk = attachment.file.path, attachment.pk
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Rollback), transaction.atomic():
        attachment_delete(attachment=attachment, user=draft.created_by)
        raise Rollback
    assert ApplicationAttachment.objects.filter(pk=pk).exists()
    client.force_login(draft.created_by)
    _response, body = _download(client, reverse("applications:attachment", args=[draft.pk, pk]))
    assert body == files.PDF_BYTES
    assert Path(path).read_bytes() == files.PDF_BYTES


def test_report_attachment_delete_rolled_back_keeps_row_and_file(client, django_capture_on_commit_callbacks):
    people, report, attachment = _report_attachment()
    pk = attachment.pk
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Rollback), transaction.atomic():
        report_attachment_delete(attachment=attachment, actor=people["caseworker"])
        raise Rollback
    assert ReportAttachment.objects.filter(pk=pk).exists()
    client.force_login(people["caseworker"])
    _response, body = _download(client, reverse("reporting:attachment", args=[report.obligation_id, pk]))
    assert body == files.PDF_BYTES


def test_report_attachment_file_is_kept_until_commit_then_removed(django_capture_on_commit_callbacks):
    people, _report, attachment = _report_attachment()
    storage, name, pk = attachment.file.storage, attachment.file.name, attachment.pk
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report_attachment_delete(attachment=attachment, actor=people["caseworker"])
        assert storage.exists(name)  # still there inside the transaction
    assert storage.exists(name)
    assert len(callbacks) == 1
    callbacks[0]()
    assert not storage.exists(name)
    assert not ReportAttachment.objects.filter(pk=pk).exists()


def test_application_attachment_file_removed_on_commit(django_capture_on_commit_callbacks):
    draft, attachment = _application_attachment()
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        attachment_delete(attachment=attachment, user=draft.created_by)
    assert not storage.exists(name)


# --- names -------------------------------------------------------------------------------


def test_report_attachment_html_polyglot_downloads_as_pdf(client):
    people, report, attachment = _report_attachment("side.html", HTML_POLYGLOT)
    assert attachment.content_type == PDF
    assert attachment.original_name == "side.pdf"
    client.force_login(people["caseworker"])
    response, body = _download(client, reverse("reporting:attachment", args=[report.obligation_id, attachment.pk]))
    assert response["Content-Type"] == PDF
    assert response["Content-Disposition"] == 'attachment; filename="side.pdf"'
    assert ".html" not in response["Content-Disposition"]
    assert body == HTML_POLYGLOT


def test_application_attachment_html_polyglot_downloads_as_pdf(client):
    draft, attachment = _application_attachment("side.html", HTML_POLYGLOT)
    client.force_login(draft.created_by)
    response, _body = _download(client, reverse("applications:attachment", args=[draft.pk, attachment.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="side.pdf"'


@pytest.mark.parametrize("kind", ["application", "report"])
def test_right_to_left_override_cannot_hide_an_exe(client, kind):
    # Displayed with the override, "faktura\u202egnp.exe" reads as "fakturaexe.png".
    name = f"faktura{RLO}gnp.exe"
    if kind == "application":
        draft, attachment = _application_attachment(name, files.PNG_BYTES)
        user, url = draft.created_by, reverse("applications:attachment", args=[draft.pk, attachment.pk])
    else:
        people, report, attachment = _report_attachment(name, files.PNG_BYTES)
        user, url = people["caseworker"], reverse("reporting:attachment", args=[report.obligation_id, attachment.pk])
    assert attachment.original_name == "fakturagnp.png"
    client.force_login(user)
    response, _body = _download(client, url)
    disposition = response["Content-Disposition"]
    assert disposition == 'attachment; filename="fakturagnp.png"'
    assert RLO not in disposition and "%E2%80%AE" not in disposition.upper()
    assert ".exe" not in disposition


def test_rows_stored_with_an_unsafe_name_still_download_by_their_type(client):
    # A row stored before names were cleaned on upload (report attachments kept the raw name).
    people, report, attachment = _report_attachment()
    ReportAttachment.objects.filter(pk=attachment.pk).update(original_name=f"side{RLO}lmth.html")
    client.force_login(people["caseworker"])
    response, _body = _download(client, reverse("reporting:attachment", args=[report.obligation_id, attachment.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="sidelmth.pdf"'
    page = client.get(reverse("reporting:report", args=[report.obligation_id])).content.decode()
    assert RLO not in page


@pytest.mark.parametrize(
    ("uploaded", "content_type", "expected"),
    [
        ("side.html", PDF, "side.pdf"),
        ("bilde.exe", PNG, "bilde.png"),
        ("../../etc/passwd", PDF, "passwd.pdf"),
        ("C:\\Users\\ola\\plan.docx", PDF, "plan.pdf"),
        ("x\u200b\u2066.exe\u2069.png", PNG, "x.exe.png"),
        ("linje\nskift\r.pdf", PDF, "linjeskift.pdf"),
        ('sitat"<>|?*.pdf', PDF, "sitat______.pdf"),
        ("...", PDF, "vedlegg.pdf"),
        ("", PNG, "vedlegg.png"),
        (None, PDF, "vedlegg.pdf"),
        ("a" * 1000 + ".pdf", PDF, "a" * 200 + ".pdf"),
    ],
)
def test_download_name(uploaded, content_type, expected):
    assert attachment_download_name(uploaded, content_type) == expected


def test_name_clean_removes_every_bidi_and_control_character():
    bidi = "".join(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C])
    controls = "".join(chr(c) for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)])
    assert attachment_name_clean(f"a{bidi}b{controls}c.pdf") == "abc.pdf"
