"""Reads for payments that depend on who asks, and finance's overviews (fixed query counts)."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, DecimalField, Max, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from applications.rules import grants_visible_to
from organisations.models import BankAccountChange
from organisations.rules import organisation_ids_of
from payments.models import Payment, PayoutBatchLine, Reaction
from payments.rules import batches_visible_to, payments_of_own_organisations, payments_visible_to, reactions_visible_to
from schemes.models import AppropriationShare, Scheme

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))


def grant_for_payment_plan(user, grant_id):
    """The grant, or 404 when it does not exist or the user may not see it (applications.rules)."""
    return get_object_or_404(
        grants_visible_to(user).select_related("organisation", "call__scheme"),
        pk=grant_id,
    )


def batch_for(user, pk):
    return get_object_or_404(batches_visible_to(user), pk=pk)


def batch_line_for(user, batch_pk, line_pk):
    return get_object_or_404(PayoutBatchLine, pk=line_pk, batch_id=batch_pk, batch__in=batches_visible_to(user))


def payment_for(user, pk):
    return get_object_or_404(payments_visible_to(user).select_related("grant"), pk=pk)


def reaction_for(user, pk):
    return get_object_or_404(
        reactions_visible_to(user).select_related(
            "grant__organisation", "grant__call__scheme", "decided_by", "changed_by", "payment"
        ),
        pk=pk,
    )


def grant_payments_visible(user, grant) -> bool:
    return grants_visible_to(user).filter(pk=grant.pk).exists()


def payment_plan(grant):
    return list(grant.payments.order_by("term_number"))


def reactions_for_grant(grant, user):
    """The grant's reactions the user may see (payments.rules.reactions_visible_to)."""
    return list(
        reactions_visible_to(user)
        .filter(grant=grant)
        .select_related("decided_by", "changed_by", "approved_by", "payment", "held_payment", "grant__call")
        .order_by("-decided_on", "-id")
    )


def reactions_proposed():
    """Reactions waiting for a budget holder's approval."""
    return (
        Reaction.objects.filter(status=Reaction.Status.PROPOSED)
        .select_related("grant__organisation", "decided_by", "changed_by", "payment")
        .order_by("created_at", "id")
    )


def bank_account_changes_pending():
    return (
        BankAccountChange.objects.filter(status=BankAccountChange.Status.PENDING)
        .select_related("organisation", "requested_by")
        .order_by("requested_at", "id")
    )


def bank_account_change_for(pk):
    return get_object_or_404(
        BankAccountChange.objects.select_related("organisation", "requested_by", "decided_by"), pk=pk
    )


def bank_account_change_pending_for(organisation_id):
    return bank_account_changes_pending().filter(organisation_id=organisation_id).first()


def organisation_ids_with_pending_account(organisation_ids) -> set[int]:
    return set(
        BankAccountChange.objects.filter(
            status=BankAccountChange.Status.PENDING, organisation_id__in=set(organisation_ids)
        ).values_list("organisation_id", flat=True)
    )


def payments_upcoming_for_user(user, *, limit=10):
    """The coming payouts of the user's organisations, for the start page."""
    return list(
        payments_of_own_organisations(user)
        .exclude(status__in=[Payment.Status.PAID, Payment.Status.CANCELLED])
        .select_related("grant__organisation", "grant__call__scheme")
        .order_by("planned_date", "id")[:limit]
    )


def payments_due(*, call=None, scheme=None, due_until=None):
    """Due payments (not yet in a batch), for finance's list by date."""
    qs = Payment.objects.filter(status=Payment.Status.DUE).select_related("grant__organisation", "grant__call__scheme")
    if call is not None:
        qs = qs.filter(grant__call=call)
    if scheme is not None:
        qs = qs.filter(grant__call__scheme=scheme)
    if due_until is not None:
        qs = qs.filter(planned_date__lte=due_until)
    return qs.order_by("planned_date", "grant__organisation__name", "id")


def payments_withheld():
    return (
        Payment.objects.filter(status=Payment.Status.WITHHELD)
        .select_related("grant__organisation", "grant__call__scheme")
        .order_by("planned_date", "id")
    )


def batches_with_totals(user):
    return (
        batches_visible_to(user)
        .select_related("created_by")
        .annotate(
            n_open=Count("lines", filter=Q(lines__is_open=True)),
            n_paid=Count("lines", filter=Q(lines__outcome=PayoutBatchLine.Outcome.PAID)),
            total=Coalesce(Sum("lines__amount", filter=Q(lines__is_open=True) | Q(lines__outcome="paid")), ZERO),
        )
    )


def batch_lines(batch):
    return batch.lines.select_related("payment__grant__organisation", "payment__grant__call__scheme").order_by("id")


def batch_lines_for_page(batch) -> list:
    """The batch's lines with what finance checks before the file goes to the bank: the
    account (as written in the payment file once made, the confirmed account before), the
    organisation number, a pending account change, and whether the account changed since the
    organisation was last paid (a confirmed change after its last payment, or before its
    first). Four queries whatever the number of lines."""
    lines = list(batch_lines(batch))
    organisation_ids = {line.payment.grant.organisation_id for line in lines}
    payment_ids = [line.payment_id for line in lines]
    held = organisation_ids_with_pending_account(organisation_ids)
    last_paid = dict(
        Payment.objects.filter(status=Payment.Status.PAID, grant__organisation_id__in=organisation_ids)
        .exclude(pk__in=payment_ids)
        .values("grant__organisation_id")
        .annotate(last=Max("paid_on"))
        .values_list("grant__organisation_id", "last")
    )
    last_change = dict(
        BankAccountChange.objects.filter(
            status=BankAccountChange.Status.CONFIRMED, organisation_id__in=organisation_ids, decided_at__isnull=False
        )
        .values("organisation_id")
        .annotate(last=Max("decided_at"))
        .values_list("organisation_id", "last")
    )
    for line in lines:
        organisation = line.payment.grant.organisation
        line.account = line.creditor_account or organisation.bank_account
        line.account_pending = line.is_open and organisation.pk in held
        changed = last_change.get(organisation.pk)
        paid = last_paid.get(organisation.pk)
        line.account_changed = changed is not None and (paid is None or timezone.localdate(changed) >= paid)
    return lines


