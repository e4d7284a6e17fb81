"""Uploading, storing privately and downloading attachments through the checked view."""

import pytest
from django.conf import settings
from django.urls import reverse

from applications.models import ApplicationAttachment
from tests.applications import files
from tests.applications.helpers import submitted
from tests.factories import make_application, member, municipality, officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return make_application(municipality())


def upload(client, application, name, data):
    return client.post(
        reverse("applications:section", args=[application.pk, "vedlegg"]), {"file": files.upload(name, data)}
    )


def test_pdf_upload_is_stored_privately_and_downloaded_as_attachment(client, draft):
    client.force_login(draft.created_by)
    response = upload(client, draft, "../../prosjektplan.pdf", files.PDF_BYTES)
    assert response.status_code == 302
    attachment = ApplicationAttachment.objects.get(application=draft)
    assert attachment.original_name == "prosjektplan.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name.startswith("private/")
    assert str(settings.MEDIA_ROOT) in attachment.file.path
    assert attachment.file.url.startswith(settings.MEDIA_URL)  # a URL exists but nothing serves it
    assert client.get(attachment.file.url).status_code == 404

    response = client.get(reverse("applications:attachment", args=[draft.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == files.PDF_BYTES


def test_docx_named_wrongly_gets_its_real_extension(client, draft):
    client.force_login(draft.created_by)
    upload(client, draft, "budsjett.pdf", files.DOCX_BYTES)
    attachment = ApplicationAttachment.objects.get(application=draft)
    assert attachment.original_name == "budsjett.docx"
    assert attachment.content_type.endswith("wordprocessingml.document")


def test_renamed_executable_is_refused_with_message_next_to_field(client, draft):
    client.force_login(draft.created_by)
    response = upload(client, draft, "søknad.pdf", files.EXE_BYTES)
    assert response.status_code == 200
    assert "Filtypen er ikke tillatt" in response.context["form"].errors["file"][0]
    assert not ApplicationAttachment.objects.exists()


def test_file_over_20_mb_is_refused(client, draft):
    client.force_login(draft.created_by)
    big = files.PDF_BYTES + b"0" * (settings.ATTACHMENT_MAX_BYTES + 1 - len(files.PDF_BYTES))
    response = upload(client, draft, "stor.pdf", big)
    assert response.status_code == 200
    assert "for stor" in response.context["form"].errors["file"][0]
    assert not ApplicationAttachment.objects.exists()


def test_upload_without_file_is_refused(client, draft):
    client.force_login(draft.created_by)
    response = client.post(reverse("applications:section", args=[draft.pk, "vedlegg"]), {})
    assert response.status_code == 200
    assert "Velg en fil" in response.context["form"].errors["file"][0]


def test_delete_attachment_on_draft(client, draft):
    client.force_login(draft.created_by)
    upload(client, draft, "plan.png", files.PNG_BYTES)
    attachment = ApplicationAttachment.objects.get()
    response = client.post(reverse("applications:attachment_delete", args=[draft.pk, attachment.pk]))
    assert response.status_code == 302
    assert not ApplicationAttachment.objects.exists()


def test_stranger_cannot_download(client, draft):
    client.force_login(draft.created_by)
    upload(client, draft, "plan.pdf", files.PDF_BYTES)
    attachment = ApplicationAttachment.objects.get()
    client.force_login(member(municipality("0301")))
    assert client.get(reverse("applications:attachment", args=[draft.pk, attachment.pk])).status_code == 404
    # The id of another application in the URL does not help either.
    other = make_application(municipality("0301"))
    assert client.get(reverse("applications:attachment", args=[other.pk, attachment.pk])).status_code == 404


def test_officer_downloads_only_after_submission(client):
    from applications.services import application as services
    from tests.applications.helpers import approver_of, complete_application

    application = complete_application(municipality())
    client.force_login(application.created_by)
    upload(client, application, "plan.pdf", files.PDF_BYTES)
    attachment = ApplicationAttachment.objects.get()
    url = reverse("applications:attachment", args=[application.pk, attachment.pk])
    client.force_login(officer())
    assert client.get(url).status_code == 404
    services.application_send_for_approval(application=application, user=application.created_by)
    assert client.get(url).status_code == 404
    services.application_submit(application=application, user=approver_of(application.organisation))
    assert client.get(url).status_code == 200


def test_no_upload_once_sent(client):
    done = submitted(municipality("0301"))
    client.force_login(done.created_by)
    assert upload(client, done, "plan.pdf", files.PDF_BYTES).status_code == 302
    assert not ApplicationAttachment.objects.filter(application=done).exists()
