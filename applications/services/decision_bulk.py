"""From the ranking to decisions: the officer proposes amounts for many applications at once,
revises a returned proposal, and the budget holder returns many with one comment; conflicts
of interest are declared here too.

A bulk proposal is checked against every frame under the same lock decision_approve takes
(the call first, then its appropriation share): what is committed, plus what other proposals
already ask for, plus this batch must fit, so two officers proposing at the same moment
cannot together promise more than the frame holds."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ConflictOfInterest, Decision
from applications.selectors.assessment import budget_used, pending_proposals
from applications.services.assessment import (
    decision_errors,
    decision_propose,
    decision_return,
    refuse_if_conflicted,
)
from core.money import format_nok
from core.services import case_event_record, history_save
from core.transitions import transition_apply
from schemes.services import call_lock

ZERO = Decimal("0.00")


def _require_officer(user):
    if not user.has_perm("applications.propose_decision"):
        raise PermissionDenied(_("Bare rådgivere i IMDi kan gjøre dette."))


@transaction.atomic
def conflict_declare(*, user, organisation, reason: str):
    """`user` declares themselves disqualified in cases from `organisation`, with the reason.
    Their own declaration only; it stands (a second one for the same organisation is refused)."""
    if not user.has_perm("applications.declare_conflict"):
        raise PermissionDenied(_("Bare ansatte i IMDi kan erklære inhabilitet."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv hvorfor du er inhabil.")})
    if organisation is None:
        raise ValidationError({"organisation": _("Velg søkeren du er inhabil overfor.")})
    if ConflictOfInterest.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError({"organisation": _("Du har allerede erklært deg inhabil overfor denne søkeren.")})
    conflict = history_save(ConflictOfInterest(user=user, organisation=organisation, reason=reason), user)
    case_event_record(
        subject=conflict,
        action="conflict_declared",
        actor=user,
        message=reason,
        data={"organisation": organisation.pk, "user": user.pk},
    )
    return conflict


def _frames_refusal(*, call, area, organisation, adding: dict) -> list[str]:
    """What goes over a frame if `adding` (by "call", "area", "applicant") is proposed on top of
    what is committed and already proposed. Runs under the call lock."""
    used = budget_used(call=call, area=area, organisation=organisation)
    pending = {
        "call": pending_proposals(call=call),
        "area": pending_proposals(call=call, area=area) if area is not None else ZERO,
        "applicant": pending_proposals(call=call, area=area, organisation=organisation) if area is not None else ZERO,
    }
    problems = []
    if used["call"] + pending["call"] + adding["call"] > call.frame:
        problems.append(
            _("Utlysningens ramme på %(frame)s overskrides (disponert %(used)s, foreslått %(pending)s).")
            % {
                "frame": format_nok(call.frame),
                "used": format_nok(used["call"]),
                "pending": format_nok(pending["call"] + adding["call"]),
            }
        )
    if area is not None and area.frame is not None and used["area"] + pending["area"] + adding["area"] > area.frame:
        problems.append(
            _(
                "Rammen for satsingsområde %(number)s på %(frame)s overskrides "
                "(disponert %(used)s, foreslått %(pending)s)."
            )
            % {
                "number": area.number,
                "frame": format_nok(area.frame),
                "used": format_nok(used["area"]),
                "pending": format_nok(pending["area"] + adding["area"]),
            }
        )
    if (
        area is not None
        and area.per_applicant_cap is not None
        and used["applicant"] + pending["applicant"] + adding["applicant"] > area.per_applicant_cap
    ):
        problems.append(
            _("%(organisation)s kan få høyst %(cap)s i satsingsområde %(number)s.")
            % {"organisation": organisation.name, "cap": format_nok(area.per_applicant_cap), "number": area.number}
        )
    share = call.appropriation_share
    if share is not None and used["share"] + pending["call"] + adding["call"] > share.amount:
        problems.append(
            _("Bevilgningen %(label)s på %(amount)s overskrides.")
            % {"label": share.label, "amount": format_nok(share.amount)}
        )
    return problems


@transaction.atomic
def decisions_propose_bulk(*, call, amounts: dict, actor) -> list[Decision]:
    """Propose an award of `amounts[application_id]` (first year, project amount) for each
    application, in one transaction under the call's frame lock: all are proposed, or none.

    An application whose proposal was returned has that proposal revised and sent again;
    one with a proposal already waiting is refused. Errors are keyed by application id."""
    _require_officer(actor)
    if not amounts:
        raise ValidationError(_("Skriv et beløp for minst én søknad."))
    call = call_lock(call.pk)
    applications = {
        a.pk: a
        for a in Application.objects.select_for_update(of=("self",))
        .filter(pk__in=list(amounts), call=call)
        .select_related("area", "organisation", "call")
        .order_by("pk")
    }
    errors: dict[str, list[str]] = {}
    for pk in amounts:
        if pk not in applications:
            errors[str(pk)] = [_("Søknaden hører ikke til denne utlysningen.")]
    returned = {
        d.application_id: d
        for d in Decision.objects.select_for_update()
        .filter(application__in=list(applications), status=Decision.Status.RETURNED)
        .order_by("application_id", "-proposed_at")
    }
    adding = {"call": ZERO}
    by_area: dict[int | None, Decimal] = {}
    by_applicant: dict[tuple, Decimal] = {}
    for pk, application in applications.items():
        refusal = app_conflict(actor, application)
        if refusal:
            errors[str(pk)] = [refusal]
            continue
        if application.decisions.filter(status=Decision.Status.PROPOSED).exists():
            errors[str(pk)] = [_("Søknaden har allerede et forslag til vedtak som venter på godkjenning.")]
            continue
        field_errors, amount, _later = decision_errors(
            application=application, outcome=Decision.Outcome.AWARD, amount=amounts[pk]
        )
        if field_errors:
            errors[str(pk)] = [str(m) for m in field_errors.values()]
            continue
        adding["call"] += amount
        by_area[application.area_id] = by_area.get(application.area_id, ZERO) + amount
        key = (application.area_id, application.organisation_id)
        by_applicant[key] = by_applicant.get(key, ZERO) + amount
    if errors:
        raise ValidationError(errors)
    problems = []
    seen = set()
    for application in applications.values():
        key = (application.area_id, application.organisation_id)
        if key in seen:
            continue
        seen.add(key)
        problems += _frames_refusal(
            call=call,
            area=application.area,
            organisation=application.organisation,
            adding={"call": adding["call"], "area": by_area[application.area_id], "applicant": by_applicant[key]},
        )
    if problems:
        # Ingenting foreslås: the officer lowers amounts and tries again.
        raise ValidationError({"__all__": list(dict.fromkeys(problems))})
    decisions = []
    for pk, application in applications.items():
        if pk in returned:
            decisions.append(
                decision_resubmit(
                    decision=returned[pk], actor=actor, outcome=Decision.Outcome.AWARD, amount=amounts[pk]
                )
            )
        else:
            decisions.append(
                decision_propose(
                    application=application, actor=actor, outcome=Decision.Outcome.AWARD, amount=amounts[pk]
                )
            )
    return decisions


def app_conflict(user, application):
    try:
        refuse_if_conflicted(user=user, obj=application)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None


@transaction.atomic
def decision_resubmit(
    *,
    decision: Decision,
    actor,
    outcome: str,
    amount=None,
    allowance=None,
    later_years=None,
    reason: str = "",
    special_conditions: str | None = None,
) -> Decision:
    """The officer revises a proposal the budget holder returned and sends it again: the same
    decision, a new version, and the officer as the one who changed it (four eyes still hold)."""
    _require_officer(actor)
    decision = Decision.objects.select_for_update().select_related("application__call").get(pk=decision.pk)
    refuse_if_conflicted(user=actor, obj=decision)
    if decision.status != Decision.Status.RETURNED:
        raise ValidationError(_("Bare et returnert forslag kan endres og sendes på nytt."))
    application = decision.application
    if application.decisions.filter(status=Decision.Status.PROPOSED).exists():
        raise ValidationError(_("Søknaden har allerede et forslag til vedtak som venter på godkjenning."))
    errors, amount, later_years = decision_errors(
        application=application,
        outcome=outcome,
        amount=amount,
        later_years=later_years,
        reason=reason,
        allowance=allowance,
    )
    if errors:
        raise ValidationError(errors)
    before = {"outcome": decision.outcome, "amount": str(decision.amount), "allowance": str(decision.allowance)}
    decision.outcome = outcome
    decision.amount = amount
    decision.allowance = allowance if outcome == Decision.Outcome.AWARD and allowance else ZERO
    decision.later_years = later_years
    decision.reason = reason or ""
    if special_conditions is not None:
        decision.special_conditions = special_conditions
    decision.changed_by = actor
    decision.changed_at = timezone.now()
    decision.version += 1
    decision = transition_apply(
        obj=decision,
        transition="resubmit",
        actor=actor,
        event="decision_resubmitted",
        subject=application,
        message=_("Forslaget er endret etter retur og sendt på nytt."),
        update_fields=[
            "outcome",
            "amount",
            "allowance",
            "later_years",
            "reason",
            "special_conditions",
            "changed_by",
            "changed_at",
            "version",
        ],
        data={
            "decision": decision.pk,
            "before": before,
            "after": {"outcome": outcome, "amount": str(amount), "allowance": str(decision.allowance)},
            "later_years": later_years,
            "version": decision.version,
        },
    )
    from applications.notices import case_event_latest, decision_resubmitted_notify

    decision_id, event_id = decision.pk, case_event_latest(application, "decision_resubmitted").pk
    transaction.on_commit(lambda: decision_resubmitted_notify(decision_id=decision_id, event_id=event_id))
    return decision


def decisions_return_bulk(*, decisions, actor, comment: str) -> dict:
    """Return each proposal with the same comment, each in its own transaction; one refused
    (a conflict of interest, no longer proposed) does not undo the others."""
    if not actor.has_perm("applications.return_decision"):
        raise PermissionDenied(_("Bare budsjettdisponenter i IMDi kan returnere forslag."))
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Skriv hva rådgiveren skal se på før forslaget returneres.")})
    returned, refused = [], []
    for decision in decisions:
        try:
            decision_return(decision=decision, actor=actor, comment=comment)
            returned.append(decision)
        except ValidationError as exc:
            refused.append((decision, exc.messages))
    return {"returned": returned, "refused": refused}
