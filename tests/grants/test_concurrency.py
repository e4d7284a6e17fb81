"""Two sweeps at the same moment send each reminder once; two budget holders sending the same
letter, or two approvers accepting it, at once give one letter and one acceptance. Needs
PostgreSQL (row locks, skip_locked)."""

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine

from applications.models import Acceptance, AcceptanceReminder, Grant, GrantLetter
from applications.services.grant import acceptance_sweep_run, grant_accept, grant_letter_send
from organisations.models import Membership
from tests.concurrency import run_in_threads, skip_unless_postgres
from tests.factories import member, municipality, valid_bank_account, valid_org_number
from tests.grants.helpers import development_grant, sent_grant, signer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture(autouse=True)
def needs_postgres():
    skip_unless_postgres()


def _grants_sent_on(day, numbers=("4601", "0301", "5001", "1103", "3301")):
    grants = []
    with time_machine.travel(dt.datetime.combine(day, dt.time(10, 0), tzinfo=OSLO), tick=False):
        for seed, number in enumerate(numbers, start=1):
            org = municipality(number)
            grant, _ = sent_grant(org, actor=signer(username=f"bh{seed}"))
            grants.append(grant)
    return grants


@pytest.mark.parametrize("moment", [dt.time(6, 0), dt.time(23, 55)])
def test_two_sweeps_at_once_send_each_reminder_once(mailoutbox, moment):
    grants = _grants_sent_on(dt.date(2024, 3, 4))  # deadlines 18.03.2024
    mailoutbox.clear()
    recipients_per_grant = 2  # the caseworker who applied and the approver who submitted
    # Across the reminder days, the deadline and the day after: four sweeps at once each day.
    for day in (dt.date(2024, 3, 11), dt.date(2024, 3, 16), dt.date(2024, 3, 19)):
        with time_machine.travel(dt.datetime.combine(day, moment, tzinfo=OSLO), tick=False):
            results = run_in_threads([acceptance_sweep_run] * 4)
        assert all(kind == "ok" for kind, _ in results), results
        assert sum(summary["reminders_sent"] for _, summary in results) == len(grants)
        assert sum(summary["reminders_created"] for _, summary in results) == len(grants)

    for grant in grants:
        reminders = AcceptanceReminder.objects.filter(grant=grant)
        assert sorted(reminders.values_list("days_before", flat=True)) == [-1, 2, 7]
        assert all(r.sent_at is not None for r in reminders)
        grant.refresh_from_db()
        assert grant.acceptance_overdue_flagged_at is not None
    per_subject = Counter(m.subject for m in mailoutbox)
    expected = {}
    for grant in grants:
        expected[f"Påminnelse: akseptfrist 18.03.2024 – sak {grant.case_number}"] = 2 * recipients_per_grant
        expected[f"Akseptfristen er passert – sak {grant.case_number}"] = recipients_per_grant
    assert per_subject == expected


def test_two_budget_holders_sending_the_same_letter_give_one_letter():
    grant = development_grant()
    first, second = signer(username="bh-a"), signer(username="bh-b")
    results = run_in_threads(
        [
            lambda: grant_letter_send(grant=grant, actor=first).pk,
            lambda: grant_letter_send(grant=grant, actor=second).pk,
        ]
    )
    assert sorted(kind for kind, _ in results) == ["error", "ok"]
    assert GrantLetter.objects.filter(grant=grant).count() == 1
    grant.refresh_from_db()
    assert grant.status == Grant.Status.LETTER_SENT


def test_two_approvers_accepting_at_once_give_one_acceptance():
    grant, _ = sent_grant()
    approvers = [member(grant.organisation, Membership.Role.APPROVER) for _ in range(2)]
    details = {
        "organisation_name": "Bergen kommune",
        "address": "Rådhusgata 10, 5014 Bergen",
        "phone": "55 56 60 00",
        "email": "post@bergen.kommune.no",
        "org_number": valid_org_number(5),
        "bank_account": valid_bank_account(5),
        "contact_persons": "Kari Kontakt",
        "competence": "Erfaren prosjektgruppe.",
    }
    results = run_in_threads([lambda u=u: grant_accept(grant=grant, actor=u, details=details).pk for u in approvers])
    assert sorted(kind for kind, _ in results) == ["error", "ok"]
    assert Acceptance.objects.filter(grant=grant).count() == 1
    assert grant.payments.count() == 2
