"""A reception-centre offer in Chromium, in Norwegian and English, each page through axe: the
municipality sees the offer once IMDi has sent it, and its approver answers with the
partnership agreement (document, the four parties, validity)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from applications.models import ReceptionOffer
from applications.services.reception import reception_grants_compute
from organisations.models import Membership
from tests.factories import member, municipality, officer, reception_agreement, reception_call
from tests.factories_recep import PDF_BYTES, offer_sent

pytestmark = pytest.mark.e2e

LANGUAGE_BUTTON = {"nb": "Bokmål", "en": "English"}
PARTIES = ("party_municipality", "party_reception_centre", "party_career_centre", "party_nav_office")


def _language(page, language):
    page.get_by_role("button", name=LANGUAGE_BUTTON[language]).click()
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_municipality_sees_the_sent_offer_and_answers_with_the_agreement(page, live_url, login, axe_check, language):
    org = municipality()
    computer = officer(username=f"e2e-mottak-radgiver-{language}")
    reception_agreement(org, places=10, valid_from=dt.date(2024, 1, 1), actor=computer)
    reception_grants_compute(call=reception_call(), actor=computer)
    offer = offer_sent(ReceptionOffer.objects.get(grant__organisation=org), actor=computer)

    login(page, member(org, Membership.Role.APPROVER, username=f"e2e-mottak-{language}"))
    page.goto(live_url("/vedtak/"))
    _language(page, language)
    heading = {
        "nb": "Tilbud om å videreføre integreringsmottak",
        "en": "Offer to continue the integration reception centre",
    }
    expect(page.get_by_role("heading", name=heading[language])).to_be_visible()
    axe_check(page)

    page.goto(live_url(f"/vedtak/tilbud/{offer.pk}/"))
    expect(
        page.get_by_role("heading", name={"nb": "Svar på tilbudet", "en": "Answer the offer"}[language])
    ).to_be_visible()
    axe_check(page)
    page.set_input_files(
        'input[name="document"]',
        files=[{"name": "partnerskapsavtale.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}],
    )
    for party in PARTIES[:3]:
        page.locator(f'input[name="parties"][value="{party}"]').check()
    page.locator('input[name="valid_from"]').fill("2023-12-01")
    page.locator('input[name="valid_to"]').fill("2024-06-30")
    page.locator('input[name="confirm"]').check()
    page.locator('button[name="action"][value="submit"]').click()
    # Wrong: a party missing and the agreement ends mid-year; both shown next to their fields.
    too_short = {"nb": "gjelder bare til 30.06.2024", "en": "only valid until 30.06.2024"}[language]
    expect(page.get_by_text(too_short)).to_be_visible()
    all_four = {"nb": "Kryss av for alle fire partene", "en": "Tick all four parties"}[language]
    expect(page.get_by_text(all_four)).to_be_visible()
    axe_check(page)

    page.set_input_files(
        'input[name="document"]',
        files=[{"name": "partnerskapsavtale.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}],
    )
    for party in PARTIES:
        page.locator(f'input[name="parties"][value="{party}"]').check()
    page.locator('input[name="valid_to"]').fill("2025-12-31")
    page.locator('input[name="confirm"]').check()
    page.locator('button[name="action"][value="submit"]').click()
    expect(
        page.get_by_text({"nb": "Svaret er sendt til IMDi.", "en": "The answer has been sent to IMDi."}[language])
    ).to_be_visible()
    expect(
        page.get_by_role("heading", name={"nb": "Svaret til IMDi", "en": "The answer to IMDi"}[language])
    ).to_be_visible()
    expect(page.get_by_role("link", name="partnerskapsavtale.pdf")).to_be_visible()
    axe_check(page)
    offer.refresh_from_db()
    assert offer.status == ReceptionOffer.Status.ANSWERED
