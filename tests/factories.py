"""Shared factory-boy factories that tell the truth.

Organisations come from the reference data (real municipalities) and calls from the
circulars; factories look them up rather than invent them. Every case reaches its state the
way a real one does — through the services, by the users whose role allows the step, at a
moment when the step is allowed (time_machine where a service checks the date) — so a test
never starts from a state the portal could not have produced:

- ``ApplicationFactory`` (traits ``awaiting_approval``, ``returned``, ``submitted``,
  ``in_assessment``, ``awarded``, ``rejected``, ``dismissed``, ``withdrawn``; default: a
  valid draft) — a draft is sent for approval by its caseworker and submitted by an approver
  before the call's deadline; assessment, proposal and approval are an officer's and a
  budget holder's (four eyes).
- ``GrantFactory`` (traits ``decided``, ``letter_sent``, ``accepted``, ``declined``,
  ``lapsed``) — a development grant is an approved award; a reception-centre grant is
  computed from a registered agreement; the letter is signed by a budget holder and answered
  by the organisation's approver (acceptance creates the report obligations and the payment
  plan, as in production); a lapsed grant's deadline passed unanswered.

``make_application`` and ``make_grant`` are the long-standing function forms of the two."""

import datetime as dt
from contextlib import contextmanager
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone

from core.models import User
from organisations.models import Membership, Organisation
from organisations.roles import BUDGET_HOLDER, FINANCE, OFFICER
from schemes.models import Call
from tests.factories_ids import valid_bank_account, valid_org_number
from tests.factories_jobs import documents_rendered

OSLO = ZoneInfo("Europe/Oslo")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"bruker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Bruker {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.no")
    password = factory.django.Password("passord-123")


def municipality(number="4601") -> Organisation:
    return Organisation.objects.get(kind=Organisation.Kind.MUNICIPALITY, number=number)


def county_municipality(number="46") -> Organisation:
    return Organisation.objects.get(kind=Organisation.Kind.COUNTY_MUNICIPALITY, number=number)


def with_details(org: Organisation, seed: int = 1) -> Organisation:
    """Give a reference organisation the contact and payment details the letters need."""
    org.org_number = org.org_number or valid_org_number(seed)
    org.bank_account = org.bank_account or valid_bank_account(seed)
    org.address = org.address or "Rådhusgata 1"
    org.postal_code = org.postal_code or "0037"
    org.postal_place = org.postal_place or "Oslo"
    org.phone = org.phone or "22 00 00 00"
    org.email = org.email or "post@example.no"
    org.save()
    return org


def member(org: Organisation, role=Membership.Role.CASEWORKER, **user_kwargs) -> User:
    user = UserFactory(**user_kwargs)
    Membership.objects.update_or_create(user=user, organisation=org, defaults={"role": role})
    return user


def approver(org: Organisation, **user_kwargs) -> User:
    return member(org, Membership.Role.APPROVER, **user_kwargs)


def colleague(org: Organisation, role=Membership.Role.CASEWORKER) -> User:
    """The organisation's first member with `role`, or a new one: the lifecycle factories
    let the people a test already made do the municipality's steps, as the same director
    would both submit and accept."""
    existing = Membership.objects.filter(organisation=org, role=role, user__is_active=True).order_by("pk").first()
    return existing.user if existing else member(org, role)


def imdi_user(group_name: str, **user_kwargs) -> User:
    user = UserFactory(is_staff=True, **user_kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def officer(**kw) -> User:
    return imdi_user(OFFICER, **kw)


def budget_holder(**kw) -> User:
    return imdi_user(BUDGET_HOLDER, **kw)


def finance(**kw) -> User:
    return imdi_user(FINANCE, **kw)


def development_call(year=2024) -> Call:
    return Call.objects.get(scheme__code="utvikling", year=year)


def reception_call(year=2024) -> Call:
    return Call.objects.get(scheme__code="integreringsmottak", year=year)


# --- moments ---------------------------------------------------------------------------------


def oslo_noon(day: dt.date, hour: int = 11) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=OSLO)


@contextmanager
def on_day(day: dt.date | None, hour: int = 11):
    """Run the block on `day` (Oslo time, clock stopped); None: run it now."""
    if day is None:
        yield
        return
    with time_machine.travel(oslo_noon(day, hour), tick=False):
        yield


