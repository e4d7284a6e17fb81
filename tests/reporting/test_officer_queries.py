"""Officer lists use a fixed number of queries however many obligations there are."""

import datetime as dt

import pytest
from django.urls import reverse

from applications.models import Grant
from organisations.models import Organisation
from reporting.models import ReportObligation
from tests.factories import development_call, officer, reception_call

pytestmark = pytest.mark.django_db


def bulk_obligations(n, *, first_year=2024):
    """n obligations spread over grants of both calls, in every state."""
    orgs = list(Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("number")[:50])
    calls = [development_call(), reception_call()]
    grants = Grant.objects.bulk_create(
        [
            Grant(
                call=calls[(i // len(orgs)) % 2],
                organisation=orgs[i % len(orgs)],
                case_number=f"{first_year % 100}/9{i:04d}",
                year=first_year + i // (2 * len(orgs)),
                amount="100000.00",
                status="accepted",
            )
            for i in range(max(1, n // 3))
        ]
    )
    statuses = ["open", "open", "submitted", "approved", "returned"]
    start = dt.date(2024, 1, 1)
    rows = []
    for i in range(n):
        grant = grants[i % len(grants)]
        period_end = start + dt.timedelta(days=i // len(grants))
        rows.append(
            ReportObligation(
                grant=grant,
                kind="status",
                period_start=start,
                period_end=period_end,
                due_date=period_end + dt.timedelta(days=30 * (i % 12)),
                status=statuses[i % len(statuses)],
            )
        )
    ReportObligation.objects.bulk_create(rows, batch_size=1000)


def count_queries(client, url, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


URLS = [
    lambda: reverse("admin:reporting_reportobligation_changelist"),
    lambda: reverse("admin:reporting_reportobligation_changelist") + "?state=overdue",
    lambda: reverse("admin:reporting_reportobligation_changelist") + "?state=open&call=" + str(development_call().pk),
    lambda: reverse("admin:reporting_reportobligation_dashboard"),
]


@pytest.mark.parametrize("url", URLS)
def test_fixed_query_count_with_10_and_5000_obligations(client, url, django_assert_num_queries):
    client.force_login(officer())
    bulk_obligations(10)
    target = url()
    client.get(target)  # warm caches (content types, session)
    small = count_queries(client, target, django_assert_num_queries)
    bulk_obligations(4990, first_year=2100)
    assert ReportObligation.objects.count() == 5000
    with django_assert_num_queries(small):
        response = client.get(target)
    assert response.status_code == 200


def test_dashboard_counts_add_up(client):
    client.force_login(officer())
    bulk_obligations(5000)
    response = client.get(reverse("admin:reporting_reportobligation_dashboard"))
    rows = response.context["rows"]
    assert sum(r["total"] for r in rows) == 5000
    assert sum(r["counts"]["submitted"] for r in rows) == 1000
    assert sum(r["counts"]["approved"] for r in rows) == 1000
    assert sum(r["counts"]["returned"] for r in rows) == 1000
    body = response.content.decode()
    assert "<svg" in body and "<rect" in body
    assert "style=" not in body.split("<svg", 1)[1].split("</svg>")[0]
