"""Each role against each portal page of a grant: anonymous users go to the login page,
municipal users of the organisation read (caseworkers prepare, approvers answer), users of other
municipalities and IMDi staff get 404."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from organisations.models import Membership
from tests.factories import finance, member, municipality, officer
from tests.grants.helpers import sent_grant

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 3, 10, 12, 0, tzinfo=dt.UTC)  # letter sent 04.03.2024, deadline 18.03.2024


@pytest.fixture
def grant_and_users():
    org = municipality()
    with time_machine.travel(dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC), tick=False):
        grant, letter = sent_grant(org)
    users = {
        "caseworker": member(org, Membership.Role.CASEWORKER),
        "approver": member(org, Membership.Role.APPROVER),
        "other_approver": member(municipality("0301"), Membership.Role.APPROVER),
        "officer": officer(),
        "finance": finance(),
    }
    return grant, letter, users


PAGES = ["list", "detail", "letter", "acceptance", "decline"]
# Expected GET status per role and page (the list is everyone's own list, so it answers 200).
EXPECTED = {
    "caseworker": {"list": 200, "detail": 200, "letter": 200, "acceptance": 200, "decline": 403},
    "approver": {"list": 200, "detail": 200, "letter": 200, "acceptance": 200, "decline": 200},
    "other_approver": {"list": 200, "detail": 404, "letter": 404, "acceptance": 404, "decline": 404},
    "officer": {"list": 200, "detail": 404, "letter": 404, "acceptance": 404, "decline": 404},
    "finance": {"list": 200, "detail": 404, "letter": 404, "acceptance": 404, "decline": 404},
}


def _url(page, grant, letter):
    if page == "list":
        return reverse("grants:list")
    if page == "letter":
        return reverse("grants:letter", args=[grant.pk, letter.version])
    return reverse(f"grants:{page}", args=[grant.pk])


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("page", PAGES)
@time_machine.travel(NOW, tick=False)
def test_each_role_on_each_page(client, grant_and_users, role, page):
    grant, letter, users = grant_and_users
    client.force_login(users[role])
    response = client.get(_url(page, grant, letter))
    assert response.status_code == EXPECTED[role][page]
    if page == "list":
        listed = grant.case_number in response.content.decode()
        assert listed == (role in ("caseworker", "approver"))
    if page == "letter" and response.status_code == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == letter.pdf.open("rb").read()


@pytest.mark.parametrize("page", PAGES + ["receipt"])
def test_anonymous_users_are_sent_to_login(client, grant_and_users, page):
    grant, letter, _ = grant_and_users
    response = client.get(
        _url(page, grant, letter) if page != "receipt" else reverse("grants:receipt", args=[grant.pk])
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@time_machine.travel(NOW, tick=False)
def test_a_decided_grant_without_a_letter_is_not_shown(client):
    from tests.grants.helpers import development_grant

    grant = development_grant()
    user = member(grant.organisation, Membership.Role.APPROVER)
    client.force_login(user)
    assert client.get(reverse("grants:detail", args=[grant.pk])).status_code == 404
    assert grant.case_number not in client.get(reverse("grants:list")).content.decode()


@time_machine.travel(NOW, tick=False)
def test_grant_page_shows_the_deadline_and_the_actions_by_role(client, grant_and_users):
    grant, _, users = grant_and_users
    client.force_login(users["approver"])
    page = client.get(reverse("grants:detail", args=[grant.pk])).content.decode()
    assert "18.03.2024" in page
    assert reverse("grants:acceptance", args=[grant.pk]) in page
    assert reverse("grants:decline", args=[grant.pk]) in page
    client.force_login(users["caseworker"])
    page = client.get(reverse("grants:detail", args=[grant.pk])).content.decode()
    assert "Forbered akseptbrevet" in page
    assert reverse("grants:decline", args=[grant.pk]) not in page


def test_portal_pages_query_count_does_not_grow_with_grants(client, django_assert_max_num_queries):
    org = municipality()
    user = member(org, Membership.Role.APPROVER)
    client.force_login(user)
    from applications.services.grant import grant_letter_send
    from tests.grants.helpers import development_grant, signer

    actor = signer()
    for _ in range(2):
        grant_letter_send(grant=development_grant(org), actor=actor)
    with django_assert_max_num_queries(12) as first:
        client.get(reverse("grants:list"))
    for _ in range(6):
        grant_letter_send(grant=development_grant(org), actor=actor)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("grants:list"))
