"""The admin's case lists fit a 1280 px screen (issue 13 item 4): no column is cut off or
scrolled away, and the application list keeps area, status and sent date in view."""

import os

import pytest

from applications.services.assessment import assessment_save
from tests.factories import finance, make_application, make_grant, municipality, officer

WIDTH = 1280
LISTS = {
    "applications/application": None,
    "applications/assessment": None,
    "applications/decision": None,
    "applications/grant": None,
    "payments/payment": "finance",
}

OVERFLOW = """() => {
    // The list's own box: Django puts the table in a scrolling div, which hides what does not fit.
    const doc = document.documentElement;
    const results = document.querySelector('#changelist .results');
    const table = document.querySelector('#result_list');
    const box = results.getBoundingClientRect();
    return {
        page: doc.scrollWidth - doc.clientWidth,
        table: Math.ceil(table.offsetWidth - results.clientWidth),
        right: Math.ceil(table.getBoundingClientRect().right - Math.min(box.right, doc.clientWidth)),
        rows: document.querySelectorAll('#result_list tbody tr').length,
    };
}"""


@pytest.fixture
def cases(transactional_db):
    make_application(municipality("1515"), status="awarded", title="Språkkafé og arbeidstrening for nyankomne")
    submitted = make_application(municipality("1818"), status="submitted")
    assessment_save(application=submitted, officer=officer(), score_purpose=5, score_delivery=4, score_transfer=6)
    make_grant(municipality("3114"), status="accepted")


@pytest.mark.parametrize("path,who", LISTS.items())
def test_the_list_fits_1280_px(page, live_url, login, imdi_officer, cases, axe_check, path, who):
    page.set_viewport_size({"width": WIDTH, "height": 900})
    login(page, finance(username="e2e-okonomi") if who == "finance" else imdi_officer)
    page.goto(live_url(f"/admin/{path}/"))
    assert page.locator("#changelist").count() == 1, page.url
    overflow = page.evaluate(OVERFLOW)
    if os.environ.get("ADMIN_SHOTS"):
        page.screenshot(path=os.path.join(os.environ["ADMIN_SHOTS"], path.replace("/", "_") + ".png"), full_page=True)
    assert overflow["rows"] >= 1, overflow
    assert overflow["page"] <= 0 and overflow["table"] <= 0 and overflow["right"] <= 0, overflow
    if path == "applications/application":
        for header in ("Område", "Status", "Sendt"):
            cell = page.locator("#result_list thead th", has_text=header).first
            box = cell.bounding_box()
            assert box is not None and box["x"] + box["width"] <= WIDTH, header
    axe_check(page)