def today() -> dt.date:
    return timezone.localtime(timezone.now(), OSLO).date()


def submission_day(call: Call) -> dt.date | None:
    """When a test's application is submitted: now while the call is open, else on the
    deadline day itself (the last day submission is allowed)."""
    deadline = call.application_deadline
    if deadline is None or today() <= deadline:
        return None
    return deadline


# --- applications ----------------------------------------------------------------------------

APPLICATION_STATES = (
    "draft",
    "returned",
    "awaiting_approval",
    "submitted",
    "in_assessment",
    "awarded",
    "rejected",
    "dismissed",
    "withdrawn",
)
_STEPS = ("awaiting_approval", "submitted", "in_assessment")


def application_complete(application):
    """Beyond the draft's text: an earlier project, a supervisor and the area's own answers/documents."""
    from applications.models import EarlierProject
    from tests.factories_circ import area_requirements_meet

    if not application.earlier_projects.exists():
        EarlierProject.objects.create(
            application=application,
            description="Språkpraksis 2022",
            imdi_case_number="22/01234",
            decided_on=dt.date(2022, 3, 1),
        )
    if application.area and application.area.supervisor_required and not application.supervisor_name:
        application.supervisor_name = "Vera Veileder"
        application.supervisor_institution = "OsloMet"
        application.save(update_fields=["supervisor_name", "supervisor_institution"])
    return area_requirements_meet(application)


def application_decide(
    application,
    outcome: str,
    *,
    assessor=None,
    proposer=None,
    holder=None,
    amount=None,
    later_years=None,
    reason="",
    special_conditions="",
    decided_on=None,
):
    """An officer proposes `outcome` ("award", "reject", "dismiss") on a submitted application
    and a budget holder approves it (four eyes); returns the approved decision."""
    from applications.services import assessment

    proposer = proposer or assessor or officer()
    if outcome == "award":
        amount = amount if amount is not None else assessment.application_first_year_applied(application)
    else:
        amount = None
        reason = reason or "Søknaden er svakere enn andre søknader til samme satsingsområde."
    with on_day(decided_on):
        decision = assessment.decision_propose(
            application=application,
            actor=proposer,
            outcome=outcome,
            amount=amount,
            later_years=later_years,
            reason=reason,
            special_conditions=special_conditions,
        )
        approved = assessment.decision_approve(decision=decision, actor=holder or budget_holder())
        documents_rendered()
        return approved


