"""Every write in payments: payment plans, the due sweep, batches, recording and reactions."""

import datetime as dt
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import next_bank_day, today_oslo
from core.money import split_exact, to_money
from core.services import case_event_record
from payments.models import APPEAL_INFO_DEFAULT, Payment, PayoutBatch, PayoutBatchLine, Reaction


def payment_reference(*, grant, term_number) -> str:
    """Unique by construction (one row per grant and term); short enough for a pain.001
    EndToEndId (max 35 characters) and only characters every bank accepts."""
    return f"IMDI-{grant.year}-{grant.pk:07d}-{term_number}"


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
    return failures


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
    today = today or today_oslo()
    candidates = list(
        Payment.objects.select_for_update(of=("self",))
        .select_related("grant")
        .filter(planned_date__lte=today)
        .filter(
            Q(status__in=[Payment.Status.PLANNED, Payment.Status.DUE])
            | Q(status=Payment.Status.WITHHELD, hold_kind=Payment.HoldKind.CONDITION)
        )
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
        _payment_event(payment, action="payment_sweep", from_state=before, message=payment.withheld_reason)
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


@transaction.atomic
def reaction_record(
    *, grant, actor, kind, amount, reason, decided_on=None, payment=None, appeal_info="", repayment_due_date=None
):
    """Record a repayment claim or a withholding as an individual decision. A withholding names
    the payment it holds back; that payment is withheld until an officer releases it."""
    amount = to_money(amount)
    if amount <= 0:
        raise ValidationError({"amount": _("Beløpet må være større enn null.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Begrunnelsen må fylles ut.")})
    decided_on = decided_on or today_oslo()
    paid = grant.payments.filter(status=Payment.Status.PAID).aggregate(s=Sum("amount"))["s"] or Decimal("0")
    if kind == Reaction.Kind.REPAYMENT_CLAIM:
        if amount > paid:
            raise ValidationError(
                {"amount": _("Kravet kan ikke være større enn det som er utbetalt (%(paid)s).") % {"paid": paid}}
            )
        payment = None
    elif kind == Reaction.Kind.WITHHOLDING:
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
    else:
        raise ValidationError({"kind": _("Ukjent reaksjon.")})
    reaction = Reaction.objects.create(
        grant=grant,
        kind=kind,
        amount=amount,
        reason=reason.strip(),
        payment=payment,
        decided_on=decided_on,
        decided_by=actor,
        appeal_info=appeal_info.strip() or str(APPEAL_INFO_DEFAULT),
        repayment_due_date=repayment_due_date,
    )
    case_event_record(
        subject=grant,
        action=f"reaction_{kind}",
        actor=actor,
        message=reaction.reason,
        data={"reaction": reaction.pk, "amount": str(amount), "decided_on": decided_on.isoformat()},
    )
    if payment is not None:
        before = payment.status
        payment.withhold(
            reason=_("Holdt tilbake ved vedtak %(d)s: %(r)s")
            % {"d": decided_on.strftime("%d.%m.%Y"), "r": reaction.reason},
            kind=Payment.HoldKind.REACTION,
        )
        payment.save(update_fields=["status", "withheld_reason", "hold_kind"])
        _payment_event(
            payment, action="payment_withheld", from_state=before, actor=actor, message=payment.withheld_reason
        )
    return reaction


@transaction.atomic
def repayment_record_received(*, reaction, actor, repaid_on):
    reaction = Reaction.objects.select_for_update().get(pk=reaction.pk)
    if reaction.kind != Reaction.Kind.REPAYMENT_CLAIM:
        raise ValidationError(_("Bare tilbakebetalingskrav kan registreres som tilbakebetalt."))
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
    payments = Payment.objects.select_for_update(of=("self",)).filter(
        status=Payment.Status.DUE, planned_date__lte=due_until
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
    """The bank rejected one payment of an open batch: it leaves the batch and is due again."""
    line = (
        PayoutBatchLine.objects.select_for_update(of=("self",))
        .select_related("batch", "payment__grant")
        .get(pk=line.pk)
    )
    _locked_open_batch(line.batch)
    if not line.is_open:
        raise ValidationError(_("Utbetalingen er ikke lenger i bunten."))
    if not reason.strip():
        raise ValidationError({"reason": _("Oppgi hvorfor utbetalingen feilet.")})
    line.is_open = False
    line.outcome = PayoutBatchLine.Outcome.FAILED
    line.failure_reason = reason.strip()[:300]
    line.save(update_fields=["is_open", "outcome", "failure_reason"])
    payment = Payment.objects.select_for_update().get(pk=line.payment_id)
    payment.fail()
    payment.save(update_fields=["status"])
    _payment_event(
        payment,
        action="payment_failed",
        from_state=Payment.Status.IN_BATCH,
        actor=actor,
        message=line.failure_reason,
        data={"batch": line.batch.reference},
    )
    return line


@transaction.atomic
def payout_batch_cancel(*, batch, actor):
    """Dissolve an open batch: its payments are due again and can go in a new batch."""
    batch = _locked_open_batch(batch)
    lines = list(batch.lines.select_related("payment__grant").filter(is_open=True))
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
def payout_batch_export_record(*, batch, actor, file_format):
    """Note an export in the batch and the case log; returns the export's sequence number."""
    batch = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
    batch.export_count += 1
    batch.exported_at = timezone.now()
    batch.save(update_fields=["export_count", "exported_at"])
    case_event_record(
        subject=batch, action="batch_exported", actor=actor, data={"format": file_format, "n": batch.export_count}
    )
    return batch
