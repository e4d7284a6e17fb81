"""Accepted grants with their report obligations, as the acceptance flow leaves them."""

from decimal import Decimal

from applications.models import BudgetLine
from organisations.models import Membership
from reporting.models import ReportObligation
from reporting.services import (
    report_approve,
    report_ensure,
    report_save,
    report_submit,
)
from tests.factories import (
    colleague,
    development_call,
    make_application,
    make_grant,
    member,
    municipality,
    officer,
    reception_call,
)


def accepted_grant(org=None, *, call=None, amount="500000.00", **kw):
    """Accepted by the organisation's approver; the acceptance created the obligations."""
    return make_grant(org or municipality(), call=call or development_call(), amount=amount, status="accepted", **kw)


def development_grant_with_budget(org=None, *, amount="500000.00"):
    """A development grant whose application has budget lines (salary, services, travel)."""
    org = org or municipality()
    application = make_application(org)
    budget_year = application.budget_years.get(year_index=1)
    budget_year.lines.all().delete()  # these lines replace the factory's one (the budget still adds up)
    for category, description, line_amount in [
        (BudgetLine.Category.SALARY, "Prosjektleder 50 %", "300000.00"),
        (BudgetLine.Category.PURCHASED_SERVICES, "Språkpraksis hos arbeidsgivere", "250000.00"),
        (BudgetLine.Category.TRAVEL, "Reiser", "50000.00"),
    ]:
        BudgetLine.objects.create(
            budget_year=budget_year, category=category, description=description, amount=Decimal(line_amount)
        )
    return accepted_grant(org, application=application, amount=amount)


def reception_grant(org=None, *, amount="513840.00"):
    return accepted_grant(org, call=reception_call(), amount=amount)


def obligation_of(grant, kind):
    return (
        grant.report_obligations.get(kind=kind)
        if kind != "half_year"
        else grant.report_obligations.filter(kind=kind).order_by("due_date").first()
    )


def report_of(grant, kind):
    return report_ensure(obligation=obligation_of(grant, kind))


def team(org=None):
    """A caseworker, an approver and a second caseworker (the project lead's superior)."""
    org = org or municipality()
    return {
        "caseworker": member(org, Membership.Role.CASEWORKER),
        "approver": member(org, Membership.Role.APPROVER),
        "leader": member(org, Membership.Role.CASEWORKER),
    }


Kind = ReportObligation.Kind


STATUS_REPORT_TEXT = {"progress": "Etter planen", "activities_done": "Kurs", "participants": 10, "deviations": "Ingen"}


def status_report_submit(obligation):
    """Fill in and submit a status report through the services (a caseworker saves, the
    approver submits), as the municipality does it."""
    people = team(obligation.grant.organisation)
    report = report_ensure(obligation=obligation)
    report_save(report=report, actor=people["caseworker"], fields=STATUS_REPORT_TEXT)
    report_submit(report=report, actor=people["approver"])
    obligation.refresh_from_db()
    return people


def status_report_approve(obligation):
    """Submit the status report and let an officer approve it."""
    status_report_submit(obligation)
    report_approve(obligation=obligation, actor=officer())
    obligation.refresh_from_db()


def report_delivered(obligation, *, approved_by=None):
    """The municipality fills in and its approver submits the report of `obligation` (a status
    or annual report without accounts); with `approved_by`, an officer then approves it."""
    from reporting.services import report_approve, report_ensure, report_save, report_submit

    texts = {
        "status": {
            "progress": "Etter planen.",
            "activities_done": "Oppstart.",
            "participants": 14,
            "deviations": "Ingen.",
        },
        "annual": {
            "goal_contribution": "Flere i arbeid.",
            "use_of_grant": "Som planlagt.",
            "results": "Tolv i arbeid.",
            "transfer_value": "Høy.",
            "lessons": "Tett oppfølging virker.",
        },
    }[obligation.kind]
    org = obligation.grant.organisation
    report = report_ensure(obligation=obligation)
    report_save(report=report, actor=colleague(org), fields=texts)
    report_submit(report=report, actor=colleague(org, Membership.Role.APPROVER))
    if approved_by is not None:
        report_approve(obligation=obligation, actor=approved_by)
    obligation.refresh_from_db()
    return obligation
