"""The bank's return file for a batch: each entry is matched to a line of the batch by its
end-to-end id and amount. Booked → the line and its payment are paid with the bank's date and
reference; rejected or returned → failed, due again under a new end-to-end id. Anything that
does not match is kept on the file's record for a person to decide. Reading the same file, or
a later file with the same entries, changes nothing twice."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from core.calendar import today_oslo
from core.pdf import sha256_hex
from core.services import case_event_record
from core.transitions import transition_apply
from payments.bank_returns import FAILED, PAID, PAIN002, ReturnFileError, return_file_parse
from payments.models import BankReturnFile, Payment, PayoutBatch, PayoutBatchLine
from payments.services.batches import payout_batch_line_fail
from payments.services.plan import payment_transition


def _unmatched(entry, why) -> dict:
    return {
        "end_to_end_id": entry.end_to_end_id,
        "amount": str(entry.amount) if entry.amount is not None else "",
        "booked_on": entry.booked_on.isoformat() if entry.booked_on else "",
        "bank_reference": entry.bank_reference,
        "bank_reason": entry.reason,
        "why": str(why),
    }


def _line_paid(line, entry, *, actor, batch):
    payment = Payment.objects.select_for_update(of=("self",)).select_related("grant").get(pk=line.payment_id)
    payment_transition(
        payment,
        "mark_paid",
        actor=actor,
        event="payment_paid",
        data={"batch": batch.reference, "bank_reference": entry.bank_reference, "source": "camt.054"},
        update_fields=["paid_on", "bank_reference"],
        paid_on=entry.booked_on,
        bank_reference=entry.bank_reference,
    )
    line.is_open = False
    line.outcome = PayoutBatchLine.Outcome.PAID
    line.paid_on = entry.booked_on
    line.bank_reference = entry.bank_reference
    line.save(update_fields=["is_open", "outcome", "paid_on", "bank_reference"])


def _entry_apply(entry, line, *, actor, batch, counts, unmatched):
    """Apply one entry to its line; returns nothing, counts what happened."""
    if entry.amount is not None and entry.amount != line.amount:
        unmatched.append(
            _unmatched(entry, _("Beløpet stemmer ikke med linjen (%(amount)s).") % {"amount": line.amount})
        )
        return
    if entry.outcome == PAID:
        if line.is_paid:
            counts["already"] += 1
        elif not line.is_open:
            unmatched.append(
                _unmatched(
                    entry,
                    _("Banken melder bokført, men linjen er registrert som %(o)s.") % {"o": line.get_outcome_display()},
                )
            )
        elif entry.booked_on is None:
            unmatched.append(_unmatched(entry, _("Bokføringsdato mangler.")))
        elif entry.booked_on < batch.execution_date or entry.booked_on > today_oslo():
            unmatched.append(_unmatched(entry, _("Bokføringsdatoen er før buntens betalingsdato eller i fremtiden.")))
        else:
            _line_paid(line, entry, actor=actor, batch=batch)
            counts["paid"] += 1
        return
    if entry.outcome == FAILED:
        if line.outcome in (PayoutBatchLine.Outcome.FAILED, PayoutBatchLine.Outcome.RETURNED):
            counts["already"] += 1
        elif line.is_open or line.is_paid:
            line.batch = batch
            payout_batch_line_fail(
                line=line, actor=actor, reason=_("Avvist av banken: %(r)s") % {"r": entry.reason or "–"}
            )
            counts["failed"] += 1
        else:
            unmatched.append(_unmatched(entry, _("Linjen er tatt ut av bunten.")))


@transaction.atomic
def bank_return_file_read(*, batch, actor, data: bytes) -> tuple[BankReturnFile, bool]:
    """Read the bank's return file for `batch`. Returns the file's record and whether it was
    new (False: the same file was read before and nothing changed)."""
    batch = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
    if not batch.payment_file_exported:
        raise ValidationError(_("Betalingsfilen for bunten er ikke laget; banken kan ikke ha svart på den."))
    try:
        parsed = return_file_parse(data)
    except ReturnFileError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    digest = sha256_hex(data)
    existing = batch.return_files.filter(sha256=digest).first()
    if existing is not None:
        return existing, False
    if parsed.kind == PAIN002 and parsed.original_message_id and parsed.original_message_id != batch.reference:
        raise ValidationError(
            {
                "file": _("Statusrapporten gjelder betalingsfil %(other)s, ikke %(ref)s.")
                % {"other": parsed.original_message_id[:35], "ref": batch.reference}
            }
        )
    lines = {
        line.end_to_end_id: line
        for line in batch.lines.select_for_update(of=("self",)).exclude(end_to_end_id="").order_by("id")
    }
    counts = {"paid": 0, "failed": 0, "already": 0}
    unmatched = []
    if parsed.kind == PAIN002 and parsed.group_status == "RJCT" and not parsed.entries:
        unmatched.append(
            {
                "end_to_end_id": "",
                "amount": "",
                "booked_on": "",
                "bank_reference": parsed.message_id,
                "bank_reason": "RJCT",
                "why": str(_("Banken avviste hele betalingsfilen. Registrer linjene som feilet.")),
            }
        )
    for entry in parsed.entries:
        line = lines.get(entry.end_to_end_id)
        if line is None:
            if entry.outcome in (PAID, FAILED):
                unmatched.append(_unmatched(entry, _("Ingen linje i bunten har denne betalingsreferansen.")))
            continue
        _entry_apply(entry, line, actor=actor, batch=batch, counts=counts, unmatched=unmatched)
    record = BankReturnFile(
        batch=batch,
        kind=parsed.kind,
        message_id=parsed.message_id[:80],
        sha256=digest,
        uploaded_by=actor,
        unmatched=unmatched,
        **counts,
    )
    record.file.save(f"{batch.reference}-{parsed.kind}-{digest[:12]}.xml", ContentFile(data), save=False)
    record.save()
    _batch_settle(batch, actor=actor, bank_reference=parsed.message_id or digest[:16])
    case_event_record(
        subject=batch,
        action="batch_return_file_read",
        actor=actor,
        data={
            "kind": parsed.kind,
            "message_id": parsed.message_id[:80],
            "sha256": digest,
            "unmatched": len(unmatched),
            **counts,
        },
    )
    return record, True


def _batch_settle(batch, *, actor, bank_reference):
    """When the return files have settled every line and at least one was paid, the batch is
    paid on the last booking date."""
    batch.refresh_from_db()
    if not batch.is_approved or batch.lines.filter(is_open=True).exists():
        return
    paid_dates = list(
        batch.lines.filter(outcome=PayoutBatchLine.Outcome.PAID, paid_on__isnull=False).values_list(
            "paid_on", flat=True
        )
    )
    if not paid_dates:
        return
    transition_apply(
        obj=batch,
        transition="mark_paid",
        actor=actor,
        event="batch_paid",
        data={"bank_reference": bank_reference, "paid_on": max(paid_dates).isoformat(), "source": "return_file"},
        update_fields=["paid_on", "bank_reference", "paid_by"],
        error=ValidationError,
        paid_on=max(paid_dates),
        bank_reference=bank_reference[:80],
        user=actor,
    )
