"""Join requests: IMDi decides an organisation's first user in the admin (a page that says what
follows and asks for confirmation, through the same services and rules as the portal), each step
sends its notice, and a person the portal knows only by ID-porten gives name and e-mail."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.models import Notification
from organisations.models import JoinRequest, Membership
from organisations.services_membership import join_request_approve, join_request_create, join_request_refuse
from tests.factories import UserFactory, budget_holder, officer
from tests.identity.stub_servers import EnhetsregisteretStub

pytestmark = pytest.mark.django_db
BERGEN = "964338531"


@pytest.fixture(autouse=True)
def register(settings):
    cache.clear()
    with EnhetsregisteretStub() as stub:
        settings.ENHETSREGISTERET_URL = stub.url
        settings.ENHETSREGISTERET_TIMEOUT = 0.5
        yield stub
    cache.clear()


def _request(django_capture_on_commit_callbacks, **user):
    with django_capture_on_commit_callbacks(execute=True):
        return join_request_create(user=UserFactory(**user), org_number=BERGEN, message="Jeg er ny i kommunen.")


def test_a_first_request_is_noticed_to_the_officers_and_the_answer_to_the_person(
    django_capture_on_commit_callbacks, mailoutbox
):
    imdi = officer(email="radgiver@imdi.no")
    join_request = _request(django_capture_on_commit_callbacks, email="ny@bergen.kommune.no")
    received = Notification.objects.get(kind=Notification.Kind.JOIN_REQUESTED)
    assert received.address == "radgiver@imdi.no"
    assert "Bergen kommune" in received.subject and "Jeg er ny i kommunen." in received.body
    assert reverse("organisations:users") in received.body
    with django_capture_on_commit_callbacks(execute=True):
        join_request_approve(join_request=join_request, actor=imdi)
    approved = Notification.objects.get(kind=Notification.Kind.JOIN_APPROVED)
    assert approved.address == "ny@bergen.kommune.no"
    assert "brukeradministrator" in approved.body
    assert {m.to[0] for m in mailoutbox} == {"radgiver@imdi.no", "ny@bergen.kommune.no"}


def test_later_requests_go_to_the_organisation_admin_and_a_refusal_carries_the_reason(
    django_capture_on_commit_callbacks,
):
    first = _request(django_capture_on_commit_callbacks, email="admin@bergen.kommune.no")
    with django_capture_on_commit_callbacks(execute=True):
        join_request_approve(join_request=first, actor=officer(email="radgiver@imdi.no"))
    second = _request(django_capture_on_commit_callbacks, email="kollega@bergen.kommune.no")
    to_admin = Notification.objects.filter(kind=Notification.Kind.JOIN_REQUESTED, key__contains=f":{second.pk}:")
    assert [n.address for n in to_admin] == ["admin@bergen.kommune.no"]
    with django_capture_on_commit_callbacks(execute=True):
        join_request_refuse(join_request=second, actor=first.user, note="Du jobber ikke her.")
    refused = Notification.objects.get(kind=Notification.Kind.JOIN_REFUSED)
    assert refused.address == "kollega@bergen.kommune.no" and "Du jobber ikke her." in refused.body
    # Sent once: a second run of the same step adds nothing.
    from organisations.notices import join_request_notice_send

    join_request_notice_send(join_request_id=second.pk, step="refused")
    assert Notification.objects.filter(kind=Notification.Kind.JOIN_REFUSED).count() == 1


def _decide_url(join_request):
    return reverse("admin:organisations_joinrequest_decide", args=[join_request.pk])


def test_the_officer_approves_the_first_user_in_the_admin_after_a_confirmation(
    client, django_capture_on_commit_callbacks
):
    join_request = _request(django_capture_on_commit_callbacks, first_name="Kari", last_name="Nordmann")
    client.force_login(officer())
    listing = client.get(reverse("admin:organisations_joinrequest_changelist")).content.decode()
    assert "Kari Nordmann" in listing and _decide_url(join_request) in listing
    page = client.get(_decide_url(join_request)).content.decode()
    assert "Dette kan ikke angres" in page and "blir denne personen brukeradministrator" in page
    assert JoinRequest.objects.get(pk=join_request.pk).is_pending  # GET decides nothing
    response = client.post(_decide_url(join_request), {"decision": "approve", "role": "approver", "delegation": ""})
    assert response.status_code == 200
    assert "må ha en fullmakt" in response.content.decode()
    assert JoinRequest.objects.get(pk=join_request.pk).is_pending
    response = client.post(
        _decide_url(join_request), {"decision": "approve", "role": "approver", "delegation": "Delegert fullmakt"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=join_request.user)
    assert membership.is_admin and membership.role == Membership.Role.APPROVER
    # Decided, and the organisation has its own admin now: no longer the officers' to see.
    assert client.post(_decide_url(join_request), {"decision": "refuse"}).status_code == 404


def test_the_officer_refuses_with_a_reason(client, django_capture_on_commit_callbacks):
    join_request = _request(django_capture_on_commit_callbacks)
    client.force_login(officer())
    client.post(_decide_url(join_request), {"decision": "refuse", "note": "Ukjent person."})
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.REFUSED and join_request.note == "Ukjent person."


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"decision": "slett-alt"},
        {"decision": "approve", "role": "superuser"},
        {"decision": "refuse", "note": "x" * 5000},
    ],
)
def test_bad_decisions_are_field_errors_and_decide_nothing(client, django_capture_on_commit_callbacks, data):
    join_request = _request(django_capture_on_commit_callbacks)
    client.force_login(officer())
    response = client.post(_decide_url(join_request), data)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert JoinRequest.objects.get(pk=join_request.pk).is_pending


def test_other_imdi_roles_may_not_decide_and_unknown_ids_are_404(client, django_capture_on_commit_callbacks):
    join_request = _request(django_capture_on_commit_callbacks)
    client.force_login(budget_holder())
    assert client.get(_decide_url(join_request)).status_code == 403
    client.force_login(officer())
    assert client.get(reverse("admin:organisations_joinrequest_decide", args=["999999"])).status_code == 404
    assert client.get(reverse("admin:organisations_joinrequest_decide", args=["1 OR 1=1"])).status_code == 404


def test_a_person_without_name_or_email_gives_them_on_the_join_page(client):
    person = UserFactory(first_name="", last_name="", email="")
    client.force_login(person)
    page = client.get(reverse("organisations:join")).content.decode()
    assert 'name="email"' in page and 'name="first_name"' in page
    for bad in (
        {"first_name": "", "last_name": "", "email": ""},
        {"first_name": "Ola", "last_name": "Nordmann", "email": "ikke-en-adresse"},
        {"first_name": "Ola" * 100, "last_name": "N", "email": "ola@example.no"},
        {"first_name": "<script>", "last_name": "N", "email": "ola@example.no", "org_number": "-1"},
    ):
        response = client.post(reverse("organisations:join"), {"org_number": BERGEN, **bad})
        assert response.status_code == 200
        assert 'class="invalid-feedback' in response.content.decode()
    # An unknown organisation number saves nothing of the name either.
    client.post(
        reverse("organisations:join"),
        {"first_name": "Ola", "last_name": "N", "email": "o@x.no", "org_number": "974829789"},
    )
    person.refresh_from_db()
    assert person.email == "" and not JoinRequest.objects.exists()
    client.post(
        reverse("organisations:join"),
        {"first_name": "Ola", "last_name": "Nordmann", "email": "ola@bergen.kommune.no", "org_number": BERGEN},
    )
    person.refresh_from_db()
    assert person.get_full_name() == "Ola Nordmann" and person.email == "ola@bergen.kommune.no"
    assert JoinRequest.objects.get(user=person).is_pending
    assert 'name="email"' not in client.get(reverse("organisations:join")).content.decode()


def test_the_admin_list_of_join_requests_has_a_fixed_number_of_queries(client, django_assert_num_queries):
    client.force_login(officer())
    url = reverse("admin:organisations_joinrequest_changelist")

    def add(n, start):
        for i in range(start, start + n):
            join_request_create(user=UserFactory(username=f"ny-{i}"), org_number=BERGEN)

    add(2, 0)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as baseline:
        client.get(url)
    add(20, 2)
    with django_assert_num_queries(len(baseline.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Godkjenn eller avslå") == 22
