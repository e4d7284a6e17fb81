"""The flow through the pages: send for approval, the approver's queue, PDF, submit, receipt,
send back, withdraw."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from applications.models import Application, CaseNumberSequence
from tests.applications.helpers import approver_of, awaiting_approval, complete_application, reload

pytestmark = pytest.mark.django_db


def test_send_for_approval_lists_problems_in_norwegian(client):
    application = complete_application(title="", participants=3)
    client.force_login(application.created_by)
    response = client.post(reverse("applications:send_for_approval", args=[application.pk]), follow=True)
    page = response.content.decode()
    assert "Søknaden er ikke fullstendig." in page
    assert "Prosjekttittel mangler." in page
    assert "Prosjektet må ha minst 10 deltakere." in page
    assert reload(application).status == Application.Status.DRAFT


def test_detail_shows_the_same_check_before_sending(client):
    application = complete_application(contact_email="")
    client.force_login(application.created_by)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "E-post til kontaktperson mangler." in page


def test_full_flow_through_the_pages(client, django_capture_on_commit_callbacks, mailoutbox):
    application = complete_application()
    client.force_login(application.created_by)
    response = client.post(reverse("applications:send_for_approval", args=[application.pk]), follow=True)
    assert "Søknaden er sendt til godkjenning." in response.content.decode()
    assert reload(application).status == Application.Status.AWAITING_APPROVAL

    approver = approver_of(application.organisation, email="direktor@example.no")
    client.force_login(approver)
    queue = client.get(reverse("applications:approval_queue"))
    assert [a.pk for a in queue.context["applications"]] == [application.pk]
    dashboard = client.get(reverse("applications:dashboard")).content.decode()
    assert "venter på din godkjenning" in dashboard
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "Godkjenn og send inn" in detail

    # The PDF is made as a job (core.jobs): the request enqueues, the job's page offers it.
    with django_capture_on_commit_callbacks(execute=True):
        job_page = client.post(reverse("applications:pdf", args=[application.pk]))
    download = job_page["Location"].rstrip("/") + "/last-ned/"
    assert download in client.get(job_page["Location"]).content.decode()
    pdf = client.get(download)
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    content = b"".join(pdf.streaming_content)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Arbeidsrettet norsk i praksis" in text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:submit", args=[application.pk]))
    assert response.url == reverse("applications:receipt", args=[application.pk])
    receipt = client.get(response.url).content.decode()
    assert "24/00001" in receipt
    receipts = len(mailoutbox)  # one message per member of the organisation (issue 11)
    assert all(len(m.to) == 1 for m in mailoutbox)
    assert "direktor@example.no" in {m.to[0] for m in mailoutbox}

    # A second click: refused, still one case number.
    response = client.post(reverse("applications:submit", args=[application.pk]), follow=True)
    assert "allerede sendt inn med saksnummer 24/00001" in response.content.decode()
    assert CaseNumberSequence.objects.get(year=2024).last_number == 1
    assert len(mailoutbox) == receipts

    log = client.get(reverse("applications:detail", args=[application.pk])).context["case_log"]
    assert [e.action for e in log] == ["created", "sent_for_approval", "submitted"]


def test_approver_sends_back_with_comment(client):
    application = awaiting_approval()
    client.force_login(approver_of(application.organisation))
    response = client.post(reverse("applications:send_back", args=[application.pk]), {"comment": ""}, follow=True)
    assert "Skriv hva som må rettes." in response.content.decode()
    assert reload(application).status == Application.Status.AWAITING_APPROVAL
    client.post(reverse("applications:send_back", args=[application.pk]), {"comment": "<b>Mer om målgruppen</b>"})
    application = reload(application)
    assert application.status == Application.Status.DRAFT
    client.force_login(application.created_by)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "&lt;b&gt;Mer om målgruppen&lt;/b&gt;" in page


def test_deadline_passed_submit_via_page_shows_message(client):
    import time_machine

    application = awaiting_approval()
    approver = approver_of(application.organisation)
    with time_machine.travel("2024-02-15 00:00:00+01:00", tick=False):
        # Log in on the day itself: a session idle for two weeks has expired.
        client.force_login(approver)
        response = client.post(reverse("applications:submit", args=[application.pk]), follow=True)
    assert "Søknadsfristen 14.02.2024 er passert" in response.content.decode()
    assert reload(application).status == Application.Status.AWAITING_APPROVAL


def test_withdraw_via_page_and_log(client):
    application = complete_application()
    client.force_login(application.created_by)
    client.post(reverse("applications:withdraw", args=[application.pk]), {"reason": "Prosjektet er utsatt"})
    application = reload(application)
    assert application.status == Application.Status.WITHDRAWN
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "Prosjektet er utsatt" in page
    assert "Trukket" in page


def test_caseworker_cannot_withdraw_submitted_but_approver_can(client):
    from applications.services import application as services

    application = awaiting_approval()
    approver = approver_of(application.organisation)
    services.application_submit(application=application, user=approver)
    client.force_login(application.created_by)
    client.post(reverse("applications:withdraw", args=[application.pk]))
    assert reload(application).status == Application.Status.SUBMITTED
    client.force_login(approver)
    client.post(reverse("applications:withdraw", args=[application.pk]))
    assert reload(application).status == Application.Status.WITHDRAWN
