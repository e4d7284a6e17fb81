"""ID-porten sign-in, the whole authorization-code flow against a real OpenID Connect provider on
loopback (organisations/dev_idporten.py): the portal's library fetches discovery and keys,
exchanges the code with the PKCE verifier and checks the id token. Nothing of the library is mocked."""

from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.urls import reverse

from core.models import CaseEvent
from organisations.dev_idporten import OidcProvider
from organisations.models import ExternalIdentity, Membership
from tests.factories import member, municipality

pytestmark = pytest.mark.django_db
PID = "99079409630"  # synthetic: day 99, never a real number


@pytest.fixture
def idporten(settings):
    cache.clear()
    with OidcProvider(identity={"sub": "pairwise-abc", "pid": PID}) as provider:
        settings.IDPORTEN_ISSUER = provider.issuer
        settings.IDPORTEN_CLIENT_ID = provider.client_id
        settings.IDPORTEN_CLIENT_SECRET = provider.client_secret
        yield provider
    cache.clear()


def _authorize(client, provider):
    """The portal's redirect to the provider, and the provider's answer (the callback URL)."""
    start = client.get(reverse("idporten_login"))
    assert start.status_code == 302
    assert start["Location"].startswith(provider.issuer + "/authorize?")
    answer = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    callback = urlparse(answer.headers["Location"])
    assert callback.path == reverse("idporten_callback")
    return f"{callback.path}?{callback.query}"


def _sign_in(client, provider):
    return client.get(_authorize(client, provider), follow=True)


def _signed_in(client):
    return SESSION_KEY in client.session


def test_the_login_page_shows_id_porten_only_when_configured(client, settings):
    settings.IDPORTEN_ISSUER = ""
    assert "Logg inn med ID-porten" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("idporten_login")).status_code == 404
    settings.IDPORTEN_ISSUER, settings.IDPORTEN_CLIENT_ID = "https://test.idporten.no", "imdi"
    page = client.get(reverse("login")).content.decode()
    assert "Logg inn med ID-porten" in page
    assert 'name="username"' in page  # the local and demo login stays beside it


def test_the_request_asks_for_pkce_s256_state_nonce_and_substantial(client, idporten):
    client.get(reverse("idporten_login"))
    _authorize(client, idporten)
    params = idporten.authorize_requests[-1]
    assert params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) >= 43
    assert params["acr_values"] == "idporten-loa-substantial"
    assert params["state"] and params["nonce"]
    assert params["scope"] == "openid profile"
    assert params["redirect_uri"] == "http://testserver" + reverse("idporten_callback")


def test_a_first_time_user_is_made_by_pid_and_lands_on_the_join_page(client, idporten):
    response = _sign_in(client, idporten)
    assert response.redirect_chain[-1][0] == reverse("organisations:join")
    assert _signed_in(client)
    identity = ExternalIdentity.objects.get(provider="idporten")
    assert identity.subject == PID
    assert not identity.user.has_usable_password()
    # The token request carried the verifier the portal kept for the challenge.
    assert idporten.token_requests[-1]["code_verifier"]
    # The pid is the key, never shown: not in the page, the username or the case log.
    assert PID not in response.content.decode()
    assert PID not in identity.user.username and PID not in str(identity)
    event = CaseEvent.objects.get(action="identity_linked")
    assert PID not in str(event.data) and PID not in event.to_state


def test_the_same_pid_finds_the_same_user_next_time(client, idporten):
    _sign_in(client, idporten)
    first = ExternalIdentity.objects.get().user
    client.logout()
    Membership.objects.create(user=first, organisation=municipality("4601"), role=Membership.Role.CASEWORKER)
    response = _sign_in(client, idporten)
    assert ExternalIdentity.objects.count() == 1
    assert int(client.session[SESSION_KEY]) == first.pk
    assert response.redirect_chain[-1][0] == reverse("applications:dashboard")


