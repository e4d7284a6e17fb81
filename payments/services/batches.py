"""Payout batches: made from due payments, the payment file made once, paid, lines failed or
returned, or the batch cancelled before its file. Every payment moves through its own
transition (one case event per payment on the grant's case), inside the batch's transaction."""

import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import next_bank_day, today_oslo
from core.pdf import sha256_hex
from core.services import case_event_record
from core.transitions import may, transition_apply
from payments.exports import batch_pain001
from payments.iso20022 import Pain001Error, pain001_validate
from payments.models import Payment, PayoutBatch, PayoutBatchLine
from payments.rules import batch_built_by_someone_else
from payments.services.plan import organisation_ids_with_pending_account, payment_reference_reissued, payment_transition


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
        .select_related("grant")
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
    for payment in payments:
        payment_transition(
            payment, "add_to_batch", actor=actor, event="payment_in_batch", data={"batch": batch.reference}
        )
    case_event_record(
        subject=batch,
        action="batch_created",
        actor=actor,
        to_state=batch.status,
        data={"payments": len(payments), "total": str(sum(p.amount for p in payments))},
    )
    return batch


def batch_can_approve(user, batch) -> bool:
    """Finance (and superusers) approve a batch someone else built; never its builder.
    Asked twice on purpose: Django's ModelBackend answers every has_perm of a superuser with
    yes, so the rules' exclusion alone would not bind them."""
    return (
        getattr(user, "is_authenticated", False)
        and batch_built_by_someone_else(user, batch)
        and may(batch, user, "approve")
    )


def batch_open_sum(batch) -> tuple[int, Decimal]:
    """The number and sum of the batch's open lines (what an approval is bound to)."""
    amounts = list(batch.lines.filter(is_open=True).values_list("amount", flat=True))
    return len(amounts), sum(amounts, Decimal("0"))


@transaction.atomic
def payout_batch_approve(*, batch, actor, line_count, total):
    """A second finance user approves the batch as they saw it (number of lines and sum);
    only then can its payment file be made. Whoever built it cannot approve it."""
    batch = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
    if not batch.awaits_approval:
        raise ValidationError(_("Bunten venter ikke på godkjenning."))
    if actor.pk == batch.created_by_id:
        raise PermissionDenied(_("Den som laget bunten, kan ikke godkjenne den. En annen i økonomi må godkjenne."))
    if not batch_can_approve(actor, batch):
        raise PermissionDenied(_("Bare økonomi kan godkjenne utbetalingsbunter."))
    list(batch.lines.select_for_update().filter(is_open=True).values_list("pk", flat=True))
    count, current = batch_open_sum(batch)
    if count != line_count or current != Decimal(total):
        raise ValidationError(_("Bunten er endret siden du åpnet den. Se over bunten og godkjenn på nytt."))
    return transition_apply(
        obj=batch,
        transition="approve",
        actor=actor,
        event="batch_approved",
        data={"payments": count, "total": str(current)},
        update_fields=["approved_by", "approved_at"],
        error=ValidationError,
        user=actor,
        at=timezone.now(),
    )


def _locked_open_batch(batch) -> PayoutBatch:
    batch = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
    if not batch.is_open:
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
    if paid_on < batch.execution_date:
        raise ValidationError(
            {
                "paid_on": _("Utbetalt dato kan ikke være før buntens betalingsdato %(day)s.")
                % {"day": batch.execution_date.strftime("%d.%m.%Y")}
            }
        )
    lines = list(
        batch.lines.select_related("payment__grant").select_for_update(of=("self", "payment")).filter(is_open=True)
    )
    if not lines:
        raise ValidationError(_("Bunten har ingen utbetalinger igjen."))
    for line in lines:
        payment_transition(
            line.payment,
            "mark_paid",
            actor=actor,
            event="payment_paid",
            data={"batch": batch.reference, "bank_reference": bank_reference},
            update_fields=["paid_on", "bank_reference"],
            paid_on=paid_on,
            bank_reference=bank_reference,
        )
    PayoutBatchLine.objects.filter(pk__in=[line.pk for line in lines]).update(
        is_open=False, outcome=PayoutBatchLine.Outcome.PAID
    )
    return transition_apply(
        obj=batch,
        transition="mark_paid",
        actor=actor,
        event="batch_paid",
        data={"bank_reference": bank_reference, "paid_on": paid_on.isoformat()},
        update_fields=["paid_on", "bank_reference", "paid_by"],
        error=ValidationError,
        paid_on=paid_on,
        bank_reference=bank_reference,
        user=actor,
    )


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
    line.batch = batch
    if not line.may_fail:
        raise ValidationError(_("Utbetalingen er ikke lenger i bunten."))
    if line.is_open:
        outcome, action, transition = PayoutBatchLine.Outcome.FAILED, "payment_failed", "fail"
    else:
        outcome, action, transition = PayoutBatchLine.Outcome.RETURNED, "payment_returned", "return_from_bank"
    old_reference = line.end_to_end_id
    new_reference = payment_reference_reissued(payment)
    line.is_open = False
    line.outcome = outcome
    line.failure_reason = reason[:300]
    line.failed_by = actor
    line.failed_at = timezone.now()
    line.save(update_fields=["is_open", "outcome", "failure_reason", "failed_by", "failed_at"])
    payment_transition(
        payment,
        transition,
        actor=actor,
        event=action,
        message=line.failure_reason,
        data={
            "payment": new_reference,
            "batch": batch.reference,
            "old_reference": old_reference,
            "new_reference": new_reference,
        },
        update_fields=["reference", "reissue_count", "paid_on", "bank_reference"],
        new_reference=new_reference,
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
    lines = list(
        batch.lines.select_related("payment__grant").select_for_update(of=("self", "payment")).filter(is_open=True)
    )
    batch.lines.filter(is_open=True).update(is_open=False, outcome=PayoutBatchLine.Outcome.REMOVED)
    for line in lines:
        payment_transition(
            line.payment,
            "remove_from_batch",
            actor=actor,
            event="payment_out_of_batch",
            data={"batch": batch.reference},
        )
    return transition_apply(obj=batch, transition="cancel", actor=actor, event="batch_cancelled", error=ValidationError)


@transaction.atomic
def payout_batch_payment_file_create(*, batch, actor):
    """Make the batch's pain.001 payment file, once. Each open line is stamped with the
    end-to-end id written for it (unique across all files); the file is stored and every
    later download serves the same bytes. Asking again returns the batch unchanged.

    The batch row is locked first, so two finance users pressing the button at once make one
    file, and a cancel waiting on the same lock sees the file and is refused."""
    batch = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.payment_file_exported:
        return batch
    if batch.awaits_approval:
        raise ValidationError(_("Bunten må godkjennes av en annen i økonomi før betalingsfilen kan lages (fire øyne)."))
    if not batch.is_approved:
        raise ValidationError(_("Betalingsfil kan bare lages for en godkjent bunt som ikke er utbetalt."))
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
        line.creditor_account = line.payment.grant.organisation.bank_account
    PayoutBatchLine.objects.bulk_update(lines, ["end_to_end_id", "creditor_account"])
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
        case_event_record(
            subject=line.payment.grant,
            action="payment_exported",
            actor=actor,
            from_state=line.payment.status,
            to_state=line.payment.status,
            data={"payment": line.payment.reference, "batch": batch.reference, "end_to_end_id": line.end_to_end_id},
        )
    case_event_record(
        subject=batch,
        action="batch_payment_file_created",
        actor=actor,
        data={"payments": len(lines), "total": str(sum(line.amount for line in lines)), "sha256": digest},
    )
    return batch
