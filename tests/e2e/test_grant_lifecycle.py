"""The later life of a grant in Chromium, in Norwegian and English, each page through axe:
the municipality's grant page with all years of a multi-year project and the close-out figures,
the officer's later-year page in the admin, and the close-out confirmation page."""

import pytest
from playwright.sync_api import expect

from applications.models import Grant
from organisations.models import Membership
from tests.factories import development_call, grant_advance, member, municipality, officer
from tests.factories_closeout import final_accounts_approved, paid_grant
from tests.factories_years import multi_year_award

pytestmark = pytest.mark.e2e

LANGUAGE_BUTTON = {"nb": "Bokmål", "en": "English"}


def _switch_user(page, login, live_url, user, language):
    """Sign out (a fresh cookie jar), sign in as `user` and keep the language chosen."""
    page.context.clear_cookies()
    login(page, user)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url("/")}])


def _language(page, language):
    page.get_by_role("button", name=LANGUAGE_BUTTON[language]).click()
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_multi_year_grant_page_and_the_later_year_in_the_admin(page, live_url, login, axe_check, language):
    org = municipality()
    grant, [year_2024, _] = multi_year_award(
        call=development_call(2023), amounts=["1000000", "900000", "800000"], org=org
    )
    grant = grant_advance(grant, "accepted")
    login(page, member(org, Membership.Role.APPROVER, username=f"e2e-flerar-{language}"))
    page.goto(live_url(f"/tilskudd/{grant.pk}/"))
    _language(page, language)
    heading = {"nb": "Alle år i prosjektet", "en": "All years of the project"}[language]
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    axe_check(page)

    _switch_user(page, login, live_url, officer(username=f"e2e-flerar-radgiver-{language}"), language)
    page.goto(live_url(f"/admin/applications/projectyear/{year_2024.pk}/change/"))
    expect(page.get_by_text({"nb": "Hva vil du gjøre?", "en": "What do you want to do?"}[language])).to_be_visible()
    # The admin pages are Django's own (not checked with axe here, as elsewhere in the e2e suite).


@pytest.mark.parametrize("language", ["nb", "en"])
def test_closeout_figures_and_confirmation(page, live_url, login, axe_check, language):
    grant = paid_grant(amount="500000.00")
    final_accounts_approved(grant, used="500000.00")
    login(page, member(grant.organisation, Membership.Role.APPROVER, username=f"e2e-slutt-{language}"))
    page.goto(live_url(f"/tilskudd/{grant.pk}/"))
    _language(page, language)
    expect(page.get_by_role("heading", name={"nb": "Sluttoppgjør", "en": "Close-out"}[language])).to_be_visible()
    axe_check(page)

    _switch_user(page, login, live_url, officer(username=f"e2e-slutt-radgiver-{language}"), language)
    page.goto(live_url(f"/utbetalinger/tilskudd/{grant.pk}/"))
    page.get_by_role("link", name={"nb": "Avslutt tilskuddet", "en": "Close the grant"}[language]).click()
    confirm = {"nb": "Bekreft: avslutt tilskuddet", "en": "Confirm: close the grant"}[language]
    expect(page.get_by_role("button", name=confirm)).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name=confirm).click()
    expect(page.get_by_text({"nb": "Tilskuddet er avsluttet.", "en": "The grant is closed."}[language])).to_be_visible()
    grant.refresh_from_db()
    assert grant.status == Grant.Status.CLOSED
