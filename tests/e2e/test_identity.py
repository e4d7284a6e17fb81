"""Identity end to end in Chromium: a person logs in through ID-porten (the loopback OpenID
Connect provider), asks to join Bergen kommune (looked up in the local Enhetsregisteret), IMDi
approves in the admin after the confirmation page, and that person, now the organisation's user
administrator, approves a second person. Logout goes through the provider. axe on every page."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from organisations.dev_idporten import OidcProvider
from organisations.models import ExternalIdentity, Membership
from tests.identity.stub_servers import EnhetsregisteretStub

pytestmark = pytest.mark.e2e
BERGEN = "964338531"
FIRST_PID, SECOND_PID = "99079409630", "99089312345"  # synthetic: day 99


@pytest.fixture
def providers(settings, transactional_db):
    cache.clear()
    with OidcProvider() as idporten, EnhetsregisteretStub() as register:
        settings.IDPORTEN_ISSUER = idporten.issuer
        settings.IDPORTEN_CLIENT_ID = idporten.client_id
        settings.IDPORTEN_CLIENT_SECRET = idporten.client_secret
        settings.ENHETSREGISTERET_URL = register.url
        yield idporten
    cache.clear()


def _idporten_login(page, live_url, axe_check, provider, pid):
    provider.identity = {"sub": f"pairwise-{pid}", "pid": pid}
    page.goto(live_url("/logg-inn/"))
    axe_check(page)
    page.get_by_role("link", name="Logg inn med ID-porten").click()
    page.wait_for_load_state()


def _logout(page, provider):
    before = len(provider.logouts)
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_load_state()
    assert len(provider.logouts) == before + 1


def _ask_to_join(page, axe_check, first, last, email):
    expect(page.get_by_role("heading", level=1)).to_have_text("Be om tilgang til en organisasjon")
    axe_check(page)
    page.get_by_label("Fornavn").fill(first)
    page.get_by_label("Etternavn").fill(last)
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_label("Organisasjonsnummer").fill(BERGEN)
    page.get_by_role("button", name="Send forespørsel").click()
    expect(page.get_by_text("Forespørselen om tilgang til Bergen kommune er sendt")).to_be_visible()
    axe_check(page)


def test_id_porten_join_imdi_approves_and_the_admin_approves_a_colleague(
    page, live_url, login, axe_check, providers, imdi_officer
):
    # 1. The first person, new to the portal, lands on the join page.
    _idporten_login(page, live_url, axe_check, providers, FIRST_PID)
    _ask_to_join(page, axe_check, "Kari", "Nordmann", "kari@bergen.kommune.no")
    _logout(page, providers)

    # 2. IMDi approves the organisation's first user in the admin, after the confirmation page.
    login(page, imdi_officer)
    page.goto(live_url("/admin/organisations/joinrequest/"))
    axe_check(page)
    page.get_by_role("link", name="Godkjenn eller avslå").click()
    expect(page.get_by_text("blir denne personen brukeradministrator")).to_be_visible()
    axe_check(page)
    page.get_by_role("radio", name="Godkjenn").check()
    page.get_by_label("Rolle").select_option("caseworker")
    page.get_by_role("button", name="Bekreft avgjørelsen").click()
    expect(page.get_by_text("Kari Nordmann er godkjent")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name=re.compile("Logg ut")).first.click()
    page.wait_for_load_state()

    # 3. A colleague asks to join.
    _idporten_login(page, live_url, axe_check, providers, SECOND_PID)
    _ask_to_join(page, axe_check, "Ola", "Hansen", "ola@bergen.kommune.no")
    _logout(page, providers)

    # 4. The first person, now the user administrator, approves the colleague.
    _idporten_login(page, live_url, axe_check, providers, FIRST_PID)
    axe_check(page)
    page.goto(live_url("/organisasjoner/brukere/"))
    axe_check(page)
    request = page.locator("form", has_text="Ola Hansen")
    request.get_by_label("Rolle").select_option("caseworker")
    request.get_by_role("button", name="Godkjenn").click()
    expect(page.get_by_text("Ola Hansen er godkjent")).to_be_visible()
    axe_check(page)

    first = ExternalIdentity.objects.get(subject=FIRST_PID).user
    second = ExternalIdentity.objects.get(subject=SECOND_PID).user
    assert Membership.objects.get(user=first).is_admin
    colleague = Membership.objects.get(user=second)
    assert colleague.active and not colleague.is_admin and colleague.role == Membership.Role.CASEWORKER
    # The pid is never shown.
    assert FIRST_PID not in page.content() and SECOND_PID not in page.content()
