"""Every public page and the login flow in Chromium, each checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import development_call, reception_call

pytestmark = pytest.mark.e2e


def test_front_page(page, live_url, axe_check):
    page.goto(live_url("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilskudd fra IMDi til kommuner og fylkeskommuner")
    expect(page.get_by_role("banner")).to_contain_text("Integrerings- og mangfoldsdirektoratet")
    expect(page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Logg inn")).to_be_visible()
    # The vendored Bootstrap and the site stylesheet are served and applied.
    band_colour = page.locator(".site-header__band").evaluate("el => getComputedStyle(el).backgroundColor")
    assert band_colour == "rgb(11, 58, 83)"
    assert page.locator("body").evaluate("el => getComputedStyle(el).display") == "flex"
    axe_check(page)


def test_skip_link_moves_focus_to_main(page, live_url):
    page.goto(live_url("/"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hopp til hovedinnhold")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    skip.press("Enter")
    assert page.url.endswith("#hovedinnhold")


def test_call_list(page, live_url, axe_check):
    page.goto(live_url("/utlysninger/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Utlysninger")
    for call in (development_call(2024), development_call(2023), reception_call(2024)):
        expect(page.get_by_role("link", name=call.title)).to_be_visible()
    axe_check(page)


def test_call_page_2024(page, live_url, axe_check):
    call = development_call(2024)
    page.goto(live_url("/utlysninger/"))
    page.get_by_role("link", name=call.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(call.title)
    main = page.get_by_role("main")
    expect(main).to_contain_text("14.02.2024")
    expect(main).to_contain_text("60\u00a0400\u00a0000\u00a0kr")
    expect(page.locator("article.area")).to_have_count(8)
    expect(page.locator("article.area").first).to_contain_text("Bare fylkeskommuner")
    axe_check(page)


def test_reception_call_page(page, live_url, axe_check):
    call = reception_call(2024)
    page.goto(live_url(f"/utlysninger/{call.pk}/"))
    expect(page.get_by_role("main")).to_contain_text("2\u00a0141\u00a0kr")
    axe_check(page)


@pytest.mark.parametrize("path", ["/tilgjengelighet/", "/personvern/", "/logg-inn/"])
def test_other_public_pages(page, live_url, axe_check, path):
    page.goto(live_url(path))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_check(page)


def test_login_and_logout_municipal_user(page, live_url, login, municipal_user, axe_check):
    login(page, municipal_user)
    expect(page).to_have_url(re.compile(r"/start/|/soknader/"))
    nav = page.get_by_role("navigation", name="Hovedmeny")
    expect(nav.get_by_role("link", name="Mine saker")).to_be_visible()
    expect(nav.get_by_role("link", name="Saksbehandling")).to_have_count(0)
    axe_check(page)
    nav.get_by_role("button", name="Logg ut").click()
    expect(page).to_have_url(live_url("/"))
    expect(nav.get_by_role("link", name="Logg inn")).to_be_visible()


def test_login_imdi_staff_lands_in_admin(page, live_url, login, imdi_officer):
    login(page, imdi_officer)
    expect(page).to_have_url(live_url("/admin/"))
    expect(page.locator("#site-name")).to_contain_text("IMDi tilskuddsportal – saksbehandling")


def test_login_with_wrong_password_shows_error(page, live_url, login, municipal_user, axe_check):
    login(page, municipal_user, password="feil-passord")
    expect(page.get_by_role("alert")).to_contain_text("brukernavn")
    axe_check(page)


def test_language_switch_to_english(page, live_url, axe_check):
    page.goto(live_url("/utlysninger/"))
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Calls for applications")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe_check(page)
    page.get_by_role("button", name="Bokmål").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Utlysninger")


def test_not_found_page(page, live_url, axe_check):
    response = page.goto(live_url("/finnes-ikke/"))
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Fant ikke siden")
    axe_check(page)


def test_mobile_menu_opens(page, live_url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_url("/"))
    nav = page.get_by_role("navigation", name="Hovedmeny")
    expect(nav.get_by_role("link", name="Utlysninger")).to_be_hidden()
    nav.get_by_role("button", name="Meny").click()
    expect(nav.get_by_role("link", name="Utlysninger")).to_be_visible()
