"""One structured line per request (with the case number when the URL points into a case) and
per Celery task; the JSON formatter; the optional error-tracking hook."""

import json
import logging

import pytest
from celery import shared_task
from django.urls import reverse

from core.logging import JsonFormatter, error_tracking_init
from tests.factories import make_application, member, municipality, with_details

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_log(caplog):
    caplog.set_level(logging.INFO, logger="portal.request")
    return caplog


def lines(caplog, logger):
    return [record for record in caplog.records if record.name == logger]


def test_one_line_per_request_with_user_and_case_number(client, request_log):
    org = with_details(municipality(), seed=3)
    user = member(org)
    application = make_application(org, created_by=user, status="submitted")
    assert application.case_number
    client.force_login(user)
    request_log.clear()
    response = client.get(reverse("applications:detail", args=[application.pk]) + "?q=hemmelig")
    assert response.status_code == 200
    (record,) = lines(request_log, "portal.request")
    assert record.method == "GET"
    assert record.path == f"/soknader/{application.pk}/"  # no query string
    assert record.status == 200
    assert record.duration_ms > 0
    assert record.user_id == user.pk
    assert record.view == "applications:detail"
    assert record.case_number == application.case_number


def test_anonymous_page_without_a_case(client, request_log):
    client.get(reverse("home"))
    (record,) = lines(request_log, "portal.request")
    assert record.user_id is None and record.case_number == "" and record.view == "home"


def test_a_case_the_user_may_not_see_is_not_named(client, request_log):
    org = with_details(municipality(), seed=3)
    application = make_application(org, created_by=member(org), status="submitted")
    stranger = member(with_details(municipality("0301"), seed=4))
    client.force_login(stranger)
    request_log.clear()
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 404
    (record,) = lines(request_log, "portal.request")
    assert record.status == 404 and record.case_number == ""


def test_off_below_info_adds_no_query(client, django_assert_num_queries, caplog):
    caplog.set_level(logging.WARNING, logger="portal.request")
    with django_assert_num_queries(0):
        client.get(reverse("privacy"))
    assert not lines(caplog, "portal.request")


def test_json_formatter_writes_one_object_per_line_with_the_extra_fields():
    record = logging.makeLogRecord(
        {"name": "portal.request", "levelno": logging.INFO, "levelname": "INFO", "msg": "GET %s", "args": ("/",)}
        | {"status": 200, "case_number": "24/00012"}  # the `extra` fields
    )
    out = JsonFormatter().format(record)
    assert "\n" not in out
    entry = json.loads(out)
    assert entry["message"] == "GET /" and entry["level"] == "INFO" and entry["logger"] == "portal.request"
    assert entry["status"] == 200 and entry["case_number"] == "24/00012"
    assert entry["time"].endswith("+00:00")


def test_json_formatter_keeps_the_traceback():
    try:
        raise ValueError("å feile")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: å feile" in entry["exc"]


@shared_task(name="tests.ops.sample_task")
def sample_task(fail=False):
    if fail:
        raise RuntimeError("boom")
    return "done"


def test_one_line_per_task_with_name_id_duration_and_outcome(caplog, settings):
    caplog.set_level(logging.INFO, logger="portal.task")
    result = sample_task.delay()
    (record,) = lines(caplog, "portal.task")
    assert record.task == "tests.ops.sample_task"
    assert record.task_id == result.id
    assert record.outcome == "SUCCESS"
    assert record.duration_ms >= 0


def test_a_failed_task_is_logged_as_failure(caplog, settings):
    settings.CELERY_TASK_EAGER_PROPAGATES = False
    caplog.set_level(logging.INFO, logger="portal.task")
    sample_task.apply(kwargs={"fail": True})
    (record,) = lines(caplog, "portal.task")
    assert record.outcome == "FAILURE" and record.levelno == logging.ERROR


def test_error_tracking_is_off_without_a_dsn_or_without_the_package(monkeypatch, caplog):
    assert error_tracking_init("") is False
    import builtins

    real_import = builtins.__import__

    def no_sentry(name, *args, **kwargs):
        if name.startswith("sentry_sdk"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_sentry)
    assert error_tracking_init("https://key@errors.example.no/1") is False
    assert "sentry-sdk is not installed" in caplog.text


def test_an_anonymous_request_for_a_case_names_no_case(client, request_log):
    org = with_details(municipality(), seed=3)
    application = make_application(org, created_by=member(org), status="submitted")
    request_log.clear()
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 302  # to login
    (record,) = lines(request_log, "portal.request")
    assert record.case_number == "" and record.user_id is None
