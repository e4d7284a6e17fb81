"""Query budgets at volume: each key page makes as many queries with three generated years
(lists past their first page) as with a handful of cases (issue 17: counts at ten years equal
those at demo volume)."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from applications.models import Application
from organisations.models import Membership

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)
IMDI_PAGES = [
    ("volum-radgiver1", "/admin/applications/application/"),
    ("volum-radgiver1", "/admin/applications/application/?status__exact=awarded"),
    ("volum-radgiver1", "/admin/applications/application/ko/"),
    ("volum-radgiver1", "/admin/applications/assessment/"),
    ("volum-radgiver1", "/admin/applications/assessment/rangering/"),
    ("volum-radgiver1", "/admin/applications/decision/"),
    ("volum-radgiver1", "/admin/applications/grant/"),
    ("volum-radgiver1", "/admin/payments/payment/"),
    ("volum-radgiver1", "/admin/payments/payment/?status__exact=paid"),
    ("volum-radgiver1", "/admin/reporting/reportobligation/"),
    ("volum-radgiver1", "/admin/core/caseevent/"),
    ("volum-radgiver1", "/admin/core/caseevent/?action=payment_paid"),
    ("volum-budsjett1", "/vedtak/"),
    ("volum-okonomi1", "/utbetalinger/"),
    ("volum-okonomi1", "/utbetalinger/forfall/"),
    ("volum-okonomi1", "/utbetalinger/bunter/"),
    (None, "/tilskudd/tildelte/"),
    (None, "/api/awards?limit=50"),
]


def _caseworker_pages():
    busiest = (
        Membership.objects.filter(user__username__startswith="volum-", role="caseworker")
        .annotate(n=Count("organisation__applications"))
        .order_by("-n", "pk")
        .first()
    )
    application = Application.objects.filter(organisation=busiest.organisation).order_by("pk").first()
    return busiest.user, [(busiest.user, "/soknader/"), (busiest.user, f"/soknader/{application.pk}/")]


def _counts(client, pages) -> dict:
    from core.models import User

    counts = {}
    for user, path in pages:
        if isinstance(user, str):
            user = User.objects.get(username=user)
        client.logout()
        if user is not None:
            client.force_login(user)
        client.get(path)  # warm: per-process caches (content types, permissions) filled once
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[path] = len(queries)
    return counts


def test_key_pages_make_the_same_queries_at_volume(client):
    from demo.volume import volume_generate

    volume_generate(years=1, seed=5, per_year=8, organisations=20, password="pw", today=TODAY)
    caseworker, caseworker_pages = _caseworker_pages()
    small = _counts(client, IMDI_PAGES + caseworker_pages)
    # Three years, more than a page (100 rows) in every admin list; the same caseworker's
    # organisation gains applications too (same seed order of organisations).
    volume_generate(years=3, seed=6, per_year=60, organisations=20, password="pw", today=TODAY)
    assert Application.objects.count() > 150
    large = _counts(client, IMDI_PAGES + caseworker_pages)
    assert large == small
