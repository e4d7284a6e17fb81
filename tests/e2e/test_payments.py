"""Finance builds a payout batch, makes and downloads the pain.001 file once and records the batch as paid;
the municipality sees its payment plan. Each page passes axe."""

import pytest
from playwright.sync_api import expect

from payments.iso20022 import pain001_validate
from payments.models import Payment, PayoutBatch
from tests.factories import finance, member
from tests.payments.helpers import due_grants

pytestmark = pytest.mark.e2e


@pytest.fixture
def finance_user(transactional_db):
    return finance(username="e2e-okonomi")


def test_finance_builds_exports_and_pays_a_batch(page, live_url, login, finance_user, axe_check):
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
    axe_check(page)
    batch = PayoutBatch.objects.get()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Lag betalingsfil").click()
    expect(page.get_by_text("Betalingsfilen er laget.")).to_be_visible()
    expect(page.get_by_role("button", name="Avbryt bunt")).to_have_count(0)
    axe_check(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned betalingsfil (ISO 20022 pain.001)").click()
    pain001_validate(open(download_info.value.path(), "rb").read())  # noqa: SIM115

    page.get_by_label("Bankens referanse").fill("DNB-2024-05")
    page.get_by_role("button", name="Registrer utbetaling").click()
    expect(page.get_by_text("Bunten er registrert som utbetalt.")).to_be_visible()
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.PAID
    assert Payment.objects.filter(status="paid").count() == 2


def test_municipality_sees_its_payment_plan(page, live_url, login, axe_check, transactional_db):
    (grant,) = due_grants(1)
    user = member(grant.organisation, username="e2e-kommune-utbetaling")
    login(page, user)
    page.goto(live_url(f"/utbetalinger/tilskudd/{grant.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(grant.case_number)
    expect(page.get_by_text("Klar til utbetaling")).to_be_visible()
    axe_check(page)
