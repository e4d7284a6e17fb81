"""Every write in payments: payment plans, the due sweep, batches, recording and reactions."""

import datetime as dt
import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import next_bank_day, today_oslo
from core.money import split_exact, to_money
from core.pdf import sha256_hex
from core.services import case_event_record
from organisations.models import BankAccountChange, Organisation
from organisations.roles import is_budget_holder, is_finance, is_officer
from payments.models import APPEAL_INFO_DEFAULT, Payment, PayoutBatch, PayoutBatchLine, Reaction

ACCOUNT_PENDING_REASON = _("Nytt kontonummer venter på kontroll i IMDi.")


def payment_reference(*, grant, term_number) -> str:
    """Unique by construction (one row per grant and term); short enough for a pain.001
    EndToEndId (max 35 characters) and only characters every bank accepts."""
    return f"IMDI-{grant.year}-{grant.pk:07d}-{term_number}"


def payment_reference_reissued(payment) -> str:
    """A new end-to-end id for a payment whose earlier attempt was in an exported file and
    failed or came back: the bank must not take the new attempt for a duplicate."""
    base = payment_reference(grant=payment.grant, term_number=payment.term_number)
    return f"{base}-R{payment.reissue_count + 1}"


def payment_term_date(*, term, year, plan_day) -> dt.date:
    """The term's day in the grant year moved to a bank day. A term that has already passed
    when the plan is made (a late acceptance) is paid from the first bank day on or after the
    day of the plan instead: it is owed, just late."""
    day = max(term.planned_date(year), plan_day)
    return next_bank_day(day)


@transaction.atomic
def payment_plan_create_for_grant(*, grant, actor=None):
    """Create the grant's payments from the call's payout terms. Called by the acceptance
    service inside its transaction. Idempotent: a grant that already has a plan keeps it.

    Only this grant's year is planned: a later year of a multi-year project gets its own Grant
    when that year is decided, and its plan is made when that grant is accepted."""
    from applications.models import Grant

    grant = Grant.objects.select_for_update(of=("self",)).select_related("call").get(pk=grant.pk)
    existing = list(grant.payments.order_by("term_number"))
    if existing:
        return existing
    terms = list(grant.call.payout_terms.order_by("number"))
    if not terms:
        raise ValidationError(_("Utlysningen har ingen utbetalingsterminer."))
    if grant.amount <= 0:
        return []
    plan_day = today_oslo()
    parts = split_exact(grant.amount, len(terms))
    payments = []
    for term, part in zip(terms, parts, strict=True):
        if part <= 0:
            # Only possible for a grant of a few øre split in many terms; nothing to pay.
            continue
        payments.append(
            Payment(
                grant=grant,
                term_number=term.number,
                term_label=term.label,
                planned_date=payment_term_date(term=term, year=grant.year, plan_day=plan_day),
                amount=part,
                reference=payment_reference(grant=grant, term_number=term.number),
            )
        )
    Payment.objects.bulk_create(payments)
    case_event_record(
        subject=grant,
        action="payment_plan_created",
        actor=actor,
        message=_("Utbetalingsplan opprettet med %(n)s termin(er).") % {"n": len(payments)},
        data={
            "payments": [
                {"reference": p.reference, "date": p.planned_date.isoformat(), "amount": str(p.amount)}
                for p in payments
            ]
        },
    )
    return list(grant.payments.order_by("term_number"))


# --- conditions and the daily sweep ----------------------------------------------------------


def payment_condition_failures(*, grant_ids, today) -> dict[int, str]:
    """For each grant among `grant_ids` whose payments may not be paid today, the reason shown
    to officers and to the municipality."""
    from applications.models import Grant
    from reporting.selectors import grant_ids_with_overdue_reports

    grant_ids = set(grant_ids)
    failures = {}
    not_accepted = (
        Grant.objects.filter(pk__in=grant_ids).exclude(status=Grant.Status.ACCEPTED).values_list("pk", flat=True)
    )
    for grant_id in not_accepted:
        failures[grant_id] = _("Tilskuddet er ikke akseptert.")
    for grant_id in grant_ids_with_overdue_reports(grant_ids - set(failures), today=today):
        failures[grant_id] = _("En rapport er ikke levert innen fristen.")
    pending_account = Grant.objects.filter(
        pk__in=grant_ids - set(failures),
        organisation__bank_account_changes__status=BankAccountChange.Status.PENDING,
    ).values_list("pk", flat=True)
    for grant_id in pending_account:
        failures[grant_id] = str(ACCOUNT_PENDING_REASON)
    return failures


