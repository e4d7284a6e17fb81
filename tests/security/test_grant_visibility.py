"""A grant becomes visible to the municipality with its letter. Before that (decided, not yet
signed and sent; a reception-centre grant may still be recomputed) no portal page shows it."""

import pytest
from django.urls import reverse

from tests.factories import make_grant, member, municipality

pytestmark = pytest.mark.django_db


def test_payment_page_hides_grant_until_letter_is_sent(client):
    grant = make_grant(municipality(), status="decided")
    client.force_login(member(grant.organisation))
    assert client.get(reverse("grants:detail", args=[grant.pk])).status_code == 404
    assert client.get(reverse("payments:grant", args=[grant.pk])).status_code == 404


def test_payment_page_shows_grant_once_letter_is_sent(client):
    grant = make_grant(municipality(), status="letter_sent")
    client.force_login(member(grant.organisation))
    assert client.get(reverse("payments:grant", args=[grant.pk])).status_code == 200
