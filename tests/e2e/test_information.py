"""A request for more information in Chromium: the officer asks (admin) for the project section
by a deadline, the caseworker changes the title and answers, the approver re-submits after the
confirmation page, and the officer sees the change marked. axe on every page, in bokmål and in
nynorsk."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from organisations.models import Membership
from tests.factories import make_application, member, municipality, officer

pytestmark = pytest.mark.e2e

HEADING = {"nb": "Mer informasjon til IMDi", "nn": "Meir informasjon til IMDi"}


@pytest.fixture
def application(transactional_db):
    return make_application(municipality("4601"), status="submitted")


def _portal_language(page, language):
    if language == "nn":
        page.get_by_role("button", name="Nynorsk").click()
        expect(page.locator("html")).to_have_attribute("lang", "nn")


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_officer_asks_caseworker_answers_approver_resubmits(page, live_url, login, axe_check, application, language):
    from core.calendar import today_oslo

    org = application.organisation
    caseworker = member(org, Membership.Role.CASEWORKER, username=f"e2e-info-sb-{language}")
    approver = member(org, Membership.Role.APPROVER, username=f"e2e-info-godkj-{language}")
    asker = officer(username=f"e2e-info-radgiver-{language}")
    info_url = live_url(f"/soknader/{application.pk}/mer-informasjon/")
    admin_url = live_url(f"/admin/applications/application/{application.pk}/mer-informasjon/")

    # The officer asks for the project section, by a deadline two weeks ahead.
    login(page, asker)
    page.goto(live_url(f"/admin/applications/application/{application.pk}/change/"))
    page.get_by_role("link", name="Be om mer informasjon").click()
    axe_check(page)
    page.get_by_label("Prosjektet").check()
    page.get_by_label("Hva IMDi ber om").fill("Hvem leder prosjektet, og hva heter det nå?")
    page.get_by_label("Svarfrist").fill((today_oslo() + dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Be om mer informasjon").click()
    expect(page.locator("#content")).to_contain_text("Venter på svar fra kommunen.")
    axe_check(page)

    # The caseworker changes the title in the reopened section and answers.
    page.context.clear_cookies()
    login(page, caseworker)
    page.goto(info_url)
    _portal_language(page, language)
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADING[language])
    expect(page.locator("main")).to_contain_text("Hvem leder prosjektet, og hva heter det nå?")
    axe_check(page)
    page.locator("main ol.application-section-links a").first.click()
    axe_check(page)
    page.locator("#id_title").fill("Språk og arbeid – ny tittel")
    page.locator("button[name=save]").click()
    expect(page.locator("#id_title")).to_have_value("Språk og arbeid – ny tittel")
    page.goto(info_url)
    expect(page.locator(".information-diff ins")).to_contain_text("Språk og arbeid – ny tittel")
    page.locator("#id_answer").fill("Prosjektet heter nå «Språk og arbeid – ny tittel».")
    page.get_by_role("button", name="Send svaret til godkjenning").click()
    expect(page.locator("#id_answer")).to_have_count(0)
    axe_check(page)

    # The approver re-submits, after the page that says what it does.
    page.context.clear_cookies()
    login(page, approver)
    page.goto(info_url)
    _portal_language(page, language)
    axe_check(page)
    page.get_by_role("link", name="Godkjenn og send svaret til IMDi").click()
    axe_check(page)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADING[language])
    expect(page.get_by_role("link", name="Godkjenn og send svaret til IMDi")).to_have_count(0)
    axe_check(page)

    # The officer sees the change marked.
    page.context.clear_cookies()
    login(page, asker)
    page.goto(admin_url)
    expect(page.locator(".information-diff tr.changed ins")).to_contain_text("Språk og arbeid – ny tittel")
    expect(page.locator("#content")).to_contain_text("Prosjektet heter nå")
    axe_check(page)