def organisation_ids_with_pending_account():
    return BankAccountChange.objects.filter(status=BankAccountChange.Status.PENDING).values("organisation_id")


def _payment_event(payment, *, action, from_state, actor=None, message="", data=None):
    case_event_record(
        subject=payment.grant,
        action=action,
        actor=actor,
        from_state=from_state,
        to_state=payment.status,
        message=message,
        data={"payment": payment.reference, **(data or {})},
    )


@transaction.atomic
def payments_due_update(*, today=None) -> dict:
    """Mark payments due when their date has come and their conditions hold, withhold them
    otherwise, and lift condition holds that have cleared. Running it twice changes nothing
    the second time: each payment is moved only when its state differs from the target."""
    return _payments_conditions_apply(Payment.objects.all(), today=today or today_oslo())


def _payments_conditions_apply(payments, *, today, actor=None) -> dict:
    candidates = list(
        payments.select_for_update(of=("self",))
        .select_related("grant")
        .filter(planned_date__lte=today)
        .filter(
            Q(status__in=[Payment.Status.PLANNED, Payment.Status.DUE])
            | Q(status=Payment.Status.WITHHELD, hold_kind=Payment.HoldKind.CONDITION)
        )
        .order_by("pk")
    )
    failures = payment_condition_failures(grant_ids={p.grant_id for p in candidates}, today=today)
    summary = {"due": 0, "withheld": 0, "released": 0, "reason_changed": 0}
    for payment in candidates:
        before = payment.status
        reason = failures.get(payment.grant_id)
        if reason is None and before != Payment.Status.DUE:
            payment.make_due()
            summary["released" if before == Payment.Status.WITHHELD else "due"] += 1
        elif reason is not None and before != Payment.Status.WITHHELD:
            payment.withhold(reason=reason, kind=Payment.HoldKind.CONDITION)
            summary["withheld"] += 1
        elif reason is not None and payment.withheld_reason != reason:
            payment.withheld_reason = reason
            summary["reason_changed"] += 1
        else:
            continue
        payment.save(update_fields=["status", "withheld_reason", "hold_kind"])
        _payment_event(payment, action="payment_sweep", from_state=before, actor=actor, message=payment.withheld_reason)
    return summary


# --- officer actions on single payments -----------------------------------------------------


def _locked_payment(payment_id) -> Payment:
    return Payment.objects.select_for_update(of=("self",)).select_related("grant").get(pk=payment_id)


@transaction.atomic
def payment_release(*, payment, actor, note=""):
    """An officer lifts a hold. The conditions are checked again: an overdue report or a
    missing acceptance still blocks the payment, whoever asks."""
    payment = _locked_payment(payment.pk)
    if payment.status != Payment.Status.WITHHELD:
        raise ValidationError(_("Bare tilbakeholdte utbetalinger kan frigis."))
    today = today_oslo()
    reason = payment_condition_failures(grant_ids={payment.grant_id}, today=today).get(payment.grant_id)
    if reason:
        raise ValidationError(_("Kan ikke frigis: %(reason)s") % {"reason": reason})
    before = payment.status
    if payment.planned_date <= today:
        payment.make_due()
    else:
        payment.status = Payment.Status.PLANNED
        payment.withheld_reason = ""
        payment.hold_kind = ""
    payment.save(update_fields=["status", "withheld_reason", "hold_kind"])
    _payment_event(payment, action="payment_released", from_state=before, actor=actor, message=note)
    return payment


