"""A development grant taken to its close-out through the services: both terms paid, the
status report approved, and the final accounts filled in, approved twice and approved by IMDi."""

import datetime as dt
from decimal import Decimal

from organisations.models import Membership
from reporting.accounts import Capacity, report_accounts_approve
from reporting.models import KINDS_WITH_ACCOUNTS, ReportObligation
from reporting.services import report_approve, report_ensure, report_save, report_submit
from tests.factories import colleague, member, officer
from tests.payments.helpers import paid_batch, planned_grant
from tests.reporting.helpers import report_delivered


def paid_grant(org=None, *, amount="500000.00"):
    """A 2024 grant accepted on 1 March 2024 with both terms (15 May, 16 September: the 15th is a Sunday) paid."""
    from payments.services import payments_due_update

    grant = planned_grant(org, amount=amount)
    payments_due_update(today=dt.date(2024, 5, 15))
    paid_batch(due_until=dt.date(2024, 5, 31), paid_on=dt.date(2024, 5, 16), bank_reference="BANK-V")
    status = grant.report_obligations.get(kind=ReportObligation.Kind.STATUS)
    report_delivered(status, approved_by=officer())
    payments_due_update(today=dt.date(2024, 9, 16))
    paid_batch(due_until=dt.date(2024, 9, 30), paid_on=dt.date(2024, 9, 17), bank_reference="BANK-H")
    return grant


def final_accounts_approved(grant, *, used):
    """The municipality's final accounts: `used` kroner of expenses covered by the grant,
    approved by the project lead and that person's superior, submitted and approved by IMDi."""
    obligation = grant.report_obligations.filter(kind__in=KINDS_WITH_ACCOUNTS).order_by("-period_end", "-id").first()
    org = grant.organisation
    lead, superior = member(org, Membership.Role.CASEWORKER), member(org, Membership.Role.CASEWORKER)
    report = report_ensure(obligation=obligation)
    first_line = report.accounts_lines.order_by("id").first()
    report_save(
        report=report,
        actor=lead,
        lines={first_line.pk: {"expenses": Decimal(used), "covered_by_grant": Decimal(used)}},
    )
    report_accounts_approve(report=report, actor=lead, capacity=Capacity.LEAD)
    report_accounts_approve(report=report, actor=superior, capacity=Capacity.SUPERIOR)
    report_submit(report=report, actor=colleague(org, Membership.Role.APPROVER))
    report_approve(obligation=obligation, actor=officer())
    obligation.refresh_from_db()
    return obligation
