"""Issue 16 item 1: the public page of awarded grants (decided and sent only, no personal data)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications.models import Grant
from opendata.rules import grants_published
from opendata.selectors import AwardFilter, awards_filter, awards_total, case_slug
from tests.factories import GrantFactory, grant_advance, municipality
from tests.opendata.helpers import awards_build

pytestmark = pytest.mark.django_db


def test_only_sent_awards_are_published():
    awards = awards_build()
    assert set(grants_published()) == set(awards.published)


def test_page_lists_published_awards_with_their_columns(client):
    awards = awards_build()
    response = client.get(reverse("opendata:awards"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Språkpraksis i Bergen og Askøy" in html
    assert "Askøy" in html  # the partner
    assert "400\xa0000\xa0kr" in html
    assert "01.03.2024" in html  # the project period's start
    for unpublished in (awards.decided, awards.declined):
        assert unpublished.organisation.name not in html
    total = sum(g.amount for g in awards.published)
    assert response.context["total"] == total


def test_page_shows_no_personal_data(client):
    awards = awards_build()
    application = awards.accepted.application
    pages = [
        client.get(reverse("opendata:awards")),
        client.get(reverse("opendata:award", args=[case_slug(awards.accepted.case_number)])),
    ]
    for response in pages:
        html = response.content.decode()
        assert application.contact_name not in html
        assert application.contact_email not in html
        assert application.created_by.get_full_name() not in html
        assert awards.accepted.acceptance.contact_persons not in html


FILTERS = [
    ({"year": "2024"}, {"accepted", "letter_sent", "county", "reception"}),
    ({"year": "2025"}, set()),
    ({"scheme": "integreringsmottak"}, {"reception"}),
    ({"area": "1"}, {"county"}),
    ({"county": "50"}, {"letter_sent"}),
    ({"q": "askøy"}, {"accepted"}),
    ({"q": "BERGEN"}, {"accepted"}),
    ({"q": "trondheim"}, {"letter_sent"}),
    ({"year": "2024", "county": "46"}, {"accepted", "county"}),
    # A year that is not a number is ignored; an unknown county matches nothing.
    ({"year": "nonsense", "county": "x" * 500}, set()),
]


def test_filters_and_search(client):
    awards = awards_build()
    for params, expected in FILTERS:
        wanted = {getattr(awards, name) for name in expected}
        assert set(awards_filter(AwardFilter.from_params(params))) == wanted, params
        response = client.get(reverse("opendata:awards"), params)
        assert response.status_code == 200
        assert {a.case_number for a in response.context["awards"]} == {g.case_number for g in wanted}, params


def test_award_has_a_stable_public_page_with_every_year(client):
    awards = awards_build()
    grant = awards.accepted
    url = reverse("opendata:award", args=[case_slug(grant.case_number)])
    assert url == f"/tilskudd/{grant.case_number.replace('/', '-')}/"
    response = client.get(url)
    assert response.status_code == 200
    assert [a.year for a in response.context["years"]] == [2024]
    assert "Askøy" in response.content.decode()


def test_unpublished_award_page_is_not_found(client):
    awards = awards_build()
    for grant in (awards.decided, awards.declined):
        assert client.get(reverse("opendata:award", args=[case_slug(grant.case_number)])).status_code == 404
    assert client.get("/tilskudd/99-99999/").status_code == 404


def test_multi_year_award_shows_amount_per_year(client):
    later = GrantFactory(organisation=municipality("4601"), year=2025, amount="200000.00", letter_sent=True)
    first = Grant.objects.get(case_number=later.case_number, year=2024)
    grant_advance(first, "accepted")
    response = client.get(reverse("opendata:award", args=[case_slug(first.case_number)]))
    assert [(a.year, a.amount) for a in response.context["years"]] == [
        (2024, Decimal("500000.00")),
        (2025, Decimal("200000.00")),
    ]
    assert response.context["total"] == Decimal("700000.00")


def test_pagination(client, settings):
    awards = awards_build()
    from opendata import views

    original = views.PAGE_SIZE
    views.PAGE_SIZE = 3
    try:
        first = client.get(reverse("opendata:awards"))
        second = client.get(reverse("opendata:awards"), {"side": 2})
    finally:
        views.PAGE_SIZE = original
    assert len(first.context["awards"]) == 3 and len(second.context["awards"]) == 1
    shown = {a.case_number for a in first.context["awards"]} | {a.case_number for a in second.context["awards"]}
    assert shown == {g.case_number for g in awards.published}
    assert "side=2" in first.content.decode()


def test_page_query_count_is_fixed(client, django_assert_num_queries):
    awards_build()
    client.get(reverse("opendata:awards"))  # warm caches (content types, sessions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("opendata:awards"))
    awards_build_more()
    with django_assert_num_queries(len(small)):
        response = client.get(reverse("opendata:awards"))
    assert len(response.context["awards"]) > 4


def awards_build_more():
    for number in ("4602", "4626", "4631"):
        GrantFactory(organisation=municipality(number), amount="100000.00", letter_sent=True)


def test_totals_equal_the_sum_of_the_rows():
    awards = awards_build()
    assert awards_total(awards_filter()) == sum(g.amount for g in awards.published)
