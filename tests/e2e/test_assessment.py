"""One application from submitted to approved award through the admin: an officer assesses
and proposes, a budget holder approves after the confirmation page."""

import pytest
from playwright.sync_api import expect

from applications.models import Application, Decision, Grant
from tests.assessment.helpers import submitted
from tests.factories import budget_holder, officer

pytestmark = pytest.mark.e2e


@pytest.fixture
def people(transactional_db):
    return officer(username="e2e-vurderer"), budget_holder(username="e2e-budsjett")


def test_submitted_to_approved_award(page, live_url, login, people):
    radgiver, disponent = people
    app = submitted(amount="500000.00", title="Språkpraksis i arbeidslivet")

    login(page, radgiver)
    page.goto(live_url("/admin/applications/assessment/add/"))
    page.locator("select[name=application]").select_option(str(app.pk))
    page.locator("input[name=score_purpose][value='5']").check()
    page.locator("input[name=score_delivery][value='4']").check()
    page.locator("input[name=score_transfer][value='6']").check()
    page.get_by_label("Anbefalt beløp").fill("450000")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert Application.objects.get(pk=app.pk).status == Application.Status.IN_ASSESSMENT

    page.goto(live_url("/admin/applications/decision/add/"))
    page.locator("select[name=application]").select_option(str(app.pk))
    page.locator("select[name=outcome]").select_option("award")
    page.get_by_label("Tilskudd første år").fill("450000")
    page.get_by_label("Særskilte vilkår").fill("Prosjektet skal ha veileder fra høyskole.")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    decision = Decision.objects.get(application=app)
    assert decision.status == Decision.Status.PROPOSED
    # The officer is not offered the approve action.
    page.goto(live_url("/admin/applications/decision/"))
    assert page.locator("select[name=action] option[value=approve_selected]").count() == 0

    page.context.clear_cookies()
    login(page, disponent)
    page.goto(live_url("/admin/applications/decision/"))
    page.locator(f"input[name=_selected_action][value='{decision.pk}']").check()
    page.locator("select[name=action]").select_option("approve_selected")
    page.locator("button[name=index]").click()
    expect(page.locator("#totals")).to_contain_text("450\u00a0000\u00a0kr")
    page.get_by_role("button", name="Ja, godkjenn").click()
    expect(page.locator(".messagelist")).to_contain_text("1 vedtak er godkjent.")

    app.refresh_from_db()
    assert app.status == Application.Status.AWARDED
    grant = Grant.objects.get(application=app)
    assert str(grant.amount) == "450000.00"
    assert grant.special_conditions == "Prosjektet skal ha veileder fra høyskole."
    decision.refresh_from_db()
    assert decision.approved_by == disponent and decision.proposed_by == radgiver


def test_dismissal_letter_in_the_portal(page, live_url, login, axe_check, municipal_user, people):
    from applications.services.assessment import decision_approve, decision_propose
    from tests.factories import municipality

    radgiver, disponent = people
    app = submitted(municipality("4601"), amount="500000.00")
    decision = decision_propose(
        application=app, actor=radgiver, outcome="dismiss", reason="Søknaden kom inn etter søknadsfristen."
    )
    decision_approve(decision=decision, actor=disponent)

    login(page, municipal_user)
    page.goto(live_url("/vedtak/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vedtak")
    axe_check(page)
    page.get_by_role("link", name=app.case_number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Avvisning")
    expect(page.locator("main")).to_contain_text("Klagefrist")
    axe_check(page)
    href = page.get_by_role("link", name="Last ned vedtaksbrevet (PDF)").get_attribute("href")
    pdf = page.request.get(live_url(href))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body()[:5] == b"%PDF-"
