"""Issue 16 item 3: the public read-only API — content, filters, pagination, caching headers
and the per-address rate limit."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from opendata.selectors import case_slug
from tests.factories import development_call
from tests.opendata.helpers import awards_build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()


@pytest.fixture
def awards():
    return awards_build()


def test_awards_are_the_published_ones_with_the_total(client, awards):
    body = client.get("/api/awards").json()
    assert body["count"] == 4
    assert {item["case_number"] for item in body["items"]} == {g.case_number for g in awards.published}
    assert Decimal(body["total_amount"]) == sum(g.amount for g in awards.published)
    bergen = next(item for item in body["items"] if item["case_number"] == awards.accepted.case_number)
    assert bergen["partners"] == ["Askøy kommune"]
    assert bergen["url"] == f"/tilskudd/{case_slug(awards.accepted.case_number)}/"
    assert bergen["recipient_org_number"] == awards.accepted.organisation.org_number
    text = client.get("/api/awards").content.decode()
    assert awards.accepted.application.contact_name not in text
    assert awards.accepted.application.contact_email not in text


def test_award_filters_and_pagination(client, awards):
    assert client.get("/api/awards", {"county": "46"}).json()["count"] == 2
    assert client.get("/api/awards", {"scheme": "integreringsmottak"}).json()["count"] == 1
    assert client.get("/api/awards", {"area": 1}).json()["count"] == 1
    assert client.get("/api/awards", {"year": 2025}).json()["count"] == 0
    assert client.get("/api/awards", {"q": "askøy"}).json()["count"] == 1
    first = client.get("/api/awards", {"limit": 3}).json()
    rest = client.get("/api/awards", {"limit": 3, "offset": 3}).json()
    assert (len(first["items"]), len(rest["items"]), first["count"]) == (3, 1, 4)
    assert client.get("/api/awards", {"limit": 0}).status_code == 422
    assert client.get("/api/awards", {"county": "Vestland"}).status_code == 422


def test_award_detail(client, awards):
    response = client.get(f"/api/awards/{case_slug(awards.accepted.case_number)}")
    assert response.status_code == 200
    assert [item["year"] for item in response.json()] == [2024]
    assert client.get(f"/api/awards/{case_slug(awards.decided.case_number)}").status_code == 404


def test_calls_list_open_calls(client):
    call = development_call()
    body = client.get("/api/calls", {"year": 2024, "scheme": "utvikling"}).json()
    assert [item["id"] for item in body["items"]] == [call.pk]
    assert body["items"][0]["url"] == f"/utlysninger/{call.pk}/"
    open_ids = {item["id"] for item in client.get("/api/calls", {"open": "true"}).json()["items"]}
    closed_ids = {item["id"] for item in client.get("/api/calls", {"open": "false"}).json()["items"]}
    assert not open_ids & closed_ids
    assert client.get(f"/api/calls/{call.pk}").json()["title"] == call.title
    assert client.get("/api/calls/999999").status_code == 404


def test_caching_headers_and_etag(client, awards):
    response = client.get("/api/awards")
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get("/api/awards", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert client.get("/api/awards", {"county": "46"}, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_signed_in_users_get_private_responses(client, awards):
    from tests.factories import officer

    client.force_login(officer())
    assert "private" in client.get("/api/awards")["Cache-Control"]


def test_rate_limit_per_address(client, settings):
    settings.OPENDATA_API_RATE = (3, 60)
    statuses = [client.get("/api/calls").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/calls")
    assert 1 <= int(limited["Retry-After"]) <= 61
    assert "For mange" in limited.json()["detail"]
    # Another address has its own allowance.
    assert client.get("/api/calls", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_openapi_document_is_published(client):
    document = client.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert {"/api/calls", "/api/calls/{call_id}", "/api/awards", "/api/awards/{case}"} <= set(document["paths"])
    # No docs page (its assets would come from a CDN).
    assert client.get("/api/docs").status_code == 404
