"""The offline demo's stand-in for ID-porten (organisations.dev_idporten): its page where the
person picks a demo identity or types a synthetic number and the security level, the whole
flow against it on loopback with the seeded demo users, `run_portal`'s wiring, and production
never turning it on."""

import os
import subprocess
import sys
from io import StringIO
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from demo.logins import DEMO_PIDS, demo_idporten_identities
from organisations.checks import dev_idporten_check
from organisations.dev_idporten import OidcProvider
from organisations.models import ExternalIdentity
from portal.management.commands.run_portal import dev_idporten_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def standin(settings):
    cache.clear()
    with OidcProvider(choose=True, identities=demo_idporten_identities()) as provider:
        settings.IDPORTEN_ISSUER = provider.issuer
        settings.IDPORTEN_CLIENT_ID = provider.client_id
        settings.IDPORTEN_CLIENT_SECRET = provider.client_secret
        yield provider
    cache.clear()


def _page(client, provider):
    """The portal's redirect to the stand-in, and the stand-in's page; returns the page and the
    flow's hidden fields."""
    start = client.get(reverse("idporten_login"))
    assert start["Location"].startswith(provider.issuer + "/authorize?")
    page = requests.get(start["Location"], allow_redirects=False, timeout=5)
    flow = {k: v[0] for k, v in parse_qs(urlparse(start["Location"]).query).items()}
    return page, flow


def _choose(provider, flow, **fields):
    return requests.post(f"{provider.issuer}/authorize", data={**flow, **fields}, allow_redirects=False, timeout=5)


def _finish(client, answer):
    assert answer.status_code == 302
    callback = urlparse(answer.headers["Location"])
    assert callback.path == reverse("idporten_callback")
    return client.get(f"{callback.path}?{callback.query}", follow=True)


def test_the_page_offers_the_demo_people_and_the_levels_in_norwegian(client, standin):
    page, _flow = _page(client, standin)
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    html = page.text
    assert '<html lang="nb">' in html
    for pid, label in demo_idporten_identities():
        assert pid in html and label.split(",")[0] in html
    assert "Lav" in html and "Betydelig" in html and "Høy" in html
    assert '<label for="pid">' in html and "<legend>Sikkerhetsnivå</legend>" in html


def test_the_demo_numbers_are_synthetic():
    assert set(DEMO_PIDS.values()) == {pid for pid, _label in demo_idporten_identities()}
    for pid in DEMO_PIDS.values():
        assert len(pid) == 11 and pid.isdigit() and pid.startswith("99")  # day 99: never a real number


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"identity": "ny", "pid": "", "acr": "idporten-loa-substantial"}, "Skriv inn et testfødselsnummer"),
        ({"identity": "ny", "pid": "9900000000", "acr": "idporten-loa-substantial"}, "må ha 11 siffer"),
        ({"identity": "ny", "pid": "11111111111", "acr": "idporten-loa-substantial"}, "begynne med 99"),
        ({"identity": "ny", "pid": "-9900000001", "acr": "idporten-loa-substantial"}, "må ha 11 siffer"),
        ({"identity": "ny", "pid": "9" * 5000, "acr": "idporten-loa-substantial"}, "må ha 11 siffer"),
        ({"identity": "ny", "pid": "<script>alert(1)</script>", "acr": "idporten-loa-high"}, "må ha 11 siffer"),
        ({"identity": "12345678901", "acr": "idporten-loa-substantial"}, "Velg hvem du vil logge inn som"),
        ({"acr": "idporten-loa-substantial"}, "Velg hvem du vil logge inn som"),
        ({"identity": "99000000001", "acr": "idporten-loa-ultra"}, "Velg et sikkerhetsnivå"),
        ({"identity": "99000000001"}, "Velg et sikkerhetsnivå"),
    ],
)
def test_bad_input_shows_a_norwegian_message_on_the_page_and_signs_no_one_in(client, standin, fields, message):
    _page_, flow = _page(client, standin)
    answer = _choose(standin, flow, **fields)
    assert answer.status_code == 400
    assert message in answer.text
    assert 'aria-invalid="true"' in answer.text and 'role="alert"' in answer.text
    assert "<script>alert" not in answer.text  # typed input is escaped
    assert not standin.codes


