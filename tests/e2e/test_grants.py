"""The approver finds the grant letter on the start page, opens it and accepts it (first with a
bad account number, which is refused next to the field); the budget holder sends all letters of
a call and watches the progress bar. axe finds no serious or critical violation on the pages."""

import pytest
from playwright.sync_api import expect

from applications.models import Grant
from organisations.models import Membership
from tests.factories import member, municipality, valid_bank_account
from tests.grants.helpers import development_grant, sent_grant, signer

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_approver_opens_the_letter_and_accepts_it(page, live_url, login, axe_check, transactional_db):
    grant, letter = sent_grant(municipality("4601"))
    approver = member(grant.organisation, Membership.Role.APPROVER, username="e2e-direktor", first_name="Dina")
    login(page, approver)

    page.goto(live_url("/start/"))
    panel = page.locator(".grants-panel")
    expect(panel).to_contain_text(grant.case_number)
    expect(panel).to_contain_text(f"aksepter innen {grant.acceptance_deadline:%d.%m.%Y}")
    panel.get_by_role("link", name=grant.case_number).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(grant.case_number)
    axe_check(page)

    link = page.get_by_role("link", name="Tilskuddsbrev versjon 1")
    pdf = page.request.get(live_url(link.get_attribute("href")))
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body() == letter.pdf.open("rb").read()

    page.get_by_role("link", name="Svar på tilskuddsbrevet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Akseptbrev")
    axe_check(page)

    page.get_by_label("Kontonummer for utbetaling av tilskuddet").fill("1234 56 78901")
    page.get_by_label("Kontaktperson(er)").fill("Kari Kontakt, kari@example.no")
    page.get_by_label("Kommunens forutsetninger og kompetanse").fill("Ti års erfaring med språkpraksis.")
    page.get_by_label("Vi aksepterer vilkårene i tilskuddsbrevet").check()
    page.get_by_role("button", name="Aksepter vilkårene").click()
    expect(page.get_by_text("Kontonummeret er ikke gyldig (kontrollsifferet stemmer ikke).")).to_be_visible()
    axe_check(page)
    grant.refresh_from_db()
    assert grant.status == Grant.Status.LETTER_SENT

    page.get_by_label("Kontonummer for utbetaling av tilskuddet").fill(valid_bank_account(42))
    page.get_by_label("Vi aksepterer vilkårene i tilskuddsbrevet").check()
    page.get_by_role("button", name="Aksepter vilkårene").click()
    expect(page.get_by_text("Vilkårene er akseptert.")).to_be_visible()
    expect(page.get_by_text("Akseptert av Dina")).to_be_visible()
    axe_check(page)

    grant.refresh_from_db()
    assert grant.status == Grant.Status.ACCEPTED
    assert grant.acceptance.decided_by == approver
    receipt = page.request.get(live_url(f"/tilskudd/{grant.pk}/kvittering/"))
    assert receipt.ok and receipt.body().startswith(b"%PDF-")


def test_budget_holder_sends_all_letters_and_sees_the_progress(page, live_url, login, transactional_db):
    grants = [development_grant(municipality(n)) for n in ("4601", "0301", "5001")]
    login(page, signer(username="e2e-disponent"))
    page.goto(live_url("/admin/applications/grant/send-alle/"))
    page.get_by_label("Utlysning").select_option(str(grants[0].call_id))
    page.get_by_role("button", name="Signer og send alle").click()
    expect(page.locator("#letter-job [data-field='status_display']")).to_have_text("Ferdig")
    expect(page.locator("#letter-job [data-field='done']")).to_have_text("3")
    assert page.locator("progress").evaluate("el => [el.value, el.max]") == [3, 3]
    assert all(Grant.objects.get(pk=g.pk).status == Grant.Status.LETTER_SENT for g in grants)


def test_progress_page_follows_the_job_while_it_runs(page, live_url, login, transactional_db):
    from applications.models import LetterSendJob

    grant = development_grant()
    holder = signer(username="e2e-disponent-2")
    job = LetterSendJob.objects.create(call=grant.call, started_by=holder, total=3, status="running")
    login(page, holder)
    page.goto(live_url(f"/admin/applications/grant/send-alle/{job.pk}/"))
    expect(page.locator("#letter-job [data-field='status_display']")).to_have_text("Sender")
    LetterSendJob.objects.filter(pk=job.pk).update(done=2)
    expect(page.locator("#letter-job [data-field='done']")).to_have_text("2")
    assert page.locator("progress").evaluate("el => el.value") == 2
    LetterSendJob.objects.filter(pk=job.pk).update(
        done=2, failed=1, status="done", errors=[{"grant": 9, "error": "Feil"}]
    )
    expect(page.locator("#letter-job [data-field='status_display']")).to_have_text("Ferdig")
    expect(page.locator("#letter-job-errors")).to_contain_text("Feil")
