"""Helpers for payments tests: accepted grants with a plan, overdue reports."""

import datetime as dt

import time_machine

from core.calendar import OSLO, today_oslo
from reporting.models import ReportObligation
from tests.factories import development_call, make_grant, municipality


def planned_grant(org=None, *, amount="500000.00", call=None, accepted_on=dt.date(2024, 3, 1), **fields):
    """A grant accepted on `accepted_on` (Oslo, 11:00): its letter went out and was accepted
    that day, and the acceptance made its payment plan and report obligations."""
    call = call or development_call()
    return make_grant(
        org or municipality(), call=call, amount=amount, status="accepted", answered_on=accepted_on, **fields
    )


def overdue_report(grant, *, due_date=dt.date(2024, 4, 1)):
    return ReportObligation.objects.create(
        grant=grant,
        kind=ReportObligation.Kind.STATUS,
        period_start=dt.date(grant.year, 1, 1),
        period_end=due_date,
        due_date=due_date,
    )


def nth_municipality(n: int):
    """A different reference municipality per n, with valid org and account numbers."""
    from organisations.models import Organisation
    from tests.factories import with_details

    org = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("number")[n]
    return with_details(org, seed=1000 + 10 * n)


def due_grants(n=3, *, amount="100000.01", call=None):
    """`n` accepted grants to different municipalities whose spring payment is due (15.05.2024)."""
    from payments.services import payments_due_update

    grants = [planned_grant(nth_municipality(i), amount=amount, call=call) for i in range(n)]
    payments_due_update(today=dt.date(2024, 5, 15))
    return grants


def batch_approved(batch, approver=None):
    """The second finance user approves `batch` as it stands (four eyes)."""
    from payments.services import batch_open_sum, payout_batch_approve
    from tests.factories import finance

    approver = approver or finance(username=f"fin-approve-{batch.pk}")
    count, total = batch_open_sum(batch)
    return payout_batch_approve(batch=batch, actor=approver, line_count=count, total=total)


def exported_batch(user=None, *, due_until=dt.date(2024, 5, 31), approver=None, **selection):
    """A batch built by `user`, approved by a second finance user, whose pain.001 payment
    file has been made (what the bank may have received)."""
    from payments.services import payout_batch_create, payout_batch_payment_file_create
    from tests.factories import finance

    user = user or finance(username="fin-export")
    batch = payout_batch_create(actor=user, due_until=due_until, **selection)
    batch = batch_approved(batch, approver)
    return payout_batch_payment_file_create(batch=batch, actor=user)


def paid_batch(user=None, *, paid_on=dt.date(2024, 5, 16), bank_reference="BANK-1", **selection):
    from payments.services import payout_batch_mark_paid

    batch = exported_batch(user, **selection)
    # Never before the batch's payment date (the service refuses that): a batch built on a
    # later clock than `paid_on` is paid on its own payment date.
    paid_on = max(paid_on, batch.execution_date)
    if paid_on <= today_oslo():
        return payout_batch_mark_paid(
            batch=batch, actor=batch.created_by, paid_on=paid_on, bank_reference=bank_reference
        )
    # Built on a weekend or holiday: the bank pays on the next bank day, and finance records it
    # that day (never before: the service refuses a payment date in the future).
    with time_machine.travel(dt.datetime.combine(paid_on, dt.time(9), tzinfo=OSLO), tick=True):
        return payout_batch_mark_paid(
            batch=batch, actor=batch.created_by, paid_on=paid_on, bank_reference=bank_reference
        )


def approved_reaction(*, approver=None, **fields):
    """A reaction proposed by an officer and approved by a budget holder."""
    from payments.services import reaction_approve, reaction_record
    from tests.factories import budget_holder, documents_rendered, officer

    fields.setdefault("actor", officer())
    reaction = reaction_record(**fields)
    approver = approver or budget_holder()
    reaction = reaction_approve(reaction=reaction, actor=approver, version=reaction.version)
    documents_rendered()  # the written decision, made by the documents worker
    return reaction
