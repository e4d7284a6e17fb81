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
    password = factory.django.Password("passord-123")


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


def make_application(org=None, *, call=None, area_number=2, created_by=None, **fields):
    """A draft application with the fields the rules need filled in (a valid draft)."""
    import datetime as dt

    from applications.models import Application, BudgetYear

    org = org or municipality()
    call = call or development_call()
    created_by = created_by or member(org)
    defaults = {
        "title": "Arbeidsrettet norsk i praksis",
        "summary": "Kort sammendrag.",
        "goals": "Flere i arbeid.",
        "target_group": "Nyankomne innvandrere.",
        "activities": "Språkpraksis hos arbeidsgivere.",
        "criterion_purpose": "I tråd med formålet.",
        "criterion_delivery": "Erfaren prosjektgruppe.",
        "criterion_transfer": "Modellen kan brukes av andre kommuner.",
        "project_start": dt.date(call.year, 3, 1),
        "project_end": dt.date(call.year, 12, 31),
        "participants": 12,
        "contact_name": "Kari Kontakt",
        "contact_email": "kari@example.no",
        "contact_phone": "22 00 00 00",
    }
    defaults.update(fields)
    application = Application.objects.create(
        call=call,
        area=call.areas.get(number=area_number) if area_number else None,
        organisation=org,
        created_by=created_by,
        **defaults,
    )
    BudgetYear.objects.create(
        application=application,
        year_index=1,
        year=call.year,
        own_contribution="100000.00",
        other_funding="0.00",
        amount_applied="500000.00",
    )
    return application


def make_grant(org=None, *, call=None, amount="500000.00", status="decided", year=None, application=None, **fields):
    """A grant as the decision (or reception-centre computation) creates it."""
    from applications.models import Grant

    org = with_details(org or municipality())
    call = call or development_call()
    grant = Grant.objects.create(
        call=call,
        organisation=org,
        application=application,
        year=year or call.year,
        amount=amount,
        status=status,
        case_number=fields.pop("case_number", f"{str(call.year)[2:]}/{Grant.objects.count() + 1:05d}"),
        **fields,
    )
    return grant
