"""The budget holder's and finance's pages at 390 px (issue 13 item 4): the page itself never
scrolls sideways (a wide table may scroll inside a focusable region of its own), each passes
axe, and each is photographed at 1280 and 390 px into var/screenshots/narrow/ for a person to
look at. Budget holder: the decision list, a proposal, the approval of one and the bulk
approval and return pages. Finance: overview, due list, batches, a batch, figures, a grant's
payment plan with its close-out, the close-out confirmation, account changes."""

import os
from pathlib import Path

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from playwright.sync_api import expect

from applications.services.assessment import decision_propose
from payments.models import PayoutBatch
from tests.assessment.helpers import submitted
from tests.factories import budget_holder, finance, municipality, officer
from tests.factories_closeout import final_accounts_approved, paid_grant
from tests.factories_figures import figures_year_build
from tests.payments.helpers import due_grants

pytestmark = pytest.mark.e2e

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "narrow"
SHOTS.mkdir(parents=True, exist_ok=True)
NARROW = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}

MEASURE = """() => {
    const doc = document.documentElement;
    // Anything wider than the page that is not inside a scroll region of its own.
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.right <= doc.clientWidth + 1) continue;
        let p = el.parentElement, inner = false;
        while (p && p !== document.body) {
            const s = getComputedStyle(p);
            if (['auto', 'scroll', 'hidden'].includes(s.overflowX)) { inner = true; break; }
            p = p.parentElement;
        }
        if (!inner) wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + el.className);
    }
    return {scroll: doc.scrollWidth, wide: wide.slice(0, 8)};
}"""


def _watch(page):
    """Where a CSP refusal happens (the page fixture fails the test on it, without the address)."""
    seen = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and seen.append(page.url))
    return seen


# Django's admin forms.css @imports widgets.css; axe re-loads an @import through an inline
# <style>, which the CSP refuses. On the admin's pages axe runs without that preload.
AXE_ADMIN = {"resultTypes": ["violations"], "preload": False}


def _check(page, name, axe_check, problems):
    measured = page.evaluate(MEASURE)
    page.screenshot(path=str(SHOTS / f"{name}-390.png"), full_page=True)
    if measured["scroll"] > 390:
        problems.append(f"{name} ({page.url}) scrolls sideways at 390 px: {measured}")
    try:
        axe_check(page, options=AXE_ADMIN if "/admin/" in page.url else None)
    except AssertionError as exc:
        problems.append(f"{name}: {exc}")


def _look(page, url, name, axe_check, problems):
    """The page at 1280 and at 390 px: photographed at both, axe and the width check at 390."""
    page.set_viewport_size(WIDE)
    page.goto(url)
    expect(page.locator("h1").first).to_be_visible()
    page.screenshot(path=str(SHOTS / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size(NARROW)
    page.goto(url)
    _check(page, name, axe_check, problems)


def _post_action(page, url, action, pks):
    """Open the admin action's confirmation page (its list form posted as the browser would)."""
    page.goto(url)
    for pk in pks:
        page.locator(f"input[name={ACTION_CHECKBOX_NAME}][value='{pk}']").check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index], input[name=index]").first.click()
    page.wait_for_load_state()


@pytest.fixture
def proposals(transactional_db):
    o = officer(username="e2e-smal-radgiver")
    apps = [submitted(municipality(n), amount="500000") for n in ("1515", "1818")]
    return [decision_propose(application=a, actor=o, outcome="award", amount="400000") for a in apps]


def test_the_budget_holders_pages_fit_390_px(page, live_url, login, axe_check, proposals):
    problems, csp = [], _watch(page)
    login(page, budget_holder(username="e2e-smal-bdisp"))
    decisions = live_url("/admin/applications/decision/")
    first = proposals[0]
    _look(page, decisions, "decision-list", axe_check, problems)
    _look(page, live_url(f"/admin/applications/decision/{first.pk}/change/"), "decision-detail", axe_check, problems)
    _look(page, live_url(f"/admin/applications/decision/{first.pk}/godkjenn/"), "decision-approve", axe_check, problems)
    for action, name, text in (
        ("approve_selected", "decision-bulk-approve", "Godkjenn"),
        ("return_selected", "decision-bulk-return", "Kommentar til rådgiveren"),
    ):
        for size, suffix in ((WIDE, "1280"), (NARROW, "390")):
            page.set_viewport_size(size)
            _post_action(page, decisions, action, [d.pk for d in proposals])
            expect(page.get_by_text(text).first).to_be_visible()
            if suffix == "1280":
                page.screenshot(path=str(SHOTS / f"{name}-{suffix}.png"), full_page=True)
        _check(page, name, axe_check, problems)
    assert not problems and not csp, "\n".join(problems + [f"CSP refused on {url}" for url in csp])


@pytest.fixture
def finance_cases(transactional_db):
    closing = paid_grant(municipality("3114"), amount="500000.00")
    final_accounts_approved(closing, used="420000.00")
    due_grants(2, amount="100000.01")
    figures_year_build(2024, offset=0, second_award=False)
    return {"closing": closing}


def test_the_finance_pages_fit_390_px(page, live_url, login, axe_check, finance_cases):
    problems, csp = [], _watch(page)
    login(page, finance(username="e2e-smal-okonomi"))
    batch = PayoutBatch.objects.order_by("-pk").first()
    assert batch is not None
    closing = finance_cases["closing"]
    for path, name in (
        ("/utbetalinger/", "finance-overview"),
        ("/utbetalinger/forfall/", "finance-due"),
        ("/utbetalinger/bunter/", "finance-batches"),
        (f"/utbetalinger/bunter/{batch.pk}/", "finance-batch"),
        ("/utbetalinger/tall/?count_date=2024-12-31", "finance-figures"),
        (f"/utbetalinger/tilskudd/{closing.pk}/", "finance-grant-closeout"),
        ("/utbetalinger/kontoer/", "finance-account-changes"),
    ):
        _look(page, live_url(path), name, axe_check, problems)
    assert not problems and not csp, "\n".join(problems + [f"CSP refused on {url}" for url in csp])


def test_the_closeout_confirmation_fits_390_px(page, live_url, login, axe_check, finance_cases):
    problems = []
    login(page, officer(username="e2e-smal-avslutt"))
    closing = finance_cases["closing"]
    url = live_url(f"/utbetalinger/tilskudd/{closing.pk}/sluttoppgjor/avslutt/")
    _look(page, url, "closeout-confirm", axe_check, problems)
    assert not problems, "\n".join(problems)
    assert os.path.exists(SHOTS / "closeout-confirm-390.png")