def application_advance(application, state: str, *, submitted_by=None, assessor=None, decided_on=None, **decision):
    """Move a draft to `state` along the path a real case takes and return it; an approved
    decision is left on `application.factory_decision`."""
    from applications.models import Application
    from applications.services import application as applying
    from applications.services import assessment

    if state not in APPLICATION_STATES:
        raise ValueError(f"unknown application state {state!r}")
    if application.status != Application.Status.DRAFT:
        raise ValueError("application_advance starts from a draft")
    result = application
    caseworker = application.created_by
    if state == "withdrawn":
        result = applying.application_withdraw(application=application, user=caseworker, reason="Trukket av kommunen.")
    elif state != "draft":
        application_complete(application)
        with on_day(submission_day(application.call)):
            result = applying.application_send_for_approval(application=application, user=caseworker)
            if state in ("returned", "submitted", "in_assessment", "awarded", "rejected", "dismissed"):
                boss = submitted_by or colleague(application.organisation, Membership.Role.APPROVER)
                if state == "returned":
                    result = applying.application_send_back(application=result, user=boss, comment="Rett budsjettet.")
                else:
                    result = applying.application_submit(application=result, user=boss)
        if state == "in_assessment":
            with on_day(decided_on):
                result = assessment.assessment_start(application=result, actor=assessor or officer())
    decided = None
    if state in ("awarded", "rejected", "dismissed"):
        outcome = {"awarded": "award", "rejected": "reject", "dismissed": "dismiss"}[state]
        decided = application_decide(result, outcome, assessor=assessor, decided_on=decided_on, **decision)
    result = Application.objects.get(pk=application.pk)
    result.factory_decision = decided
    return result


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A valid draft of the 2024 development call (area 2) by a caseworker of Bergen; traits
    take it further along its lifecycle. `budget=[first year, later years …]` sets the
    amounts applied for (default 500 000 kr for one year)."""

    class Meta:
        model = "applications.Application"

    class Params:
        area_number = 2
        draft = factory.Trait(state="draft")
        returned = factory.Trait(state="returned")
        awaiting_approval = factory.Trait(state="awaiting_approval")
        submitted = factory.Trait(state="submitted")
        in_assessment = factory.Trait(state="in_assessment")
        awarded = factory.Trait(state="awarded")
        rejected = factory.Trait(state="rejected")
        dismissed = factory.Trait(state="dismissed")
        withdrawn = factory.Trait(state="withdrawn")

    call = factory.LazyFunction(development_call)
    organisation = factory.LazyFunction(municipality)
    area = factory.LazyAttribute(lambda o: o.call.areas.get(number=o.area_number) if o.area_number else None)
    created_by = factory.LazyAttribute(lambda o: colleague(o.organisation))
    budget = None
    state = "draft"
    title = "Arbeidsrettet norsk i praksis"
    summary = "Kort sammendrag."
    goals = "Flere i arbeid."
    target_group = "Nyankomne innvandrere."
    activities = "Språkpraksis hos arbeidsgivere."
    criterion_purpose = "I tråd med formålet."
    criterion_delivery = "Erfaren prosjektgruppe."
    criterion_transfer = "Modellen kan brukes av andre kommuner."
    project_start = factory.LazyAttribute(lambda o: dt.date(o.call.year, 3, 1))
    project_end = factory.LazyAttribute(lambda o: dt.date(o.call.year + len(o.budget or [0]) - 1, 12, 31))
    participants = 12
    contact_name = "Kari Kontakt"
    contact_email = "kari@example.no"
    contact_phone = "22 00 00 00"

    @classmethod
    def _create(cls, model_class, *args, call, organisation, created_by, budget=None, state="draft", **content):
        """Opened by the caseworker through the service; the text and budget are the
        caseworker's input to the draft."""
        from applications.models import BudgetLine, BudgetYear
        from applications.services.application import application_create

        if "status" in content:
            raise TypeError("pass state= (or a trait): a status is reached through the services")
        # A draft that will be sent is written while the call is open, like the real one.
        with on_day(submission_day(call) if state not in ("draft", "withdrawn") else None):
            application = application_create(user=created_by, organisation=organisation, call=call)
            for field, value in content.items():
                setattr(application, field, value)
            application.save()
            for index, amount in enumerate(budget or ["500000.00"], start=1):
                year = BudgetYear.objects.create(
                    application=application,
                    year_index=index,
                    year=call.year + index - 1,
                    own_contribution="100000.00",
                    other_funding="0.00",
                    amount_applied=Decimal(amount),
                )
                BudgetLine.objects.create(
                    budget_year=year,
                    category=BudgetLine.Category.SALARY,
                    description="Prosjektleder",
                    amount=Decimal("100000.00") + Decimal(amount),
                )
        return application_advance(application, state)


def make_application(org=None, *, call=None, area_number=2, created_by=None, status=None, **fields):
    """A valid draft application (the fields the rules need filled in), or — with `status` —
    one that has been taken to that state through the services."""
    kwargs = {"organisation": org or municipality(), "area_number": area_number, "state": status or "draft"}
    if call is not None:
        kwargs["call"] = call
    if created_by is not None:
        kwargs["created_by"] = created_by
    return ApplicationFactory(**kwargs, **fields)


# --- grants ----------------------------------------------------------------------------------

GRANT_STATES = ("decided", "letter_sent", "accepted", "declined", "lapsed")


def acceptance_details(grant, **overrides) -> dict:
    """What the approver confirms in the acceptance letter: the register data plus contacts
    and competence (rundskriv 06/2024 section 5)."""
    from applications.selectors.grant import acceptance_initial

    details = acceptance_initial(grant)
    details["contact_persons"] = details["contact_persons"] or "Kari Kontakt, kari@example.no"
    details["competence"] = details["competence"] or "Kommunen har drevet språkpraksis siden 2019."
    details.update(overrides)
    return details


def grant_accepted_by_approver(grant):
    """The organisation's approver accepts the letter of `grant` (letter_sent) now."""
    from applications.services.grant import grant_accept

    actor = colleague(grant.organisation, Membership.Role.APPROVER)
    acceptance = grant_accept(grant=grant, actor=actor, details=acceptance_details(grant))
    documents_rendered()
    return acceptance


