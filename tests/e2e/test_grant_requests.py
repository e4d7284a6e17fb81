"""A change request after an award in Chromium: the approver asks for a new project period with
reasons, an officer approves it after the confirmation page, the approver sees the decision
and its letter. axe on every page, in bokmål and in nynorsk."""

import pytest
from playwright.sync_api import expect

from organisations.models import Membership
from tests.factories import make_grant, member, municipality, officer

pytestmark = pytest.mark.e2e

HEADING = {"nb": "Endringer og fristforlengelser", "nn": "Endringar og fristforlengingar"}


@pytest.fixture
def grant(transactional_db):
    return make_grant(municipality("4601"), status="accepted")


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_period_change_asked_approved_and_read(page, live_url, login, axe_check, grant, language):
    approver = member(grant.organisation, Membership.Role.APPROVER, username=f"e2e-endring-{language}")
    decider = officer(username=f"e2e-endring-radgiver-{language}")

    login(page, approver)
    page.goto(live_url("/meldinger/endringer/"))
    if language == "nn":
        page.get_by_role("button", name="Nynorsk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADING[language])
    axe_check(page)
    page.get_by_role("link", name="Prosjektperiode").click()
    axe_check(page)
    page.locator("#id_project_start").fill("2024-09-01")
    page.locator("#id_project_end").fill("2025-08-31")
    page.locator("#id_reason").fill("Oppstarten er forsinket med et halvt år.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Oppstarten er forsinket")
    axe_check(page)
    detail = page.url

    page.context.clear_cookies()
    login(page, decider)
    page.goto(detail)
    axe_check(page)
    page.get_by_label("Godkjenn").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Dette kan ikke angres")
    axe_check(page)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("link", name="Last ned brevet (PDF)")).to_be_visible()
    axe_check(page)

    page.context.clear_cookies()
    login(page, approver)
    page.goto(detail)
    if language == "nn":
        page.get_by_role("button", name="Nynorsk").click()
    expect(page.locator("main")).to_contain_text("01.09.2024")
    axe_check(page)
