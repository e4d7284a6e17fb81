"""Login, logout, lockout, landing pages and admin access."""

import pytest
from django.conf import settings
from django.urls import reverse

from organisations.models import Membership
from tests.factories import UserFactory, budget_holder, member, municipality, officer

pytestmark = pytest.mark.django_db

PASSWORD = "passord-123"


def post_login(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.1")


def test_login_page_is_norwegian_and_uses_crispy_fields(client):
    body = client.get(reverse("login")).content.decode()
    assert "<h1" in body and "Logg inn" in body
    assert 'for="id_username"' in body and "Brukernavn" in body and "Passord" in body
    assert 'class="textinput form-control"' in body


def test_municipal_user_lands_on_their_start_page(client):
    user = member(municipality("4601"), Membership.Role.CASEWORKER, username="kari")
    response = post_login(client, "kari")
    assert response.status_code == 302 and response["Location"] == reverse("start")
    landing = client.get(reverse("start"), follow=True)
    assert landing.status_code == 200
    assert landing.redirect_chain == [] or not landing.redirect_chain[-1][0].startswith("/admin")
    assert landing.wsgi_request.user == user


@pytest.mark.parametrize("make_user", [officer, budget_holder])
def test_imdi_staff_land_in_the_admin(client, make_user):
    user = make_user(username="imdi-ansatt")
    post_login(client, user.username)
    response = client.get(reverse("start"))
    # Officers land on their own applications in the work queue (issue 13 item 1).
    landing = reverse("admin:applications_application_queue") + "?who=mine" if make_user is officer else None
    assert response.status_code == 302 and response["Location"] == (landing or reverse("admin:index"))
    admin_index = client.get(reverse("admin:index"))
    assert admin_index.status_code == 200
    assert "IMDi tilskuddsportal – saksbehandling" in admin_index.content.decode()


def test_wrong_password_shows_a_norwegian_error(client):
    UserFactory(username="ola")
    response = post_login(client, "ola", "feil")
    assert response.status_code == 200
    assert "brukernavn og passord" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_ends_the_session(client):
    user = UserFactory(username="per")
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("logout")}" method="post"' in page
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert "_auth_user_id" not in client.session


def test_lockout_after_too_many_failures(client):
    UserFactory(username="laast")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "laast", "feil-passord")
    response = post_login(client, "laast", PASSWORD)  # even the right password is refused now
    assert response.status_code == 429
    body = response.content.decode()
    assert "For mange mislykkede innlogginger" in body
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_user(client):
    UserFactory(username="laast2")
    UserFactory(username="fri")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "laast2", "feil-passord")
    assert post_login(client, "fri").status_code == 302


def test_start_requires_login(client):
    response = client.get(reverse("start"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["anonymous", "municipal", "non_staff_with_group"])
def test_admin_refused_for_non_staff(client, who):
    if who == "municipal":
        client.force_login(member(municipality("4601"), Membership.Role.APPROVER, username="godkjenner-x"))
    elif who == "non_staff_with_group":
        user = officer(username="ikke-staff")
        user.is_staff = False
        user.save()
        client.force_login(user)
    for url in (reverse("admin:index"), reverse("admin:schemes_call_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_navigation_depends_on_who_is_logged_in(client):
    anon = client.get(reverse("home")).content.decode()
    assert 'href="/logg-inn/"' in anon and "Mine saker" not in anon and "Saksbehandling" not in anon
    client.force_login(member(municipality("4601"), username="nav-kommune"))
    municipal = client.get(reverse("home")).content.decode()
    assert "Mine saker" in municipal and "Logg ut" in municipal and "Saksbehandling" not in municipal
    client.force_login(officer(username="nav-imdi"))
    staff = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("admin:index")}"' in staff and "Saksbehandling" in staff
