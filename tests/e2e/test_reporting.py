"""A caseworker fills in a status report, the approver submits it, an officer approves it in
the admin; axe on each page."""

import re

import pytest
from playwright.sync_api import expect

from organisations.models import Membership
from tests.factories import member, municipality, officer

pytestmark = pytest.mark.e2e


@pytest.fixture
def grant(transactional_db):
    from tests.reporting.helpers import accepted_grant

    return accepted_grant(municipality("4601"))


def test_status_report_filled_submitted_and_approved(page, live_url, login, axe_check, grant, browser):
    status = grant.report_obligations.get(kind="status")
    caseworker = member(grant.organisation, Membership.Role.CASEWORKER, username="e2e-rapport-saksbehandler")
    approver = member(grant.organisation, Membership.Role.APPROVER, username="e2e-rapport-godkjenner")
    reviewer = officer(username="e2e-rapport-radgiver")

    login(page, caseworker)
    page.goto(live_url("/rapporter/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporter")
    axe_check(page)
    page.get_by_role("link", name="Statusrapport").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Statusrapport")
    axe_check(page)
    page.get_by_label("Framdrift sammenlignet med planen").fill("Prosjektet følger planen.")
    page.get_by_label("Aktiviteter som er gjennomført").fill("Rekruttering og språkpraksis hos fem arbeidsgivere.")
    page.get_by_label("Antall deltakere hittil").fill("14")
    page.get_by_label("Avvik og risiko").fill("Ingen vesentlige avvik.")
    page.get_by_role("button", name="Lagre utkast").click()
    expect(page.get_by_role("status").or_(page.locator(".alert-success"))).to_contain_text("Utkastet er lagret")
    expect(page.get_by_role("button", name="Send inn til IMDi")).to_have_count(0)
    axe_check(page)
    page.goto(live_url("/rapporter/kalender/"))
    page.get_by_role("button", name="Lag kalenderadresse").click()  # opening the page writes nothing
    feed_url = page.get_by_label("Kalenderadresse (hemmelig – ikke del den)").input_value()
    assert feed_url.endswith(".ics")
    axe_check(page)

    page.context.clear_cookies()
    login(page, approver)
    page.goto(live_url(f"/rapporter/{status.pk}/"))
    expect(page.get_by_label("Framdrift sammenlignet med planen")).to_have_value("Prosjektet følger planen.")
    page.get_by_role("button", name="Send inn til IMDi").click()
    expect(page.locator("main")).to_contain_text("Rapporten er låst")
    expect(page.locator("#report-state")).to_have_text("Sendt inn")
    axe_check(page)

    page.context.clear_cookies()
    login(page, reviewer)
    page.goto(live_url(f"/admin/reporting/reportobligation/?call={grant.call_id}&state=submitted"))
    page.get_by_role("link", name="Behandle").click()
    expect(page.locator("#content")).to_contain_text("Rekruttering og språkpraksis")
    axe_check(page)
    page.get_by_label("Kommentar til kommunen").fill("Takk for rapporten.")
    page.get_by_role("button", name="Godkjenn rapporten").click()
    expect(page.locator("#review-state")).to_have_text("Godkjent")
    status.refresh_from_db()
    assert status.status == "approved"
    page.goto(live_url("/admin/reporting/reportobligation/oversikt/"))
    expect(page.locator("#report-counts")).to_contain_text(grant.call.title)
    expect(page.locator("svg.report-chart rect")).not_to_have_count(0)
    axe_check(page)
    assert re.search(r"/oversikt/$", page.url)
