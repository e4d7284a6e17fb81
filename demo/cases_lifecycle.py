"""Demo cases for the later life of a grant, through the real services: a multi-year project in
its second year (the first year accepted, the second confirmed with four eyes and its own letter
sent), and a grant taken through its close-out to closed (paid, final accounts approved, the
unused amount claimed back, repaid, closed).

Both live in demo calls (the circulars' calls are closed for new applications): the demo call of
next year and a demo call of the year after it, which is where the project's second year goes."""

import datetime as dt
from decimal import Decimal

from applications.models import BudgetYear, Grant
from applications.services.application import application_send_for_approval, application_submit
from applications.services.assessment import decision_approve, decision_propose
from applications.services.grant import grant_accept, grant_letter_send
from applications.services.project_year import grant_year_approve, grant_year_confirm
from core.calendar import today_oslo
from core.money import format_nok
from payments.closeout import closeout_figures, grant_closeout_claim_propose, grant_closeout_finish
from payments.services import (
    batch_open_sum,
    payments_due_update,
    payout_batch_approve,
    payout_batch_create,
    payout_batch_mark_paid,
    payout_batch_payment_file_create,
    reaction_approve,
    repayment_record_received,
)
from reporting.accounts import Capacity, report_accounts_approve
from reporting.models import KINDS_WITH_ACCOUNTS, ReportObligation
from reporting.services import report_approve, report_ensure, report_save, report_submit
from schemes.models import Appropriation, AppropriationShare, Call, PayoutTerm, PriorityArea, ReportDeadline

DEMO_CALL_MARK = "(demo)"


def _shift(day, years):
    return day.replace(year=day.year + years)


def demo_next_call_ensure(call: Call) -> Call:
    """The demo call of the year after `call`, with its own appropriation and share: what the
    officers enter when the Storting has decided next year's budget."""
    year = call.year + 1
    existing = Call.objects.filter(scheme=call.scheme, year=year).first()
    if existing:
        return existing
    source_share = call.appropriation_share
    appropriation, _created = Appropriation.objects.get_or_create(
        year=year,
        chapter=call.scheme.chapter,
        post=call.scheme.post,
        defaults={"name": f"Demo {year} {DEMO_CALL_MARK}", "amount": source_share.appropriation.amount},
    )
    share, _created = AppropriationShare.objects.get_or_create(
        appropriation=appropriation,
        label=source_share.label,
        defaults={"scheme": call.scheme, "amount": source_share.amount},
    )
    source = call
    call = Call.objects.get(pk=source.pk)
    call.pk = None
    call.year = year
    call.title = source.title.replace(str(source.year), str(year))
    call.circular_number = f"demo-{year}"
    call.published_on = None
    call.application_deadline = _shift(source.application_deadline, 1)
    call.appropriation_share = share
    call.save()
    for area in PriorityArea.objects.filter(call=source):
        area.pk = None
        area.call = call
        area.save()
    for term in PayoutTerm.objects.filter(call=source):
        term.pk = None
        term.call = call
        term.save()
    for deadline in ReportDeadline.objects.filter(call=source):
        deadline.pk = None
        deadline.call = call
        deadline.period_start = _shift(deadline.period_start, 1)
        deadline.period_end = _shift(deadline.period_end, 1)
        deadline.due_date = _shift(deadline.due_date, 1)
        deadline.save()
    return call


def _accept(grant, users):
    org = grant.organisation
    org.refresh_from_db()
    return grant_accept(
        grant=grant,
        actor=users["godkjenner"],
        details={
            "organisation_name": org.name,
            "address": f"{org.address}, {org.postal_code} {org.postal_place}",
            "phone": org.phone,
            "email": org.email,
            "org_number": org.org_number,
            "bank_account": org.bank_account,
            "contact_persons": "Sara Saksbehandler, rådgiver flyktningtjenesten",
            "competence": "Kommunen har drevet språkpraksis siden 2019.",
            "earlier_grants": "",
        },
    )


def _awarded(*, call, org, users, draft, title, area_number, amounts) -> Grant:
    """Drafted, submitted by the approver and awarded in full with four eyes (later years bound)."""
    application = draft(
        call=call, org=org, user=users["saksbehandler"], title=title, area_number=area_number, amount=amounts[0]
    )
    for index, amount in enumerate(amounts[1:], start=2):
        BudgetYear.objects.create(
            application=application,
            year_index=index,
            year=call.year + index - 1,
            own_contribution=Decimal("250000.00"),
            other_funding=Decimal("0.00"),
            amount_applied=amount,
        ).lines.create(category="salary", description="Prosjektleder 60 %", amount=amount + Decimal("250000.00"))
    if len(amounts) > 1:
        application.project_end = dt.date(call.year + len(amounts) - 1, 12, 31)
        application.save(update_fields=["project_end"])
    application_send_for_approval(application=application, user=users["saksbehandler"])
    application_submit(application=application, user=users["godkjenner"])
    decision = decision_propose(application=application, actor=users["radgiver"], outcome="award", amount=amounts[0])
    decision_approve(decision=decision, actor=users["budsjett"])
    return Grant.objects.get(application=application, year=call.year)


