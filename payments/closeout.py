"""Close-out of a grant (sluttoppgjør): final accounts → unused amount → proposed repayment
claim → settled → grant closed (accepted → closed).

Payments sits above reporting and applications, so the close-out is read and written here:
the final accounts are reporting's (the approved accounts report with the latest period), the
claim is a payments Reaction made through reaction_record (four eyes as every reaction), the
settlement is finance's repayment_record_received, and the closing step is applications'
grant_close. What is to be repaid is what was paid out and not used on the project
(paid − covered by the grant in the final accounts), never more than was paid."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import Grant
from applications.services.grant import grant_close
from core.money import format_nok
from core.services import case_event_record
from payments.models import Payment, Reaction

ZERO = Decimal("0.00")
OPEN_PAYMENTS = (Payment.Status.PLANNED, Payment.Status.DUE, Payment.Status.IN_BATCH, Payment.Status.WITHHELD)

# Where a grant is in its close-out, as the pages name it.
STAGES = {
    "not_accepted": gettext_lazy("Ikke akseptert"),
    "awaiting_accounts": gettext_lazy("Venter på godkjent sluttregnskap"),
    "payments_open": gettext_lazy("Utbetalinger gjenstår"),
    "claim_to_propose": gettext_lazy("Krav om tilbakebetaling må foreslås"),
    "claim_pending": gettext_lazy("Krav om tilbakebetaling venter på godkjenning"),
    "claim_open": gettext_lazy("Venter på tilbakebetaling"),
    "ready": gettext_lazy("Klar til å avsluttes"),
    "closed": gettext_lazy("Avsluttet"),
}


def final_accounts(grant):
    """The approved accounts report of the grant's last accounts obligation, or None (with the
    obligation, approved or not, so a page can say what it waits for)."""
    from reporting.models import KINDS_WITH_ACCOUNTS, Report, ReportObligation

    obligation = (
        ReportObligation.objects.filter(grant=grant, kind__in=KINDS_WITH_ACCOUNTS)
        .order_by("-period_end", "-id")
        .first()
    )
    if obligation is None or not obligation.is_approved:
        return obligation, None
    return obligation, Report.objects.filter(obligation=obligation).first()


def closeout_figures(grant) -> dict:
    """The close-out figures of one grant: granted, paid, still open, used on the project
    (covered by the grant in the final accounts), unused, claimed, repaid, and the stage."""
    from reporting.accounts import accounts_totals

    payments = grant.payments.exclude(status=Payment.Status.CANCELLED)
    paid = payments.filter(status=Payment.Status.PAID).aggregate(s=Sum("amount"))["s"] or ZERO
    still_open = payments.filter(status__in=OPEN_PAYMENTS).aggregate(s=Sum("amount"))["s"] or ZERO
    claims = grant.reactions.filter(kind=Reaction.Kind.REPAYMENT_CLAIM)
    proposed = claims.filter(status=Reaction.Status.PROPOSED).aggregate(s=Sum("amount"))["s"] or ZERO
    approved = claims.filter(status=Reaction.Status.APPROVED)
    claimed = approved.aggregate(s=Sum("amount"))["s"] or ZERO
    repaid = approved.filter(repaid_on__isnull=False).aggregate(s=Sum("amount"))["s"] or ZERO
    obligation, report = final_accounts(grant)
    figures = {
        "grant": grant,
        "amount": grant.amount,
        "paid": paid,
        "open_payments": still_open,
        "obligation": obligation,
        "accounts_approved": report is not None,
        "used": None,
        "unused": None,
        "to_repay": None,
        "proposed": proposed,
        "claimed": claimed,
        "repaid": repaid,
        "claim_missing": ZERO,
    }
    if report is not None:
        used = accounts_totals(report)["covered_by_grant"]
        figures["used"] = used
        figures["unused"] = max(grant.amount - used, ZERO)
        figures["to_repay"] = max(paid - used, ZERO)
        figures["claim_missing"] = max(figures["to_repay"] - claimed - proposed, ZERO)
    figures["stage"] = _stage(grant, figures)
    figures["stage_label"] = STAGES[figures["stage"]]
    return figures


def _stage(grant, f) -> str:
    if grant.status == Grant.Status.CLOSED:
        return "closed"
    if grant.status != Grant.Status.ACCEPTED:
        return "not_accepted"
    if not f["accounts_approved"]:
        return "awaiting_accounts"
    if f["open_payments"]:
        return "payments_open"
    if f["claim_missing"]:
        return "claim_to_propose"
    if f["proposed"]:
        return "claim_pending"
    if f["claimed"] > f["repaid"]:
        return "claim_open"
    return "ready"


def grants_in_closeout(year: int) -> list[dict]:
    """Finance's overview: the accepted and closed grants of `year` whose final accounts are in
    (or closed), with their close-out figures."""
    from reporting.models import KINDS_WITH_ACCOUNTS, ReportObligation

    approved = ReportObligation.objects.filter(
        kind__in=KINDS_WITH_ACCOUNTS, status=ReportObligation.Status.APPROVED
    ).values("grant_id")
    grants = (
        Grant.objects.filter(year=year, status__in=[Grant.Status.ACCEPTED, Grant.Status.CLOSED], pk__in=approved)
        .select_related("organisation", "call__scheme")
        .order_by("case_number")[:100]
    )
    return [closeout_figures(grant) for grant in grants]


@transaction.atomic
def grant_closeout_claim_propose(*, grant, actor, reason: str = "", repayment_due_date=None) -> Reaction:
    """Propose the repayment claim for what was paid and not used (from the final accounts);
    a budget holder who did not propose it approves it like every reaction."""
    from payments.services import reaction_record

    grant = Grant.objects.select_for_update(of=("self",)).get(pk=grant.pk)
    figures = closeout_figures(grant)
    if figures["stage"] != "claim_to_propose":
        raise ValidationError(
            _("Det er ikke noe ubrukt beløp å kreve tilbake nå (%(stage)s).") % {"stage": figures["stage_label"]}
        )
    amount = figures["claim_missing"]
    reason = (reason or "").strip() or _(
        "Sluttregnskapet viser at %(used)s av utbetalt %(paid)s er brukt. "
        "Ubrukte midler, %(amount)s, kreves tilbakebetalt."
    ) % {"used": format_nok(figures["used"]), "paid": format_nok(figures["paid"]), "amount": format_nok(amount)}
    reaction = reaction_record(
        grant=grant,
        actor=actor,
        kind=Reaction.Kind.REPAYMENT_CLAIM,
        amount=amount,
        reason=reason,
        repayment_due_date=repayment_due_date,
    )
    case_event_record(
        subject=grant,
        action="closeout_claim_proposed",
        actor=actor,
        data={
            "reaction": reaction.pk,
            "amount": str(amount),
            "used": str(figures["used"]),
            "paid": str(figures["paid"]),
        },
    )
    return reaction


@transaction.atomic
def grant_closeout_finish(*, grant, actor, note: str = "") -> Grant:
    """Close the grant (accepted → closed) once the final accounts are approved, nothing is left
    to pay out, and what was unused is claimed and repaid."""
    grant = Grant.objects.select_for_update(of=("self",)).get(pk=grant.pk)
    figures = closeout_figures(grant)
    if figures["stage"] != "ready":
        raise ValidationError(
            _("Tilskuddet kan ikke avsluttes ennå: %(stage)s.") % {"stage": str(figures["stage_label"]).lower()}
        )
    message = (note or "").strip()[:2000] or _(
        "Sluttoppgjør: utbetalt %(paid)s, brukt %(used)s, tilbakebetalt %(repaid)s."
    ) % {
        "paid": format_nok(figures["paid"]),
        "used": format_nok(figures["used"]),
        "repaid": format_nok(figures["repaid"]),
    }
    return grant_close(grant=grant, actor=actor, reason=message)