@transaction.atomic
def payment_cancel(*, payment, actor, reason):
    payment = _locked_payment(payment.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Oppgi hvorfor utbetalingen kanselleres.")})
    if payment.status not in (Payment.Status.PLANNED, Payment.Status.DUE, Payment.Status.WITHHELD):
        raise ValidationError(
            _("Utbetalingen kan ikke kanselleres i status «%(s)s».") % {"s": payment.get_status_display()}
        )
    before = payment.status
    payment.cancel(reason=reason.strip())
    payment.save(update_fields=["status", "cancel_reason"])
    _payment_event(payment, action="payment_cancelled", from_state=before, actor=actor, message=reason.strip())
    return payment


# --- reactions ------------------------------------------------------------------------------


def _claims_total(grant, *, exclude=None) -> Decimal:
    """Repayment claims that count against what was paid: proposed (so the same full claim
    cannot be proposed twice), open and settled. Only rejected ones are out."""
    claims = grant.reactions.filter(kind=Reaction.Kind.REPAYMENT_CLAIM).exclude(status=Reaction.Status.REJECTED)
    if exclude is not None:
        claims = claims.exclude(pk=exclude.pk)
    return claims.aggregate(s=Sum("amount"))["s"] or Decimal("0")


def _paid_total(grant) -> Decimal:
    return grant.payments.filter(status=Payment.Status.PAID).aggregate(s=Sum("amount"))["s"] or Decimal("0")


def _locked_grant(grant):
    from applications.models import Grant

    return Grant.objects.select_for_update(of=("self",)).get(pk=grant.pk)


def _reaction_checked(*, grant, kind, amount, reason, payment, exclude=None):
    """Validate a reaction's content against the grant, the grant row locked by the caller.
    Returns (amount, reason, payment) cleaned; raises a field-keyed ValidationError."""
    amount = to_money(amount)
    if amount <= 0:
        raise ValidationError({"amount": _("Beløpet må være større enn null.")})
    reason = (reason or "").strip()
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
    if kind == Reaction.Kind.WITHHOLDING:
        if payment is None:
            raise ValidationError({"payment": _("Velg utbetalingen som skal holdes tilbake.")})
        payment = _locked_payment(payment.pk)
        if payment.grant_id != grant.pk:
            raise ValidationError({"payment": _("Utbetalingen hører ikke til dette tilskuddet.")})
        if payment.status not in (Payment.Status.PLANNED, Payment.Status.DUE, Payment.Status.WITHHELD):
            raise ValidationError(
                {
                    "payment": _("Utbetalingen kan ikke holdes tilbake i status «%(s)s».")
                    % {"s": payment.get_status_display()}
                }
            )
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
    if reaction.status != Reaction.Status.PROPOSED:
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
    whatever groups they hold, superusers included."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.pk in (reaction.decided_by_id, reaction.changed_by_id):
        return False
    return user.is_superuser or is_budget_holder(user)


def _reaction_review_checks(reaction, *, actor, version):
    if not reaction_can_review(actor, reaction):
        if actor.pk in (reaction.decided_by_id, reaction.changed_by_id):
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
    reaction.status = Reaction.Status.APPROVED
    reaction.approved_by = actor
    reaction.approved_at = timezone.now()
    reaction.save(update_fields=["status", "approved_by", "approved_at"])
    case_event_record(
        subject=grant,
        action=f"reaction_{reaction.kind}",
        actor=actor,
        from_state=Reaction.Status.PROPOSED,
        to_state=reaction.status,
        message=reaction.reason,
        data={
            "reaction": reaction.pk,
            "amount": str(reaction.amount),
            "decided_on": reaction.decided_on.isoformat(),
            "version": reaction.version,
            "proposed_by": reaction.decided_by_id,
        },
    )
    if payment is not None:
        before = payment.status
        payment.withhold(
            reason=_("Holdt tilbake ved vedtak %(d)s: %(r)s")
            % {"d": reaction.decided_on.strftime("%d.%m.%Y"), "r": reaction.reason},
            kind=Payment.HoldKind.REACTION,
        )
        payment.save(update_fields=["status", "withheld_reason", "hold_kind"])
        _payment_event(
            payment, action="payment_withheld", from_state=before, actor=actor, message=payment.withheld_reason
        )
    return reaction


@transaction.atomic
def reaction_reject(*, reaction, actor, version, note):
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Skriv hvorfor reaksjonen avvises.")})
    reaction = _locked_proposed_reaction(reaction)
    _reaction_review_checks(reaction, actor=actor, version=version)
    reaction.status = Reaction.Status.REJECTED
    reaction.approved_by = actor
    reaction.approved_at = timezone.now()
    reaction.review_note = note[:300]
    reaction.save(update_fields=["status", "approved_by", "approved_at", "review_note"])
    case_event_record(
        subject=reaction.grant,
        action="reaction_rejected",
        actor=actor,
        from_state=Reaction.Status.PROPOSED,
        to_state=reaction.status,
        message=reaction.review_note,
        data={"reaction": reaction.pk, "amount": str(reaction.amount), "version": reaction.version},
    )
    return reaction


@transaction.atomic
def repayment_record_received(*, reaction, actor, repaid_on):
    reaction = Reaction.objects.select_for_update().get(pk=reaction.pk)
    if reaction.kind != Reaction.Kind.REPAYMENT_CLAIM:
        raise ValidationError(_("Bare tilbakebetalingskrav kan registreres som tilbakebetalt."))
    if reaction.status != Reaction.Status.APPROVED:
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


# --- batches --------------------------------------------------------------------------------


@transaction.atomic
def payout_batch_create(*, actor, due_until, execution_date=None, call=None, scheme=None, payment_ids=None):
    """Put the due payments that match the selection into a new open batch.

    The rows are locked first and re-read, so two finance users building batches at the same
    time never both take a payment; the partial unique index on open lines is the backstop."""
    today = today_oslo()
    execution_date = next_bank_day(max(execution_date or today, today))
    # An organisation whose new account is not yet confirmed is held (the sweep withholds
    # its payments too; this covers a request made since the sweep ran).
    payments = (
        Payment.objects.select_for_update(of=("self",))
        .filter(status=Payment.Status.DUE, planned_date__lte=due_until)
        .exclude(grant__organisation__in=organisation_ids_with_pending_account())
    )
    if call is not None:
        payments = payments.filter(grant__call=call)
    if scheme is not None:
        payments = payments.filter(grant__call__scheme=scheme)
    if payment_ids is not None:
        payments = payments.filter(pk__in=payment_ids)
    payments = list(payments.order_by("planned_date", "id"))
    if not payments:
        raise ValidationError(_("Ingen utbetalinger er klare for utvalget."))
    batch = PayoutBatch.objects.create(
        reference=f"tmp-{uuid.uuid4().hex[:16]}",
        execution_date=execution_date,
        created_by=actor,
        selection={
            "due_until": due_until.isoformat(),
            "call": getattr(call, "pk", None),
            "scheme": getattr(scheme, "pk", None),
        },
    )
    # Numbered from the primary key: unique without a race between two finance users.
    batch.reference = f"IMDI-B{batch.pk:06d}"
    batch.save(update_fields=["reference"])
    PayoutBatchLine.objects.bulk_create(PayoutBatchLine(batch=batch, payment=p, amount=p.amount) for p in payments)
    Payment.objects.filter(pk__in=[p.pk for p in payments]).update(status=Payment.Status.IN_BATCH)
    for payment in payments:
        payment.status = Payment.Status.IN_BATCH
        case_event_record(
            subject=payment.grant,
            action="payment_in_batch",
            actor=actor,
            from_state=Payment.Status.DUE,
            to_state=Payment.Status.IN_BATCH,
            data={"payment": payment.reference, "batch": batch.reference},
        )
    case_event_record(
        subject=batch,
        action="batch_created",
        actor=actor,
        to_state=batch.status,
        data={"payments": len(payments), "total": str(sum(p.amount for p in payments))},
    )
    return batch


def _locked_open_batch(batch) -> PayoutBatch:
    batch = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != PayoutBatch.Status.OPEN:
        raise ValidationError(_("Bunten er ikke åpen."))
    return batch


@transaction.atomic
def payout_batch_mark_paid(*, batch, actor, paid_on, bank_reference):
    """Finance records that the bank has paid the batch. Paid amounts are final."""
    batch = _locked_open_batch(batch)
    if not batch.payment_file_exported:
        raise ValidationError(_("Lag betalingsfilen før bunten registreres som utbetalt."))
    bank_reference = (bank_reference or "").strip()
    if not bank_reference:
        raise ValidationError({"bank_reference": _("Oppgi bankens referanse.")})
    if paid_on > today_oslo():
        raise ValidationError({"paid_on": _("Utbetalingsdatoen kan ikke være i fremtiden.")})
    lines = list(
        batch.lines.select_related("payment__grant").select_for_update(of=("self", "payment")).filter(is_open=True)
    )
    if not lines:
        raise ValidationError(_("Bunten har ingen utbetalinger igjen."))
    for line in lines:
        payment = line.payment
        payment.mark_paid(paid_on=paid_on, bank_reference=bank_reference)
        payment.save(update_fields=["status", "paid_on", "bank_reference"])
        line.is_open = False
        line.outcome = PayoutBatchLine.Outcome.PAID
        line.save(update_fields=["is_open", "outcome"])
        _payment_event(
            payment,
            action="payment_paid",
            from_state=Payment.Status.IN_BATCH,
            actor=actor,
            data={"batch": batch.reference, "bank_reference": bank_reference},
        )
    batch.mark_paid(paid_on=paid_on, bank_reference=bank_reference, user=actor)
    batch.save(update_fields=["status", "paid_on", "bank_reference", "paid_by"])
    case_event_record(
        subject=batch,
        action="batch_paid",
        actor=actor,
        from_state="open",
        to_state=batch.status,
        data={"bank_reference": bank_reference, "paid_on": paid_on.isoformat()},
    )
    return batch


@transaction.atomic
def payout_batch_line_fail(*, line, actor, reason):
    """The bank rejected a payment of an exported batch, or returned one it had paid. The
    line closes with the reason; the payment is due again under a new end-to-end id, so it
    can go in a new batch and file without the bank seeing a duplicate. Before the file is
    made nothing has reached the bank: cancel the batch instead."""
    # The batch first, then the line: the order mark-paid and the payment file lock in.
    batch_id = PayoutBatchLine.objects.values_list("batch_id", flat=True).get(pk=line.pk)
    batch = PayoutBatch.objects.select_for_update().get(pk=batch_id)
    line = PayoutBatchLine.objects.select_for_update().get(pk=line.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Oppgi hvorfor utbetalingen feilet eller kom i retur.")})
    if not batch.payment_file_exported or not line.end_to_end_id:
        raise ValidationError(
            _("Betalingsfilen for bunten er ikke laget. Utbetalingen har ikke gått til banken; avbryt bunten i stedet.")
        )
    payment = Payment.objects.select_for_update(of=("self",)).select_related("grant").get(pk=line.payment_id)
    if batch.status == PayoutBatch.Status.OPEN and line.is_open:
        outcome, action, before = PayoutBatchLine.Outcome.FAILED, "payment_failed", Payment.Status.IN_BATCH
        payment.fail(new_reference=payment_reference_reissued(payment))
    elif (
        batch.status == PayoutBatch.Status.PAID
        and line.outcome == PayoutBatchLine.Outcome.PAID
        and payment.status == Payment.Status.PAID
    ):
        outcome, action, before = PayoutBatchLine.Outcome.RETURNED, "payment_returned", Payment.Status.PAID
        payment.return_from_bank(new_reference=payment_reference_reissued(payment))
    else:
        raise ValidationError(_("Utbetalingen er ikke lenger i bunten."))
    old_reference = line.end_to_end_id
    line.is_open = False
    line.outcome = outcome
    line.failure_reason = reason[:300]
    line.failed_by = actor
    line.failed_at = timezone.now()
    line.save(update_fields=["is_open", "outcome", "failure_reason", "failed_by", "failed_at"])
    payment.save(update_fields=["status", "reference", "reissue_count", "paid_on", "bank_reference"])
    _payment_event(
        payment,
        action=action,
        from_state=before,
        actor=actor,
        message=line.failure_reason,
        data={"batch": batch.reference, "old_reference": old_reference, "new_reference": payment.reference},
    )
    return line


@transaction.atomic
def payout_batch_cancel(*, batch, actor):
    """Dissolve an open batch whose payment file has not been made: its payments are due
    again and can go in a new batch. Once the file is made it may be at the bank: refused."""
    batch = _locked_open_batch(batch)
    if batch.payment_file_exported:
        raise ValidationError(
            _(
                "Betalingsfilen for bunten ble laget %(when)s og kan være sendt til banken. Bunten kan ikke "
                "avbrytes. Registrer bunten som utbetalt, og registrer utbetalinger som banken avviste eller "
                "returnerte som feilet, med årsak."
            )
            % {"when": timezone.localtime(batch.payment_file_created_at).strftime("%d.%m.%Y %H:%M")}
        )
    lines = list(batch.lines.select_related("payment__grant").select_for_update(of=("self",)).filter(is_open=True))
    batch.lines.filter(is_open=True).update(is_open=False, outcome=PayoutBatchLine.Outcome.REMOVED)
    Payment.objects.filter(pk__in=[line.payment_id for line in lines]).update(status=Payment.Status.DUE)
    for line in lines:
        line.payment.status = Payment.Status.DUE
        _payment_event(
            line.payment,
            action="payment_out_of_batch",
            from_state=Payment.Status.IN_BATCH,
            actor=actor,
            data={"batch": batch.reference},
        )
    batch.cancel()
    batch.save(update_fields=["status"])
    case_event_record(subject=batch, action="batch_cancelled", actor=actor, from_state="open", to_state=batch.status)
    return batch


@transaction.atomic
def payout_batch_payment_file_create(*, batch, actor):
    """Make the batch's pain.001 payment file, once. Each open line is stamped with the
    end-to-end id written for it (unique across all files); the file is stored and every
    later download serves the same bytes. Asking again returns the batch unchanged.

    The batch row is locked first, so two finance users pressing the button at once make one
    file, and a cancel waiting on the same lock sees the file and is refused."""
    from payments.exports import batch_pain001
    from payments.iso20022 import Pain001Error, pain001_validate

    batch = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.payment_file_exported:
        return batch
    if batch.status != PayoutBatch.Status.OPEN:
        raise ValidationError(_("Betalingsfil kan bare lages for en åpen bunt."))
    lines = list(
        batch.lines.select_for_update(of=("self", "payment"))
        .select_related("payment__grant__organisation")
        .filter(is_open=True)
        .order_by("id")
    )
    if not lines:
        raise ValidationError(_("Bunten har ingen utbetalinger."))
    held = set(organisation_ids_with_pending_account().values_list("organisation_id", flat=True))
    pending = sorted(
        {line.payment.grant.organisation.name for line in lines if line.payment.grant.organisation_id in held}
    )
    if pending:
        raise ValidationError(
            _(
                "Nytt kontonummer venter på kontroll for: %(orgs)s. Vent til endringen er bekreftet, eller avbryt "
                "bunten og lag en ny (utbetalingene til disse holdes da tilbake)."
            )
            % {"orgs": ", ".join(pending)}
        )
    references = [line.payment.reference for line in lines]
    if PayoutBatchLine.objects.filter(end_to_end_id__in=references).exists():
        raise ValidationError(_("En av utbetalingene har allerede vært i en betalingsfil med samme referanse."))
    for line in lines:
        line.end_to_end_id = line.payment.reference
    PayoutBatchLine.objects.bulk_update(lines, ["end_to_end_id"])
    try:
        document = batch_pain001(batch)
        pain001_validate(document)
    except Pain001Error as exc:
        raise ValidationError(_("Betalingsfilen kunne ikke lages: %(e)s") % {"e": exc}) from exc
    digest = sha256_hex(document)
    batch.payment_file.save(f"{batch.reference}-pain001-{digest[:12]}.xml", ContentFile(document), save=False)
    batch.payment_file_sha256 = digest
    batch.payment_file_created_at = timezone.now()
    batch.payment_file_created_by = actor
    batch.save(
        update_fields=["payment_file", "payment_file_sha256", "payment_file_created_at", "payment_file_created_by"]
    )
    for line in lines:
        _payment_event(
            line.payment,
            action="payment_exported",
            from_state=Payment.Status.IN_BATCH,
            actor=actor,
            data={"batch": batch.reference, "end_to_end_id": line.end_to_end_id},
        )
    case_event_record(
        subject=batch,
        action="batch_payment_file_created",
        actor=actor,
        data={"payments": len(lines), "total": str(sum(line.amount for line in lines)), "sha256": digest},
    )
    return batch


@transaction.atomic
def payout_batch_export_record(*, batch, actor, file_format):
    """Note a download in the batch and the case log; returns the batch."""
    batch = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
    batch.export_count += 1
    batch.exported_at = timezone.now()
    batch.save(update_fields=["export_count", "exported_at"])
    case_event_record(
        subject=batch, action="batch_exported", actor=actor, data={"format": file_format, "n": batch.export_count}
    )
    return batch


# --- payout accounts under control -----------------------------------------------------------


def bank_account_can_review(user, change) -> bool:
    """Officers and finance (and superusers) at IMDi confirm or refuse account changes; never
    the person who asked for or entered the change."""
    if not getattr(user, "is_authenticated", False) or user.pk == change.requested_by_id:
        return False
    return user.is_superuser or is_officer(user) or is_finance(user)


@transaction.atomic
def bank_account_change_request(*, organisation, new_account, actor, source, source_reference=""):
    """Ask for a new payout account. The organisation keeps paying to its confirmed account,
    and its payments are held, until someone else at IMDi confirms the change. A second
    request while one is pending replaces it (the latest word from the organisation counts).
    Returns the pending change, or None when the account is already the confirmed one."""
    from organisations.validators import normalise_digits, validate_bank_account

    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    new_account = normalise_digits(new_account or "")
    try:
        validate_bank_account(new_account)
    except ValidationError as exc:
        raise ValidationError({"bank_account": exc.messages}) from exc
    pending = list(
        organisation.bank_account_changes.select_for_update().filter(status=BankAccountChange.Status.PENDING)
    )
    for change in pending:
        if change.new_account == new_account:
            return change
    for change in pending:
        change.status = BankAccountChange.Status.SUPERSEDED
        change.save(update_fields=["status"])
    if new_account == organisation.bank_account:
        if pending:
            _account_event(organisation, "bank_account_change_withdrawn", actor, pending[0])
            _organisation_payments_refresh(organisation, actor=actor)
        return None
    change = BankAccountChange.objects.create(
        organisation=organisation,
        old_account=organisation.bank_account,
        new_account=new_account,
        source=source,
        source_reference=source_reference[:100],
        requested_by=actor,
    )
    _account_event(organisation, "bank_account_change_requested", actor, change)
    _organisation_payments_refresh(organisation, actor=actor)
    return change


def _account_event(organisation, action, actor, change, message=""):
    case_event_record(
        subject=organisation,
        action=action,
        actor=actor,
        to_state=change.status,
        message=message,
        data={
            "change": change.pk,
            "old_account": change.old_account,
            "new_account": change.new_account,
            "source": change.source,
            "source_reference": change.source_reference,
            "requested_by": change.requested_by_id,
        },
    )


def _organisation_payments_refresh(organisation, *, actor):
    """Hold or release the organisation's payments whose date has come, now rather than at
    the next sweep, so finance and the municipality see the reason at once."""
    _payments_conditions_apply(
        Payment.objects.filter(grant__organisation=organisation), today=today_oslo(), actor=actor
    )


def _locked_pending_change(change, *, actor, new_account) -> BankAccountChange:
    change = BankAccountChange.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=change.pk)
    if change.status != BankAccountChange.Status.PENDING:
        raise ValidationError(_("Endringen er allerede behandlet."))
    if not bank_account_can_review(actor, change):
        if actor.pk == change.requested_by_id:
            raise PermissionDenied(_("Du kan ikke kontrollere en endring du selv har bedt om eller lagt inn."))
        raise PermissionDenied(_("Bare rådgivere og økonomi i IMDi kan kontrollere kontonummer."))
    if new_account != change.new_account:
        # The confirmation is bound to the number the reviewer saw.
        raise ValidationError(_("Kontonummeret er ikke det samme som du fikk vist. Åpne endringen på nytt."))
    return change


@transaction.atomic
def bank_account_change_confirm(*, change, actor, new_account, note=""):
    """A second person at IMDi confirms the new account: it becomes the payout account and
    the organisation's payments held for it are released."""
    organisation = Organisation.objects.select_for_update().get(pk=change.organisation_id)
    change = _locked_pending_change(change, actor=actor, new_account=new_account)
    change.status = BankAccountChange.Status.CONFIRMED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.note = (note or "").strip()[:300]
    change.save(update_fields=["status", "decided_by", "decided_at", "note"])
    organisation.bank_account = change.new_account
    organisation.save(update_fields=["bank_account"])
    _account_event(organisation, "bank_account_change_confirmed", actor, change, change.note)
    _organisation_payments_refresh(organisation, actor=actor)
    return change


@transaction.atomic
def bank_account_change_refuse(*, change, actor, new_account, note):
    """A second person at IMDi refuses the new account: the confirmed account stays."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Skriv hvorfor endringen avvises.")})
    organisation = Organisation.objects.select_for_update().get(pk=change.organisation_id)
    change = _locked_pending_change(change, actor=actor, new_account=new_account)
    change.status = BankAccountChange.Status.REFUSED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.note = note[:300]
    change.save(update_fields=["status", "decided_by", "decided_at", "note"])
    _account_event(organisation, "bank_account_change_refused", actor, change, change.note)
    _organisation_payments_refresh(organisation, actor=actor)
    return change
