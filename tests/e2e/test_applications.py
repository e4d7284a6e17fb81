"""A caseworker drafts an application, attaches a file and sends it for approval; the approver
submits; the case number and the receipt appear. axe on every page of the flow."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from organisations.models import Membership
from tests.applications.files import PDF_BYTES
from tests.factories import development_call, member, municipality

pytestmark = pytest.mark.e2e


@pytest.fixture
def open_call(transactional_db):
    """The 2024 call with its deadline moved ahead, so the browser and server share today's clock."""
    from core.calendar import today_oslo

    call = development_call()
    call.application_deadline = today_oslo() + dt.timedelta(days=30)
    call.save()
    return call


def save_and_next(page):
    page.get_by_role("button", name="Lagre og gå videre").click()
    expect(page.get_by_role("status").first).to_contain_text("Utkastet er lagret.")


def test_caseworker_drafts_approver_submits(page, live_url, login, axe_check, open_call, municipal_user, mailoutbox):
    org = municipality("4601")
    approver = member(org, Membership.Role.APPROVER, username="e2e-direktor", email="direktor@example.no")

    login(page, municipal_user)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine saker")
    axe_check(page)
    page.get_by_role("button", name=f"Start ny søknad for {org.name}").click()

    # 1. Area and partners
    expect(page.get_by_role("heading", level=1)).to_have_text("Satsingsområde og samarbeid")
    area_select = page.get_by_label("Satsingsområde")
    assert not any(o.startswith("1.") for o in area_select.locator("option").all_inner_texts())
    area_select.select_option(label=str(open_call.areas.get(number=2)))
    axe_check(page)
    save_and_next(page)

    # 2. Project
    expect(page.get_by_role("heading", level=1)).to_have_text("Prosjektet")
    page.get_by_label("Prosjekttittel").fill("Språkpraksis <i>for</i> alle")
    page.get_by_label("Sammendrag").fill("Deltakerne lærer norsk på arbeidsplassen.")
    page.get_by_label("Mål", exact=True).fill("Flere i arbeid.")
    page.get_by_label("Målgruppe").fill("Innvandrerkvinner.")
    page.get_by_label("Aktiviteter").fill("Språkpraksis og veiledning.")
    page.get_by_label("Formål: hvordan prosjektet svarer på ordningens formål").fill("Arbeidsrettet kvalifisering.")
    page.get_by_label("Gjennomføringsevne").fill("Erfaren prosjektgruppe.")
    page.get_by_label("Overføringsverdi").fill("Modellen deles med andre kommuner.")
    axe_check(page)
    save_and_next(page)

    # 3. Implementation
    expect(page.get_by_role("heading", level=1)).to_have_text("Gjennomføring")
    page.get_by_label("Prosjektstart").fill("2024-03-01")
    page.get_by_label("Prosjektslutt").fill("2024-12-31")
    page.get_by_label("Antall deltakere").fill("12")
    page.locator("#id_tidligere-0-description").fill("Velkomstprogram 2022")
    page.locator("#id_tidligere-0-imdi_case_number").fill("22/00042")
    # Area 2's own questions (the circular's social entrepreneur).
    for radio in page.locator("input[type=radio][name^='omrade-'][value='ja']").all():
        radio.check()
    for answer in page.locator("textarea[name^='omrade-']").all():
        answer.fill("Jobbsjansen SA, samvirkeforetak")
    axe_check(page)
    save_and_next(page)

    # 4. Budget
    expect(page.get_by_role("heading", level=1)).to_have_text("Budsjett")
    page.locator("#id_aar1-linjer-0-category").select_option("salary")
    page.locator("#id_aar1-linjer-0-description").fill("Prosjektleder")
    page.locator("#id_aar1-linjer-0-amount").fill("600000")
    page.locator("#id_aar1-own_contribution").fill("100000")
    page.locator("#id_aar1-amount_applied").fill("500000")
    axe_check(page)
    save_and_next(page)

    # 5. Contact
    page.get_by_label("Kontaktperson", exact=True).fill("Kari Kontakt")
    page.get_by_label("E-post til kontaktperson").fill("kari@example.no")
    page.get_by_label("Telefon til kontaktperson").fill("55 00 00 00")
    axe_check(page)
    save_and_next(page)

    # 6. Attachment
    expect(page.get_by_role("heading", level=1)).to_have_text("Vedlegg")
    page.get_by_label("Vedlegg").set_input_files(
        files=[{"name": "prosjektplan.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_role("button", name="Last opp").click()
    expect(page.get_by_role("link", name="prosjektplan.pdf")).to_be_visible()
    axe_check(page)

    # Summary and send for approval
    page.get_by_role("link", name="Gå til oppsummering").click()
    expect(page.get_by_role("main")).to_contain_text("Søknaden er fullstendig.")
    # HTML typed into a field is shown as text.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Språkpraksis <i>for</i> alle")
    axe_check(page)
    page.get_by_role("button", name="Send til godkjenning").click()
    expect(page.get_by_role("status").first).to_contain_text("Søknaden er sendt til godkjenning.")
    axe_check(page)
    page.get_by_role("button", name="Logg ut").click()

    # The approver submits
    login(page, approver)
    expect(page.get_by_role("main")).to_contain_text("1 søknad venter på din godkjenning.")
    page.get_by_role("link", name="Gå til godkjenningskøen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Søknader til godkjenning")
    axe_check(page)
    page.get_by_role("link", name="Språkpraksis <i>for</i> alle").click()
    expect(page.get_by_role("link", name="prosjektplan.pdf")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Godkjenn og send inn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Godkjenn og send inn søknaden?")
    axe_check(page)
    page.get_by_role("button", name="Godkjenn og send inn").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Søknaden er sendt inn")
    case_number = page.locator(".case-number").inner_text()
    assert re.fullmatch(r"\d{2}/\d{5}", case_number)
    expect(page.get_by_role("status").first).to_contain_text(case_number)
    axe_check(page)
    assert any(case_number in m.subject and "direktor@example.no" in m.to for m in mailoutbox)

    page.get_by_role("link", name="Se søknaden").click()
    expect(page.get_by_role("table").last).to_contain_text("Godkjent og sendt inn")
    axe_check(page)
