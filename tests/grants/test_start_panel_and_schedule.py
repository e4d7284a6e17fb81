"""The municipal start page lists letters awaiting acceptance with their deadlines; the acceptance
sweep is in the beat schedule that load_reference_data seeds."""

import datetime as dt

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory

from organisations.models import Membership
from tests.factories import grant_accepted_by_approver, member, municipality
from tests.grants.helpers import sent_grant

pytestmark = pytest.mark.django_db


def _panel(user):
    request = RequestFactory().get("/start/")
    request.user = user
    return Template("{% load grants_panels %}{% grants_start_panel %}").render(Context({"request": request}))


def test_start_panel_lists_letters_awaiting_acceptance_with_deadlines():
    org = municipality()
    with time_machine.travel(dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC), tick=False):
        waiting, _ = sent_grant(org)
        answered, _ = sent_grant(org)
        other, _ = sent_grant(municipality("0301"))
        grant_accepted_by_approver(answered)
    user = member(org, Membership.Role.CASEWORKER)
    with time_machine.travel(dt.datetime(2024, 3, 10, 9, 0, tzinfo=dt.UTC), tick=False):
        html = _panel(user)
    assert waiting.case_number in html
    assert "aksepter innen 18.03.2024" in html
    assert answered.case_number not in html
    assert other.case_number not in html
    with time_machine.travel(dt.datetime(2024, 3, 19, 9, 0, tzinfo=dt.UTC), tick=False):
        assert "fristen gikk ut 18.03.2024" in _panel(user)


def test_start_panel_is_empty_for_users_without_grants():
    user = member(municipality("5001"), Membership.Role.APPROVER)
    assert _panel(user).strip() == ""


def test_acceptance_sweep_is_seeded_in_the_beat_schedule():
    from django_celery_beat.models import PeriodicTask

    from core.schedule import periodic_tasks_ensure
    from imdi_portal.celery import app

    periodic_tasks_ensure()
    periodic_tasks_ensure()  # idempotent
    task = PeriodicTask.objects.get(task="applications.tasks.acceptance_sweep")
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("6", "0", "Europe/Oslo")
    assert PeriodicTask.objects.filter(task="applications.tasks.acceptance_sweep").count() == 1
    app.loader.import_default_modules()
    assert "applications.tasks.acceptance_sweep" in app.tasks
