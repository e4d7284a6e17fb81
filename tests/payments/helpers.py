"""Helpers for payments tests: accepted grants with a plan, overdue reports."""

import datetime as dt

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
