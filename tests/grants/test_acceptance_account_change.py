"""Accepting a grant with another payout account asks for a change; the organisation keeps
its confirmed account (and finance pays to it) until a second person at IMDi confirms."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from applications.services.grant import grant_accept
from core.models import CaseEvent
from organisations.models import BankAccountChange, Membership
from payments.services import bank_account_change_confirm
from tests.factories import finance, member, municipality, valid_bank_account, valid_org_number, with_details
from tests.grants.helpers import sent_grant

pytestmark = pytest.mark.django_db


def details(org, account):
    return {
        "organisation_name": org.name,
        "address": "Rådhusgata 10, 5014 Bergen",
        "phone": "55 56 60 00",
        "email": "post@example.no",
        "org_number": org.org_number or valid_org_number(3),
        "bank_account": account,
        "contact_persons": "Kari Kontakt",
        "competence": "Erfaring fra tidligere prosjekter.",
        "earlier_grants": "",
    }


def accepted(org, account, *, without_account=False):
    with time_machine.travel(dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC), tick=False):
        grant, _letter = sent_grant(org)
    if without_account:
        type(org).objects.filter(pk=org.pk).update(bank_account="")
    approver = member(org, Membership.Role.APPROVER)
    with time_machine.travel(dt.datetime(2024, 3, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        grant_accept(grant=grant, actor=approver, details=details(org, account))
    grant.refresh_from_db()
    return grant, approver


def test_a_new_account_at_acceptance_is_a_pending_change():
    org = municipality()
    new = valid_bank_account(4242)
    grant, approver = accepted(org, new)
    org.refresh_from_db()
    confirmed = org.bank_account  # the register's account from before the acceptance
    assert confirmed and confirmed != new
    change = BankAccountChange.objects.get(organisation=org)
    assert (change.status, change.old_account, change.new_account) == ("pending", confirmed, new)
    assert (change.requested_by, change.source, change.source_reference) == (approver, "acceptance", grant.case_number)
    assert CaseEvent.objects.filter(object_id=org.pk, action="bank_account_change_requested").exists()
    with pytest.raises(PermissionDenied):  # a municipal user can never confirm, not even someone else's
        bank_account_change_confirm(change=change, actor=member(org, Membership.Role.APPROVER), new_account=new)
    bank_account_change_confirm(change=change, actor=finance(), new_account=new)
    org.refresh_from_db()
    assert org.bank_account == new


def test_the_confirmed_account_at_acceptance_asks_for_nothing():
    org = municipality()
    accepted(org, with_details(org, seed=org.pk).bank_account)
    assert not BankAccountChange.objects.filter(organisation=org).exists()


def test_a_first_account_also_needs_confirmation():
    org = municipality()
    accepted(org, valid_bank_account(4343), without_account=True)
    org.refresh_from_db()
    assert org.bank_account == ""
    assert BankAccountChange.objects.get(organisation=org).status == "pending"
