"""Grants to municipalities with an integration reception centre (rundskriv 06/2024):
places × monthly rate × months, no competition.

Month rule: a month counts in full for the agreement that is in force on the month's first
day, and not at all otherwise. An agreement from 15 January therefore starts paying in
February; one that ends 31 March (or any day in March) pays March. When the number of places
changes, the new agreement row (valid from the change) takes over from the first month it is
in force on the 1st; if two rows are in force on the same 1st, the one that started last wins."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Grant, ReceptionCentreAgreement, ReceptionOffer
from applications.selectors.assessment import committed_grants
from applications.services.application import case_number_next
from applications.services.assessment import BudgetExceeded
from core.calendar import OSLO
from core.documents import document_render_enqueue
from core.money import format_nok
from core.pdf import pdf_render
from core.services import case_event_record, history_save
from schemes.models import Rate, Scheme
from schemes.selectors import rate_on
from schemes.services import call_lock

MONTH_NAMES = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
]


def _require_officer(user):
    if not user.has_perm("applications.compute_reception_grants"):
        raise PermissionDenied(_("Bare rådgivere i IMDi kan gjøre dette."))


def agreement_in_force(agreement, day: dt.date) -> bool:
    return agreement.valid_from <= day and (agreement.valid_to is None or agreement.valid_to >= day)


def reception_months(agreements, year: int, *, scheme) -> list[dict]:
    """One line per month that pays: the agreement in force on the 1st, places, rate, amount."""
    lines = []
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        in_force = [a for a in agreements if agreement_in_force(a, first)]
        if not in_force:
            continue
        agreement = max(in_force, key=lambda a: (a.valid_from, a.pk or 0))
        rate = rate_on(Rate.Kind.PER_PLACE_MONTH, first, scheme=scheme)
        if rate is None:
            raise ValidationError(
                _("Det finnes ingen sats per plass per måned for %(month)s %(year)s.")
                % {"month": MONTH_NAMES[month - 1], "year": year}
            )
        lines.append(
            {
                "number": month,
                "month": MONTH_NAMES[month - 1],
                "agreement": agreement.pk,
                "places": agreement.places,
                "rate": str(rate),
                "amount": str(rate * agreement.places),
            }
        )
    return lines


def reception_amount(lines) -> Decimal:
    return sum((Decimal(line["amount"]) for line in lines), Decimal("0.00"))


def reception_basis_fields(lines) -> dict:
    """places, monthly_rate and months for the grant when one places count and one rate hold
    for every paying month; otherwise empty (the letter then lists the months)."""
    places = {line["places"] for line in lines}
    rates = {line["rate"] for line in lines}
    if len(places) == 1 and len(rates) == 1:
        return {"places": places.pop(), "monthly_rate": Decimal(rates.pop()), "months": len(lines)}
    return {"places": None, "monthly_rate": None, "months": None}


@transaction.atomic
def reception_agreement_save(*, agreement: ReceptionCentreAgreement, actor) -> ReceptionCentreAgreement:
    """Register or change an agreement; the case log keeps places and period before → after."""
    _require_officer(actor)
    agreement.full_clean()
    before = None
    if agreement.pk:
        old = ReceptionCentreAgreement.objects.select_for_update().get(pk=agreement.pk)
        before = {
            "places": old.places,
            "valid_from": old.valid_from.isoformat(),
            "valid_to": old.valid_to and old.valid_to.isoformat(),
        }
    history_save(agreement, actor)
    case_event_record(
        subject=agreement,
        action="reception_agreement_registered" if before is None else "reception_agreement_changed",
        actor=actor,
        data={
            "before": before,
            "after": {
                "places": agreement.places,
                "valid_from": agreement.valid_from.isoformat(),
                "valid_to": agreement.valid_to and agreement.valid_to.isoformat(),
            },
        },
    )
    return agreement


def reception_budget_problems(*, call, year, replaced_ids, new_total) -> list[str]:
    """What would overspend the call frame or its appropriation share if `new_total` replaced
    the grants `replaced_ids` (the caller holds call_lock)."""
    others = committed_grants().exclude(pk__in=replaced_ids)
    used_call = sum(others.filter(call=call, year=year).values_list("amount", flat=True), Decimal("0.00"))
    problems = []
    if used_call + new_total > call.frame:
        problems.append(
            _("Utlysningens ramme på %(frame)s overskrides (beregnet %(total)s).")
            % {"frame": format_nok(call.frame), "total": format_nok(used_call + new_total)}
        )
    share = call.appropriation_share
    if share is not None:
        used_share = sum(
            others.filter(call__appropriation_share=share, year=year).values_list("amount", flat=True),
            Decimal("0.00"),
        )
        if used_share + new_total > share.amount:
            problems.append(
                _("Bevilgningen %(label)s på %(amount)s overskrides.")
                % {"label": share.label, "amount": format_nok(share.amount)}
            )
    return problems


@transaction.atomic
def reception_grants_compute(*, call, actor) -> dict:
    """Compute (or recompute) the year's grant for every reception centre in `call`.

    Idempotent: a grant still only decided is updated in place (and its offer letter
    regenerated); one whose offer has been sent to the municipality is left alone. All or nothing: if the
    total would exceed the call frame or the appropriation share, nothing is written."""
    _require_officer(actor)
    if call.scheme.kind != Scheme.Kind.FORMULA:
        raise ValidationError(_("Utlysningen gjelder ikke en ordning som beregnes etter sats."))
    call = call_lock(call.pk)
    year = call.year
    agreements = list(agreements_in_year(year).select_related("organisation").order_by("organisation_id", "valid_from"))
    by_org: dict[int, list] = {}
    for agreement in agreements:
        by_org.setdefault(agreement.organisation_id, []).append(agreement)

    existing = {
        g.organisation_id: g
        for g in Grant.objects.select_for_update().filter(call=call, year=year, application__isnull=True)
    }
    summary = {"created": [], "updated": [], "unchanged": [], "frozen": [], "skipped": []}
    planned = []
    for org_id, org_agreements in by_org.items():
        organisation = org_agreements[0].organisation
        if not any(a.partnership_agreement_date for a in org_agreements):
            summary["skipped"].append((organisation, _("mangler partnerskapsavtale")))
            continue
        lines = reception_months(org_agreements, year, scheme=call.scheme)
        if not lines:
            summary["skipped"].append((organisation, _("ingen hele måneder i %(year)s") % {"year": year}))
            continue
        grant = existing.get(org_id)
        offer = getattr(grant, "reception_offer", None) if grant is not None else None
        if grant is not None and (grant.status != Grant.Status.DECIDED or (offer is not None and offer.is_sent)):
            # The offer has gone to the municipality: a change is a new agreement and offer, by hand.
            summary["frozen"].append(grant)
            continue
        planned.append((organisation, lines, reception_amount(lines), grant))

    # Budget: everything else committed on the call and share, plus the new amounts.
    replaced_ids = [g.pk for (_o, _l, _amt, g) in planned if g is not None]
    new_total = sum((amount for (_o, _l, amount, _g) in planned), Decimal("0.00"))
    problems = reception_budget_problems(call=call, year=year, replaced_ids=replaced_ids, new_total=new_total)
    if problems:
        raise BudgetExceeded(problems)

    for organisation, lines, amount, grant in planned:
        if grant is None:
            grant = history_save(
                Grant(
                    call=call,
                    organisation=organisation,
                    application=None,
                    case_number=case_number_next(year=year),
                    year=year,
                    amount=amount,
                    **reception_basis_fields(lines),
                ),
                actor,
            )
            case_event_record(
                subject=grant,
                action="grant_decided",
                actor=actor,
                to_state=grant.status,
                message=_("Tilskudd til integreringsmottak beregnet"),
                data={"amount": str(amount), "months": lines},
            )
            summary["created"].append(grant)
        elif grant.amount != amount:
            before = grant.amount
            grant.amount = amount
            for field, value in reception_basis_fields(lines).items():
                setattr(grant, field, value)
            history_save(grant, actor, update_fields=["amount", "places", "monthly_rate", "months"])
            case_event_record(
                subject=grant,
                action="grant_amount_changed",
                actor=actor,
                message=_("Tilskudd til integreringsmottak beregnet på nytt"),
                data={"before": str(before), "after": str(amount), "months": lines},
            )
            summary["updated"].append(grant)
        else:
            summary["unchanged"].append(grant)
            if ReceptionOffer.objects.filter(grant=grant, months=lines).exists():
                continue
        reception_offer_generate(grant=grant, lines=lines, actor=actor)
    case_event_record(
        subject=call,
        action="reception_grants_computed",
        actor=actor,
        data={k: len(v) for k, v in summary.items()},
    )
    return summary


RECEPTION_OFFER = "reception_offer"


def agreements_in_year(year: int):
    """The reception-centre agreements in force some time in `year`."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return ReceptionCentreAgreement.objects.filter(valid_from__lte=end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    )