def grant_advance(grant, state: str, *, signer=None, answered_by=None, sent_on=None, answered_on=None, lapsed_by=None):
    """Take a decided grant to `state`: letter signed and sent by a budget holder, then
    accepted or declined by the organisation's approver, or left to lapse past the deadline."""
    from applications.models import Grant
    from applications.services import grant as granting

    if state not in GRANT_STATES:
        raise ValueError(f"unknown grant state {state!r}")
    if state == "decided":
        return grant
    if state in ("accepted", "declined"):
        sent_on = sent_on or answered_on
    with on_day(sent_on):
        granting.grant_letter_send(grant=grant, actor=signer or budget_holder())
    grant = Grant.objects.get(pk=grant.pk)
    if state == "lapsed":
        granting.grant_lapse(grant=grant, actor=lapsed_by or officer(), reason="Ikke akseptert innen fristen.")
    elif state in ("accepted", "declined"):
        who = answered_by or colleague(grant.organisation, Membership.Role.APPROVER)
        with on_day(answered_on or sent_on):
            if state == "accepted":
                granting.grant_accept(grant=grant, actor=who, details=acceptance_details(grant))
            else:
                granting.grant_decline(grant=grant, actor=who, reason="Prosjektet kan ikke gjennomføres i år.")
            documents_rendered()
    return Grant.objects.get(pk=grant.pk)


def _later_year_grant(grant, *, year, amount, actor):
    """The grant for a later year of a multi-year project.

    No service decides a later year yet (the award decision records `later_years`, but
    nothing turns a year into its Grant when the Storting's appropriation is known): this
    builds it as decision_approve builds the first year's — a decided grant on the same
    decision, with its case event — which is the closest real path."""
    from applications.models import Grant
    from applications.services.assessment import history_save
    from core.services import case_event_record

    later = history_save(
        Grant(
            call=grant.call,
            organisation=grant.organisation,
            application=grant.application,
            decision=grant.decision,
            case_number=grant.case_number,
            year=year,
            amount=Decimal(amount),
            special_conditions=grant.special_conditions,
        ),
        actor,
    )
    case_event_record(
        subject=later, action="grant_decided", actor=actor, to_state=later.status, data={"amount": str(later.amount)}
    )
    return later


def reception_agreement(org, *, places, valid_from, valid_to=None, actor=None, centre_name="Integreringsmottak"):
    """An agreement on an integration reception centre, registered by an officer."""
    from applications.models import ReceptionCentreAgreement
    from applications.services.reception import reception_agreement_save

    agreement = ReceptionCentreAgreement(
        organisation=org,
        centre_name=centre_name,
        places=places,
        valid_from=valid_from,
        valid_to=valid_to,
        partnership_agreement_date=dt.date(valid_from.year - 1, 12, 1),
    )
    return reception_agreement_save(agreement=agreement, actor=actor or officer())


