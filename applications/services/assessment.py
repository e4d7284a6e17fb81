"""Assessment, decisions (four eyes) and budget control (appeals: applications.services.appeal).

Every amount that leaves a frame is checked and written in one transaction under a row lock
on the Call (always locked first, then the appropriation share), so two budget holders
approving at the same moment cannot overspend."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import rules as app_rules
from applications.models import Application, Assessment, Decision, Grant
from applications.selectors.assessment import budget_used, decision_hands
from applications.services.allowance import allowance_error
from applications.services.decision_letter import decision_letter_create
from core.money import format_nok, to_money
from core.services import case_event_record, history_save
from core.transitions import transition_apply, transition_check
from schemes.models import Call
from schemes.services import call_lock

OPEN_FOR_ASSESSMENT = (Application.Status.SUBMITTED, Application.Status.IN_ASSESSMENT)
SCORE_FIELDS = ("score_purpose", "score_delivery", "score_transfer")


def _require(user, perm: str, message):
    """The rules permission `perm` (applications.rules), or a clear refusal."""
    if not user.has_perm(perm):
        raise PermissionDenied(message)


def _require_officer(user):
    _require(user, "applications.assess_application", _("Bare rådgivere i IMDi kan gjøre dette."))


def _require_budget_holder(user):
    _require(user, "applications.approve_decision", _("Bare budsjettdisponenter i IMDi kan fatte vedtak."))


class ConflictRefused(ValidationError):
    """The actor has declared a conflict of interest in the case (applications.rules)."""


def refuse_if_conflicted(*, user, obj):
    """Refuse, with the declared reason, anything `user` would do in the case of `obj`."""
    refusal = app_rules.conflict_refusal(user, obj)
    if refusal:
        raise ConflictRefused(refusal)


def _money_str(value):
    return None if value is None else str(value)


@transaction.atomic
def assessment_start(*, application: Application, actor) -> Application:
    """submitted → in_assessment; a no-op when assessment has already started."""
    _require_officer(actor)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == Application.Status.IN_ASSESSMENT:
        return application
    if application.status != Application.Status.SUBMITTED:
        raise ValidationError(_("Bare innsendte søknader kan vurderes."))
    return transition_apply(obj=application, transition="start_assessment", actor=actor, event="assessment_started")


@transaction.atomic
def assessment_save(
    *,
    application: Application,
    officer,
    score_purpose: int,
    score_delivery: int,
    score_transfer: int,
    comment: str = "",
    recommended_amount=None,
    actor=None,
) -> Assessment:
    """Create or update this officer's assessment of the application (one per officer).

    `officer` is whose assessment it is; `actor` is who makes the change (a superuser may
    correct an officer's scores) and is what the case log and the history record."""
    actor = officer if actor is None else actor
    _require_officer(officer)
    _require_officer(actor)
    refuse_if_conflicted(user=officer, obj=application)
    refuse_if_conflicted(user=actor, obj=application)
    application = assessment_start(application=application, actor=actor)
    if application.status not in OPEN_FOR_ASSESSMENT:
        raise ValidationError(_("Søknaden er ferdig behandlet og kan ikke vurderes på nytt."))
    scores = {"score_purpose": score_purpose, "score_delivery": score_delivery, "score_transfer": score_transfer}
    errors = {}
    for field, value in scores.items():
        if value is None or not 1 <= int(value) <= 6:
            errors[field] = _("Velg en karakter fra 1 til 6.")
    if recommended_amount is not None:
        recommended_amount = to_money(recommended_amount)
        if recommended_amount < 0:
            errors["recommended_amount"] = _("Beløpet kan ikke være negativt.")
        elif recommended_amount > application_amount_applied(application):
            errors["recommended_amount"] = _("Anbefalt beløp kan ikke være høyere enn søknadsbeløpet.")
    if errors:
        raise ValidationError(errors)

    assessment = Assessment.objects.select_for_update().filter(application=application, officer=officer).first()
    before = None
    if assessment is None:
        assessment = Assessment(application=application, officer=officer)
    else:
        before = {f: getattr(assessment, f) for f in SCORE_FIELDS}
        before["recommended_amount"] = _money_str(assessment.recommended_amount)
        before["comment"] = assessment.comment
    for field, value in scores.items():
        setattr(assessment, field, int(value))
    assessment.comment = comment or ""
    assessment.recommended_amount = recommended_amount
    history_save(assessment, actor)
    after = {f: getattr(assessment, f) for f in SCORE_FIELDS}
    after["recommended_amount"] = _money_str(recommended_amount)
    after["comment"] = assessment.comment
    case_event_record(
        subject=application,
        action="assessment_scored" if before is None else "assessment_changed",
        actor=actor,
        message=_("Vurdering registrert") if before is None else _("Vurdering endret"),
        data={"assessment": assessment.pk, "officer": officer.pk, "before": before, "after": after},
    )
    return assessment


def application_amount_applied(application: Application) -> Decimal:
    return sum((by.amount_applied for by in application.budget_years.all()), Decimal("0.00"))


def application_first_year_applied(application: Application) -> Decimal:
    first = application.budget_years.order_by("year_index").first()
    return first.amount_applied if first else Decimal("0.00")


def _later_years_default(application):
    return [
        {"year": by.year, "amount": str(by.amount_applied)}
        for by in application.budget_years.order_by("year_index")
        if by.year_index > 1
    ]


def _money_or_zero(value) -> Decimal:
    return to_money(value) if value not in (None, "") else Decimal("0.00")


def decision_errors(*, application, outcome, amount=None, later_years=None, reason="", allowance=None):
    """Check a proposal; returns (errors by field, amount, later years) — shared with the admin form.

    The participant allowance (`allowance`, and "allowance" in each later year) is awarded beside
    the project amount, each within its own cap (applications.services.allowance)."""
    errors = {}
    try:
        amount = _money_or_zero(amount)
        allowance = _money_or_zero(allowance)
    except (TypeError, ValueError):
        return {"amount": _("Skriv et gyldig beløp.")}, Decimal("0.00"), []
    if outcome == Decision.Outcome.AWARD:
        first_year = application_first_year_applied(application)
        if amount <= 0:
            errors["amount"] = _("Et tilskudd må være større enn 0 kr.")
        elif amount > first_year:
            errors["amount"] = _(
                "Tilskuddet kan ikke være høyere enn det som er søkt om for første år (%(amount)s)."
            ) % {"amount": format_nok(first_year)}
        refusal = allowance_error(application, application.call.year, allowance)
        if refusal:
            errors["allowance"] = refusal
        later_years = _later_years_default(application) if later_years is None else later_years
        applied_by_year = {by.year: by.amount_applied for by in application.budget_years.all()}
        clean_later = []
        for item in later_years or []:
            try:
                year, year_amount = int(item["year"]), to_money(item["amount"])
                year_allowance = _money_or_zero(item.get("allowance"))
            except (KeyError, TypeError, ValueError):
                errors["later_years"] = _("Senere år må oppgis som år og beløp.")
                break
            if year <= application.call.year or year_amount < 0 or year_amount > applied_by_year.get(year, 0):
                errors["later_years"] = _("Beløpet for %(year)s kan ikke være høyere enn det som er søkt om.") % {
                    "year": year
                }
                break
            refusal = allowance_error(application, year, year_allowance)
            if refusal:
                errors["later_years"] = refusal
                break
            item = {"year": year, "amount": str(year_amount)}
            if year_allowance:
                item["allowance"] = str(year_allowance)
            clean_later.append(item)
        later_years = clean_later
    elif outcome in (Decision.Outcome.REJECT, Decision.Outcome.DISMISS):
        if amount != 0 or allowance != 0:
            errors["amount"] = _("Avslag og avvisning har ikke beløp.")
        if not (reason or "").strip():
            errors["reason"] = _("Skriv begrunnelsen for vedtaket.")
        later_years = []
    else:
        errors["outcome"] = _("Velg utfall.")
    return errors, amount, later_years


@transaction.atomic
def decision_propose(
    *,
    application: Application,
    actor,
    outcome: str,
    amount=None,
    later_years=None,
    reason: str = "",
    special_conditions: str = "",
    allowance=None,
) -> Decision:
    """An officer proposes a decision; a budget holder approves it later (four eyes)."""
    _require_officer(actor)
    refuse_if_conflicted(user=actor, obj=application)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in OPEN_FOR_ASSESSMENT:
        raise ValidationError(_("Det kan bare foreslås vedtak i innsendte søknader som ikke er avgjort."))
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
    allowance = _money_or_zero(allowance)  # checked above: 0 unless an award

    assessment_start(application=application, actor=actor)
    decision = Decision(
        application=application,
        outcome=outcome,
        amount=amount,
        allowance=allowance,
        later_years=later_years,
        reason=reason or "",
        special_conditions=special_conditions or "",
        proposed_by=actor,
    )
    history_save(decision, actor)
    case_event_record(
        subject=application,
        action="decision_proposed",
        actor=actor,
        to_state=Decision.Status.PROPOSED,
        message=_("Forslag til vedtak: %(outcome)s") % {"outcome": decision.get_outcome_display()},
        data={
            "decision": decision.pk,
            "outcome": outcome,
            "amount": str(amount),
            "allowance": str(allowance),
            "later_years": later_years,
        },
    )
    return decision


@transaction.atomic
def decision_amount_change(*, decision: Decision, actor, amount, allowance=None) -> Decision:
    """The officer adjusts the amount (and the allowance, when given) of a proposed award
    before it is approved; each within its own cap."""
    _require_officer(actor)
    decision = Decision.objects.select_for_update().select_related("application").get(pk=decision.pk)
    refuse_if_conflicted(user=actor, obj=decision)
    try:
        transition_check(obj=decision, transition="revise", actor=actor)
    except ValidationError as exc:
        raise ValidationError(_("Bare beløpet i et foreslått tilskudd kan endres.")) from exc
    amount = to_money(amount)
    first_year = application_first_year_applied(decision.application)
    if amount <= 0 or amount > first_year:
        raise ValidationError({"amount": _("Beløpet må være over 0 kr og høyst det som er søkt om for første år.")})
    allowance = decision.allowance if allowance in (None, "") else to_money(allowance)
    refusal = allowance_error(decision.application, decision.application.call.year, allowance)
    if refusal:
        raise ValidationError({"allowance": refusal})
    before, allowance_before = decision.amount, decision.allowance
    if amount == before and allowance == allowance_before:
        return decision
    decision.amount = amount
    decision.allowance = allowance
    decision.changed_by = actor
    decision.changed_at = timezone.now()
    # Any confirmation page already open for the old amount is now stale.
    decision.version += 1
    return transition_apply(
        obj=decision,
        transition="revise",
        actor=actor,
        event="decision_amount_changed",
        subject=decision.application,
        update_fields=["amount", "allowance", "changed_by", "changed_at", "version"],
        data={
            "decision": decision.pk,
            "before": str(before),
            "after": str(amount),
            "version": decision.version,
            **(
                {"allowance_before": str(allowance_before), "allowance_after": str(allowance)}
                if allowance != allowance_before
                else {}
            ),
        },
    )


class BudgetExceeded(ValidationError):
    pass


def _budget_check(*, call: Call, application: Application, amount: Decimal):
    """Refuse `amount` if it takes any frame, cap or the appropriation share below zero.

    Must run inside the transaction that holds the lock on `call` (and its share)."""
    used = budget_used(call=call, area=application.area, organisation=application.organisation)
    # Money bound by later years of earlier multi-year awards cannot be awarded again.
    for key in ("call", "area", "applicant", "share"):
        used[key] += used[f"bound_{key}"]
    problems = []
    if used["call"] + amount > call.frame:
        problems.append(
            _("Utlysningens ramme på %(frame)s overskrides (disponert %(used)s).")
            % {"frame": format_nok(call.frame), "used": format_nok(used["call"])}
        )
    area = application.area
    if area is not None and area.frame is not None and used["area"] + amount > area.frame:
        problems.append(
            _("Rammen for satsingsområde %(number)s på %(frame)s overskrides (disponert %(used)s).")
            % {"number": area.number, "frame": format_nok(area.frame), "used": format_nok(used["area"])}
        )
    if area is not None and area.per_applicant_cap is not None and used["applicant"] + amount > area.per_applicant_cap:
        problems.append(
            _("Høyeste tilskudd per søker i satsingsområde %(number)s er %(cap)s (allerede gitt %(used)s).")
            % {"number": area.number, "cap": format_nok(area.per_applicant_cap), "used": format_nok(used["applicant"])}
        )
    share = call.appropriation_share
    if share is not None and used["share"] + amount > share.amount:
        problems.append(
            _("Bevilgningen %(label)s på %(amount)s overskrides (disponert %(used)s).")
            % {"label": share.label, "amount": format_nok(share.amount), "used": format_nok(used["share"])}
        )
    if problems:
        raise BudgetExceeded(problems)


def decision_four_eyes_refusal(*, decision: Decision, actor, hands=None) -> str | None:
    """Why `actor` may not approve `decision` (they proposed or changed it), or None.

    Holds for every user, superusers included, whatever groups they are in."""
    hands = decision_hands(decision) if hands is None else hands
    if actor.pk == decision.proposed_by_id:
        return _("Du kan ikke godkjenne et vedtak du selv har foreslått (fire øyne).")
    if actor.pk in hands:
        return _("Du kan ikke godkjenne et vedtak der du selv har endret beløpet (fire øyne).")
    return None


def decision_version_refusal(*, decision: Decision, expected_version) -> str | None:
    """The proposal must still be the one the budget holder's page showed."""
    try:
        seen = int(expected_version)
    except (TypeError, ValueError):
        seen = None
    if seen == decision.version:
        return None
    amount = format_nok(decision.amount) if decision.outcome == Decision.Outcome.AWARD else "–"
    return _(
        "Forslaget er endret etter at du åpnet siden (tilskuddet er nå %(amount)s). "
        "Ingenting er godkjent. Åpne vedtaket på nytt og se over forslaget før du godkjenner."
    ) % {"amount": amount}


@transaction.atomic
def decision_approve(*, decision: Decision, actor, expected_version=None) -> Decision:
    """A budget holder approves a proposed decision. An award becomes a Grant for the first
    year, within every frame; rejection and dismissal letters are sent.

    `expected_version` is the version the confirmation page showed: every surface that asks
    a budget holder to confirm passes it, and a proposal changed since then is refused.
    (Code without a page to show, such as the demo seed, may leave it out.)"""
    _require_budget_holder(actor)
    outcome, call_id = Decision.objects.values_list("outcome", "application__call_id").get(pk=decision.pk)
    # Only an award spends money: lock the call (first, always) so the frames are checked and
    # written as one. Rejections and dismissals need no lock while their letters render.
    call = call_lock(call_id) if outcome == Decision.Outcome.AWARD else Call.objects.get(pk=call_id)
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("application__area", "application__organisation")
        .get(pk=decision.pk)
    )
    application = decision.application
    if decision.status != Decision.Status.PROPOSED:
        raise ValidationError(_("Vedtaket er ikke lenger et forslag og kan ikke godkjennes."))
    refuse_if_conflicted(user=actor, obj=decision)
    refusal = decision_four_eyes_refusal(decision=decision, actor=actor)
    if refusal is None and expected_version is not None:
        refusal = decision_version_refusal(decision=decision, expected_version=expected_version)
    if refusal:
        raise ValidationError(refusal)
    if application.status not in OPEN_FOR_ASSESSMENT:
        raise ValidationError(_("Søknaden er allerede avgjort."))

    if decision.outcome == Decision.Outcome.AWARD:
        # Frames count both the project amount and the allowance.
        _budget_check(call=call, application=application, amount=decision.amount + decision.allowance)

    # The decision's own step is checked and taken here; its case event is the application's
    # (submitted → awarded | rejected | dismissed), which names the decision.
    transition_check(obj=decision, transition="approve", actor=actor)
    decision.approve()
    decision.approved_by = actor
    decision.approved_at = timezone.now()
    history_save(decision, actor, update_fields=["status", "approved_by", "approved_at"])

    outcome_transition = {
        Decision.Outcome.AWARD: "award",
        Decision.Outcome.REJECT: "reject",
        Decision.Outcome.DISMISS: "dismiss",
    }[decision.outcome]
    transition_apply(
        obj=application,
        transition=outcome_transition,
        actor=actor,
        event="decision_approved",
        message=_("Vedtak godkjent: %(outcome)s") % {"outcome": decision.get_outcome_display()},
        data={
            "decision": decision.pk,
            "amount": str(decision.amount),
            "version": decision.version,
            "proposed_by": decision.proposed_by_id,
            "changed_by": decision.changed_by_id,
        },
    )

    if decision.outcome == Decision.Outcome.AWARD:
        grant = Grant(
            call=call,
            organisation=application.organisation,
            application=application,
            decision=decision,
            case_number=application.case_number or "",
            year=call.year,
            amount=decision.amount + decision.allowance,
            allowance=decision.allowance,
            special_conditions=decision.special_conditions,
        )
        history_save(grant, actor)
        case_event_record(
            subject=grant,
            action="grant_decided",
            actor=actor,
            to_state=grant.status,
            data={
                "amount": str(grant.amount),
                "allowance": str(grant.allowance),
                "decision": decision.pk,
                "later_years": decision.later_years,
            },
        )
        from applications.services.project_year import project_years_bind

        project_years_bind(decision=decision, grant=grant, actor=actor)
    else:
        decision_letter_create(decision=decision)  # rendered, then e-mailed, after the commit
    return decision


