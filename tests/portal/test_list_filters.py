"""The municipal portal's lists of grants, reports and messages have search and filters (issue
13 item 7): by case number or title, by status and by year; hostile or huge parameters are
ignored with a message (never a 500); each list takes the same number of queries whatever its
length and whatever the filters."""

import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.services import thread_start
from core.calendar import today_oslo
from organisations.models import Membership
from reporting.selectors import State, obligation_state
from tests.factories import development_call, make_grant, member, municipality, with_details

pytestmark = pytest.mark.django_db

HOSTILE = [
    {"q": "x" * 5000},
    {"status": "<script>alert(1)</script>"},
    {"year": "abc"},
    {"year": "9" * 40},
    {"year": "-1"},
    {"status": "'; DROP TABLE applications_grant; --"},
]


@pytest.fixture
def org():
    return with_details(municipality("4601"), seed=91)


@pytest.fixture
def user(org):
    return member(org, Membership.Role.APPROVER)


@pytest.fixture
def grants(org):
    return [
        make_grant(org, status="accepted", call=development_call(2024)),
        make_grant(org, status="letter_sent", call=development_call(2023)),
    ]


def _rows(response, pattern):
    return len(re.findall(pattern, response.content.decode()))


def _warned(response):
    return [str(m) for m in get_messages(response.wsgi_request)] == ["Et ugyldig søk eller filter ble ignorert."]


# --- grants ---------------------------------------------------------------------------------


def test_grants_are_searched_by_case_number_and_filtered_by_status_and_year(client, user, grants):
    client.force_login(user)
    url = reverse("grants:list")
    accepted, sent = grants
    every = client.get(url)
    assert 'role="search"' in every.content.decode()
    assert accepted.case_number in every.content.decode() and sent.case_number in every.content.decode()
    found = client.get(url, {"q": accepted.case_number}).content.decode()
    assert accepted.case_number in found and sent.case_number not in found
    by_status = client.get(url, {"status": "letter_sent"}).content.decode()
    assert sent.case_number in by_status and accepted.case_number not in by_status
    by_year = client.get(url, {"year": "2024"}).content.decode()
    assert accepted.case_number in by_year and sent.case_number not in by_year
    none = client.get(url, {"q": "finnes-ikke"}).content.decode()
    assert "Ingen tilskudd passer med søket." in none
    # The year offered are the list's own; an unknown year is refused, not an empty list.
    assert '<option value="2023">' in by_year and '<option value="2022">' not in by_year


@pytest.mark.parametrize("params", HOSTILE)
def test_hostile_grant_filters_are_ignored_with_a_message(client, user, grants, params):
    client.force_login(user)
    response = client.get(reverse("grants:list"), params)
    assert response.status_code == 200
    assert _warned(response)
    assert all(g.case_number in response.content.decode() for g in grants)  # the whole list
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_grant_list_takes_a_fixed_number_of_queries(client, org, user, grants):
    client.force_login(user)
    url = reverse("grants:list")
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url, {"q": "24", "status": "accepted", "year": "2024"})
    for n in range(3):
        make_grant(org, status="accepted", call=development_call(2024), amount=f"{100000 + n}.00")
    with CaptureQueriesContext(connection) as five:
        assert _rows(client.get(url, {"q": "24", "status": "accepted", "year": "2024"}), r'href="/tilskudd/\d+/"') >= 4
    assert len(five.captured_queries) == len(two.captured_queries)


def test_another_municipalitys_grants_are_not_found_by_search(client, grants):
    stranger = member(municipality("4602"))
    client.force_login(stranger)
    response = client.get(reverse("grants:list"), {"q": grants[0].case_number})
    assert grants[0].case_number not in response.content.decode()


@pytest.mark.parametrize("name", ["grants:list", "reporting:list", "casework:list"])
def test_a_null_byte_in_the_search_is_no_server_error(client, user, grants, name):
    client.force_login(user)
    assert client.get(reverse(name), {"q": "bad\x00byte"}).status_code == 200


# --- reports --------------------------------------------------------------------------------


