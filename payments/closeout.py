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


def _sums_by_grant(queryset, **sums) -> dict[int, dict]:
    rows = queryset.values("grant_id").annotate(
        **{name: Sum("amount", filter=condition) for name, condition in sums.items()}
    )
    return {row["grant_id"]: {name: row[name] or ZERO for name in sums} for row in rows}


def _figures_many(grants) -> list[dict]:
    """Close-out figures of many grants in five queries whatever their number: payments and
    claims summed per grant, the last accounts obligation of each, what its approved accounts
    say the grant covered."""
    from django.db.models import Q

    from reporting.models import KINDS_WITH_ACCOUNTS, AccountsLine, ReportObligation

    grants = list(grants)
    ids = [g.pk for g in grants]
    paid = _sums_by_grant(
        Payment.objects.filter(grant_id__in=ids).exclude(status=Payment.Status.CANCELLED),
        paid=Q(status=Payment.Status.PAID),
        open=Q(status__in=OPEN_PAYMENTS),
    )
    claims = _sums_by_grant(
        Reaction.objects.filter(grant_id__in=ids, kind=Reaction.Kind.REPAYMENT_CLAIM),
        proposed=Q(status=Reaction.Status.PROPOSED),
        claimed=Q(status=Reaction.Status.APPROVED),
        repaid=Q(status=Reaction.Status.APPROVED, repaid_on__isnull=False),
    )
    last = {}
    for obligation in ReportObligation.objects.filter(grant_id__in=ids, kind__in=KINDS_WITH_ACCOUNTS).order_by(
        "grant_id", "period_end", "id"
    ):
        last[obligation.grant_id] = obligation
    approved_ids = [o.pk for o in last.values() if o.is_approved]
    covered = dict(
        AccountsLine.objects.filter(report__obligation_id__in=approved_ids)
        .values("report__obligation_id")
        .annotate(total=Sum("covered_by_grant"))
        .values_list("report__obligation_id", "total")
    )
    result = []
    for grant in grants:
        money = paid.get(grant.pk, {"paid": ZERO, "open": ZERO})
        claim = claims.get(grant.pk, {"proposed": ZERO, "claimed": ZERO, "repaid": ZERO})
        obligation = last.get(grant.pk)
        approved = obligation is not None and obligation.is_approved
        f = {
            "grant": grant,
            "amount": grant.amount,
            "paid": money["paid"],
            "open_payments": money["open"],
            "obligation": obligation,
            "accounts_approved": approved,
            "used": None,
            "unused": None,
            "to_repay": None,
            **claim,
            "claim_missing": ZERO,
        }
        if approved:
            used = covered.get(obligation.pk) or ZERO
            f["used"] = used
            f["unused"] = max(grant.amount - used, ZERO)
            f["to_repay"] = max(f["paid"] - used, ZERO)
            f["claim_missing"] = max(f["to_repay"] - f["claimed"] - f["proposed"], ZERO)
        f["stage"] = _stage(grant, f)
        f["stage_label"] = STAGES[f["stage"]]
        result.append(f)
    return result


def closeout_figures(grant) -> dict:
    """The close-out figures of one grant: granted, paid, still open, used on the project
    (covered by the grant in the final accounts), unused, what is to be repaid (paid − used),
    claimed, repaid, and the stage."""
    return _figures_many([grant])[0]


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


def grants_in_closeout(year: int, *, limit: int = 200) -> list[dict]:
    """Finance's overview: the accepted and closed grants of `year` whose final accounts are
    approved, with their close-out figures (a fixed number of queries)."""
    from reporting.models import KINDS_WITH_ACCOUNTS, ReportObligation

    approved = ReportObligation.objects.filter(
        kind__in=KINDS_WITH_ACCOUNTS, status=ReportObligation.Status.APPROVED
    ).values("grant_id")
    grants = (
        Grant.objects.filter(year=year, status__in=[Grant.Status.ACCEPTED, Grant.Status.CLOSED], pk__in=approved)
        .select_related("organisation", "call__scheme")
        .order_by("case_number")[:limit]
    )
    return _figures_many(grants)


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
