"""An appeal against a dismissal in Chromium (issue 15 item 4): the applicant's approver opens
the dismissal, writes the appeal with an attachment, confirms, and sees it registered; the
officer then sees it in the admin and can open the reversal page. axe on every page, in bokmål
and in nynorsk."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import officer
from tests.factories_appeal import applicant_approver, dismissal_decided

pytestmark = pytest.mark.e2e

TEXT = {
    "nb": {"field": "Klage: hva dere mener er feil, og hvorfor", "sent": "Klagen er registrert og sendt til IMDi."},
    "nn": {"field": "Klage: kva de meiner er feil, og kvifor", "sent": "Klaga er registrert og send til IMDi."},
}


@pytest.fixture
def dismissal(transactional_db):
    # Decided today (no time travel: the live server runs on the real clock), so the window is open.
    return dismissal_decided(decided_on=None)


def _portal_language(page, language):
    if language == "nn":
        page.get_by_role("button", name="Nynorsk").click()
        expect(page.locator("html")).to_have_attribute("lang", "nn")


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_approver_appeals_the_dismissal_and_officer_sees_it(
    page, live_url, login, axe_check, dismissal, language, tmp_path
):
    from tests.applications import files

    user = applicant_approver(dismissal)
    login(page, user)
    page.goto(live_url(f"/vedtak/{dismissal.pk}/"))
    _portal_language(page, language)
    axe_check(page)
    page.get_by_role("link", name="Klag på vedtaket").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    axe_check(page)

    # Empty text: the message is next to the field, and the page stays accessible.
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("main button[data-confirm]").click()
    expect(page.locator("#id_text")).to_have_class(re.compile(r"\bis-invalid\b"))
    axe_check(page)

    attachment = tmp_path / "kvittering.pdf"
    attachment.write_bytes(files.PDF_BYTES)
    page.get_by_label(TEXT[language]["field"]).fill("Søknaden kom inn før fristen; kvitteringen ligg ved.")
    page.locator("#id_files").set_input_files(str(attachment))
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("main button[data-confirm]").click()
    expect(page.locator("main")).to_contain_text(TEXT[language]["sent"])
    expect(page.locator("main")).to_contain_text("kvittering.pdf")
    axe_check(page)

    # The form is no longer offered.
    page.goto(live_url(f"/vedtak/{dismissal.pk}/klage/"))
    expect(page.locator("#id_text")).to_have_count(0)
    axe_check(page)

    # The officer reads it in the admin and opens the reversal page (asked first).
    from applications.models import Appeal

    appeal = Appeal.objects.get(decision=dismissal)
    page.context.clear_cookies()
    login(page, officer(username=f"e2e-klage-radgiver-{language}"))
    page.goto(live_url(f"/admin/applications/appeal/{appeal.pk}/change/"))
    expect(page.locator("#content")).to_contain_text("kvittering.pdf")
    expect(page.locator("#content")).to_contain_text("Arbeids- og inkluderingsdepartementet")
    # The admin's change form: Django's forms.css @imports a stylesheet, which axe's preload would
    # re-load through an inline <style> that the CSP refuses (the tool's fault, not the page's).
    axe_check(page, options={"preload": False})
    page.get_by_role("link", name="Omgjør avvisningen (søknaden vurderes på nytt)").click()
    expect(page.locator("#content")).to_contain_text("Dette kan ikke angres")
    axe_check(page)
