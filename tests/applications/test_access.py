"""Each role against each page of the flow: 200, redirect to login, or 404."""

import pytest
from django.urls import reverse

from applications.models import Application
from applications.services import application as services
from organisations.models import Membership
from tests.applications import files
from tests.applications.helpers import approver_of, awaiting_approval, complete_application, reload
from tests.factories import member, municipality, officer

pytestmark = pytest.mark.django_db

SECTIONS = ["grunnlag", "prosjekt", "gjennomforing", "budsjett", "kontakt", "vedlegg"]


@pytest.fixture
def draft():
    application = complete_application(municipality("4601"))
    services.attachment_add(
        application=application,
        user=application.created_by,
        uploaded_file=files.upload("plan.pdf", files.PDF_BYTES),
    )
    return application


@pytest.fixture
def users(draft):
    org = draft.organisation
    partner_org = municipality("4602")
    draft.partners.add(partner_org)
    return {
        "caseworker": draft.created_by,
        "approver": approver_of(org),
        "stranger": member(municipality("0301")),
        "stranger_approver": member(municipality("0301"), Membership.Role.APPROVER),
        "partner": member(partner_org),
        "officer": officer(),
    }


def read_urls(application):
    attachment = application.attachments.first()
    urls = [
        reverse("applications:detail", args=[application.pk]),
        reverse("applications:pdf", args=[application.pk]),
        reverse("applications:attachment", args=[application.pk, attachment.pk]),
    ]
    return urls


def edit_urls(application):
    return [reverse("applications:section", args=[application.pk, s]) for s in SECTIONS]


def test_anonymous_is_sent_to_login_everywhere(client, draft):
    urls = (
        read_urls(draft)
        + edit_urls(draft)
        + [
            reverse("applications:dashboard"),
            reverse("applications:approval_queue"),
            reverse("applications:receipt", args=[draft.pk]),
        ]
    )
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url
    for name in ["send_for_approval", "submit", "send_back", "withdraw"]:
        response = client.post(reverse(f"applications:{name}", args=[draft.pk]))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["caseworker", "approver"])
def test_own_organisation_reads_and_edits(client, draft, users, role):
    client.force_login(users[role])
    for url in read_urls(draft) + edit_urls(draft):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["stranger", "stranger_approver", "officer"])
def test_others_get_404_on_every_page(client, draft, users, role):
    client.force_login(users[role])
    for url in read_urls(draft) + edit_urls(draft) + [reverse("applications:receipt", args=[draft.pk])]:
        assert client.get(url).status_code == 404, url
    for name in ["send_for_approval", "submit", "send_back", "withdraw"]:
        assert client.post(reverse(f"applications:{name}", args=[draft.pk]), {"comment": "x"}).status_code == 404
    assert reload(draft).status == Application.Status.DRAFT


def test_partner_reads_but_cannot_edit(client, draft, users):
    client.force_login(users["partner"])
    for url in read_urls(draft):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("applications:detail", args=[draft.pk])).content.decode()
    assert "samarbeidspartner" in page
    assert "Send til godkjenning" not in page
    for url in edit_urls(draft):
        assert client.get(url).status_code == 404, url
    for name in ["send_for_approval", "submit", "withdraw"]:
        assert client.post(reverse(f"applications:{name}", args=[draft.pk])).status_code == 404
    assert reload(draft).status == Application.Status.DRAFT


def test_caseworker_cannot_submit(client, users):
    application = awaiting_approval()
    client.force_login(application.created_by)
    assert client.post(reverse("applications:submit", args=[application.pk])).status_code == 404
    assert reload(application).status == Application.Status.AWAITING_APPROVAL


def test_caseworker_cannot_send_back(client):
    application = awaiting_approval()
    client.force_login(application.created_by)
    response = client.post(reverse("applications:send_back", args=[application.pk]), {"comment": "Nei"})
    assert response.status_code == 404
    assert reload(application).status == Application.Status.AWAITING_APPROVAL


def test_dashboard_and_queue_answer_each_role(client, users):
    for role in ["caseworker", "approver", "stranger", "partner"]:
        client.force_login(users[role])
        assert client.get(reverse("applications:dashboard")).status_code == 200
        assert client.get(reverse("applications:approval_queue")).status_code == 200


def test_start_page_sends_municipal_users_to_dashboard_and_staff_to_admin(client, users):
    client.force_login(users["caseworker"])
    assert client.get(reverse("start")).url == reverse("applications:dashboard")
    client.force_login(users["officer"])
    # An officer lands on the work queue's "mine" (issue 13 item 1), inside the admin.
    assert client.get(reverse("start")).url == reverse("admin:applications_application_queue") + "?who=mine"


def test_create_only_for_own_organisation(client, users):
    from tests.factories import development_call

    call = development_call()
    client.force_login(users["stranger"])
    response = client.post(reverse("applications:create", args=[municipality("4601").pk, call.pk]))
    assert response.status_code == 404
    client.force_login(users["caseworker"])
    before = Application.objects.count()
    response = client.post(reverse("applications:create", args=[municipality("4601").pk, call.pk]))
    assert response.status_code == 302
    assert Application.objects.count() == before + 1
    assert client.get(reverse("applications:create", args=[municipality("4601").pk, call.pk])).status_code == 405
