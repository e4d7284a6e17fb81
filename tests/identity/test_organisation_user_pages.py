"""The organisation-user pages: join, and the admin's users page, scoped by the rules."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from organisations.models import JoinRequest, Membership
from organisations.services_membership import join_request_approve, join_request_create
from tests.factories import UserFactory, officer
from tests.identity.stub_servers import EnhetsregisteretStub

pytestmark = pytest.mark.django_db
BERGEN, TRONDHEIM = "964338531", "942110464"


@pytest.fixture(autouse=True)
def register(settings):
    cache.clear()
    with EnhetsregisteretStub() as stub:
        settings.ENHETSREGISTERET_URL = stub.url
        settings.ENHETSREGISTERET_TIMEOUT = 0.5
        yield stub
    cache.clear()


def _admin_of(org_number):
    person = UserFactory()
    join_request_approve(join_request=join_request_create(user=person, org_number=org_number), actor=officer())
    return person


def test_join_page_creates_a_request_and_shows_register_errors_on_the_field(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post(reverse("organisations:join"), {"org_number": "974829789"})
    assert response.status_code == 200
    assert "Fant ikke organisasjonsnummeret" in response.content.decode()
    response = client.post(reverse("organisations:join"), {"org_number": BERGEN}, follow=True)
    assert "Forespørselen om tilgang til Bergen kommune er sendt" in response.content.decode()
    assert JoinRequest.objects.get(user=person).is_pending


def test_the_admin_approves_a_second_user_on_the_users_page(client):
    admin = _admin_of(BERGEN)
    second = join_request_create(user=UserFactory(first_name="Ola", last_name="Nordmann"), org_number=BERGEN)
    client.force_login(admin)
    page = client.get(reverse("organisations:users")).content.decode()
    assert "Ola Nordmann" in page
    response = client.post(
        reverse("organisations:join_request_decide", args=[second.pk]),
        {"decision": "approve", "role": "approver", "delegation": ""},
        follow=True,
    )
    assert "må ha en fullmakt" in response.content.decode()
    client.post(
        reverse("organisations:join_request_decide", args=[second.pk]),
        {"decision": "approve", "role": "approver", "delegation": "Delegert av kommunedirektøren"},
    )
    assert Membership.objects.get(user=second.user).role == Membership.Role.APPROVER


def test_an_admin_of_bergen_gets_404_for_trondheims_users(client):
    bergen_admin = _admin_of(BERGEN)
    trondheim_admin = _admin_of(TRONDHEIM)
    trondheim_request = join_request_create(user=UserFactory(), org_number=TRONDHEIM)
    client.force_login(bergen_admin)
    assert client.post(reverse("organisations:join_request_decide", args=[trondheim_request.pk])).status_code == 404
    trondheim_membership = Membership.objects.get(user=trondheim_admin)
    response = client.post(
        reverse("organisations:membership_update", args=[trondheim_membership.pk]), {"action": "deactivate"}
    )
    assert response.status_code == 404
    trondheim_membership.refresh_from_db()
    assert trondheim_membership.active
    assert trondheim_request.user.get_full_name() not in client.get(reverse("organisations:users")).content.decode()


def test_a_member_who_is_not_admin_has_no_users_page(client):
    admin = _admin_of(BERGEN)
    member = join_request_approve(join_request=join_request_create(user=UserFactory(), org_number=BERGEN), actor=admin)
    client.force_login(member.user)
    assert client.get(reverse("organisations:users")).status_code == 404


def test_refusing_asks_for_confirmation_first(client):
    admin = _admin_of(BERGEN)
    second = join_request_create(user=UserFactory(first_name="Ola", last_name="Nordmann"), org_number=BERGEN)
    client.force_login(admin)
    url = reverse("organisations:join_request_decide", args=[second.pk])
    page = client.post(url, {"decision": "refuse"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Avslå forespørselen?" in html and "Dette kan ikke angres" in html and "Ola Nordmann" in html
    assert 'name="confirmed" value="yes"' in html
    assert JoinRequest.objects.get(pk=second.pk).is_pending  # nothing decided yet
    # A hostile or huge reason: a message next to the field, nothing decided.
    response = client.post(url, {"decision": "refuse", "confirmed": "yes", "note": "<b>x</b>" * 200})
    assert response.status_code == 400
    assert "høyst 500 tegn" in response.content.decode() and "<b>x</b>" not in response.content.decode()
    assert JoinRequest.objects.get(pk=second.pk).is_pending
    # A wrong confirmation value is no confirmation.
    client.post(url, {"decision": "refuse", "confirmed": "1"})
    assert JoinRequest.objects.get(pk=second.pk).is_pending
    response = client.post(url, {"decision": "refuse", "confirmed": "yes", "note": "Ukjent person."}, follow=True)
    assert "Forespørselen er avslått" in response.content.decode()
    refused = JoinRequest.objects.get(pk=second.pk)
    assert refused.status == JoinRequest.Status.REFUSED and refused.note == "Ukjent person."
