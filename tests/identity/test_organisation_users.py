"""Organisations manage their own users: join by organisation number (Enhetsregisteret stub),
IMDi approves the first user (who becomes admin), the admin approves the rest."""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import CaseEvent
from organisations import rules as org_rules
from organisations.models import JoinRequest, Membership
from organisations.services_membership import (
    join_request_approve,
    join_request_create,
    join_request_refuse,
    membership_deactivate,
    membership_role_set,
)
from tests.factories import UserFactory, municipality, officer
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


def _admin_of(org_number, **kw):
    person = UserFactory(**kw)
    request = join_request_create(user=person, org_number=org_number)
    join_request_approve(join_request=request, actor=officer(), role=Membership.Role.CASEWORKER)
    return person


def _events(action):
    return CaseEvent.objects.filter(action=action)


def test_a_join_request_finds_the_municipality_by_its_register_entry():
    person = UserFactory()
    request = join_request_create(user=person, org_number="964 338 531")
    assert request.organisation == municipality("4601")
    assert request.register_name == "BERGEN KOMMUNE"
    assert request.is_pending
    assert _events("join_requested").get().actor == person


def test_unknown_and_unavailable_numbers_are_field_errors(register):
    with pytest.raises(ValidationError) as unknown:
        join_request_create(user=UserFactory(), org_number="974829789")
    assert "Fant ikke" in unknown.value.message_dict["org_number"][0]
    register.slow["942110464"] = 2.0
    with pytest.raises(ValidationError) as slow:
        join_request_create(user=UserFactory(), org_number=TRONDHEIM)
    assert "svarer ikke" in slow.value.message_dict["org_number"][0]
    assert not JoinRequest.objects.exists()


def test_imdi_approves_the_first_user_who_becomes_admin():
    person = UserFactory()
    request = join_request_create(user=person, org_number=BERGEN)
    caseworker_elsewhere = UserFactory()
    with pytest.raises(PermissionDenied):
        join_request_approve(join_request=request, actor=caseworker_elsewhere)
    membership = join_request_approve(join_request=request, actor=officer())
    assert membership.is_admin and membership.role == Membership.Role.CASEWORKER
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.APPROVED and request.decided_by is not None
    assert _events("join_request_approved").get().to_state == "approved"
    assert _events("membership_granted").get().data["admin"] is True


def test_after_the_first_user_the_admin_decides_not_imdi():
    admin = _admin_of(BERGEN)
    second = join_request_create(user=UserFactory(), org_number=BERGEN)
    with pytest.raises(PermissionDenied):
        join_request_approve(join_request=second, actor=officer())
    membership = join_request_approve(join_request=second, actor=admin)
    assert not membership.is_admin
    assert org_rules.is_member_of(membership.user, municipality("4601"))


def test_an_approver_needs_a_stated_delegation():
    admin = _admin_of(BERGEN)
    request = join_request_create(user=UserFactory(), org_number=BERGEN)
    with pytest.raises(ValidationError) as exc:
        join_request_approve(join_request=request, actor=admin, role=Membership.Role.APPROVER)
    assert "fullmakt" in exc.value.message_dict["delegation"][0]
    request.refresh_from_db()
    assert request.is_pending
    membership = join_request_approve(
        join_request=request, actor=admin, role=Membership.Role.APPROVER, delegation="Kommunedirektørens fullmakt 2024"
    )
    assert membership.delegation == "Kommunedirektørens fullmakt 2024"


def test_the_admin_sets_roles_refuses_and_deactivates_with_case_events():
    admin = _admin_of(BERGEN)
    member = join_request_approve(join_request=join_request_create(user=UserFactory(), org_number=BERGEN), actor=admin)
    membership_role_set(membership=member, actor=admin, role=Membership.Role.APPROVER, delegation="Delegert 1.1.2024")
    assert _events("membership_role_set").get().from_state == Membership.Role.CASEWORKER
    refused = join_request_refuse(
        join_request=join_request_create(user=UserFactory(), org_number=BERGEN), actor=admin, note="Ukjent person"
    )
    assert refused.status == JoinRequest.Status.REFUSED
    membership_deactivate(membership=member, actor=admin)
    member.refresh_from_db()
    assert not member.active
    assert not org_rules.is_member_of(member.user, municipality("4601"))
    with pytest.raises(PermissionDenied):
        membership_deactivate(membership=Membership.objects.get(user=admin), actor=admin)


def test_an_admin_of_bergen_cannot_see_or_touch_trondheims_users():
    bergen_admin = _admin_of(BERGEN)
    trondheim_admin = _admin_of(TRONDHEIM)
    trondheim_request = join_request_create(user=UserFactory(), org_number=TRONDHEIM)
    trondheim_member = Membership.objects.get(user=trondheim_admin)
    assert trondheim_request not in org_rules.join_requests_visible_to(bergen_admin)
    assert trondheim_request in org_rules.join_requests_visible_to(trondheim_admin)
    assert trondheim_member not in org_rules.memberships_managed_by(bergen_admin)
    with pytest.raises(PermissionDenied):
        join_request_approve(join_request=trondheim_request, actor=bergen_admin)
    with pytest.raises(PermissionDenied):
        membership_deactivate(membership=trondheim_member, actor=bergen_admin)


def test_officers_see_requests_only_for_organisations_without_an_admin():
    first = join_request_create(user=UserFactory(), org_number=TRONDHEIM)
    admin = _admin_of(BERGEN)
    later = join_request_create(user=UserFactory(), org_number=BERGEN)
    visible = set(org_rules.join_requests_visible_to(officer()))
    assert first in visible and later not in visible
    assert later in set(org_rules.join_requests_visible_to(admin))
    assert not org_rules.join_requests_visible_to(UserFactory()).exists()
