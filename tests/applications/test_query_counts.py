"""The dashboard and the admin list use a fixed number of queries, whatever the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application
from tests.factories import development_call, member, municipality, officer

pytestmark = pytest.mark.django_db

STATUSES = [s for s, _label in Application.Status.choices]


def bulk_applications(n, org, user, *, start=0):
    call = development_call()
    areas = list(call.areas.all())
    Application.objects.bulk_create(
        [
            Application(
                call=call,
                area=areas[i % len(areas)],
                organisation=org,
                created_by=user,
                status=STATUSES[i % len(STATUSES)],
                case_number=f"24/{start + i:05d}"
                if STATUSES[i % len(STATUSES)] not in ("draft", "awaiting_approval")
                else None,
                title=f"Prosjekt {start + i}",
            )
            for i in range(n)
        ]
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_dashboard_queries_do_not_grow_with_applications(client, django_assert_num_queries):
    org = municipality()
    user = member(org)
    partner_source = municipality("0301")
    client.force_login(user)
    url = reverse("applications:dashboard")
    bulk_applications(10, org, user)
    baseline, response = count_queries(client, url)
    assert len(response.context["applications"]) == 10
    bulk_applications(990, org, user, start=10)
    extra = Application.objects.create(call=development_call(), organisation=partner_source, created_by=user)
    extra.partners.add(org)
    with django_assert_num_queries(baseline):
        response = client.get(url)
    assert len(response.context["applications"]) == 1001
    assert response.content.decode().count("samarbeidspartner") >= 1


def test_admin_list_queries_do_not_grow_with_applications(client, django_assert_num_queries):
    org = municipality()
    user = member(org)
    client.force_login(officer())
    url = reverse("admin:applications_application_changelist")
    bulk_applications(10, org, user)
    baseline, _response = count_queries(client, url)
    bulk_applications(990, org, user, start=10)
    with django_assert_num_queries(baseline):
        client.get(url)
