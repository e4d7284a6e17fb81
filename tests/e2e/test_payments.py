"""Finance builds a payout batch, a second finance user approves it, the pain.001 file is made
and downloaded once, and the bank's camt.054 marks the lines paid; the batch and finance pages
fit 390 px; the municipality sees its payment plan. Each page passes axe."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from core.calendar import today_oslo
from payments.iso20022 import pain001_validate
from payments.models import Payment, PayoutBatch
from tests.factories import finance, member
from tests.payments.helpers import due_grants

pytestmark = pytest.mark.e2e

RETURNS = Path(__file__).resolve().parent.parent / "data" / "bank_returns"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def finance_user(transactional_db):
    return finance(username="e2e-okonomi")


def _camt054(batch, booked) -> bytes:
    """The bank's debit notification for the batch's lines (tests/data/bank_returns)."""
    lines = list(batch.lines.order_by("id"))
    text = (RETURNS / "camt054_booked.xml").read_text(encoding="utf-8")
    for n, line in enumerate(lines, start=1):
        text = text.replace(f"@E2E{n}@", line.end_to_end_id).replace(f"@AMT{n}@", f"{line.amount:.2f}")
    return text.replace("@MSGID@", "E2E-BANK-1").replace("@BOOKED@", booked.isoformat()).encode("utf-8")


def _at_390(page, url, axe_check, shot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url)
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{url} scrolls sideways"
    page.screenshot(path=str(SHOTS / shot), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_finance_builds_a_second_approves_exports_and_reads_the_banks_file(
    page, live_url, login, finance_user, axe_check, tmp_path
):
    due_grants(2, amount="100000.01")
    login(page, finance_user)

    page.goto(live_url("/utbetalinger/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Utbetalinger")
    axe_check(page)

    page.goto(live_url("/utbetalinger/forfall/"))
    expect(page.get_by_text("2 utbetalinger klare")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Lag bunt").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Utbetalingsbunt IMDI-B")
    batch = PayoutBatch.objects.get()
    # The builder cannot approve, and no payment file before the approval.
    expect(page.get_by_text("Du laget bunten. En annen i økonomi må godkjenne den")).to_be_visible()
    expect(page.get_by_role("button", name="Lag betalingsfil")).to_have_count(0)
    axe_check(page)

    page.context.clear_cookies()
    login(page, finance(username="e2e-okonomi-2"))
    page.goto(live_url(f"/utbetalinger/bunter/{batch.pk}/"))
    page.get_by_role("link", name="Godkjenn bunt").click()
    expect(page.get_by_text("Dette kan ikke angres")).to_be_visible()
    expect(page.get_by_text("2 utbetalinger på til sammen")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Godkjenn bunten").click()
    expect(page.get_by_text("Bunten er godkjent.")).to_be_visible()
    batch.refresh_from_db()
    assert batch.approved_by.username == "e2e-okonomi-2"

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Lag betalingsfil").click()
    expect(page.get_by_text("Betalingsfilen er laget.")).to_be_visible()
    expect(page.get_by_role("button", name="Avbryt bunt")).to_have_count(0)
    axe_check(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned betalingsfil (ISO 20022 pain.001)").click()
    pain001_validate(open(download_info.value.path(), "rb").read())  # noqa: SIM115

    batch.refresh_from_db()
    booked = batch.execution_date
    return_file = tmp_path / "camt054.xml"
    return_file.write_bytes(_camt054(batch, booked))
    page.get_by_label("Returfil fra banken (camt.054 eller pain.002, XML)").set_input_files(str(return_file))
    page.get_by_role("button", name="Les inn returfil").click()
    if booked <= today_oslo():
        expect(page.get_by_text("Returfilen er lest inn: 2 utbetalt, 0 feilet")).to_be_visible()
        batch.refresh_from_db()
        assert batch.status == PayoutBatch.Status.PAID
        assert Payment.objects.filter(status="paid", bank_reference__startswith="BANKREF-").count() == 2
    else:  # run on a day that is not a bank day: the booking would be before the payment date
        expect(page.get_by_text("kunne ikke avstemmes")).to_be_visible()
    expect(page.get_by_text("UKJENT-REFERANSE-1")).to_be_visible()  # listed for a person
    axe_check(page)

    _at_390(page, live_url(f"/utbetalinger/bunter/{batch.pk}/"), axe_check, "batch-390.png")
    _at_390(page, live_url("/utbetalinger/"), axe_check, "finance-overview-390.png")
    _at_390(page, live_url("/utbetalinger/bunter/"), axe_check, "batches-390.png")


def test_municipality_sees_its_payment_plan(page, live_url, login, axe_check, transactional_db):
    (grant,) = due_grants(1)
    user = member(grant.organisation, username="e2e-kommune-utbetaling")
    login(page, user)
    page.goto(live_url(f"/utbetalinger/tilskudd/{grant.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(grant.case_number)
    expect(page.get_by_text("Klar til utbetaling")).to_be_visible()
    axe_check(page)