def demo_multi_year_seed(*, call, users, orgs, draft) -> str:
    """A two-year project: the first year accepted, the second year (next demo call) confirmed
    by an officer, approved by the budget holder, and its own grant letter sent."""
    bergen = orgs[("kommune", "4601")]
    first = _awarded(
        call=call,
        org=bergen,
        users=users,
        draft=draft,
        title="Jobbspor – toårig prosjekt",
        area_number=2,
        amounts=[Decimal("600000.00"), Decimal("550000.00")],
    )
    grant_letter_send(grant=first, actor=users["budsjett"])
    _accept(first, users)
    demo_next_call_ensure(call)
    second_year = first.application.project_years.get()
    proposed = grant_year_confirm(
        project_year=second_year,
        actor=users["radgiver"],
        reason="Statusrapporten viser at prosjektet følger planen: 22 deltakere, 9 i arbeid.",
    )
    second = grant_year_approve(project_year=proposed, actor=users["budsjett"]).grant
    grant_letter_send(grant=second, actor=users["budsjett"])
    return f"Bergen {first.case_number}: flerårig prosjekt, år 2 ({second.year}) videreført, tilskuddsbrev sendt"


def demo_closed_grant_seed(*, call, users, orgs, draft) -> str:
    """A grant taken all the way: accepted, both terms paid, status report and final accounts
    approved, 40 000 kr unused claimed back (four eyes), repaid and the grant closed."""
    bergen = orgs[("kommune", "4601")]
    grant = _awarded(
        call=call,
        org=bergen,
        users=users,
        draft=draft,
        title="Kvalifisering i helse og omsorg",
        area_number=4,
        amounts=[Decimal("400000.00")],
    )
    grant_letter_send(grant=grant, actor=users["budsjett"])
    _accept(grant, users)
    status = grant.report_obligations.get(kind=ReportObligation.Kind.STATUS)
    report = report_ensure(obligation=status)
    report_save(
        report=report,
        actor=users["saksbehandler"],
        fields={
            "progress": "Etter planen.",
            "activities_done": "Kurs og praksis.",
            "participants": 14,
            "deviations": "Ingen.",
        },
    )
    report_submit(report=report, actor=users["godkjenner"])
    report_approve(obligation=status, actor=users["radgiver"])
    # The demo pays both terms now (the grant year is next year): due as of the last term.
    last_term = max(p.planned_date for p in grant.payments.all())
    payments_due_update(today=last_term)
    batch = payout_batch_create(
        actor=users["okonomi"], due_until=last_term, payment_ids=list(grant.payments.values_list("pk", flat=True))
    )
    count, total = batch_open_sum(batch)
    batch = payout_batch_approve(batch=batch, actor=users["okonomi2"], line_count=count, total=total)
    batch = payout_batch_payment_file_create(batch=batch, actor=users["okonomi"])
    if batch.execution_date > today_oslo():
        # Seeded on a weekend or holiday: the batch is paid on its payment date, never before,
        # so the grant's close-out waits for that day (the batch is approved and exported).
        return f"Bergen {grant.case_number}: utbetalt {batch.execution_date:%d.%m.%Y}, sluttoppgjør etter det"
    payout_batch_mark_paid(
        batch=batch, actor=users["okonomi"], paid_on=batch.execution_date, bank_reference="DEMO-BANK-1"
    )
    accounts = grant.report_obligations.filter(kind__in=KINDS_WITH_ACCOUNTS).order_by("-period_end").first()
    report = report_ensure(obligation=accounts)
    line = report.accounts_lines.order_by("id").first()
    report_save(
        report=report,
        actor=users["saksbehandler"],
        lines={line.pk: {"expenses": Decimal("360000.00"), "covered_by_grant": Decimal("360000.00")}},
    )
    report_accounts_approve(report=report, actor=users["saksbehandler"], capacity=Capacity.LEAD)
    report_accounts_approve(report=report, actor=users["godkjenner"], capacity=Capacity.SUPERIOR)
    report_submit(report=report, actor=users["godkjenner"])
    report_approve(obligation=accounts, actor=users["radgiver"])
    claim = grant_closeout_claim_propose(grant=grant, actor=users["radgiver"])
    claim = reaction_approve(reaction=claim, actor=users["budsjett"], version=claim.version)
    repayment_record_received(reaction=claim, actor=users["okonomi"], repaid_on=today_oslo())
    grant = grant_closeout_finish(grant=grant, actor=users["radgiver"])
    figures = closeout_figures(grant)
    return f"Bergen {grant.case_number}: avsluttet etter sluttoppgjør, {format_nok(figures['repaid'])} tilbakebetalt"
