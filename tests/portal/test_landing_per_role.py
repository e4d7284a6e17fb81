import pytest
from django.urls import reverse

from tests.factories import budget_holder, finance, member, municipality, officer


@pytest.mark.parametrize(
    ("make_user", "landing"),
    [
        (lambda: member(municipality()), "applications:dashboard"),
        # Officers start on the applications assigned to them (the queue, "mine").
        (officer, "admin:applications_application_queue"),
        (budget_holder, "admin:index"),
        (finance, "payments:overview"),
    ],
)
def test_each_role_lands_on_its_own_start_page(db, client, make_user, landing):
    client.force_login(make_user())
    response = client.get(reverse("start"))
    assert response.status_code == 302
    assert response["Location"].split("?")[0] == reverse(landing)


def test_anonymous_start_goes_to_login(db, client):
    response = client.get(reverse("start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
