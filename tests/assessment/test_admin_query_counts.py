"""The admin lists of applications, assessments and decisions use a fixed number of queries,
with a handful of applications and with 5 000."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Application, Assessment, BudgetYear, Decision
from tests.factories import budget_holder, development_call, member, municipality, officer

pytestmark = pytest.mark.django_db

LISTS = ["/admin/applications/application/", "/admin/applications/assessment/", "/admin/applications/decision/"]


def _bulk(n, *, start, org, creator, assessor, call):
    areas = list(call.areas.filter(separate_circular=""))
    apps = Application.objects.bulk_create(
        [
            Application(
                call=call,
                area=areas[i % len(areas)],
                organisation=org,
                created_by=creator,
                status=Application.Status.IN_ASSESSMENT,
                case_number=f"24/{start + i:05d}",
                title=f"Prosjekt {start + i}",
                submitted_at=timezone.now(),
            )
            for i in range(n)
        ]
    )
    BudgetYear.objects.bulk_create(
        [BudgetYear(application=a, year_index=1, year=call.year, amount_applied="500000.00") for a in apps]
    )
    Assessment.objects.bulk_create(
        [Assessment(application=a, officer=assessor, score_purpose=4, score_delivery=5, score_transfer=3) for a in apps]
    )
    Decision.objects.bulk_create(
        [Decision(application=a, outcome="award", amount="100000.00", proposed_by=assessor) for a in apps]
    )


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("make_user", [officer, budget_holder])
def test_changelists_use_a_fixed_number_of_queries(client, django_assert_num_queries, url, make_user):
    org = municipality()
    creator = member(org)
    assessor = officer()
    call = development_call()
    _bulk(5, start=20000, org=org, creator=creator, assessor=assessor, call=call)
    client.force_login(make_user())
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    _bulk(5000, start=30000, org=org, creator=creator, assessor=assessor, call=call)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    # A full page of the 5 005 rows, whatever the admin's page size (50 since the bench work).
    cl = response.context["cl"]
    assert len(cl.result_list) == cl.list_per_page == 50
