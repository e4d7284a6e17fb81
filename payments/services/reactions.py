"""Reactions to a breach of the grant's conditions: proposed by an officer, approved or
rejected by a budget holder who neither proposed nor last changed them (four eyes), and a
repayment claim recorded as repaid by finance."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Grant
from core.calendar import today_oslo
from core.money import to_money
from core.services import case_event_record
from core.transitions import may, transition_apply
from payments.models import APPEAL_INFO_DEFAULT, Payment, Reaction
from payments.rules import proposed_or_changed
from payments.services.plan import (
    HOLD_FIELDS,
    locked_payment,
    payment_cancel,
    payment_part_split,
    payment_release,
    payment_transition,
)
from payments.services.reaction_letter import reaction_decision_enqueue

MONEY_LIMIT = Decimal("1000000000000")


def _claims_total(grant, *, exclude=None) -> Decimal:
    """Repayment claims that count against what was paid: under notice or proposed (so the
    same full claim cannot be made twice), open and settled. Only rejected ones, and notices
    closed without a reaction, are out."""
    claims = grant.reactions.filter(kind=Reaction.Kind.REPAYMENT_CLAIM).exclude(
        status__in=[Reaction.Status.REJECTED, Reaction.Status.WITHDRAWN]
    )
    if exclude is not None:
        claims = claims.exclude(pk=exclude.pk)
    return claims.aggregate(s=Sum("amount"))["s"] or Decimal("0")


def _paid_total(grant) -> Decimal:
    return grant.payments.filter(status=Payment.Status.PAID).aggregate(s=Sum("amount"))["s"] or Decimal("0")


def _locked_grant(grant):
    return Grant.objects.select_for_update(of=("self",)).get(pk=grant.pk)


def _reaction_checked(*, grant, kind, amount, reason, payment, exclude=None):
    """Validate a reaction's content against the grant, the grant row locked by the caller.
    Returns (amount, reason, payment) cleaned; raises a field-keyed ValidationError."""
    if kind not in Reaction.Kind.values:
        raise ValidationError({"kind": _("Ukjent reaksjon.")})
    reason = (reason or "").strip()
    if kind != Reaction.Kind.STOP_LATER_YEARS:
        try:
            amount = to_money(amount)
        except (ValueError, TypeError, ArithmeticError):
            raise ValidationError({"amount": _("Oppgi et gyldig beløp i kroner.")}) from None
        if amount >= MONEY_LIMIT:
            raise ValidationError({"amount": _("Beløpet er for stort.")})
        if amount <= 0:
            raise ValidationError({"amount": _("Beløpet må være større enn null.")})
    if not reason:
        raise ValidationError({"reason": _("Begrunnelsen må fylles ut.")})
    if kind == Reaction.Kind.REPAYMENT_CLAIM:
        paid = _paid_total(grant)
        claimed = _claims_total(grant, exclude=exclude)
        if claimed + amount > paid:
            raise ValidationError(
                {
                    "amount": _(
                        "Kravene kan til sammen ikke være større enn det som er utbetalt (%(paid)s). "
                        "Allerede krevd eller foreslått: %(claimed)s."
                    )
                    % {"paid": paid, "claimed": claimed}
                }
            )
        return amount, reason, None
    if kind == Reaction.Kind.STOP_LATER_YEARS:
        return Decimal("0.00"), reason, None
    if kind == Reaction.Kind.WITHHOLDING:
        if payment is None:
            raise ValidationError({"payment": _("Velg utbetalingen som skal holdes tilbake.")})
        payment = locked_payment(payment.pk)
        if payment.grant_id != grant.pk:
            raise ValidationError({"payment": _("Utbetalingen hører ikke til dette tilskuddet.")})
        if payment.status not in (Payment.Status.PLANNED, Payment.Status.DUE, Payment.Status.WITHHELD):
            raise ValidationError(
                {
                    "payment": _("Utbetalingen kan ikke holdes tilbake i status «%(s)s».")
                    % {"s": payment.get_status_display()}
                }
            )
        if payment.hold_kind == Payment.HoldKind.REACTION:
            raise ValidationError({"payment": _("Utbetalingen er allerede holdt tilbake ved et vedtak.")})
        if amount > payment.amount:
            raise ValidationError({"amount": _("Beløpet kan ikke være større enn utbetalingen.")})
        return amount, reason, payment
    raise ValidationError({"kind": _("Ukjent reaksjon.")})


@transaction.atomic
def reaction_record(
    *, grant, actor, kind, amount, reason, decided_on=None, payment=None, appeal_info="", repayment_due_date=None
):
    """An officer proposes a repayment claim or a withholding. It is an individual decision
    and takes effect only when a budget holder other than the proposer approves it
    (`reaction_approve`). The grant row is locked while the claims are added up, so two
    claims posted at once cannot together exceed what was paid."""
    grant = _locked_grant(grant)
    amount, reason, payment = _reaction_checked(grant=grant, kind=kind, amount=amount, reason=reason, payment=payment)
    decided_on = decided_on or today_oslo()
    reaction = Reaction.objects.create(
        grant=grant,
        kind=kind,
        amount=amount,
        reason=reason,
        payment=payment,
        decided_on=decided_on,
        decided_by=actor,
        changed_by=actor,
        appeal_info=(appeal_info or "").strip() or str(APPEAL_INFO_DEFAULT),
        repayment_due_date=repayment_due_date if kind == Reaction.Kind.REPAYMENT_CLAIM else None,
    )
    case_event_record(
        subject=grant,
        action="reaction_proposed",
        actor=actor,
        to_state=reaction.status,
        message=reaction.reason,
        data={
            "reaction": reaction.pk,
            "kind": kind,
            "amount": str(amount),
            "decided_on": decided_on.isoformat(),
            "version": reaction.version,
            "payment": getattr(payment, "reference", None),
        },
    )
    return reaction


def _locked_proposed_reaction(reaction) -> Reaction:
    reaction = Reaction.objects.select_for_update(of=("self",)).select_related("grant").get(pk=reaction.pk)
    if not reaction.is_proposed:
        raise ValidationError(_("Reaksjonen er allerede behandlet."))
    return reaction


@transaction.atomic
def reaction_update(*, reaction, actor, amount, reason, decided_on=None, payment=None, repayment_due_date=None):
    """An officer changes a proposed reaction: a new version, which an approval of an older
    version no longer matches; the one who changed it cannot approve it."""
    grant = _locked_grant(reaction.grant)
    reaction = _locked_proposed_reaction(reaction)
    amount, reason, payment = _reaction_checked(
        grant=grant,
        kind=reaction.kind,
        amount=amount,
        reason=reason,
        payment=payment or reaction.payment,
        exclude=reaction,
    )
    before = {"amount": str(reaction.amount), "reason": reaction.reason, "version": reaction.version}
    reaction.amount = amount
    reaction.reason = reason
    reaction.payment = payment
    reaction.decided_on = decided_on or reaction.decided_on
    if reaction.kind == Reaction.Kind.REPAYMENT_CLAIM:
        reaction.repayment_due_date = repayment_due_date
    reaction.version += 1
    reaction.changed_by = actor
    reaction.save(
        update_fields=["amount", "reason", "payment", "decided_on", "repayment_due_date", "version", "changed_by"]
    )
    case_event_record(
        subject=grant,
        action="reaction_changed",
        actor=actor,
        message=reason,
        data={
            "reaction": reaction.pk,
            "before": before,
            "after": {"amount": str(amount), "reason": reason, "version": reaction.version},
        },
    )
    return reaction


def reaction_can_review(user, reaction) -> bool:
    """Budget holders review reactions (a reaction is an individual decision with money
    consequences, signed like an award); never the one who proposed or last changed it,
    whatever groups they hold, superusers included (payments.rules)."""
    # Said twice on purpose: Django's ModelBackend answers every has_perm with yes for a
    # superuser, so the rules' four-eyes exclusion alone would not bind them.
    return not proposed_or_changed(user, reaction) and may(reaction, user, "approve")


def _reaction_review_checks(reaction, *, actor, version):
    if not reaction_can_review(actor, reaction):
        if proposed_or_changed(actor, reaction):
            raise PermissionDenied(_("Den som foreslo eller sist endret reaksjonen, kan ikke godkjenne den."))
        raise PermissionDenied(_("Bare en budsjettdisponent kan godkjenne reaksjoner."))
    try:
        version = int(version)
    except (TypeError, ValueError):
        version = None
    if version != reaction.version:
        raise ValidationError(
            _("Reaksjonen er endret etter at du åpnet den. Se over beløp og begrunnelse på nytt før du godkjenner.")
        )


@transaction.atomic
def reaction_approve(*, reaction, actor, version):
    """A budget holder approves the version of the reaction they saw; only then does it take
    effect: a withholding holds its payment back, a claim becomes an open claim."""
    grant = _locked_grant(reaction.grant)
    reaction = _locked_proposed_reaction(reaction)
    _reaction_review_checks(reaction, actor=actor, version=version)
    # The grant may have changed since the proposal (a payment went out, another claim).
    _amount, _reason, payment = _reaction_checked(
        grant=grant,
        kind=reaction.kind,
        amount=reaction.amount,
        reason=reaction.reason,
        payment=reaction.payment,
        exclude=reaction,
    )
    transition_apply(
        obj=reaction,
        transition="approve",
        actor=actor,
        event=f"reaction_{reaction.kind}",
        subject=grant,
        message=reaction.reason,
        data={
            "reaction": reaction.pk,
            "amount": str(reaction.amount),
            "decided_on": reaction.decided_on.isoformat(),
            "version": reaction.version,
            "proposed_by": reaction.decided_by_id,
        },
        update_fields=["approved_by", "approved_at"],
        error=ValidationError,
        user=actor,
        at=timezone.now(),
    )
    if payment is not None:
        payment.grant = grant
        reaction.held_payment = _hold_amount(reaction=reaction, payment=payment, actor=actor)
        reaction.payment = payment  # the locked row, with the amount left after a split
        reaction.save(update_fields=["held_payment"])
    reaction_decision_enqueue(reaction=reaction)
    return reaction


def _hold_amount(*, reaction, payment, actor) -> Payment:
    """Hold exactly the reaction's amount of `payment`: all of it, or a part split off as a
    payment of its own (same term and date) while the rest is paid on time."""
    reason = _("Holdt tilbake ved vedtak %(d)s: %(r)s") % {
        "d": reaction.decided_on.strftime("%d.%m.%Y"),
        "r": reaction.reason,
    }
    held = (
        payment
        if reaction.amount == payment.amount
        else payment_part_split(payment=payment, amount=reaction.amount, actor=actor)
    )
    payment_transition(
        held,
        "withhold",
        actor=actor,
        event="payment_withheld",
        message=reason[:300],
        data={"reaction": reaction.pk, "amount": str(held.amount)},
        update_fields=HOLD_FIELDS,
        reason=reason,
        kind=Payment.HoldKind.REACTION,
    )
    return held


@transaction.atomic
def reaction_withholding_settle(*, reaction, actor, outcome, note=""):
    """End an approved withholding as its final decision says: the held amount is released
    (paid in the next batch, exactly that amount) or it lapses (the held part is cancelled and
    never paid; nothing was paid out, so there is nothing to claim back)."""
    reaction = Reaction.objects.select_for_update(of=("self",)).select_related("grant").get(pk=reaction.pk)
    if not (reaction.is_withholding and reaction.is_approved and reaction.held_payment_id):
        raise ValidationError(_("Bare en vedtatt tilbakeholdelse kan avsluttes."))
    if reaction.withholding_outcome:
        raise ValidationError(_("Tilbakeholdelsen er allerede avsluttet."))
    note = (note or "").strip()
    payment = reaction.held_payment
    if outcome == Reaction.WithholdingOutcome.RELEASED:
        payment_release(payment=payment, actor=actor, note=note)
    elif outcome == Reaction.WithholdingOutcome.CANCELLED:
        if not note:
            raise ValidationError({"note": _("Oppgi hvorfor det tilbakeholdte beløpet faller bort.")})
        payment_cancel(payment=payment, actor=actor, reason=note)
    else:
        raise ValidationError({"outcome": _("Velg om beløpet skal frigis eller falle bort.")})
    reaction.withholding_outcome = outcome
    reaction.save(update_fields=["withholding_outcome"])
    case_event_record(
        subject=reaction.grant,
        action=f"reaction_withholding_{outcome}",
        actor=actor,
        message=note,
        data={"reaction": reaction.pk, "amount": str(payment.amount), "payment": payment.reference},
    )
    return reaction


@transaction.atomic
def reaction_reject(*, reaction, actor, version, note):
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Skriv hvorfor reaksjonen avvises.")})
    reaction = _locked_proposed_reaction(reaction)
    _reaction_review_checks(reaction, actor=actor, version=version)
    return transition_apply(
        obj=reaction,
        transition="reject",
        actor=actor,
        event="reaction_rejected",
        subject=reaction.grant,
        message=note[:300],
        data={"reaction": reaction.pk, "amount": str(reaction.amount), "version": reaction.version},
        update_fields=["approved_by", "approved_at", "review_note"],
        error=ValidationError,
        user=actor,
        at=timezone.now(),
        note=note,
    )


@transaction.atomic
def repayment_record_received(*, reaction, actor, repaid_on):
    reaction = Reaction.objects.select_for_update().get(pk=reaction.pk)
    if reaction.kind != Reaction.Kind.REPAYMENT_CLAIM:
        raise ValidationError(_("Bare tilbakebetalingskrav kan registreres som tilbakebetalt."))
    if not reaction.is_approved:
        raise ValidationError(_("Kravet er ikke godkjent."))
    if reaction.repaid_on:
        raise ValidationError(_("Tilbakebetalingen er allerede registrert."))
    reaction.repaid_on = repaid_on
    reaction.save(update_fields=["repaid_on"])
    case_event_record(
        subject=reaction.grant,
        action="repayment_received",
        actor=actor,
        data={"reaction": reaction.pk, "amount": str(reaction.amount), "repaid_on": repaid_on.isoformat()},
    )
    return reaction
