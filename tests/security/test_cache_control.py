"""`Cache-Control: private, no-store` on every signed-in page and download, and the admin
(issue 10, item 9): neither a shared proxy nor the browser's disk cache keeps a municipality's
case, a letter or a finance export. Public pages for anonymous visitors stay cacheable."""

import pytest
from django.urls import reverse

from tests.applications import files
from tests.factories import finance, make_application, municipality, officer

pytestmark = pytest.mark.django_db


def _private(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives and "public" not in directives


def test_public_pages_for_anonymous_visitors_stay_cacheable(client):
    for url in (reverse("home"), reverse("schemes:call_list")):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", "")


def test_signed_in_pages_are_private(client):
    draft = make_application(municipality())
    client.force_login(draft.created_by)
    for url in (reverse("start"), reverse("home"), reverse("applications:section", args=[draft.pk, "vedlegg"])):
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert _private(response), url


def test_attachment_download_is_private(client):
    draft = make_application(municipality())
    client.force_login(draft.created_by)
    client.post(
        reverse("applications:section", args=[draft.pk, "vedlegg"]),
        {"file": files.upload("plan.pdf", files.PDF_BYTES)},
    )
    attachment = draft.attachments.get()
    response = client.get(reverse("applications:attachment", args=[draft.pk, attachment.pk]))
    assert response.status_code == 200
    assert _private(response)


def test_admin_is_private_also_before_login(client):
    assert _private(client.get(reverse("admin:login")))
    client.force_login(officer())
    assert _private(client.get(reverse("admin:index")))


def test_finance_pages_are_private(client):
    client.force_login(finance())
    response = client.get(reverse("payments:batches"))
    assert response.status_code == 200
    assert _private(response)


def test_a_download_is_private_even_without_a_session(rf):
    # The middleware decides by the response too: a file sent to no one in particular.
    from django.http import HttpResponse

    from core.middleware import PrivateCacheMiddleware

    def view(request):
        response = HttpResponse(b"x", content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="x.csv"'
        return response

    assert _private(PrivateCacheMiddleware(view)(rf.get("/x")))
