"""The admin's case log a page at a time by key (created_at, id), newest first: every event once
across the pages even when many share a timestamp, the same pages after new events are written,
hostile keys answered with the newest page, and a fixed number of queries per page."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.admin import CaseEventAdmin
from core.admin_case_log import case_event_key_decode, case_event_key_encode
from core.models import CaseEvent
from tests.factories import officer, today
from tests.factories_perf import application_sent_to_imdi, case_events_on_day

pytestmark = pytest.mark.django_db

URL = reverse("admin:core_caseevent_changelist")
PAGE = 3


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(CaseEventAdmin, "list_per_page", PAGE)


def _ids(response) -> list[int]:
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'href="/admin/core/caseevent/(\d+)/change/', response.content.decode())]


def _link(response, rel) -> str | None:
    match = re.search(rf'<a href="([^"]*)" rel="{rel}">', response.content.decode())
    return match[1].replace("&amp;", "&") if match else None


def _newest_first(events) -> list[int]:
    return [e.pk for e in sorted(events, key=lambda e: (e.created_at, e.pk), reverse=True)]


@pytest.fixture
def log():
    """Eight events at one instant (a page boundary falls inside them) and two a day later."""
    application = application_sent_to_imdi()
    CaseEvent.objects.all().delete()  # only the events made here, in a known order
    same = case_events_on_day(application, day=today() - dt.timedelta(days=2), count=8)
    later = case_events_on_day(application, day=today() - dt.timedelta(days=1), count=2)
    return application, same + later


def test_older_and_newer_walk_every_event_once_across_equal_timestamps(client, small_pages, log):
    _application, events = log
    client.force_login(officer())
    pages, url = [], URL
    while url:
        response = client.get(url if url.startswith("/") else URL + url)
        pages.append(_ids(response))
        assert all(len(page) == PAGE for page in pages[:-1])
        url = _link(response, "next")
    assert [pk for page in pages for pk in page] == _newest_first(events)
    assert len(pages) == 4 and pages[-1] and _link(response, "prev")

    back, url = [pages[-1]], _link(response, "prev")
    while url:
        response = client.get(URL + url)
        back.append(_ids(response))
        url = _link(response, "prev")
    assert back[::-1] == pages
    assert _link(response, "next") and not _link(response, "prev")


def test_a_page_stays_the_same_when_events_are_written_meanwhile(client, small_pages, log):
    application, events = log
    client.force_login(officer())
    first = client.get(URL)
    older = _link(first, "next")
    second = client.get(URL + older)
    case_events_on_day(application, day=today(), count=5)
    assert _ids(client.get(URL + older)) == _ids(second) == _newest_first(events)[PAGE : 2 * PAGE]
    assert _ids(client.get(URL))[0] != _ids(first)[0]  # the newest page shows the new events


def test_older_link_keeps_the_filters_and_a_filter_link_starts_at_the_newest(client, small_pages, log):
    application, events = log
    paid = case_events_on_day(application, day=today() - dt.timedelta(days=3), count=4, action="payment_paid")
    client.force_login(officer())
    first = client.get(URL + "?action=payment_paid")
    assert _ids(first) == _newest_first(paid)[:PAGE]
    older = _link(first, "next")
    assert "action=payment_paid" in older
    second = client.get(URL + older)
    assert _ids(second) == _newest_first(paid)[PAGE:]
    assert "eldre=" not in re.search(r'href="([^"]*action=attachment_added[^"]*)"', second.content.decode())[1]
    assert 'name="eldre"' not in second.content.decode()  # not carried into a search


@pytest.mark.parametrize(
    "query",
    [
        "?eldre=abc",
        "?eldre=-1-1",
        "?nyere=999999999999999999-1",
        "?eldre=" + "9" * 40 + "-1",
        "?eldre=1-1&nyere=2-2",
        "?nyere=%00",
        "?eldre=<script>",
    ],
)
def test_hostile_keys_show_a_page_never_an_error(client, small_pages, log, query):
    client.force_login(officer())
    response = client.get(URL + query)
    assert response.status_code == 200
    assert len(_ids(response)) <= PAGE


def test_a_key_older_than_every_event_links_back_to_the_newest(client, small_pages, log):
    client.force_login(officer())
    response = client.get(URL + "?eldre=1-1")
    assert _ids(response) == []
    assert _link(response, "prev") == "?"


def test_key_round_trip_keeps_the_microseconds(log):
    _application, events = log
    event = events[0]
    assert case_event_key_decode(case_event_key_encode(event)) == (event.created_at, event.pk)
    assert case_event_key_decode("12-x") is None


def test_a_page_makes_the_same_queries_with_few_or_many_events(client, log):
    application, _events = log
    client.force_login(officer())
    client.get(URL)  # sessions, content types and permissions cached as in any later request

    def counted(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = counted(URL), counted(URL + "?action=attachment_added")
    case_events_on_day(application, day=today() - dt.timedelta(days=4), count=150)
    older = _link(client.get(URL), "next")
    many = counted(URL), counted(URL + "?action=attachment_added")
    assert many == few
    assert counted(URL + older) == few[0]
    assert few[0] <= 12
