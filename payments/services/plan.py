"""Payment plans, the conditions and the daily sweep, and an officer's actions on one payment."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from applications.models import Grant
from core.calendar import today_oslo
from core.money import split_exact
from core.services import case_event_record
from core.transitions import transition_apply
from organisations.models import BankAccountChange
from payments.models import Payment
from reporting.selectors import grant_ids_with_overdue_reports

ACCOUNT_PENDING_REASON = _("Nytt kontonummer venter på kontroll i IMDi.")

# The fields a payment transition may change besides the status (payments.models.Payment).
HOLD_FIELDS = ("withheld_reason", "hold_kind")


def payment_reference(*, grant, term_number, part=0) -> str:
    """Unique by construction (one row per grant, term and part); short enough for a pain.001
    EndToEndId (max 35 characters) and only characters every bank accepts."""
    base = f"IMDI-{grant.year}-{grant.pk:07d}-{term_number}"
    return f"{base}-D{part}" if part else base


def payment_reference_reissued(payment) -> str:
    """A new end-to-end id for a payment whose earlier attempt was in an exported file and
    failed or came back: the bank must not take the new attempt for a duplicate."""
    base = payment_reference(grant=payment.grant, term_number=payment.term_number, part=payment.part)
    return f"{base}-R{payment.reissue_count + 1}"


def payment_term_date(*, term, year, plan_day) -> dt.date:
    """The term's day in the grant year moved to a bank day. A term that has already passed
    when the plan is made (a late acceptance) is paid from the first bank day on or after the
    day of the plan instead: it is owed, just late."""
    return term.bank_day(year, not_before=plan_day)


def payment_transition(payment, transition, *, actor, event, message="", data=None, update_fields=(), **kwargs):
    """Apply one payment transition for `actor` (None: system work) and write its case event
    on the grant's case, so the payments read in the case's one timeline."""
    return transition_apply(
        obj=payment,
        transition=transition,
        actor=actor,
        event=event,
        subject=payment.grant,
        message=message,
        data={"payment": payment.reference, **(data or {})},
        update_fields=update_fields,
        error=ValidationError,
        **kwargs,
    )


@transaction.atomic
def payment_plan_create_for_grant(*, grant, actor=None):
    """Create the grant's payments from the call's payout terms. Called by the acceptance
    service inside its transaction. Idempotent: a grant that already has a plan keeps it.

    Only this grant's year is planned: a later year of a multi-year project gets its own Grant
    when that year is decided, and its plan is made when that grant is accepted."""
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


@transaction.atomic
def payments_due_update(*, today=None) -> dict:
    """Mark payments due when their date has come and their conditions hold, withhold them
    otherwise, and lift condition holds that have cleared. Running it twice changes nothing
    the second time: each payment is moved only when its state differs from the target."""
    return payments_conditions_apply(Payment.objects.all(), today=today or today_oslo())


def payments_conditions_apply(payments, *, today, cause: str = "") -> dict:
    """The sweep over `payments`, in one transaction with the rows locked. It is system work
    (no actor's permission is asked): `cause` names the act that made it run now, if any."""
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
    data = {"cause": cause} if cause else None
    for payment in candidates:
        reason = failures.get(payment.grant_id)
        if reason is None and payment.status != Payment.Status.DUE:
            summary["released" if payment.is_withheld else "due"] += 1
            payment_transition(
                payment, "make_due", actor=None, event="payment_sweep", data=data, update_fields=HOLD_FIELDS
            )
        elif reason is not None and not payment.is_withheld:
            summary["withheld"] += 1
            payment_transition(
                payment,
                "withhold",
                actor=None,
                event="payment_sweep",
                message=reason,
                data=data,
                update_fields=HOLD_FIELDS,
                reason=reason,
                kind=Payment.HoldKind.CONDITION,
            )
        elif reason is not None and payment.withheld_reason != reason:
            # Still held, for another reason: not a transition, but the case log says why.
            summary["reason_changed"] += 1
            payment.withheld_reason = reason
            payment.save(update_fields=["withheld_reason"])
            case_event_record(
                subject=payment.grant,
                action="payment_sweep",
                from_state=payment.status,
                to_state=payment.status,
                message=reason,
                data={"payment": payment.reference, **(data or {})},
            )
    return summary


# --- officer actions on single payments -----------------------------------------------------


def payment_part_split(*, payment, amount, actor) -> Payment:
    """Split `amount` off `payment` (locked by the caller) into a new part of the same term and
    date, planned; the rest keeps its status and is paid on time. The two add up exactly to
    what the payment was. Only a payment not in a batch or paid can be split."""
    if payment.status not in (Payment.Status.PLANNED, Payment.Status.DUE, Payment.Status.WITHHELD):
        raise ValidationError(_("Utbetalingen kan ikke deles i status «%(s)s».") % {"s": payment.get_status_display()})
    if not (Decimal("0") < amount < payment.amount):
        raise ValidationError({"amount": _("Beløpet som skilles ut, må være mindre enn utbetalingen.")})
    before = payment.amount
    part_number = (
        Payment.objects.filter(grant_id=payment.grant_id, term_number=payment.term_number).aggregate(m=Max("part"))["m"]
        or 0
    ) + 1
    part = Payment.objects.create(
        grant=payment.grant,
        term_number=payment.term_number,
        term_label=payment.term_label,
        part=part_number,
        split_from=payment.split_from or payment,
        planned_date=payment.planned_date,
        amount=amount,
        reference=payment_reference(grant=payment.grant, term_number=payment.term_number, part=part_number),
    )
    payment.amount = before - amount
    payment.save(update_fields=["amount"])
    case_event_record(
        subject=payment.grant,
        action="payment_split",
        actor=actor,
        message=_("%(held)s kr skilt ut fra utbetalingen %(ref)s; %(rest)s kr utbetales som planlagt.")
        % {"held": amount, "ref": payment.reference, "rest": payment.amount},
        data={
            "payment": payment.reference,
            "part": part.reference,
            "before": str(before),
            "rest": str(payment.amount),
            "split_off": str(amount),
        },
    )
    return part


def locked_payment(payment_id) -> Payment:
    return Payment.objects.select_for_update(of=("self",)).select_related("grant").get(pk=payment_id)


@transaction.atomic
def payment_release(*, payment, actor, note=""):
    """An officer lifts a hold. The conditions are checked again: an overdue report or a
    missing acceptance still blocks the payment, whoever asks. A payment whose date has come
    is due at once; one whose date is ahead waits for it again (planned)."""
    payment = locked_payment(payment.pk)
    if not payment.is_withheld:
        raise ValidationError(_("Bare tilbakeholdte utbetalinger kan frigis."))
    today = today_oslo()
    reason = payment_condition_failures(grant_ids={payment.grant_id}, today=today).get(payment.grant_id)
    if reason:
        raise ValidationError(_("Kan ikke frigis: %(reason)s") % {"reason": reason})
    return payment_transition(
        payment,
        "make_due" if payment.planned_date <= today else "release",
        actor=actor,
        event="payment_released",
        message=note,
        update_fields=HOLD_FIELDS,
    )


@transaction.atomic
def payment_cancel(*, payment, actor, reason):
    payment = locked_payment(payment.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Oppgi hvorfor utbetalingen kanselleres.")})
    return payment_transition(
        payment,
        "cancel",
        actor=actor,
        event="payment_cancelled",
        message=reason.strip(),
        update_fields=["cancel_reason"],
        reason=reason.strip(),
    )
