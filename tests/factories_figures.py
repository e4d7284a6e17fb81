"""A ten-year data set for IMDi's figures (payments.figures), built through the services and
the test factories: each year's development call (the 2024 circular entered again for that
year, as next year's circular is entered in the admin) with a few applications each, awarded,
rejected and undecided, payments paid through a batch, reactions and a status report."""

import datetime as dt
from decimal import Decimal

from applications.models import Application
from core.calendar import next_bank_day
from payments.models import Payment, Reaction
from schemes.models import Call, PayoutTerm, PriorityArea, ReportDeadline
from tests.factories import application_advance, development_call, make_application, make_grant, on_day
from tests.payments.helpers import approved_reaction, nth_municipality, paid_batch
from tests.reporting.helpers import obligation_of, status_report_submit

YEARS = range(2015, 2025)


def _shift(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year + years)


def development_call_for(year: int) -> Call:
    """The development call of `year`: the reference data's where it exists, else the 2024
    call entered again for that year (its areas, payout terms and report deadlines moved)."""
    existing = Call.objects.filter(scheme__code="utvikling", year=year).first()
    if existing:
        return existing
    source = development_call(2024)
    shift = year - source.year
    call = Call.objects.get(pk=source.pk)
    call.pk = None
    call.year = year
    call.title = f"Tilskudd til utvikling av kvalifiserings- og integreringstiltak {year}"
    call.circular_number = f"test-{year}"
    call.published_on = _shift(source.published_on, shift) if source.published_on else None
    call.application_deadline = _shift(source.application_deadline, shift)
    call.appropriation_share = None
    call.save()
    for area in PriorityArea.objects.filter(call=source):
        area.pk, area.call = None, call
        area.save()
    for term in PayoutTerm.objects.filter(call=source):
        term.pk, term.call = None, call
        term.save()
    for deadline in ReportDeadline.objects.filter(call=source):
        deadline.pk, deadline.call = None, call
        deadline.period_start = _shift(deadline.period_start, shift)
        deadline.period_end = _shift(deadline.period_end, shift)
        deadline.due_date = _shift(deadline.due_date, shift)
        deadline.save()
    return call


def accounts_submit(grant, *, covered: Decimal):
    """The grant's final accounts (due 1 February the year after): the caseworker fills in one
    line, the project lead and their superior approve, the approver submits."""
    from reporting.accounts import Capacity
    from reporting.services import report_accounts_approve, report_ensure, report_save, report_submit
    from tests.reporting.helpers import team

    people = team(grant.organisation)
    with on_day(dt.date(grant.year + 1, 1, 20)):
        report = report_ensure(obligation=obligation_of(grant, "accounts"))
        first = report.accounts_lines.order_by("position").first()
        report_save(
            report=report,
            actor=people["caseworker"],
            accounts={"own_contribution": Decimal("0.00"), "other_income": Decimal("0.00")},
            lines={first.id: {"expenses": covered, "covered_by_grant": covered}},
        )
        report_accounts_approve(report=report, actor=people["caseworker"], capacity=Capacity.LEAD)
        report_accounts_approve(report=report, actor=people["leader"], capacity=Capacity.SUPERIOR)
        return report_submit(report=report, actor=people["approver"])


def figures_year_build(year: int, offset: int, *, second_award: bool = True) -> dict:
    """One year's cases: an inter-municipal, multi-year, university-guided award (accepted,
    spring term paid, a status report, then a claim or a withholding), a rejection (1 April)
    and an application still undecided; with `second_award`, also an award whose letter is
    sent and final accounts for the first award."""
    call = development_call_for(year)
    lead, partner, second, rejected, waiting = (nth_municipality(offset + i) for i in range(5))
    draft = make_application(
        lead,
        call=call,
        area_number=3,
        budget=[Decimal("400000.00"), Decimal("300000.00")],
        supervisor_name="Vera Veileder",
        supervisor_institution="OsloMet",
        supervisor_is_academic=True,
        participants=10 + year % 7,
    )
    draft.partners.add(partner)  # named in the draft, as the municipality does on the form
    accepted = make_grant(
        lead,
        call=call,
        application=draft,
        amount=f"{300000 + 1000 * (year % 9)}.00",
        status="accepted",
        answered_on=dt.date(year, 3, 1),
    )
    letter_sent = None
    if second_award:
        letter_sent = make_grant(
            second, call=call, amount="150000.50", status="letter_sent", sent_on=dt.date(year, 3, 2)
        )
    application_advance(make_application(rejected, call=call), "rejected", decided_on=dt.date(year, 4, 1))
    make_application(waiting, call=call, status="submitted")
    # The spring term (15 May, moved to the next bank day: Whit Monday falls on it some years).
    # Built and paid on a bank day: a batch is never paid before its payment date (four eyes, fin13).
    pay_day = next_bank_day(dt.date(year, 6, 1))
    with on_day(pay_day):
        from payments.services import payments_due_update

        payments_due_update(today=dt.date(year, 5, 31))
        paid_batch(paid_on=pay_day, bank_reference=f"BANK-{year}", call=call, due_until=dt.date(year, 5, 31))
    with on_day(dt.date(year, 8, 20)):
        status_report_submit(obligation_of(accepted, "status"))
    with on_day(dt.date(year, 9, 1)):
        if year % 2:
            autumn = accepted.payments.exclude(status=Payment.Status.PAID).order_by("term_number").first()
            approved_reaction(
                grant=accepted,
                kind=Reaction.Kind.WITHHOLDING,
                amount=autumn.amount,
                payment=autumn,
                reason="Rapporten mangler.",
                decided_on=dt.date(year, 9, 1),
            )
        else:
            approved_reaction(
                grant=accepted,
                kind=Reaction.Kind.REPAYMENT_CLAIM,
                amount=Decimal("1000.25"),
                reason="Midler brukt utenfor formålet.",
                decided_on=dt.date(year, 9, 1),
                repayment_due_date=dt.date(year, 10, 1),
            )
    if second_award:
        accounts_submit(accepted, covered=Decimal("123456.78"))
    return {"call": call, "accepted": accepted, "letter_sent": letter_sent}


def figures_ten_years_build(years=YEARS) -> list[dict]:
    """Three applications a year (the second award only every third year, to keep it quick)."""
    built = [
        figures_year_build(year, offset=5 * index, second_award=index % 3 == 0) for index, year in enumerate(years)
    ]
    assert Application.objects.filter(call__year__in=list(years)).count() >= 3 * len(built)
    return built