def test_a_wrong_state_is_refused_with_a_message(client, idporten):
    callback = _authorize(client, idporten)
    forged = callback.replace("state=", "state=x")
    response = client.get(forged, follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Innloggingen kunne ikke fullføres" in response.content.decode()
    assert not _signed_in(client)
    assert not ExternalIdentity.objects.exists()


def test_a_wrong_nonce_is_refused(client, idporten):
    idporten.nonce_override = "not-the-nonce-we-sent"
    response = _sign_in(client, idporten)
    assert "kunne ikke bekreftes" in response.content.decode()
    assert not _signed_in(client)
    assert not ExternalIdentity.objects.exists()


@pytest.mark.parametrize("acr", ["idporten-loa-low", "", "Level3"])
def test_a_lower_acr_is_refused_with_a_clear_message(client, idporten, acr):
    idporten.acr = acr
    response = _sign_in(client, idporten)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "for lavt sikkerhetsnivå" in response.content.decode()
    assert not _signed_in(client)


def test_high_is_accepted(client, idporten):
    idporten.acr = "idporten-loa-high"
    _sign_in(client, idporten)
    assert _signed_in(client)


def test_an_expired_id_token_is_refused(client, idporten):
    idporten.id_token_ttl = -30
    response = _sign_in(client, idporten)
    assert "var utløpt" in response.content.decode()
    assert not _signed_in(client)


def test_a_token_from_another_issuer_is_refused(client, idporten):
    idporten.issuer_override = "https://evil.example"
    response = _sign_in(client, idporten)
    assert "kunne ikke bekreftes" in response.content.decode()
    assert not _signed_in(client)


def test_a_replayed_callback_is_refused(client, idporten):
    callback = _authorize(client, idporten)
    client.get(callback)
    assert _signed_in(client)
    client.logout()
    response = client.get(callback, follow=True)
    assert "kunne ikke fullføres" in response.content.decode()
    assert not _signed_in(client)


def test_a_replayed_code_is_refused_by_the_provider(client, idporten):
    """An attacker's session with a fresh state, but a code that was used already."""
    used = _authorize(client, idporten)
    client.get(used)
    client.logout()
    fresh = _authorize(client, idporten)
    old_code = parse_qs(urlparse(used).query)["code"][0]
    fresh_state = parse_qs(urlparse(fresh).query)["state"][0]
    response = client.get(f"{reverse('idporten_callback')}?code={old_code}&state={fresh_state}", follow=True)
    assert "godtok ikke innloggingen" in response.content.decode()
    assert idporten.token_refusals[-1] == "code already used"
    assert not _signed_in(client)


def test_a_pkce_verifier_mismatch_is_refused_by_the_provider(client, idporten):
    callback = _authorize(client, idporten)
    session = client.session
    state = parse_qs(urlparse(callback).query)["state"][0]
    session["oidc_states"][state]["code_verifier"] = "x" * 64
    session.save()
    response = client.get(callback, follow=True)
    assert "godtok ikke innloggingen" in response.content.decode()
    assert idporten.token_refusals[-1] == "PKCE verifier mismatch"
    assert not _signed_in(client)


def test_cancelling_at_id_porten_says_so(client, idporten):
    client.get(reverse("idporten_login"))
    response = client.get(reverse("idporten_callback") + "?error=access_denied&state=abc", follow=True)
    assert "ble avbrutt" in response.content.decode()
    assert not _signed_in(client)


def test_an_unreachable_provider_is_a_message_not_a_500(client, settings):
    cache.clear()
    settings.IDPORTEN_ISSUER, settings.IDPORTEN_CLIENT_ID = "http://127.0.0.1:9", "imdi"
    settings.OIDC_TIMEOUT = 0.5
    response = client.get(reverse("idporten_login"), follow=True)
    assert response.status_code == 200
    assert "svarer ikke akkurat nå" in response.content.decode()


def test_a_deactivated_user_is_not_signed_in(client, idporten):
    _sign_in(client, idporten)
    user = ExternalIdentity.objects.get().user
    client.logout()
    user.is_active = False
    user.save()
    response = _sign_in(client, idporten)
    assert not _signed_in(client)
    assert "kunne ikke fullføres" in response.content.decode()


def test_logout_ends_the_session_at_id_porten_too(client, idporten):
    _sign_in(client, idporten)
    response = client.post(reverse("logout"))
    assert not _signed_in(client)
    assert response.status_code == 302
    assert response["Location"].startswith(idporten.issuer + "/logout?")
    query = parse_qs(urlparse(response["Location"]).query)
    assert query["post_logout_redirect_uri"] == ["http://testserver" + reverse("home")]
    assert query["id_token_hint"][0].count(".") == 2
    back = requests.get(response["Location"], allow_redirects=False, timeout=5)
    assert back.headers["Location"] == "http://testserver" + reverse("home")
    assert len(idporten.logouts) == 1


def test_pages_allow_the_logout_form_to_reach_id_porten(client, idporten):
    _sign_in(client, idporten)
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    form_action = next(part for part in policy.split(";") if "form-action" in part)
    assert "'self'" in form_action and idporten.issuer in form_action
    client.logout()
    assert idporten.issuer not in client.get(reverse("home"))["Content-Security-Policy"]


def test_a_password_login_logs_out_locally_only(client):
    user = member(municipality("4601"))
    client.force_login(user)
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("home")