def test_a_forged_flow_is_refused(standin):
    answer = _choose(standin, {"client_id": "someone-else", "redirect_uri": "http://evil.example/cb"}, identity="ny")
    assert answer.status_code == 400
    assert not standin.codes


def test_a_demo_person_signs_in_as_their_seeded_user(client, standin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", "--no-cases", stdout=StringIO())
    _page_, flow = _page(client, standin)
    answer = _choose(standin, flow, identity=DEMO_PIDS["saksbehandler"], acr="idporten-loa-substantial")
    response = _finish(client, answer)
    assert response.redirect_chain[-1][0] == reverse("applications:dashboard")
    user = ExternalIdentity.objects.get(subject=DEMO_PIDS["saksbehandler"]).user
    assert user.username == "saksbehandler"
    assert int(client.session[SESSION_KEY]) == user.pk
    assert standin.token_requests[-1]["code_verifier"]


def test_a_typed_new_number_is_a_first_time_user_on_the_join_page(client, standin):
    _page_, flow = _page(client, standin)
    answer = _choose(standin, flow, identity="ny", pid="990 000 00 099", acr="idporten-loa-high")
    response = _finish(client, answer)
    assert response.redirect_chain[-1][0] == reverse("organisations:join")
    assert ExternalIdentity.objects.get().subject == "99000000099"


def test_the_low_level_is_refused_by_the_portal(client, standin):
    _page_, flow = _page(client, standin)
    answer = _choose(standin, flow, identity="ny", pid="99000000098", acr="idporten-loa-low")
    response = _finish(client, answer)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "for lavt sikkerhetsnivå" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert not ExternalIdentity.objects.exists()


def test_run_portal_starts_the_standin_and_points_the_portal_at_it(settings):
    settings.DEV_IDPORTEN, settings.IDPORTEN_ISSUER, settings.DEV_IDPORTEN_PORT = True, "", 0
    provider, env = dev_idporten_start()
    try:
        assert set(env) == {"IDPORTEN_ISSUER", "IDPORTEN_CLIENT_ID", "IDPORTEN_CLIENT_SECRET"}
        assert env["IDPORTEN_ISSUER"].startswith("http://127.0.0.1:")
        assert env["IDPORTEN_CLIENT_SECRET"] == provider.client_secret and len(provider.client_secret) >= 24
        assert provider.choose and provider.identities == demo_idporten_identities()
        discovery = requests.get(env["IDPORTEN_ISSUER"] + "/.well-known/openid-configuration", timeout=5).json()
        assert discovery["issuer"] == env["IDPORTEN_ISSUER"]
    finally:
        provider.stop()


@pytest.mark.parametrize(("dev", "issuer"), [(False, ""), (True, "https://test.idporten.no")])
def test_run_portal_leaves_it_off_when_configured_or_not_dev(settings, dev, issuer):
    settings.DEV_IDPORTEN, settings.IDPORTEN_ISSUER = dev, issuer
    assert dev_idporten_start() == (None, {})


def test_production_settings_never_turn_it_on():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "imdi_portal.settings.prod",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "tilskudd.imdi.no",
        "DEV_IDPORTEN": "true",
    }
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEV_IDPORTEN)"
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code], env=env, cwd=django_settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_deploy_check_refuses_the_standin_and_a_loopback_issuer(settings):
    settings.DEV_IDPORTEN, settings.IDPORTEN_ISSUER = False, "https://idporten.no"
    assert dev_idporten_check(None) == []
    settings.DEV_IDPORTEN = True
    assert [e.id for e in dev_idporten_check(None)] == ["organisations.E003"]
    settings.DEV_IDPORTEN, settings.IDPORTEN_ISSUER = False, "http://127.0.0.1:43211"
    assert [e.id for e in dev_idporten_check(None)] == ["organisations.E004"]


def test_seed_demo_prints_the_id_porten_demo_login(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("seed_demo", "--no-cases", stdout=out)
    assert "Logg inn med ID-porten" in out.getvalue()
    assert f"saksbehandler ({DEMO_PIDS['saksbehandler']})" in out.getvalue()
