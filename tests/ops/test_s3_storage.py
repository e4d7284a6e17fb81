"""Attachments and letters on S3-compatible storage (STORAGE_BACKEND=s3), tested against a real
local S3 stand-in (moto in server mode on loopback, tests/s3_standin.py): the portal writes
private objects, nothing falls back to the local disk, downloads go through the portal's own
permission-checked views (never a bucket URL), and /helse/ checks the bucket."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from applications.models import ApplicationAttachment
from core.uploads import stored_attachment_delete
from organisations.models import Membership
from tests.applications import files
from tests.factories import make_application, member, municipality
from tests.grants.helpers import sent_grant

pytestmark = pytest.mark.django_db

PUBLIC_GRANTEES = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


def assert_private(bucket, key):
    grants = bucket.grants(key)
    assert grants, "the object has an owner grant"
    for grant in grants:
        assert grant["Grantee"].get("URI") not in PUBLIC_GRANTEES
        assert grant["Grantee"]["Type"] == "CanonicalUser"


def assert_nothing_on_disk():
    root = settings.MEDIA_ROOT
    assert not root.exists() or not any(root.rglob("*")), "a file fell back to the local disk"


def upload(client, application, name, data):
    return client.post(
        reverse("applications:section", args=[application.pk, "vedlegg"]), {"file": files.upload(name, data)}
    )


def test_attachment_is_uploaded_to_the_bucket_and_downloaded_through_the_checked_view(client, s3_storage):
    draft = make_application(municipality())
    client.force_login(draft.created_by)
    assert upload(client, draft, "prosjektplan.pdf", files.PDF_BYTES).status_code == 302
    attachment = ApplicationAttachment.objects.get(application=draft)

    assert s3_storage.names() == [attachment.file.name]
    assert attachment.file.name.startswith("private/")
    assert s3_storage.read(attachment.file.name) == files.PDF_BYTES
    assert_private(s3_storage, attachment.file.name)
    assert_nothing_on_disk()

    # No bucket address, signed or not, ever reaches a page: url() is the unserved /media/ path.
    url = attachment.file.url
    assert url.startswith(settings.MEDIA_URL)
    assert "127.0.0.1" not in url and "Signature" not in url and "X-Amz" not in url
    assert client.get(url).status_code == 404

    response = client.get(reverse("applications:attachment", args=[draft.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == files.PDF_BYTES
    assert "Location" not in response  # streamed by the portal, not a redirect to the bucket


def test_another_municipality_gets_404_for_an_attachment_in_the_bucket(client, s3_storage):
    draft = make_application(municipality())
    client.force_login(draft.created_by)
    upload(client, draft, "plan.pdf", files.PDF_BYTES)
    attachment = ApplicationAttachment.objects.get(application=draft)
    client.force_login(member(municipality("0301"), Membership.Role.APPROVER))
    assert client.get(reverse("applications:attachment", args=[draft.pk, attachment.pk])).status_code == 404


def test_the_same_file_twice_never_overwrites_an_object(client, s3_storage):
    draft = make_application(municipality())
    client.force_login(draft.created_by)
    upload(client, draft, "a.pdf", files.PDF_BYTES)
    upload(client, draft, "b.pdf", files.PDF_BYTES)
    names = sorted(ApplicationAttachment.objects.filter(application=draft).values_list("file", flat=True))
    assert len(set(names)) == 2
    assert s3_storage.names() == names


def test_an_object_missing_from_the_bucket_is_a_404_not_a_500(client, s3_storage):
    draft = make_application(municipality())
    client.force_login(draft.created_by)
    upload(client, draft, "plan.pdf", files.PDF_BYTES)
    attachment = ApplicationAttachment.objects.get(application=draft)
    s3_storage.delete(attachment.file.name)
    response = client.get(reverse("applications:attachment", args=[draft.pk, attachment.pk]))
    assert response.status_code == 404


def test_a_deleted_attachment_removes_its_object_once_committed(client, s3_storage, django_capture_on_commit_callbacks):
    draft = make_application(municipality())
    client.force_login(draft.created_by)
    upload(client, draft, "plan.pdf", files.PDF_BYTES)
    attachment = ApplicationAttachment.objects.get(application=draft)
    with django_capture_on_commit_callbacks(execute=True):
        stored_attachment_delete(attachment=attachment)
    assert s3_storage.names() == []


def test_a_letter_pdf_is_stored_in_the_bucket_and_served_to_the_municipality(client, s3_storage):
    org = municipality()
    with time_machine.travel(dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC), tick=False):
        grant, letter = sent_grant(org)
    assert letter.pdf.name in s3_storage.names()
    assert letter.pdf.name.startswith("private/letters/")
    stored = s3_storage.read(letter.pdf.name)
    assert stored.startswith(b"%PDF")
    assert_private(s3_storage, letter.pdf.name)
    assert_nothing_on_disk()

    client.force_login(member(org, Membership.Role.APPROVER))
    response = client.get(reverse("grants:letter", args=[grant.pk, letter.version]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == stored

    client.force_login(member(municipality("0301"), Membership.Role.APPROVER))
    assert client.get(reverse("grants:letter", args=[grant.pk, letter.version])).status_code == 404


def test_health_writes_and_deletes_a_probe_object_in_the_bucket(client, s3_storage):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["checks"]["storage"]["ok"] is True
    assert s3_storage.names() == []  # the probe cleaned up after itself
    assert_nothing_on_disk()


def test_health_fails_with_503_when_the_bucket_is_gone(client, s3_storage):
    s3_storage.client.delete_bucket(Bucket=s3_storage.name)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["storage"]["ok"] is False
    assert checks["database"]["ok"] and checks["broker"]["ok"]
    assert "127.0.0.1" not in response.content.decode() and s3_storage.name not in response.content.decode()
