"""Multi-year awards: the later years bound at the award, and their continuation.

Rundskriv 08/2024: "Flerårige prosjekter kan få støtte i inntil tre år, men med forbehold om
Stortingets bevilgning for hvert budsjettår", and "Tilskuddet tildeles for ett år av gangen".

- At the award (decision_approve) each later year becomes a ProjectYear that binds its amount
  in that year's frames of the scheme. Where the year's call already exists, the bound amount
  must fit in its frames (with what is awarded and bound there), checked under its lock.
- A new award in a later year's call counts the bound money as used (assessment._budget_check).
- When the year's call and appropriation exist, an officer proposes to confirm, reduce or stop
  the year, with a reason based on the status report; a budget holder who did not propose it
  approves (four eyes). A confirmed year becomes a Grant in that year's call, which then goes
  through the first year's machinery: letter, acceptance, payment terms, report obligations.
- Confirmations share the year's frames in the order they are approved: each must fit with what
  is already awarded there (the other bound years are promises "med forbehold", not awards),
  under the year's call lock, so two confirmations cannot overspend a frame together.

Locks: calls in ascending year (the award's call first), each with its share (call_lock)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Grant, ProjectYear
from applications.selectors.assessment import budget_used
from applications.selectors.project_year import project_year_area, project_year_call
from applications.services.allowance import allowance_error
from core.money import format_nok, to_money
from core.services import case_event_record, history_save
from core.transitions import transition_apply, transition_check
from schemes.models import Call
from schemes.services import call_lock

ZERO = Decimal("0.00")
REASON_MAX = 4000


class YearBudgetExceeded(ValidationError):
    pass


def frames_problems(*, call, area, organisation, amount, count_bound: bool) -> list[str]:
    """Why `amount` does not fit in `call`'s frames (and `area`'s, and the share): what is
    awarded there, and with `count_bound` also what later years bind. Run under call_lock."""
    used = budget_used(call=call, area=area, organisation=organisation)
    if count_bound:
        for key in ("call", "area", "applicant", "share"):
            used[key] += used[f"bound_{key}"]
    problems = []
    if used["call"] + amount > call.frame:
        problems.append(
            _("Rammen for %(call)s på %(frame)s overskrides (disponert %(used)s).")
            % {"call": call, "frame": format_nok(call.frame), "used": format_nok(used["call"])}
        )
    if area is not None and area.frame is not None and used["area"] + amount > area.frame:
        problems.append(
            _("Rammen for satsingsområde %(number)s i %(year)s på %(frame)s overskrides (disponert %(used)s).")
            % {
                "number": area.number,
                "year": call.year,
                "frame": format_nok(area.frame),
                "used": format_nok(used["area"]),
            }
        )
    if area is not None and area.per_applicant_cap is not None and used["applicant"] + amount > area.per_applicant_cap:
        problems.append(
            _("Høyeste tilskudd per søker i satsingsområde %(number)s i %(year)s er %(cap)s (allerede %(used)s).")
            % {
                "number": area.number,
                "year": call.year,
                "cap": format_nok(area.per_applicant_cap),
                "used": format_nok(used["applicant"]),
            }
        )
    share = call.appropriation_share
    if share is not None and used["share"] + amount > share.amount:
        problems.append(
            _("Bevilgningen %(label)s på %(amount)s overskrides (disponert %(used)s).")
            % {"label": share.label, "amount": format_nok(share.amount), "used": format_nok(used["share"])}
        )
    return problems


# --- binding at the award ------------------------------------------------------------------


def project_years_bind(*, decision, grant: Grant, actor) -> list[ProjectYear]:
    """Bind the later years of an approved award (decision.later_years) in their years' frames.
    Called by decision_approve inside its transaction, the award's call already locked."""
    application = decision.application
    index_of = {by.year: by.year_index for by in application.budget_years.all()}
    bound = []
    for item in sorted(decision.later_years or [], key=lambda i: int(i["year"])):
        year = int(item["year"])
        allowance = to_money(item.get("allowance") or "0")
        amount = to_money(item["amount"]) + allowance
        if amount <= 0:
            continue
        area_number = application.area.number if application.area_id else None
        later_call = Call.objects.filter(scheme_id=grant.call.scheme_id, year=year).values_list("pk", flat=True).first()
        if later_call is not None:
            later_call = call_lock(later_call)
            area = later_call.areas.filter(number=area_number).first() if area_number else None
            problems = frames_problems(
                call=later_call, area=area, organisation=application.organisation, amount=amount, count_bound=True
            )
            if problems:
                raise YearBudgetExceeded([_("Beløpet for %(year)s kan ikke bindes:") % {"year": year}, *problems])
        project_year = history_save(
            ProjectYear(
                decision=decision,
                application=application,
                organisation=application.organisation,
                scheme_id=grant.call.scheme_id,
                area_number=area_number,
                case_number=grant.case_number,
                year=year,
                year_index=index_of.get(year, year - grant.year + 1),
                amount=amount,
                allowance=allowance,
            ),
            actor,
        )
        case_event_record(
            subject=project_year,
            action="project_year_bound",
            actor=actor,
            to_state=project_year.status,
            message=_("%(amount)s bundet for %(year)s") % {"amount": format_nok(amount), "year": year},
            data={"year": year, "amount": str(amount), "allowance": str(allowance), "decision": decision.pk},
        )
        bound.append(project_year)
    return bound


