"""Local accounts: password reset by e-mail, the lockout's tries left and lift time, and the
notice when a session expired."""

import re

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _fail(client, username="kari"):
    return client.post(reverse("login"), {"username": username, "password": "feil-passord"})


def test_password_reset_mails_a_link_that_sets_a_new_password(client, mailoutbox, settings):
    settings.PORTAL_BASE_URL = "https://tilskudd.example.no"
    user = UserFactory(username="kari", email="kari@kommune.example.no")
    response = client.post(reverse("password_reset"), {"email": "kari@kommune.example.no"})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["kari@kommune.example.no"]
    assert "Nytt passord" in mail.subject
    link = re.search(r"https://tilskudd\.example\.no(/passord/nytt/\S+/)", mail.body).group(1)
    response = client.get(link)  # Django swaps the token for a session marker and redirects
    response = client.get(response["Location"])
    assert "Lag nytt passord" in response.content.decode()
    response = client.post(
        response.wsgi_request.path, {"new_password1": "Fjordhest-1942", "new_password2": "Fjordhest-1942"}
    )
    assert response["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Fjordhest-1942")
    # The link works once.
    assert "virker ikke lenger" in client.get(link, follow=True).content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "ukjent@example.no"}, follow=True)
    assert "Sjekk e-posten din" in response.content.decode()
    assert mailoutbox == []


def test_a_wrong_password_says_how_many_tries_are_left(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    UserFactory(username="kari")
    response = _fail(client)
    assert response.status_code == 200
    assert "Du har 4 forsøk igjen." in response.content.decode()
    assert "sperres innloggingen i 60 minutter" in response.content.decode()
    response = _fail(client)
    assert "Du har 3 forsøk igjen." in response.content.decode()


def test_the_lockout_page_says_when_the_lock_lifts(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    UserFactory(username="kari")
    _fail(client)
    response = _fail(client)
    assert response.status_code == 429
    page = response.content.decode()
    attempt = AccessAttempt.objects.get(username="kari")
    from django.utils import timezone

    lifts = timezone.localtime(attempt.attempt_time + timezone.timedelta(hours=1))
    assert f"Sperren oppheves kl. {lifts:%H:%M}" in page
    assert "etter 2 forsøk" in page


def test_an_expired_session_is_told_on_the_login_page(client):
    user = UserFactory(username="kari")
    client.force_login(user)
    assert client.get(reverse("applications:dashboard")).status_code == 200
    assert "imdi_signed_in" in client.cookies
    # The session ends (as after SESSION_IDLE_MINUTES); the browser still has the marker.
    client.session.flush()
    client.cookies.pop("sessionid", None)
    response = client.get(reverse("applications:dashboard"), follow=True)
    assert response.wsgi_request.path == reverse("login")
    assert "ikke hadde vært aktiv på 60 minutter" in response.content.decode()
    # Told once.
    assert "ikke hadde vært aktiv" not in client.get(reverse("login")).content.decode()


def test_signing_out_is_not_an_expired_session(client):
    client.force_login(UserFactory(username="kari"))
    client.get(reverse("applications:dashboard"))
    response = client.post(reverse("logout"), follow=True)
    assert "ikke hadde vært aktiv" not in response.content.decode()
    assert "ikke hadde vært aktiv" not in client.get(reverse("login")).content.decode()
