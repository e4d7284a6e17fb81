"""An application the municipality withdrew before sending it was never IMDi's case: like a
draft, it stays out of the admin and its attachments cannot be downloaded by IMDi."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from applications.models import ApplicationAttachment
from core.services import case_event_record
from tests.factories import make_application, municipality, officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawn_draft():
    application = make_application(municipality(), status="withdrawn")
    attachment = ApplicationAttachment(
        application=application,
        original_name="intern.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
        uploaded_by=application.created_by,
    )
    attachment.file.save("intern-test.pdf", ContentFile(b"%PDF-1.4"), save=False)
    attachment.save()
    return application, attachment


def test_admin_does_not_list_or_open_a_withdrawn_draft(client, withdrawn_draft):
    application, _attachment = withdrawn_draft
    client.force_login(officer())
    changelist = client.get(reverse("admin:applications_application_changelist"))
    assert changelist.status_code == 200
    assert reverse("admin:applications_application_change", args=[application.pk]) not in changelist.content.decode()
    assert client.get(reverse("admin:applications_application_change", args=[application.pk])).status_code == 302


def test_imdi_cannot_download_attachment_of_a_withdrawn_draft(client, withdrawn_draft):
    application, attachment = withdrawn_draft
    client.force_login(officer())
    url = reverse("applications:attachment", kwargs={"pk": application.pk, "attachment_id": attachment.pk})
    assert client.get(url).status_code == 404


def test_case_log_hides_a_withdrawn_draft(client, withdrawn_draft):
    application, _attachment = withdrawn_draft
    event = case_event_record(subject=application, action="withdrawn", actor=application.created_by)
    client.force_login(officer())
    assert client.get(reverse("admin:core_caseevent_change", args=[event.pk])).status_code == 302


def test_withdrawn_after_submission_stays_visible(client, withdrawn_draft):
    application, attachment = withdrawn_draft
    application.case_number = "24/99999"
    application.submitted_at = application.created_at
    application.save(update_fields=["case_number", "submitted_at"])
    client.force_login(officer())
    assert client.get(reverse("admin:applications_application_change", args=[application.pk])).status_code == 200
    url = reverse("applications:attachment", kwargs={"pk": application.pk, "attachment_id": attachment.pk})
    assert client.get(url).status_code == 200
