"""A caseworker writes to IMDi about a submitted application, an officer answers (and writes an
internal note the municipality never sees), the caseworker reads the answer and the notice;
axe on every page, in bokmål and in nynorsk."""

import pytest
from playwright.sync_api import expect

from organisations.models import Membership
from tests.factories import make_application, member, municipality, officer

pytestmark = pytest.mark.e2e


@pytest.fixture
def application(transactional_db):
    return make_application(municipality("4601"), status="submitted")


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_message_question_answer_and_notice(page, live_url, login, axe_check, application, language):
    caseworker = member(application.organisation, Membership.Role.CASEWORKER, username=f"e2e-melding-{language}")
    answerer = officer(username=f"e2e-melding-radgiver-{language}")
    inbox = {"nb": "Meldinger", "nn": "Meldingar"}[language]

    login(page, caseworker)
    page.goto(live_url("/meldinger/"))
    if language == "nn":
        page.get_by_role("button", name="Nynorsk").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(inbox)
    axe_check(page)
    page.goto(live_url("/meldinger/ny/"))
    axe_check(page)
    page.locator("#id_case").select_option(f"application:{application.pk}")
    page.locator("#id_subject").fill("Spørsmål om budsjettet")
    page.locator("#id_body").fill("Kan vi flytte midler fra reiser til lønn?")
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spørsmål om budsjettet")
    axe_check(page)

    page.context.clear_cookies()
    login(page, answerer)
    page.goto(live_url("/meldinger/"))
    page.get_by_role("link", name="Spørsmål om budsjettet").click()
    page.locator("#id_body").fill("Ja, innenfor ti prosent av budsjettet.")
    page.locator("form[enctype] button[type=submit]").click()
    page.locator("#id_body").fill("Internt: sjekk med fagavdelingen.")
    page.locator("#id_internal").check()
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Internt: sjekk med fagavdelingen.")
    axe_check(page)

    page.context.clear_cookies()
    login(page, caseworker)
    if language == "nn":
        page.get_by_role("button", name="Nynorsk").click()
    page.goto(live_url("/meldinger/"))
    axe_check(page)
    page.get_by_role("link", name="Spørsmål om budsjettet").click()
    expect(page.locator("main")).to_contain_text("Ja, innenfor ti prosent av budsjettet.")
    expect(page.locator("main")).not_to_contain_text("Internt: sjekk med fagavdelingen.")
    page.goto(live_url("/meldinger/varsler/"))
    expect(page.locator("main")).to_contain_text("Spørsmål om budsjettet")
    axe_check(page)