def test_reports_are_searched_and_filtered_by_state_and_year(client, user, grants):
    client.force_login(user)
    url = reverse("reporting:list")
    accepted = grants[0]
    every = client.get(url).content.decode()
    assert accepted.case_number in every and 'role="search"' in every
    assert accepted.case_number in client.get(url, {"q": accepted.case_number}).content.decode()
    assert "Ingen rapporter passer med søket." in client.get(url, {"q": "finnes-ikke"}).content.decode()
    assert accepted.case_number in client.get(url, {"year": "2024"}).content.decode()
    states = {obligation_state(o, today=today_oslo()) for o in accepted.report_obligations.all()}
    for state in states:
        assert accepted.case_number in client.get(url, {"status": state}).content.decode()
    absent = next(s for s, _label in State.CHOICES if s not in states)
    assert "Ingen rapporter passer med søket." in client.get(url, {"status": absent}).content.decode()


@pytest.mark.parametrize("params", HOSTILE)
def test_hostile_report_filters_are_ignored_with_a_message(client, user, grants, params):
    client.force_login(user)
    response = client.get(reverse("reporting:list"), params)
    assert response.status_code == 200 and _warned(response)
    assert grants[0].case_number in response.content.decode()


def test_the_report_list_takes_a_fixed_number_of_queries(client, org, user, grants):
    client.force_login(user)
    url = reverse("reporting:list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url, {"q": "2", "year": "2024"})
    for n in range(3):
        make_grant(org, status="accepted", call=development_call(2024), amount=f"{200000 + n}.00")
    with CaptureQueriesContext(connection) as four:
        client.get(url, {"q": "2", "year": "2024"})
    assert len(four.captured_queries) == len(one.captured_queries)


# --- messages -------------------------------------------------------------------------------


@pytest.fixture
def threads(user, grants):
    return [
        thread_start(actor=user, case=grants[0], subject="Spørsmål om rapporten", body="Hei."),
        thread_start(actor=user, case=grants[1], subject="Fristen for aksept", body="Hei."),
    ]


def test_threads_are_searched_by_subject_and_case_number_and_filtered(client, user, threads):
    client.force_login(user)
    url = reverse("casework:list")
    every = client.get(url).content.decode()
    assert "Spørsmål om rapporten" in every and "Fristen for aksept" in every and 'role="search"' in every
    by_subject = client.get(url, {"q": "fristen"}).content.decode()
    assert "Fristen for aksept" in by_subject and "Spørsmål om rapporten" not in by_subject
    by_case = client.get(url, {"q": threads[0].case_number}).content.decode()
    assert "Spørsmål om rapporten" in by_case and "Fristen for aksept" not in by_case
    # The user wrote both: nothing unread for them.
    assert "Ingen meldinger passer med søket." in client.get(url, {"status": "unread"}).content.decode()
    assert "Fristen for aksept" in client.get(url, {"status": "read"}).content.decode()
    threads[0].refresh_from_db()
    year = threads[0].last_message_at.year
    assert "Fristen for aksept" in client.get(url, {"year": str(year)}).content.decode()


def test_a_colleague_filters_on_unread(client, org, threads):
    colleague = member(org, Membership.Role.CASEWORKER)
    client.force_login(colleague)
    unread = client.get(reverse("casework:list"), {"status": "unread"}).content.decode()
    assert "Spørsmål om rapporten" in unread and "Fristen for aksept" in unread


@pytest.mark.parametrize("params", HOSTILE)
def test_hostile_thread_filters_are_ignored_with_a_message(client, user, threads, params):
    client.force_login(user)
    response = client.get(reverse("casework:list"), params)
    assert response.status_code == 200 and _warned(response)
    assert "Fristen for aksept" in response.content.decode()


def test_the_thread_list_takes_a_fixed_number_of_queries(client, user, grants, threads):
    client.force_login(user)
    url = reverse("casework:list")
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url, {"q": "e", "status": "read"})
    for n in range(3):
        thread_start(actor=user, case=grants[0], subject=f"Emne nummer {n}", body="Hei.")
    with CaptureQueriesContext(connection) as five:
        assert _rows(client.get(url, {"q": "e", "status": "read"}), r'href="/meldinger/\d+/"') >= 5
    assert len(five.captured_queries) == len(two.captured_queries)
