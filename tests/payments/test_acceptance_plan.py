"""The real acceptance flow creates the payment plan; the account given in the acceptance
letter is paid to once a second person at IMDi has confirmed it."""

import datetime as dt

import pytest
import time_machine
from stdnum.no import kontonr

from applications.services.grant import grant_accept
from organisations.models import BankAccountChange, Membership
from payments.services import (
    bank_account_change_confirm,
    payments_due_update,
    payout_batch_create,
    payout_batch_payment_file_create,
)
from tests.factories import finance, member, municipality, officer, valid_bank_account, valid_org_number
from tests.grants.helpers import sent_grant
from tests.payments.helpers import batch_approved

pytestmark = pytest.mark.django_db


def test_acceptance_creates_the_plan_and_the_accepted_account_is_paid():
    org = municipality()
    with time_machine.travel(dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC), tick=False):
        grant, _letter = sent_grant(org)
    approver = member(org, Membership.Role.APPROVER)
    account = valid_bank_account(555)
    details = {
        "organisation_name": org.name,
        "address": "Rådhusgata 10, 5014 Bergen",
        "phone": "55 56 60 00",
        "email": "post@example.no",
        "org_number": org.org_number or valid_org_number(555),
        "bank_account": account,
        "contact_persons": "Kari Kontakt",
        "competence": "Kommunen har gjennomført tilsvarende prosjekter før.",
        "earlier_grants": "",
    }
    with time_machine.travel(dt.datetime(2024, 3, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        grant_accept(grant=grant, actor=approver, details=details)
    grant.refresh_from_db()
    payments = list(grant.payments.order_by("term_number"))
    assert len(payments) == 2
    assert sum(p.amount for p in payments) == grant.amount
    change = BankAccountChange.objects.get(organisation=org, status="pending")
    assert change.new_account == account and change.requested_by == approver
    payments_due_update(today=dt.date(2024, 5, 15))
    with time_machine.travel(dt.datetime(2024, 5, 15, 9, 0, tzinfo=dt.UTC), tick=False):
        bank_account_change_confirm(change=change, actor=officer(), new_account=account)
        batch = payout_batch_create(actor=finance(), due_until=dt.date(2024, 5, 15))
        batch = payout_batch_payment_file_create(batch=batch_approved(batch), actor=finance(username="fin2"))
    document = batch.payment_file.open("rb").read().decode()
    assert f"<IBAN>{kontonr.to_iban(account).replace(' ', '')}</IBAN>" in document