# --- the officer's proposal ------------------------------------------------------------------


# What may stop a later year from being continued, asked by layers above this one (payments: an
# approved reaction "stop later years"). Each check takes the project year and returns the
# reason it may not continue, or None.
_CONTINUATION_CHECKS: list = []


def continuation_check_register(check) -> None:
    """Register `check(project_year) -> str | None` (idempotent)."""
    if not any(registered is check for registered in _CONTINUATION_CHECKS):
        _CONTINUATION_CHECKS.append(check)


def continuation_refusal(project_year) -> str | None:
    """Why the year may not be confirmed or reduced (only stopped), or None."""
    for check in _CONTINUATION_CHECKS:
        reason = check(project_year)
        if reason:
            return str(reason)
    return None


def _continuation_require(project_year) -> None:
    reason = continuation_refusal(project_year)
    if reason:
        raise ValidationError(reason)


def _locked(project_year) -> ProjectYear:
    return (
        ProjectYear.objects.select_for_update(of=("self",))
        .select_related("application__area", "application__call", "organisation", "decision")
        .get(pk=project_year.pk)
    )


def _clean_reason(reason) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv begrunnelsen, ut fra statusrapporten for året før.")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("Begrunnelsen kan være høyst %(n)s tegn.") % {"n": REASON_MAX}})
    return reason


def _year_call_required(project_year) -> Call:
    call = project_year_call(project_year)
    if call is None or call.appropriation_share_id is None:
        raise ValidationError(
            _("Året %(year)s kan ikke videreføres før utlysningen og bevilgningen for %(year)s er registrert.")
            % {"year": project_year.year}
        )
    return call


def _propose(*, project_year, actor, transition, event, proposal, amount, allowance, reason) -> ProjectYear:
    transition_check(obj=project_year, transition=transition, actor=actor)
    project_year.proposal = proposal
    project_year.proposed_amount = amount
    project_year.proposed_allowance = allowance
    project_year.reason = reason
    project_year.proposed_by = actor
    project_year.proposed_at = timezone.now()
    project_year.version += 1
    return transition_apply(
        obj=project_year,
        transition=transition,
        actor=actor,
        event=event,
        message=reason,
        data={
            "year": project_year.year,
            "bound": str(project_year.amount),
            "amount": None if amount is None else str(amount),
            "allowance": None if allowance is None else str(allowance),
            "version": project_year.version,
        },
        update_fields=[
            "proposal",
            "proposed_amount",
            "proposed_allowance",
            "reason",
            "proposed_by",
            "proposed_at",
            "version",
        ],
    )


