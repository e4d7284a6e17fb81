"""The sweep page (issue 13 item 5): in Norwegian, each sweep's last run and what it changed,
its failures, and "run now" for officers and finance (budget holders read only)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import SweepRun
from tests.factories import budget_holder, finance, officer

pytestmark = pytest.mark.django_db

PAGE = reverse("admin:core_sweeprun_changelist")
PAYMENTS = "payments.tasks.payments_due_sweep"


def _run(name, summary=None, error=""):
    return SweepRun.objects.create(
        name=name, started_at=timezone.now(), finished_at=timezone.now(), summary=summary or {}, error=error
    )


def test_counters_and_failures_are_in_norwegian(client):
    _run(PAYMENTS, {"due": 0, "withheld": 1, "released": 2, "reason_changed": 0})
    _run("applications.tasks.acceptance_sweep", error="ConnectionError('smtp')")
    client.force_login(officer())
    html = client.get(PAGE).content.decode()
    assert "utbetalinger holdt tilbake: 1" in html and "utbetalinger frigitt: 2" in html
    assert "withheld: 1" not in html and "due: 0" not in html
    assert "Feilet" in html and "ConnectionError" in html
    failed = client.get(PAGE, {"utfall": "feil"})
    assert [run.name for run in failed.context["cl"].result_list] == ["applications.tasks.acceptance_sweep"]


@pytest.mark.parametrize("make_user", [officer, finance])
def test_officer_and_finance_may_run_a_sweep_now(client, make_user, django_capture_on_commit_callbacks):
    client.force_login(make_user())
    assert "Kjør nå" in client.get(PAGE).content.decode()
    url = reverse("admin:core_sweeprun_run", args=[PAYMENTS])
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    run = SweepRun.objects.get(name=PAYMENTS)
    assert run.finished_at is not None and run.error == ""


def test_budget_holder_reads_but_may_not_run(client):
    client.force_login(budget_holder())
    response = client.get(PAGE)
    assert response.status_code == 200 and "Kjør nå" not in response.content.decode()
    assert client.post(reverse("admin:core_sweeprun_run", args=[PAYMENTS])).status_code == 403
    assert not SweepRun.objects.exists()


def test_only_scheduled_sweeps_can_be_run(client):
    client.force_login(officer())
    assert client.post(reverse("admin:core_sweeprun_run", args=["core.tasks.notification_deliver"])).status_code == 404