def finance_year_totals(year: int) -> list[dict]:
    """Per scheme (with chapter/post) in `year`: the appropriation share, and what is planned,
    due, withheld, paid and claimed back. Four queries whatever the number of payments."""
    schemes = {s.pk: s for s in Scheme.objects.order_by("chapter", "post", "name")}
    shares = {}
    for share in AppropriationShare.objects.filter(appropriation__year=year, scheme__isnull=False).values(
        "scheme_id", "amount"
    ):
        shares[share["scheme_id"]] = shares.get(share["scheme_id"], Decimal("0")) + share["amount"]

    def money_sum(condition=None):
        return Coalesce(Sum("amount", filter=condition), ZERO)

    payment_sums = {
        row["grant__call__scheme_id"]: row
        for row in Payment.objects.filter(grant__year=year)
        .exclude(status=Payment.Status.CANCELLED)
        .values("grant__call__scheme_id")
        .annotate(
            planned=money_sum(),
            paid=money_sum(Q(status=Payment.Status.PAID)),
            due=money_sum(Q(status__in=[Payment.Status.DUE, Payment.Status.IN_BATCH])),
            withheld=money_sum(Q(status=Payment.Status.WITHHELD)),
        )
    }
    claims = dict(
        Reaction.objects.filter(grant__year=year, kind=Reaction.Kind.REPAYMENT_CLAIM, status=Reaction.Status.APPROVED)
        .values("grant__call__scheme_id")
        .annotate(total=Sum("amount"))
        .values_list("grant__call__scheme_id", "total")
    )
    rows = []
    for scheme_id, scheme in schemes.items():
        sums = payment_sums.get(scheme_id, {})
        share = shares.get(scheme_id)
        if not sums and share is None:
            continue
        planned = sums.get("planned", Decimal("0"))
        rows.append(
            {
                "scheme": scheme,
                "chapter_post": scheme.chapter_post,
                "appropriation": share,
                "planned": planned,
                "paid": sums.get("paid", Decimal("0")),
                "due": sums.get("due", Decimal("0")),
                "withheld": sums.get("withheld", Decimal("0")),
                "claimed": claims.get(scheme_id, Decimal("0")),
                "remaining": (share - planned) if share is not None else None,
            }
        )
    return rows


def payouts_per_month(year: int) -> list[dict]:
    """Planned and paid amounts per month of `year` (by planned date and paid date): 2 queries."""
    planned = dict(
        Payment.objects.filter(planned_date__year=year)
        .exclude(status=Payment.Status.CANCELLED)
        .annotate(m=ExtractMonth("planned_date"))
        .values("m")
        .annotate(total=Sum("amount"))
        .values_list("m", "total")
    )
    paid = dict(
        Payment.objects.filter(status=Payment.Status.PAID, paid_on__year=year)
        .annotate(m=ExtractMonth("paid_on"))
        .values("m")
        .annotate(total=Sum("amount"))
        .values_list("m", "total")
    )
    return [
        {"month": dt.date(year, m, 1), "planned": planned.get(m, Decimal("0")), "paid": paid.get(m, Decimal("0"))}
        for m in range(1, 13)
    ]


def reactions_overview(year: int):
    return (
        Reaction.objects.filter(grant__year=year)
        .select_related("grant__organisation", "grant__call__scheme", "decided_by")
        .order_by("-decided_on", "-id")
    )


# --- a reaction's due process ---------------------------------------------------------------

_REACTION_RELATED = (
    "grant__organisation",
    "grant__call__scheme",
    "decided_by",
    "changed_by",
    "payment",
    "held_payment",
)


def reaction_page_for(user, pk):
    """A reaction's page: IMDi staff, and the grant's organisation once it is a party (from the
    notice, or the decision); anyone else 404 (payments.rules.reactions_visible_to)."""
    return get_object_or_404(reactions_visible_to(user).select_related(*_REACTION_RELATED), pk=pk)


def reaction_of_own_organisation(user, pk):
    """A reaction the user's own organisation is a party to: the municipality's reply and
    appeal pages. IMDi staff get 404 here (they are not the party)."""
    return get_object_or_404(
        reactions_visible_to(user)
        .filter(grant__organisation_id__in=organisation_ids_of(user))
        .select_related(*_REACTION_RELATED),
        pk=pk,
    )


def reaction_replies(reaction):
    return list(reaction.replies.select_related("uploaded_by").order_by("uploaded_at", "id"))


def reaction_appeal_of(reaction):
    from payments.models import ReactionAppeal

    return ReactionAppeal.objects.filter(reaction=reaction).select_related("uploaded_by", "forwarded_by").first()


def grant_later_years_stopped(grant) -> bool:
    """An approved decision stops the project's later years (for the multi-year continuation)."""
    return grant.reactions.filter(kind=Reaction.Kind.STOP_LATER_YEARS, status=Reaction.Status.APPROVED).exists()