@transaction.atomic
def grant_year_confirm(*, project_year: ProjectYear, actor, reason: str) -> ProjectYear:
    """Propose to continue the year with the amount the award bound."""
    reason = _clean_reason(reason)
    project_year = _locked(project_year)
    _year_call_required(project_year)
    _continuation_require(project_year)
    return _propose(
        project_year=project_year,
        actor=actor,
        transition="propose_confirm",
        event="project_year_confirm_proposed",
        proposal=ProjectYear.Proposal.CONFIRM,
        amount=project_year.amount,
        allowance=project_year.allowance,
        reason=reason,
    )


@transaction.atomic
def grant_year_reduce(*, project_year: ProjectYear, actor, amount, reason: str, allowance=None) -> ProjectYear:
    """Propose to continue the year with less: `amount` for the project and `allowance` for the
    participant allowance, each at most what the award bound for it, together less than it."""
    reason = _clean_reason(reason)
    try:
        amount = to_money(amount)
        allowance = ZERO if allowance in (None, "") else to_money(allowance)
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise ValidationError({"amount": _("Skriv et gyldig beløp i kroner.")}) from exc
    project_year = _locked(project_year)
    _continuation_require(project_year)
    bound_project = project_year.amount - project_year.allowance
    if amount <= 0:
        raise ValidationError({"amount": _("Beløpet må være større enn 0 kr. Vil du stanse året, velg «Stans».")})
    if amount > bound_project:
        raise ValidationError(
            {
                "amount": _("Beløpet kan være høyst det som er bundet for prosjektet (%(bound)s).")
                % {"bound": format_nok(bound_project)}
            }
        )
    if allowance > project_year.allowance:
        raise ValidationError(
            {
                "allowance": _("Deltakerstønaden kan være høyst det som er bundet (%(bound)s).")
                % {"bound": format_nok(project_year.allowance)}
            }
        )
    refusal = allowance_error(project_year.application, project_year.year, allowance)
    if refusal:
        raise ValidationError({"allowance": refusal})
    if amount + allowance >= project_year.amount:
        raise ValidationError(
            {"amount": _("En reduksjon må være lavere enn det bundne beløpet. Velg ellers «Bekreft».")}
        )
    _year_call_required(project_year)
    return _propose(
        project_year=project_year,
        actor=actor,
        transition="propose_reduce",
        event="project_year_reduce_proposed",
        proposal=ProjectYear.Proposal.REDUCE,
        amount=amount + allowance,
        allowance=allowance,
        reason=reason,
    )


@transaction.atomic
def grant_year_stop(*, project_year: ProjectYear, actor, reason: str) -> ProjectYear:
    """Propose to stop the year (no grant for it); the bound money is released when approved."""
    reason = _clean_reason(reason)
    project_year = _locked(project_year)
    return _propose(
        project_year=project_year,
        actor=actor,
        transition="propose_stop",
        event="project_year_stop_proposed",
        proposal=ProjectYear.Proposal.STOP,
        amount=None,
        allowance=None,
        reason=reason,
    )


# --- the budget holder's decision ------------------------------------------------------------


def project_year_hands(project_year) -> set[int]:
    """Everyone who proposed the current proposal or changed the year while it was proposed."""
    hands = {project_year.proposed_by_id}
    hands |= set(
        ProjectYear.history.filter(id=project_year.pk, status=ProjectYear.Status.PROPOSED, version=project_year.version)
        .exclude(history_user=None)
        .values_list("history_user_id", flat=True)
    )
    hands.discard(None)
    return hands


def project_year_four_eyes_refusal(*, project_year, actor) -> str | None:
    if actor.pk in project_year_hands(project_year):
        return _("Du kan ikke godkjenne et forslag du selv har laget (fire øyne).")
    return None


def _decidable(project_year, *, actor, expected_version):
    if not project_year.is_proposed:
        raise ValidationError(_("Året har ikke noe forslag som venter på godkjenning."))
    refusal = project_year_four_eyes_refusal(project_year=project_year, actor=actor)
    if refusal:
        raise ValidationError(refusal)
    if expected_version is not None:
        try:
            seen = int(expected_version)
        except (TypeError, ValueError):
            seen = None
        if seen != project_year.version:
            raise ValidationError(
                _("Forslaget er endret etter at du åpnet siden. Ingenting er godkjent. Åpne året på nytt.")
            )


