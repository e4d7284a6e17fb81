"""A reaction's due process in Chromium (issue 12 item 5): the officer sends an advance notice
of a partial withholding, the municipality replies on the grant's reaction page, in Norwegian
and in English. Each page passes axe."""

import pytest
from playwright.sync_api import expect

from payments.models import Reaction, ReactionReply
from tests.factories import member
from tests.payments.helpers import planned_grant

pytestmark = pytest.mark.e2e


def test_notice_and_reply(page, live_url, login, imdi_officer, axe_check, transactional_db):
    grant = planned_grant(amount="300000.00")
    spring = grant.payments.order_by("term_number").first()
    login(page, imdi_officer)
    page.goto(live_url(f"/utbetalinger/tilskudd/{grant.pk}/forhandsvarsel/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Forhåndsvarsel om reaksjon")
    axe_check(page)
    page.locator("#id_kind").select_option("withholding")
    page.locator("#id_amount").fill("-10")
    page.locator("#id_reason").fill("Rapporten mangler dokumentasjon.")
    page.get_by_role("button", name="Send forhåndsvarsel").click()
    expect(page.locator(".invalid-feedback, .errorlist").first).to_be_visible()
    axe_check(page)
    page.locator("#id_amount").fill("10 000")
    page.locator("#id_payment").select_option(str(spring.pk))
    page.get_by_role("button", name="Send forhåndsvarsel").click()
    expect(page.get_by_text("Forhåndsvarselet er sendt.")).to_be_visible()
    axe_check(page)
    reaction = Reaction.objects.get()

    page.context.clear_cookies()
    login(page, member(grant.organisation, username="e2e-kommune-reaksjon"))
    page.goto(live_url(f"/tilskudd/{grant.pk}/"))
    page.get_by_role("link", name="Tilbakeholdelse").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tilbakeholdelse")
    axe_check(page)
    page.get_by_role("link", name="Send merknader til varselet").click()
    axe_check(page)
    page.get_by_role("button", name="Send merknadene").click()
    expect(page.locator(".invalid-feedback, .errorlist").first).to_be_visible()
    axe_check(page)
    page.locator("#id_text").fill("Dokumentasjonen ettersendes.")
    page.get_by_role("button", name="Send merknadene").click()
    expect(page.get_by_text("Merknadene er sendt til IMDi.")).to_be_visible()
    assert ReactionReply.objects.get().reaction == reaction

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("Comments from the municipality")).to_be_visible()
    axe_check(page)
