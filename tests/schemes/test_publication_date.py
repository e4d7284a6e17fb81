"""A call is public and open only from its publication date (issue 10, item 9): before it, the
public list and the front page do not show it, its page is a 404, and no one can start an
application for it (the view nor the service)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from applications.models import Application
from applications.selectors.application import calls_open_for_applications, dashboard_for
from applications.services.application import ApplicationError, application_create
from schemes.models import Call
from schemes.selectors import call_is_open, calls_public
from tests.factories import development_call, member, municipality

pytestmark = pytest.mark.django_db

OSLO = dt.timezone(dt.timedelta(hours=1))
BEFORE = dt.datetime(2023, 12, 31, 23, 30, tzinfo=OSLO)  # the 2024 call is published 01.01.2024
AFTER = dt.datetime(2024, 1, 1, 0, 30, tzinfo=OSLO)


@pytest.fixture
def call():
    call = development_call(2024)
    assert call.published_on == dt.date(2024, 1, 1)
    return call


def test_before_publication_the_call_is_neither_listed_nor_open(client, call):
    with time_machine.travel(BEFORE, tick=False):
        assert call not in calls_public()
        assert not call_is_open(call)
        assert call.title not in client.get(reverse("schemes:call_list")).content.decode()
        assert call.title not in client.get(reverse("home")).content.decode()
        assert client.get(reverse("schemes:call_detail", args=[call.pk])).status_code == 404
        assert call not in calls_open_for_applications()


def test_from_the_publication_day_the_call_is_public_and_open(client, call):
    with time_machine.travel(AFTER, tick=False):
        assert call in calls_public()
        assert call_is_open(call)
        assert call.title in client.get(reverse("schemes:call_list")).content.decode()
        assert client.get(reverse("schemes:call_detail", args=[call.pk])).status_code == 200
        assert call in calls_open_for_applications()


def test_no_application_before_publication(client, call):
    org = municipality()
    user = member(org)
    client.force_login(user)
    url = reverse("applications:create", args=[org.pk, call.pk])
    with time_machine.travel(BEFORE, tick=False):
        assert not [c for c in dashboard_for(user)["open_calls"] if c["call"] == call]
        assert client.post(url).status_code == 404
        with pytest.raises(ApplicationError):
            application_create(user=user, organisation=org, call=call)
    assert not Application.objects.exists()
    with time_machine.travel(AFTER, tick=False):
        client.force_login(user)  # an hour later: the idle session from before has ended
        assert client.post(url).status_code == 302
    assert Application.objects.filter(call=call).count() == 1


def test_a_call_without_a_publication_date_is_public(call):
    Call.objects.filter(pk=call.pk).update(published_on=None)
    call.refresh_from_db()
    with time_machine.travel(BEFORE, tick=False):
        assert call in calls_public()
        assert call_is_open(call)