@transaction.atomic
def grant_year_approve(*, project_year: ProjectYear, actor, expected_version=None) -> ProjectYear:
    """A budget holder approves the proposal: a stop releases the bound money; a confirmation
    or reduction becomes the year's Grant in the year's call, within its frames."""
    if not actor.has_perm("applications.decide_project_year"):
        raise PermissionDenied(_("Bare budsjettdisponenter i IMDi kan godkjenne videreføring av et år."))
    proposal = ProjectYear.objects.values_list("proposal", flat=True).get(pk=project_year.pk)
    if proposal == ProjectYear.Proposal.STOP:
        project_year = _locked(project_year)
        _decidable(project_year, actor=actor, expected_version=expected_version)
        project_year.decided_by, project_year.decided_at = actor, timezone.now()
        return transition_apply(
            obj=project_year,
            transition="approve_stop",
            actor=actor,
            event="project_year_stopped",
            message=project_year.reason,
            data={"year": project_year.year, "released": str(project_year.amount)},
            update_fields=["decided_by", "decided_at"],
        )

    # The year's call first (the lock every award against its frames takes), then the year.
    call = _year_call_required(ProjectYear.objects.get(pk=project_year.pk))
    call = call_lock(call.pk)
    project_year = _locked(project_year)
    _decidable(project_year, actor=actor, expected_version=expected_version)
    _continuation_require(project_year)
    transition_check(obj=project_year, transition="approve", actor=actor)
    amount, allowance = project_year.proposed_amount, project_year.proposed_allowance or ZERO
    area = project_year_area(project_year, call)
    problems = frames_problems(
        call=call, area=area, organisation=project_year.organisation, amount=amount, count_bound=False
    )
    if problems:
        raise YearBudgetExceeded(problems)
    first = project_year.decision.grants.order_by("year").first()
    grant = history_save(
        Grant(
            call=call,
            organisation=project_year.organisation,
            application=project_year.application,
            decision=project_year.decision,
            case_number=project_year.case_number,
            year=project_year.year,
            amount=amount,
            allowance=allowance,
            special_conditions=first.special_conditions if first else "",
        ),
        actor,
    )
    case_event_record(
        subject=grant,
        action="grant_decided",
        actor=actor,
        to_state=grant.status,
        data={
            "amount": str(grant.amount),
            "allowance": str(grant.allowance),
            "decision": project_year.decision_id,
            "project_year": project_year.pk,
            "year_index": project_year.year_index,
        },
    )
    project_year.grant = grant
    project_year.decided_by, project_year.decided_at = actor, timezone.now()
    return transition_apply(
        obj=project_year,
        transition="approve",
        actor=actor,
        event="project_year_confirmed",
        message=_("%(year)s videreført med %(amount)s") % {"year": project_year.year, "amount": format_nok(amount)},
        data={"year": project_year.year, "bound": str(project_year.amount), "amount": str(amount), "grant": grant.pk},
        update_fields=["grant", "decided_by", "decided_at"],
    )


@transaction.atomic
def grant_year_return(*, project_year: ProjectYear, actor, comment: str = "") -> ProjectYear:
    """A budget holder sends the proposal back; the year stays bound."""
    project_year = _locked(project_year)
    if not project_year.is_proposed:
        raise ValidationError(_("Året har ikke noe forslag som venter på godkjenning."))
    project_year.proposal = ""
    project_year.proposed_amount = None
    project_year.proposed_allowance = None
    project_year.version += 1
    return transition_apply(
        obj=project_year,
        transition="return_to_officer",
        actor=actor,
        event="project_year_returned",
        message=(comment or "").strip()[:REASON_MAX],
        data={"year": project_year.year, "version": project_year.version},
        update_fields=["proposal", "proposed_amount", "proposed_allowance", "version"],
    )