def reception_offer_generate(*, grant, lines, actor) -> ReceptionOffer:
    """The offer to continue the reception centre (tilbudsbrev): saved with the computation it
    states; its PDF/A is rendered off the request by the documents worker (core.documents),
    which for a call's hundred centres would otherwise take the computing request minutes.
    A recomputed offer's earlier PDF is replaced: the offer is rendered again."""
    offer = ReceptionOffer.objects.filter(grant=grant).first() or ReceptionOffer(grant=grant)
    offer.pdf = ""
    offer.sha256 = ""
    offer.months = lines
    offer.generated_at = timezone.now()
    offer.generated_by = actor
    history_save(offer, actor)
    document_render_enqueue(kind=RECEPTION_OFFER, obj=offer)
    return offer


def reception_offer_render(offer) -> tuple[str, bytes]:
    """The offer letter as PDF/A, dated the day it was computed (core.documents)."""
    grant = offer.grant
    agreements = list(
        agreements_in_year(grant.year).filter(organisation_id=grant.organisation_id).order_by("valid_from")
    )
    pdf = pdf_render(
        "applications/reception_offer.pdf.html",
        {
            "grant": grant,
            "call": grant.call,
            "organisation": grant.organisation,
            "agreements": agreements,
            "lines": offer.months,
            "today": timezone.localdate(offer.generated_at, OSLO),
            "centre_names": sorted({a.centre_name for a in agreements}),
        },
        language=grant.organisation.written_standard or "nb",
    )
    return f"tilbudsbrev-{grant.case_number.replace('/', '-')}-{grant.year}.pdf", pdf


def reception_offer_fingerprint(offer):
    """A recomputation changes what the offer states and when it was made."""
    return (offer.months, offer.generated_at)
