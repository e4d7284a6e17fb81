"""IMDi's figures page in Chromium, in bokmål and English: the count date form, the charts and
tables, a bad date answered next to the field, and axe on every state."""

import pytest
from playwright.sync_api import expect

from tests.factories import officer
from tests.factories_figures import figures_year_build

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("language", ["nb", "en"])
def test_figures_page_in_both_languages(page, live_url, login, axe_check, transactional_db, language):
    figures_year_build(2024, offset=0, second_award=False)
    login(page, officer(username=f"e2e-tall-{language}"))
    if language == "en":
        page.goto(live_url("/utbetalinger/tall/"))
        page.get_by_role("button", name="English").click()
    page.goto(live_url("/utbetalinger/tall/?count_date=2024-12-31"))
    heading = {"nb": "Tall for departementet", "en": "Figures for the ministry"}[language]
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("svg[role=img]")).to_have_count(4)
    axe_check(page)

    page.locator("#id_count_date").fill("")
    page.get_by_role("button", name={"nb": "Vis", "en": "Show"}[language]).click()
    message = {"nb": "Velg en telledato.", "en": "Choose a count date."}[language]
    expect(page.locator("#count-date-error")).to_have_text(message)
    axe_check(page)
