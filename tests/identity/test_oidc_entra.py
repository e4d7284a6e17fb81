"""Entra ID for IMDi staff against the loopback provider: the `groups` claim sets the IMDi roles
(ENTRA_GROUP_ROLES), and a login through Entra counts as the second factor, while a password
login of the same kind of account still waits for TOTP."""

from urllib.parse import urlparse

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.urls import reverse

from core.models import CaseEvent
from organisations import roles
from organisations.dev_idporten import OidcProvider
from organisations.models import ExternalIdentity
from tests.factories import officer

pytestmark = pytest.mark.django_db
OFFICERS, BUDGET, OTHER = "0f1c-officers", "9a7e-budget", "1234-unrelated"


@pytest.fixture
def entra(settings):
    cache.clear()
    identity = {
        "sub": "entra-sub-1",
        "oid": "oid-0001",
        "preferred_username": "kari.radgiver@imdi.no",
        "email": "kari.radgiver@imdi.no",
        "given_name": "Kari",
        "family_name": "Rådgiver",
        "groups": [OFFICERS, OTHER],
    }
    with OidcProvider(identity=identity) as provider:
        provider.acr = "1"  # Entra's acr is not ID-porten's; it is not checked for Entra
        settings.ENTRA_ISSUER = provider.issuer
        settings.ENTRA_CLIENT_ID = provider.client_id
        settings.ENTRA_CLIENT_SECRET = provider.client_secret
        settings.ENTRA_GROUP_ROLES = {OFFICERS: "officer", BUDGET: "budget_holder"}
        settings.IMDI_REQUIRE_SECOND_FACTOR = True
        yield provider
    cache.clear()


def _sign_in(client, provider):
    start = client.get(reverse("entra_login"))
    answer = requests.get(start["Location"], allow_redirects=False, timeout=5)
    callback = urlparse(answer.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}", follow=True)


def test_the_login_page_offers_entra_when_configured(client, entra):
    assert "Logg inn som IMDi-ansatt (Entra ID)" in client.get(reverse("login")).content.decode()


def test_groups_map_to_imdi_roles_and_entra_counts_as_the_second_factor(client, entra):
    response = _sign_in(client, entra)
    user = ExternalIdentity.objects.get(provider="entra", subject="oid-0001").user
    assert set(user.groups.values_list("name", flat=True)) == {roles.OFFICER}
    assert user.is_staff and user.email == "kari.radgiver@imdi.no" and user.get_full_name() == "Kari Rådgiver"
    # Not sent to the TOTP page: the officer lands on the queue, and the officer's pages work.
    assert response.redirect_chain[-1][0].startswith(reverse("admin:applications_application_queue"))
    assert client.get(reverse("admin:applications_application_queue")).status_code == 200
    assert CaseEvent.objects.filter(action="imdi_roles_synced", to_state=roles.OFFICER).exists()


def test_a_changed_group_in_entra_changes_the_role_at_the_next_login(client, entra):
    _sign_in(client, entra)
    client.logout()
    entra.identity["groups"] = [BUDGET]
    _sign_in(client, entra)
    user = ExternalIdentity.objects.get(provider="entra").user
    assert set(user.groups.values_list("name", flat=True)) == {roles.BUDGET_HOLDER}
    client.logout()
    entra.identity["groups"] = [OTHER]
    _sign_in(client, entra)
    user.refresh_from_db()
    assert not user.groups.exists() and not user.is_staff


def test_a_password_login_to_an_imdi_account_still_needs_totp(client, entra):
    person = officer(username="lokal-radgiver")
    person.set_password("riktig-passord-123")
    person.save()
    response = client.post(
        reverse("login"), {"username": "lokal-radgiver", "password": "riktig-passord-123"}, follow=True
    )
    assert SESSION_KEY in client.session
    assert response.redirect_chain[-1][0].startswith(reverse("second_factor_verify"))
    assert client.get(reverse("admin:applications_application_queue")).status_code != 200


def test_the_entra_mark_does_not_survive_a_password_login_in_the_same_session(rf):
    from django.contrib.auth import login
    from django.contrib.sessions.backends.db import SessionStore

    user = officer()
    request = rf.get("/")
    request.session = SessionStore()
    request.session["identity_provider"] = "entra"
    request.session["oidc_id_token"] = "a.b.c"
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    assert "identity_provider" not in request.session and "oidc_id_token" not in request.session


def test_only_entra_counts_as_the_second_factor(client, settings):
    """An IMDi account in a session that ID-porten (or nothing) signed in waits for TOTP."""
    settings.IMDI_REQUIRE_SECOND_FACTOR = True
    person = officer()
    client.force_login(person)
    session = client.session
    session["identity_provider"] = "idporten"
    session.save()
    assert client.get(reverse("admin:applications_application_queue")).status_code != 200
    session["identity_provider"] = "entra"
    session.save()
    assert client.get(reverse("admin:applications_application_queue")).status_code == 200


def test_check_deploy_warns_about_a_provider_over_plain_http(settings):
    from organisations.checks import identity_provider_https_check

    settings.IDPORTEN_ISSUER, settings.ENTRA_ISSUER = "https://idporten.no", ""
    assert identity_provider_https_check(None) == []
    settings.IDPORTEN_ISSUER = "http://idporten.example"
    assert [w.id for w in identity_provider_https_check(None)] == ["organisations.W002"]


def test_a_group_overage_is_refused_rather_than_dropping_the_roles(client, entra):
    _sign_in(client, entra)
    client.logout()
    entra.identity.pop("groups")
    entra.identity["_claim_names"] = {"groups": "src1"}
    response = _sign_in(client, entra)
    assert "sendte ikke gruppene dine" in response.content.decode()
    assert SESSION_KEY not in client.session
    user = ExternalIdentity.objects.get(provider="entra").user
    assert set(user.groups.values_list("name", flat=True)) == {roles.OFFICER}
