"""The real acceptance flow creates the grant's report obligations in its transaction."""

import datetime as dt

import pytest
import time_machine

from applications.services.grant import grant_accept
from organisations.models import Membership
from tests.factories import member, municipality, valid_bank_account, valid_org_number
from tests.grants.helpers import sent_grant

pytestmark = pytest.mark.django_db

SENT = dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC)


def test_accepting_a_grant_creates_its_report_obligations_once():
    org = municipality()
    with time_machine.travel(SENT, tick=False):
        grant, _letter = sent_grant(org)
    approver = member(org, Membership.Role.APPROVER)
    details = {
        "organisation_name": org.name,
        "address": "Rådhusgata 10, 5014 Bergen",
        "phone": "55 56 60 00",
        "email": "post@example.no",
        "org_number": valid_org_number(77),
        "bank_account": valid_bank_account(77),
        "contact_persons": "Kari Kontakt",
        "competence": "Erfaring.",
        "earlier_grants": "",
    }
    with time_machine.travel(SENT + dt.timedelta(days=2), tick=False):
        grant_accept(grant=grant, actor=approver, details=details)
    assert sorted(grant.report_obligations.values_list("kind", "due_date")) == [
        ("accounts", dt.date(2025, 2, 1)),
        ("annual", dt.date(2025, 2, 1)),
        ("status", dt.date(2024, 9, 1)),
    ]
    assert all(o.report.pk for o in grant.report_obligations.all())
