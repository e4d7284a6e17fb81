"""A non-numeric id in an admin URL is a 404 (or the admin's own redirect), never a 500."""

import pytest

from tests.factories import officer

URLS = [
    "/admin/applications/grant/x/change/",
    "/admin/applications/grant/x/history/",
    "/admin/schemes/call/x/history/",
    "/admin/organisations/organisation/x/history/",
    "/admin/applications/application/x/change/",
    "/admin/applications/decision/x/change/",
]


@pytest.mark.parametrize("url", URLS)
def test_non_numeric_admin_ids_never_crash(db, client, url):
    client.raise_request_exception = False
    client.force_login(officer())
    response = client.get(url)
    assert response.status_code in (302, 404), response.status_code
