"""Multi-year projects in tests: next year's call and appropriation as the officers enter them
in the admin (they are data), and awards over several years made through the services."""

import datetime as dt
from decimal import Decimal

from applications.models import Grant, ProjectYear
from applications.services import assessment
from applications.services.project_year import grant_year_approve, grant_year_confirm
from schemes.models import Appropriation, AppropriationShare, Call, LetterText, PayoutTerm, ReportDeadline
from tests.factories import budget_holder, make_application, municipality, officer, with_details

REASON = "Statusrapporten per 1. september viser at prosjektet går etter planen."


def _shift(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def call_for_year(base: Call, year: int, *, frame=None, share_amount=None, area_frames=None) -> Call:
    """The call of `year` entered from `base` (same scheme, areas, terms, report deadlines and
    letter texts, dates moved), with that year's appropriation and share for the scheme."""
    years = year - base.year
    existing = Call.objects.filter(scheme=base.scheme, year=year).first()
    if existing is not None:
        return existing
    frame = Decimal(frame if frame is not None else base.frame)
    base_appropriation = base.appropriation_share.appropriation
    appropriation, _created = Appropriation.objects.get_or_create(
        year=year,
        chapter=base_appropriation.chapter,
        post=base_appropriation.post,
        defaults={"name": base_appropriation.name, "amount": Decimal(share_amount or frame) * 4},
    )
    share = AppropriationShare.objects.create(
        appropriation=appropriation,
        label=base.appropriation_share.label,
        scheme=base.scheme,
        amount=Decimal(share_amount if share_amount is not None else frame),
    )
    call = Call.objects.get(pk=base.pk)
    call.pk = None
    call.id = None
    call._state.adding = True
    call.year = year
    call.title = f"{base.title} {year}"
    call.published_on = _shift(base.published_on, years)
    call.application_deadline = _shift(base.application_deadline, years)
    call.frame = frame
    call.appropriation_share = share
    call.save()
    for area in base.areas.all():
        area.pk = None
        area.id = None
        area._state.adding = True
        area.call = call
        if area_frames and area.number in area_frames:
            area.frame = Decimal(area_frames[area.number])
        area.save()
    for term in PayoutTerm.objects.filter(call=base):
        PayoutTerm.objects.create(call=call, number=term.number, label=term.label, month=term.month, day=term.day)
    for deadline in ReportDeadline.objects.filter(call=base):
        ReportDeadline.objects.create(
            call=call,
            kind=deadline.kind,
            period_start=_shift(deadline.period_start, years),
            period_end=_shift(deadline.period_end, years),
            due_date=_shift(deadline.due_date, years),
        )
    for text in LetterText.objects.filter(call=base):
        LetterText.objects.create(call=call, kind=text.kind, heading=text.heading, text=text.text, source=text.source)
    return call


def multi_year_award(*, call: Call, amounts, org=None, area_number=2, proposer=None, holder=None):
    """An application to `call` over len(amounts) years, awarded in full: the first year's
    grant, and the later years bound. Returns (grant, [project years])."""
    org = with_details(org or municipality(), seed=(org.pk if org else 1) * 7)
    budget = [Decimal(a) for a in amounts]
    application = make_application(org, call=call, area_number=area_number, status="submitted", budget=budget)
    later = [{"year": call.year + i, "amount": str(a)} for i, a in enumerate(budget[1:], start=1)]
    decision = assessment.decision_propose(
        application=application, actor=proposer or officer(), outcome="award", amount=budget[0], later_years=later
    )
    assessment.decision_approve(decision=decision, actor=holder or budget_holder())
    grant = Grant.objects.get(application=application, year=call.year)
    return grant, list(ProjectYear.objects.filter(application=application).order_by("year"))


def year_confirmed(project_year, *, proposer=None, holder=None) -> Grant:
    """Confirm a bound year with its full amount: an officer proposes, a budget holder approves."""
    proposed = grant_year_confirm(project_year=project_year, actor=proposer or officer(), reason=REASON)
    approved = grant_year_approve(project_year=proposed, actor=holder or budget_holder())
    return approved.grant
