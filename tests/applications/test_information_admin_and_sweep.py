"""The officer's side of a request for more information (the admin page: ask, read what
changed) and the daily reminder sweep: one reminder per recipient before the reply deadline,
however often the sweep runs."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from applications.models import Application, InformationRequest
from applications.services import information
from core.models import CaseEvent, Notification, SweepRun
from tests.applications.information_helpers import answer, ask, reload, resubmit, world

pytestmark = pytest.mark.django_db
K = Notification.Kind


@pytest.fixture
def w():
    return world()


def _url(w, side="a"):
    return reverse("admin:applications_application_information", args=[w[side].application.pk])


def test_officer_asks_in_the_admin_and_sees_the_change(w, client, django_capture_on_commit_callbacks):
    client.force_login(w["officer"])
    change = client.get(reverse("admin:applications_application_change", args=[w["a"].application.pk]))
    assert _url(w) in change.content.decode()
    assert client.get(_url(w)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(w), {"sections": ["prosjekt"], "question": "Hvem er prosjektleder?", "reply_by": "2024-02-20"}
        )
    assert response.status_code == 302
    assert reload(w).status == Application.Status.INFO_REQUESTED
    assert Notification.objects.filter(kind=K.INFO_REQUESTED).count() == 2
    # A second request is not offered while one is open.
    assert b'name="question"' not in client.get(_url(w)).content

    application = reload(w)
    application.title = "Endret av kommunen"
    application.save(update_fields=["title"])
    answer(w)
    resubmit(w)
    page = client.get(_url(w)).content.decode()
    assert "Endret av kommunen" in page and "<ins>Endret av kommunen</ins>" in page
    assert "(endret)" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"question": "Hva?", "reply_by": "2024-02-20"}, "Velg hvilke deler"),
        ({"sections": ["slett-alt"], "question": "Hva?", "reply_by": "2024-02-20"}, "Ukjent del"),
        ({"sections": ["prosjekt"], "question": "", "reply_by": "2024-02-20"}, "Skriv hva IMDi ber om"),
        ({"sections": ["prosjekt"], "question": "x" * 5000, "reply_by": "2024-02-20"}, "4000"),
        ({"sections": ["prosjekt"], "question": "Hva?", "reply_by": "2024-01-01"}, "etter i dag"),
        ({"sections": ["prosjekt"], "question": "Hva?", "reply_by": "-5"}, "gyldig dato"),
        ({"sections": ["prosjekt"], "question": "Hva?", "reply_by": "9999-12-31"}, "Datoen må ligge mellom"),
        ({"sections": ["prosjekt"], "question": "Hva?"}, "Skriv en svarfrist"),
    ],
)
def test_bad_input_in_the_admin_is_shown_next_to_the_field(w, client, data, message):
    client.force_login(w["officer"])
    response = client.post(_url(w), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'class="errorlist"' in response.content.decode()
    assert not InformationRequest.objects.exists()
    assert reload(w).status == Application.Status.SUBMITTED


@pytest.mark.parametrize("role", ["budget_holder", "finance"])
def test_other_imdi_roles_read_but_cannot_ask(w, client, role):
    client.force_login(w[role])
    response = client.get(_url(w))
    if response.status_code == 200:
        assert b'name="question"' not in response.content
    else:
        assert response.status_code == 403
    response = client.post(_url(w), {"sections": ["prosjekt"], "question": "Hva?", "reply_by": "2024-02-20"})
    assert response.status_code == 403
    assert not InformationRequest.objects.exists()


def test_municipal_users_never_reach_the_admin_page(w, client):
    for user in (w["a"].caseworker, w["a"].approver, w["b"].approver):
        client.force_login(user)
        response = client.get(_url(w))
        assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def _sweep_on(day):
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 6, 5, tzinfo=dt.UTC), tick=False):
        return information.information_reminders_sweep_run()


def test_one_reminder_before_the_deadline_even_when_the_sweep_runs_twice(w, mailoutbox):
    ask(w)  # reply by 20.02.2024
    ask(w, side="b", reply_by=dt.date(2024, 3, 15))
    assert _sweep_on(dt.date(2024, 2, 16))["reminders_sent"] == 0  # too early
    assert _sweep_on(dt.date(2024, 2, 17))["reminders_sent"] == 1
    assert _sweep_on(dt.date(2024, 2, 17))["reminders_sent"] == 0
    assert _sweep_on(dt.date(2024, 2, 19))["reminders_sent"] == 0
    reminders = Notification.objects.filter(kind=K.INFO_REMINDER)
    assert {n.user for n in reminders} == {w["a"].caseworker, w["a"].approver}
    assert reminders.count() == 2
    assert CaseEvent.objects.filter(action="information_reminder_sent").count() == 1
    assert SweepRun.objects.filter(name=information.INFORMATION_SWEEP).count() == 4


def test_no_reminder_once_answered_or_after_the_deadline(w):
    ask(w)
    answer(w)
    ask(w, side="b", reply_by=dt.date(2024, 2, 12))
    assert _sweep_on(dt.date(2024, 2, 13))["reminders_sent"] == 0  # b: the deadline has passed
    assert _sweep_on(dt.date(2024, 2, 18))["reminders_sent"] == 0  # a: answered
    assert not Notification.objects.filter(kind=K.INFO_REMINDER).exists()


def test_the_sweep_is_scheduled_and_the_task_registered():
    from core.schedule import sweep_by_task
    from imdi_portal.celery import app

    assert sweep_by_task("applications.tasks.information_reminders_sweep") is not None
    assert "applications.tasks.information_reminders_sweep" in app.tasks
