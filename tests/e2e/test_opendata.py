"""The open-data pages in Chromium, each checked with axe (issue 16)."""

import pytest
from playwright.sync_api import expect

from opendata.selectors import case_slug
from tests.opendata.helpers import awards_build

pytestmark = pytest.mark.e2e


def test_published_awards_pages(page, live_url, axe_check, transactional_db):
    awards = awards_build()
    page.goto(live_url("/tilskudd/tildelte/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tildelte tilskudd")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Bergen kommune")
    expect(table).not_to_contain_text("Oslo kommune")  # decided, the letter not sent
    axe_check(page)

    page.get_by_label("Søk etter mottaker eller prosjekttittel").fill("Askøy")
    page.get_by_role("button", name="Vis tilskudd").click()
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(2)  # header + one award
    page.get_by_role("link", name="Språkpraksis i Bergen og Askøy").click()
    expect(page).to_have_url(live_url(f"/tilskudd/{case_slug(awards.accepted.case_number)}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Språkpraksis i Bergen og Askøy")
    axe_check(page)


def test_open_data_downloads_page(page, live_url, axe_check, transactional_db):
    page.goto(live_url("/tilskudd/apne-data/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Åpne data om tilskudd")
    expect(page.get_by_role("link", name="/api/openapi.json")).to_be_visible()
    axe_check(page)
