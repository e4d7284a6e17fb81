"""In Chromium, with axe on every page: an officer assesses from the queue with the application
beside the form, ranks the area and proposes amounts for several applications at once; a
budget holder approves them in bulk after the confirmation page."""

import pytest
from playwright.sync_api import expect

from applications.models import Application, Decision, Grant
from tests.assessment.helpers import submitted
from tests.factories import budget_holder, municipality, officer

pytestmark = pytest.mark.e2e


@pytest.fixture
def people(transactional_db):
    return officer(username="e2e-rangerer"), budget_holder(username="e2e-disponent")


def test_officer_assesses_ranks_and_proposes_budget_holder_approves_in_bulk(page, live_url, login, axe_check, people):
    radgiver, disponent = people
    apps = [
        submitted(municipality("4601"), amount="500000.00", title="Språkpraksis i arbeidslivet"),
        submitted(municipality("4602"), amount="400000.00", title="Kvalifisering i distriktet"),
    ]
    login(page, radgiver)
    page.goto(live_url(f"/admin/applications/application/ko/?call={apps[0].call_id}"))
    axe_check(page)
    for app, points in zip(apps, ("6", "4"), strict=True):
        page.goto(live_url(f"/admin/applications/application/ko/?call={app.call_id}"))
        page.locator(f"a[href$='/vurder/{app.pk}/']").click()
        expect(page.locator("#soknaden")).to_contain_text(app.title)
        expect(page.locator(".score-form")).to_contain_text("Kan prosjektet sannsynliggjøre god gjennomføringsevne")
        axe_check(page)
        for field in ("score_purpose", "score_delivery", "score_transfer"):
            page.locator(f"input[name={field}][value='{points}']").check()
        page.get_by_role("button", name="Lagre vurderingen").click()
        expect(page.locator(".messagelist")).to_contain_text("er lagret")
    assert Application.objects.filter(status=Application.Status.IN_ASSESSMENT).count() == 2

    page.goto(live_url("/admin/applications/assessment/rangering/"))
    page.locator("select[name=call]").select_option(str(apps[0].call_id))
    page.locator("select[name=area]").select_option(str(apps[0].area_id))
    page.get_by_role("button", name="Vis rangering").click()
    rows = page.locator("#ranking tbody tr")
    expect(rows.first).to_contain_text(apps[0].case_number)  # 18 points before 12
    axe_check(page)
    page.locator(f"input[name=amount_{apps[0].pk}]").fill("450 000")
    page.locator(f"input[name=amount_{apps[1].pk}]").fill("300000")
    page.get_by_role("button", name="Foreslå vedtak for beløpene").click()
    expect(page.locator(".messagelist")).to_contain_text("2 forslag til vedtak")
    assert Decision.objects.filter(status=Decision.Status.PROPOSED).count() == 2

    page.context.clear_cookies()
    login(page, disponent)
    page.goto(live_url("/admin/applications/decision/?status=proposed"))
    axe_check(page)
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("approve_selected")
    page.locator("button[name=index]").click()
    expect(page.locator("#totals")).to_contain_text("750\u00a0000\u00a0kr")
    axe_check(page)
    page.get_by_role("button", name="Ja, godkjenn").click()
    expect(page.locator(".messagelist")).to_contain_text("2 vedtak er godkjent.")
    assert sorted(str(g.amount) for g in Grant.objects.all()) == ["300000.00", "450000.00"]
