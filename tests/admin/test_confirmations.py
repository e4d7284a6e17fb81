"""Irreversible admin actions ask first (issue 13 item 4): the page names the consequence and
nothing happens until its button is pressed."""

import pytest
from django.urls import reverse

from applications.models import Grant, GrantLetter
from tests.factories import officer
from tests.grants.helpers import development_grant, signer

pytestmark = pytest.mark.django_db


def test_sign_and_send_letter_asks_first(client, django_capture_on_commit_callbacks):
    grant = development_grant()
    client.force_login(signer())
    change = client.get(reverse("admin:applications_grant_change", args=[grant.pk])).content.decode()
    send_url = reverse("admin:applications_grant_send", args=[grant.pk])
    assert f'href="{send_url}"' in change  # a link to the question, not a one-click form

    page = client.get(send_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dette kan ikke angres" in html and grant.organisation.name in html
    assert "Akseptfristen begynner å løpe" in html
    grant.refresh_from_db()
    assert grant.status == Grant.Status.DECIDED and not GrantLetter.objects.filter(grant=grant).exists()

    with django_capture_on_commit_callbacks(execute=True):  # the letter job, run by the worker
        response = client.post(send_url)
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == Grant.Status.LETTER_SENT


def test_who_may_not_sign_gets_no_question(client):
    grant = development_grant()
    client.force_login(officer())
    response = client.get(reverse("admin:applications_grant_send", args=[grant.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:applications_grant_change", args=[grant.pk])


def test_approver_is_asked_before_submitting(client):
    from applications.models import Application
    from organisations.models import Membership
    from tests.factories import colleague, make_application, on_day, submission_day

    application = make_application(status="awaiting_approval")
    boss = colleague(application.organisation, Membership.Role.APPROVER)
    client.force_login(boss)
    with on_day(submission_day(application.call)):
        detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
        submit_url = reverse("applications:submit", args=[application.pk])
        assert f'href="{submit_url}"' in detail
        page = client.get(submit_url)
        assert page.status_code == 200 and "Dette kan ikke angres" in page.content.decode()
        application.refresh_from_db()
        assert application.status == Application.Status.AWAITING_APPROVAL
        assert client.post(submit_url).status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_caseworker_gets_no_submit_page_and_a_draft_is_not_asked_about(client):
    from organisations.models import Membership
    from tests.factories import colleague, make_application

    application = make_application()
    url = reverse("applications:submit", args=[application.pk])
    client.force_login(application.created_by)
    assert client.get(url).status_code == 404
    client.force_login(colleague(application.organisation, Membership.Role.APPROVER))
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("applications:detail", args=[application.pk])


def test_withdrawal_asks_first_and_names_the_consequence(client):
    from applications.models import Application
    from organisations.models import Membership
    from tests.factories import colleague, make_application

    application = make_application(status="submitted")
    url = reverse("applications:withdraw", args=[application.pk])
    client.force_login(colleague(application.organisation, Membership.Role.APPROVER))
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert f'href="{url}"' in detail
    page = client.get(url)
    assert page.status_code == 200
    assert "kan ikke sendes inn igjen" in page.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert client.post(url, {"reason": "Prosjektet er lagt ned."}).status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


def test_caseworker_is_not_asked_to_withdraw_a_sent_application(client):
    from tests.factories import make_application

    application = make_application(status="submitted")
    client.force_login(application.created_by)
    response = client.get(reverse("applications:withdraw", args=[application.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:detail", args=[application.pk])