def _reception_grant(org, *, call, amount, agreements=None, actor):
    """The formula grant, computed by the service from the organisation's agreement(s).
    Without `agreements`, one agreement is chosen whose places × rate × months is `amount`."""
    from applications.models import Grant
    from schemes.models import Rate
    from schemes.selectors import rate_on
    from tests.factories_recep import reception_grants_compute_approved

    if agreements is None:
        rate = rate_on(Rate.Kind.PER_PLACE_MONTH, dt.date(call.year, 12, 1), scheme=call.scheme)
        place_months = Decimal(amount) / rate
        if place_months != place_months.to_integral_value():
            raise ValueError(f"{amount} is not a whole number of place-months at {rate}")
        place_months = int(place_months)
        months = next(m for m in range(12, 0, -1) if place_months % m == 0)
        agreements = [(place_months // months, dt.date(call.year, 13 - months, 1), None)]
    for places, valid_from, valid_to in agreements:
        reception_agreement(org, places=places, valid_from=valid_from, valid_to=valid_to, actor=actor)
    reception_grants_compute_approved(call=call, actor=actor)
    grant = Grant.objects.get(call=call, organisation=org, application__isnull=True)
    if Decimal(amount) != grant.amount:
        raise ValueError(f"the agreements give {grant.amount}, not {amount}")
    return grant


class GrantFactory(factory.django.DjangoModelFactory):
    """A decided grant of the 2024 development call to Bergen (an approved award of
    500 000 kr); traits take it through letter and answer. With a formula call (reception
    centres) the grant is computed from an agreement instead."""

    class Meta:
        model = "applications.Grant"

    class Params:
        decided = factory.Trait(state="decided")
        letter_sent = factory.Trait(state="letter_sent")
        accepted = factory.Trait(state="accepted")
        declined = factory.Trait(state="declined")
        lapsed = factory.Trait(state="lapsed")

    call = factory.LazyFunction(development_call)
    organisation = factory.LazyFunction(municipality)
    amount = "500000.00"
    year = None
    application = None
    state = "decided"
    special_conditions = ""
    later_years = None
    agreements = None
    # The moments of the letter and of the answer (None: now; an accepted grant is by default
    # answered on 1 March of its year, as the acceptance deadline normally falls then).
    sent_on = None
    answered_on = None
    signer = None
    answered_by = None
    proposer = None
    holder = None

    @classmethod
    def _create(cls, model_class, *args, **kw):
        return grant_build(**kw)


def _first_of_march_or_today(year: int) -> dt.date | None:
    """1 March of the grant year when that has passed, else today (None)."""
    day = dt.date(year, 3, 1)
    return day if today() > day else None


def grant_build(
    *,
    call,
    organisation,
    amount="500000.00",
    year=None,
    application=None,
    state="decided",
    special_conditions="",
    later_years=None,
    agreements=None,
    sent_on=None,
    answered_on=None,
    signer=None,
    answered_by=None,
    proposer=None,
    holder=None,
    places=None,
    monthly_rate=None,
    months=None,
):
    """The grant as the portal would have it in `state` (see GrantFactory)."""
    from applications.models import Application, Grant

    org = organisation
    if not (org.org_number and org.bank_account):
        with_details(org, seed=org.pk)
    year = year or call.year
    if state in ("accepted", "declined") and answered_on is None and sent_on is None:
        answered_on = _first_of_march_or_today(year)
    if state == "lapsed" and sent_on is None:
        sent_on = today() - dt.timedelta(days=30)
    decided_on = (answered_on or sent_on) if state != "decided" else None
    holder = holder or budget_holder()
    if call.application_deadline is None:
        with on_day(decided_on):
            grant = _reception_grant(org, call=call, amount=amount, agreements=agreements, actor=proposer or officer())
    else:
        first_amount = Decimal(amount) if year == call.year else None
        if year != call.year and later_years is None:
            later_years = [{"year": year, "amount": str(amount)}]
        if application is None:
            first_year = max(Decimal(amount), Decimal("500000.00"))
            budget = [first_year] + [Decimal(item["amount"]) for item in later_years or []]
            # Area 1 is the county municipalities' own; the others are open to municipalities.
            area_number = 1 if org.kind == Organisation.Kind.COUNTY_MUNICIPALITY else 2
            application = make_application(org, call=call, area_number=area_number, budget=budget, status="submitted")
        application.refresh_from_db()
        terms = {
            "amount": first_amount,
            "later_years": later_years,
            "special_conditions": special_conditions,
            "proposer": proposer,
            "holder": holder,
            "decided_on": decided_on,
        }
        if application.status == Application.Status.DRAFT:
            decision = application_advance(application, "awarded", **terms).factory_decision
        else:
            decision = application_decide(application, "award", **terms)
        grant = Grant.objects.get(decision=decision, year=call.year)
        if year != call.year:
            with on_day(decided_on):
                grant = _later_year_grant(grant, year=year, amount=amount, actor=holder)
    expected = {"places": places, "monthly_rate": monthly_rate, "months": months}
    for field, value in expected.items():
        if value is not None and Decimal(str(getattr(grant, field))) != Decimal(str(value)):
            raise ValueError(f"the computed grant has {field}={getattr(grant, field)}, not {value}")
    return grant_advance(grant, state, signer=signer, answered_by=answered_by, sent_on=sent_on, answered_on=answered_on)


def make_grant(org=None, *, call=None, amount="500000.00", status="decided", **fields):
    """A grant in `status`, reached through the services (see GrantFactory)."""
    kwargs = {"organisation": org or municipality(), "amount": amount, "state": status, **fields}
    if call is not None:
        kwargs["call"] = call
    return GrantFactory(**kwargs)
