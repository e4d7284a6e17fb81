"""The offline demo in Chromium: "Logg inn med ID-porten" leads to the ID-porten stand-in's page
(organisations.dev_idporten), where a wrong number is a message on the page and a seeded demo
person signs in as their user; and refusing a join request asks for confirmation first. axe on
every page."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from demo.logins import DEMO_PIDS, demo_idporten_identities, demo_seed
from organisations.dev_idporten import OidcProvider
from organisations.models import JoinRequest
from organisations.services_membership import join_request_approve, join_request_create
from tests.factories import UserFactory, officer
from tests.identity.stub_servers import EnhetsregisteretStub

pytestmark = pytest.mark.e2e
BERGEN = "964338531"


@pytest.fixture
def standin(settings, transactional_db):
    cache.clear()
    with OidcProvider(choose=True, identities=demo_idporten_identities()) as provider:
        settings.IDPORTEN_ISSUER = provider.issuer
        settings.IDPORTEN_CLIENT_ID = provider.client_id
        settings.IDPORTEN_CLIENT_SECRET = provider.client_secret
        yield provider
    cache.clear()


def test_the_offline_demo_signs_a_demo_person_in_through_the_standin(page, live_url, axe_check, standin):
    demo_seed(password="e2e-demo-password")  # noqa: S106 - a test's demo password
    page.goto(live_url("/logg-inn/"))
    page.get_by_role("link", name="Logg inn med ID-porten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ID-porten (utviklingsutgave)")
    axe_check(page)
    page.get_by_label("En ny person").check()
    page.get_by_label(re.compile("Testfødselsnummer")).fill("12345")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.locator("#pid-feil")).to_contain_text("må ha 11 siffer")
    axe_check(page)
    page.get_by_label(re.compile("Sara Saksbehandler")).check()
    page.get_by_label(re.compile("Betydelig")).check()
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    assert page.url.startswith(live_url("/"))
    expect(page.get_by_text("Innlogget som")).to_be_visible()
    axe_check(page)
    assert DEMO_PIDS["saksbehandler"] not in page.content()


def test_refusing_a_join_request_asks_first(page, live_url, login, axe_check, settings, transactional_db):
    cache.clear()
    with EnhetsregisteretStub() as register:
        settings.ENHETSREGISTERET_URL = register.url
        admin = UserFactory(username="e2e-brukeradmin")
        join_request_approve(join_request=join_request_create(user=admin, org_number=BERGEN), actor=officer())
        asking = join_request_create(user=UserFactory(first_name="Ola", last_name="Hansen"), org_number=BERGEN)
    login(page, admin)
    page.goto(live_url("/organisasjoner/brukere/"))
    page.locator("form", has_text="Ola Hansen").get_by_role("button", name="Avslå").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Avslå forespørselen?")
    axe_check(page)
    assert JoinRequest.objects.get(pk=asking.pk).is_pending
    page.get_by_label(re.compile("Begrunnelse")).fill("Ukjent person.")
    page.get_by_role("button", name="Avslå forespørselen").click()
    expect(page.get_by_text("Forespørselen er avslått")).to_be_visible()
    axe_check(page)
    assert JoinRequest.objects.get(pk=asking.pk).status == JoinRequest.Status.REFUSED
    cache.clear()
