"""Long work as jobs (issue 17 item 4, issue 13 item 5): the request only enqueues and goes to
the job's page; the worker (eager here) writes progress and stores the result; the page offers
the download; the same request while one runs gets the same job; a failure shows in Norwegian;
others get 404; the list has a fixed number of queries."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.jobs import JobResult, job_enqueue, job_run
from core.models import Job
from payments.models import Payment
from tests.applications.helpers import approver_of, complete_application
from tests.factories import finance, member, municipality, officer
from tests.factories_jobs import WorkerKilled, job_kind_for_test
from tests.payments.helpers import due_grants

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2024, 5, 16, 9, 0), tick=False):
        yield


def _download(client, job):
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_year_export_enqueues_and_the_job_page_offers_the_download(client, django_capture_on_commit_callbacks):
    year = due_grants(2)[0].year
    planned = Payment.objects.filter(grant__year=year).count()
    assert planned >= 2
    user = finance(username="fin-job")
    client.force_login(user)
    url = reverse("payments:year_export", args=[year, "csv"])
    start = client.get(url)
    assert start.status_code == 200 and "Lag filen" in start.content.decode()
    assert not Job.objects.exists()  # asking is not ordering

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url)
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert len(callbacks) == 1  # the task is sent once the request's transaction commits
    page = client.get(response["Location"]).content.decode()
    assert 'role="status"' in page and 'aria-live="polite"' in page and "data-job-refresh" in page
    assert "I kø" in page and "js/jobs.js" in page
    assert reverse("jobs:download", args=[job.pk]) not in page
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404  # not ready

    # The same request while the job waits: the same job, no second task.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = client.post(url)
    assert again["Location"] == response["Location"] and Job.objects.count() == 1 and not callbacks

    job = job_run(job_id=job.pk)  # what the worker does
    assert (job.status, job.progress_done, job.progress_total, job.attempts) == ("done", planned, planned, 1)
    page = client.get(response["Location"]).content.decode()
    assert "Ferdig" in page and "data-job-refresh" not in page
    assert reverse("jobs:download", args=[job.pk]) in page
    rows = list(csv.reader(io.StringIO(_download(client, job).decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == planned + 1 and rows[0][0] == "Organisasjon"
    assert job_run(job_id=job.pk).attempts == 1  # a finished job is never run again

    # Done: the same request now makes a new job (the payments may have changed).
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert Job.objects.count() == 2


def test_eager_run_finishes_with_the_stored_workbook(client, django_capture_on_commit_callbacks):
    year = due_grants(3)[0].year
    client.force_login(finance(username="fin-xlsx"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("payments:year_export", args=[year, "xlsx"]))
    job = Job.objects.get()
    assert job.status == "done" and job.result.name.startswith("private/jobs/")
    assert job.result_name == f"utbetalinger-{year}.xlsx"
    workbook = load_workbook(io.BytesIO(_download(client, job)))
    assert workbook.active.max_row == 1 + Payment.objects.filter(grant__year=year).count() >= 4
    assert "Ferdig" in client.get(response["Location"]).content.decode()


def test_progress_is_written_while_the_job_runs(django_user_model):
    user = django_user_model.objects.create_user("progress")
    seen = []

    def run(*, job, progress):
        for done in range(451):
            progress(done, 450)
            if done in (150, 250, 449):
                seen.append(Job.objects.values_list("progress_done", "progress_total", "status").get(pk=job.pk))
        return JobResult("tall.txt", b"ok", "text/plain")

    with job_kind_for_test("tests.progress", run):
        job = job_enqueue(kind="tests.progress", owner=user, key="x", title="Telling")
        job_run(job_id=job.pk)
    assert seen == [(0, 450, "running"), (200, 450, "running"), (400, 450, "running")]
    job.refresh_from_db()
    assert (job.progress_done, job.percent, job.status) == (450, 100, "done")


def test_a_failure_shows_a_norwegian_message_and_no_download(client, django_user_model):
    user = django_user_model.objects.create_user("failing")

    def crash(*, job, progress):
        raise RuntimeError("division by zero in row 17")

    def refused(*, job, progress):
        raise ValidationError("Året har ingen utbetalinger.")

    with job_kind_for_test("tests.crash", crash), job_kind_for_test("tests.refused", refused):
        crashed = job_run(job_id=job_enqueue(kind="tests.crash", owner=user, key="1", title="Krasj").pk)
        said_no = job_run(job_id=job_enqueue(kind="tests.refused", owner=user, key="1", title="Nei").pk)
        client.force_login(user)
        page = client.get(reverse("jobs:detail", args=[crashed.pk])).content.decode()
        listing = client.get(reverse("jobs:list")).content.decode()
        assert client.get(reverse("jobs:download", args=[crashed.pk])).status_code == 404
    assert crashed.status == "failed"
    assert crashed.error == "Jobben stoppet på grunn av en feil hos oss. Prøv igjen senere."
    assert "division" not in page and "Feilet" in page and crashed.error in page
    assert said_no.error == "Året har ingen utbetalinger." and said_no.error in listing


def test_a_killed_job_runs_again_when_its_message_comes_back(django_user_model):
    user = django_user_model.objects.create_user("killed")
    calls = []

    def run(*, job, progress):
        calls.append(job.attempts)
        if len(calls) == 1:
            raise WorkerKilled
        return JobResult("ok.txt", b"ok", "text/plain")

    with job_kind_for_test("tests.killed", run):
        job = job_enqueue(kind="tests.killed", owner=user, key="1", title="Drept")
        with pytest.raises(WorkerKilled):
            job_run(job_id=job.pk)
        assert Job.objects.get(pk=job.pk).status == "running"
        # Still running: the same request gets the same job (no second one beside it).
        assert job_enqueue(kind="tests.killed", owner=user, key="1", title="Drept").pk == job.pk
        job = job_run(job_id=job.pk)
    assert (job.status, job.attempts, calls) == ("done", 2, [1, 2])
    assert job.result.open("rb").read() == b"ok"


def test_a_job_left_behind_by_a_lost_worker_no_longer_holds_its_key(django_user_model):
    user = django_user_model.objects.create_user("stale")
    with job_kind_for_test("tests.stale", lambda *, job, progress: JobResult("a", b"a", "text/plain")):
        old = job_enqueue(kind="tests.stale", owner=user, key="1", title="Gammel")
        Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(hours=3))
        new = job_enqueue(kind="tests.stale", owner=user, key="1", title="Ny")
    old.refresh_from_db()
    assert new.pk != old.pk and old.status == "failed" and "avbrutt" in old.error


def test_application_pdf_is_a_job_its_organisation_reads_and_no_one_else(client, django_capture_on_commit_callbacks):
    application = complete_application()
    caseworker = application.created_by
    client.force_login(caseworker)
    url = reverse("applications:pdf", args=[application.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    job = Job.objects.get()
    assert job.status == "done" and job.organisation_id == application.organisation_id
    assert _download(client, job).startswith(b"%PDF-")
    assert job.result_name.startswith("soknad-") and job.result_content_type == "application/pdf"

    # The same organisation's approver reads it; another municipality and IMDi staff get 404.
    client.force_login(approver_of(application.organisation))
    assert client.get(response["Location"]).status_code == 200
    for stranger in (member(municipality("0301")), officer(), finance(username="fin-pdf")):
        client.force_login(stranger)
        assert client.get(response["Location"]).status_code == 404
        assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
        assert client.post(url).status_code == 404
    assert Job.objects.count() == 1


def test_finance_exports_are_read_by_finance_only(client, django_capture_on_commit_callbacks):
    year = due_grants(1)[0].year
    client.force_login(finance(username="fin-a"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("payments:year_export", args=[year, "csv"]))
    job = Job.objects.get()
    client.force_login(finance(username="fin-b"))  # the same role
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 200
    for other in (officer(), member(municipality("0301"))):
        client.force_login(other)
        assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
        assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 302


def test_the_job_list_shows_progress_in_a_fixed_number_of_queries(
    client, django_user_model, django_assert_max_num_queries
):
    user = django_user_model.objects.create_user("lister")
    other = django_user_model.objects.create_user("other")
    with job_kind_for_test("tests.list", lambda *, job, progress: JobResult("a.txt", b"a", "text/plain")):
        running = job_enqueue(kind="tests.list", owner=user, key="r", title="Kjørende jobb")
        running.mark_running()
        running.progress_set(3, 10)
        job_enqueue(kind="tests.list", owner=other, key="o", title="Andres jobb")
        client.force_login(user)
        client.get(reverse("jobs:list"))  # warm up (session, permissions)
        # session, user, groups, the session's idle clock (3), the count and the page of jobs
        with django_assert_max_num_queries(8) as few:
            page = client.get(reverse("jobs:list")).content.decode()
        for n in range(20):
            job_run(job_id=job_enqueue(kind="tests.list", owner=user, key=str(n), title=f"Jobb {n}").pk)
        with django_assert_max_num_queries(len(few.captured_queries)):
            many = client.get(reverse("jobs:list")).content.decode()
    assert "Kjørende jobb" in page and "3 av 10" in page and "Andres jobb" not in page
    assert 'value="30"' in page and "data-job-refresh" in page
    assert many.count(">Last ned a.txt<") == 20
