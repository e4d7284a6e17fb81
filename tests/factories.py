"""Shared factory-boy factories. Organisations come from the reference data (real
municipalities); factories look them up rather than invent them."""

import factory
from django.contrib.auth.models import Group
from stdnum.no import kontonr, orgnr

from core.models import User
from organisations.models import Membership, Organisation
from organisations.roles import BUDGET_HOLDER, FINANCE, OFFICER
from schemes.models import Call


def valid_org_number(seed: int) -> str:
    base = str(90000000 + seed)[:8]
    for check in "0123456789":
        if orgnr.is_valid(base + check):
            return base + check
    return valid_org_number(seed + 1)


def valid_bank_account(seed: int) -> str:
    base = str(1500000000 + seed)[:10]
    for check in "0123456789":
        if kontonr.is_valid(base + check):
            return base + check
    return valid_bank_account(seed + 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"bruker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Bruker {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.no")
    password = factory.PostGenerationMethodCall("set_password", "passord-123")


def municipality(number="4601") -> Organisation:
    return Organisation.objects.get(kind=Organisation.Kind.MUNICIPALITY, number=number)


def county_municipality(number="46") -> Organisation:
    return Organisation.objects.get(kind=Organisation.Kind.COUNTY_MUNICIPALITY, number=number)


def with_details(org: Organisation, seed: int = 1) -> Organisation:
    """Give a reference organisation the contact and payment details the letters need."""
    org.org_number = org.org_number or valid_org_number(seed)
    org.bank_account = org.bank_account or valid_bank_account(seed)
    org.address = org.address or "Rådhusgata 1"
    org.postal_code = org.postal_code or "0037"
    org.postal_place = org.postal_place or "Oslo"
    org.phone = org.phone or "22 00 00 00"
    org.email = org.email or "post@example.no"
    org.save()
    return org


def member(org: Organisation, role=Membership.Role.CASEWORKER, **user_kwargs) -> User:
    user = UserFactory(**user_kwargs)
    Membership.objects.update_or_create(user=user, organisation=org, defaults={"role": role})
    return user


def imdi_user(group_name: str, **user_kwargs) -> User:
    user = UserFactory(is_staff=True, **user_kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def officer(**kw) -> User:
    return imdi_user(OFFICER, **kw)


def budget_holder(**kw) -> User:
    return imdi_user(BUDGET_HOLDER, **kw)


def finance(**kw) -> User:
    return imdi_user(FINANCE, **kw)


def development_call(year=2024) -> Call:
    return Call.objects.get(scheme__code="utvikling", year=year)


def reception_call(year=2024) -> Call:
    return Call.objects.get(scheme__code="integreringsmottak", year=year)
