"""Long jobs in Chromium, in bokmål and English (issue 17 item 4, issue 13 item 5): finance
orders a year's payment plan, the job page shows it done with the download; a job still
running shows its progress in a live region, and the page's script brings in the result when
the worker finishes, without a reload. Axe on every state."""

import pytest
from playwright.sync_api import expect

from core.jobs import JobResult, job_run
from core.models import Job
from tests.factories import finance
from tests.factories_jobs import job_kind_for_test
from tests.payments.helpers import due_grants

pytestmark = pytest.mark.e2e

TEXT = {
    "nb": {"start": "Lag filen", "done": "Ferdig", "running": "Kjører", "of": "3 av 10", "list": "Mine jobber"},
    "en": {"start": "Make the file", "done": "Done", "running": "Running", "of": "3 of 10", "list": "My jobs"},
}


@pytest.mark.parametrize("language", ["nb", "en"])
def test_year_export_job_and_a_running_job(page, live_url, login, axe_check, transactional_db, language):
    text = TEXT[language]
    year = due_grants(2)[0].year
    user = finance(username=f"e2e-jobb-{language}")
    login(page, user)
    page.goto(live_url(f"/utbetalinger/eksport/{year}.csv"))
    if language == "en":
        page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    axe_check(page)
    page.get_by_role("button", name=text["start"]).click()
    # The test settings run tasks eagerly: the job is done when its page loads.
    status = page.get_by_role("status")
    expect(status).to_contain_text(text["done"])
    expect(page.get_by_role("link", name=f"utbetalinger-{year}.csv")).to_be_visible()
    axe_check(page)

    def run(*, job, progress):
        return JobResult("tall.txt", b"42", "text/plain")

    with job_kind_for_test("tests.e2e", run):
        job = Job.objects.create(kind="tests.e2e", owner=user, key=f"e2e:{language}", title="Rapportfil")
        job.mark_running()
        job.progress_set(3, 10)
        page.goto(live_url(f"/jobber/{job.pk}/"))
        expect(page.get_by_role("status")).to_contain_text(text["running"])
        expect(page.get_by_role("status")).to_contain_text(text["of"])
        expect(page.locator("progress")).to_have_attribute("value", "30")
        axe_check(page)
        page.goto(live_url("/jobber/"))
        expect(page.get_by_role("heading", level=1)).to_have_text(text["list"])
        expect(page.get_by_role("link", name="Rapportfil")).to_be_visible()
        axe_check(page)
        page.get_by_role("link", name="Rapportfil").click()
        job_run(job_id=job.pk)  # the worker finishes; the page's script brings the result in
        expect(page.get_by_role("link", name="tall.txt")).to_be_visible(timeout=15000)
        expect(page.get_by_role("status")).to_contain_text(text["done"])
        axe_check(page)