@transaction.atomic
def decision_return(*, decision: Decision, actor, comment: str = "") -> Decision:
    """A budget holder sends a proposal back to the officers, saying why (the comment is
    required: the officer reads it on the decision and revises it from there)."""
    _require_budget_holder(actor)
    decision = Decision.objects.select_for_update().select_related("application").get(pk=decision.pk)
    refuse_if_conflicted(user=actor, obj=decision)
    if not decision.is_proposed:
        raise ValidationError(_("Bare forslag kan returneres."))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Skriv hva rådgiveren skal se på før forslaget returneres.")})
    decision.return_comment = comment
    transition_apply(
        obj=decision,
        transition="return_to_officer",
        actor=actor,
        event="decision_returned",
        subject=decision.application,
        message=comment,
        data={"decision": decision.pk},
        update_fields=["return_comment"],
    )
    from applications.notices import case_event_latest, decision_returned_notify

    decision_id, event_id = decision.pk, case_event_latest(decision.application, "decision_returned").pk
    transaction.on_commit(lambda: decision_returned_notify(decision_id=decision_id, event_id=event_id))
    return decision


def decisions_approve_bulk(*, decisions, actor, versions=None) -> dict:
    """Approve each decision in its own transaction; one refused does not undo the others.

    `versions` maps each decision's id to the version its confirmation page showed; when
    given, a decision missing from it is refused rather than approved unseen."""
    _require_budget_holder(actor)
    approved, refused = [], []
    for decision in decisions:
        expected = None if versions is None else versions.get(decision.pk, "missing")
        try:
            decision_approve(decision=decision, actor=actor, expected_version=expected)
            approved.append(decision)
        except ValidationError as exc:
            refused.append((decision, exc.messages))
    return {"approved": approved, "refused": refused}
