"""Reads for assessment, ranking, budget position and the portal's decision pages."""

from decimal import Decimal

from django.db.models import Avg, Count, DecimalField, F, Max, Min, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from applications.models import Application, Assessment, BudgetYear, Decision, Grant

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)

# Grants that no longer hold money: the recipient said no, or let the deadline pass.
RELEASED_GRANT_STATUSES = (Grant.Status.DECLINED, Grant.Status.LAPSED)


def committed_grants():
    return Grant.objects.exclude(status__in=RELEASED_GRANT_STATUSES)


def _sum(qs) -> Decimal:
    return qs.aggregate(total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY))["total"]


def committed_awards(*, call=None, area=None, share=None):
    """The committed grants against a call (in its year), one of its priority areas, or an
    appropriation share (each call in its own year). Registered with schemes.selectors, whose
    frame rules ask it what is awarded."""
    grants = committed_grants()
    if area is not None:
        call = area.call if call is None else call
        # By number: a confirmed later year of a multi-year project is a grant in its own
        # year's call, on the application (and area) of the first year's call.
        grants = grants.filter(application__area__number=area.number)
    if call is not None:
        grants = grants.filter(call=call, year=call.year)
    if share is not None:
        grants = grants.filter(call__appropriation_share=share, year=F("call__year"))
    return grants


def budget_used(*, call, area=None, organisation=None) -> dict:
    """What is already committed against each frame the award must fit in: awarded
    ("call", "area", "applicant", "share") and bound by later years of earlier multi-year
    awards ("bound_call", … applications.selectors.project_year)."""
    from applications.selectors.project_year import bound_used

    grants = committed_grants()
    used = {
        "call": _sum(committed_awards(call=call)),
        "area": ZERO,
        "applicant": ZERO,
        "share": ZERO,
    }
    if area is not None:
        in_area = committed_awards(call=call, area=area)
        used["area"] = _sum(in_area)
        if organisation is not None:
            used["applicant"] = _sum(in_area.filter(organisation=organisation))
    if call.appropriation_share_id:
        used["share"] = _sum(grants.filter(call__appropriation_share=call.appropriation_share_id, year=call.year))
    used.update(bound_used(call=call, area=area, organisation=organisation))
    return used


def pending_proposals(*, call, area=None, organisation=None, exclude_applications=()):
    """Proposed awards in the call waiting for a budget holder (project amount and allowance)."""
    proposals = Decision.objects.filter(
        application__call=call, status=Decision.Status.PROPOSED, outcome=Decision.Outcome.AWARD
    ).exclude(application__in=list(exclude_applications))
    if area is not None:
        proposals = proposals.filter(application__area=area)
    if organisation is not None:
        proposals = proposals.filter(application__organisation=organisation)
    return proposals.aggregate(total=Coalesce(Sum(F("amount") + F("allowance")), Value(ZERO), output_field=MONEY))[
        "total"
    ]


def assessment_criteria(call) -> list[dict]:
    """The call's criteria (reference data) with their guidance and scale, in the order of the
    circular; a call loaded without them gets the model's own questions and the 1–6 scale."""
    from applications.models.assessment import SCORE_CHOICES

    stored = {c.code: c for c in call.criteria.all()}
    result = []
    for field in ("score_purpose", "score_delivery", "score_transfer"):
        code = field.removeprefix("score_")
        model_field = Assessment._meta.get_field(field)
        criterion = stored.get(code)
        scale = [(int(item["score"]), item["label"]) for item in (criterion.scale if criterion else [])]
        result.append(
            {
                "field": field,
                "code": code,
                "name": criterion.name if criterion else str(model_field.verbose_name).capitalize(),
                "guidance": criterion.guidance if criterion else str(model_field.help_text),
                "source": criterion.source if criterion else "",
                "scale": scale or [(value, str(label)) for value, label in SCORE_CHOICES],
                "position": criterion.position if criterion else len(result) + 1,
            }
        )
    return sorted(result, key=lambda c: c["position"])


def assessment_summary(application: Application) -> dict:
    """Average score per criterion and in total (sum of the three), and the priority factors."""
    agg = Assessment.objects.filter(application=application).aggregate(
        purpose=Avg("score_purpose"),
        delivery=Avg("score_delivery"),
        transfer=Avg("score_transfer"),
        total=Avg(F("score_purpose") + F("score_delivery") + F("score_transfer")),
        recommended=Avg("recommended_amount"),
        highest=Max(F("score_purpose") + F("score_delivery") + F("score_transfer")),
        lowest=Min(F("score_purpose") + F("score_delivery") + F("score_transfer")),
        count=Count("id"),
    )
    agg["spread"] = None if agg["count"] == 0 else agg["highest"] - agg["lowest"]
    years = list(application.budget_years.order_by("year_index"))
    return {
        **{k: (round(Decimal(v), 2) if v is not None and k != "count" else v) for k, v in agg.items()},
        "factors": priority_factors(
            years=len(years),
            amount_applied=sum((y.amount_applied for y in years), ZERO),
            participants=application.participants,
            academic=application.supervisor_is_academic,
            partners=application.partners.count(),
        ),
    }


def priority_factors(*, years, amount_applied, participants, academic, partners) -> list[str]:
    """The circular's priorities (rundskriv 08/2024): larger and multi-year projects,
    university/college guidance, inter-municipal cooperation."""
    from django.utils.translation import gettext as _

    from core.money import format_nok

    factors = []
    if years and years > 1:
        factors.append(_("Flerårig (%(years)s år)") % {"years": years})
    if amount_applied:
        factors.append(_("Størrelse: %(amount)s") % {"amount": format_nok(amount_applied)})
    if participants:
        factors.append(_("%(n)s deltakere") % {"n": participants})
    if academic:
        factors.append(_("Veiledning fra universitet eller høyskole"))
    if partners:
        factors.append(_("Interkommunalt samarbeid (%(n)s samarbeidskommuner)") % {"n": partners})
    return factors


def applications_with_scores(qs=None):
    """Applications annotated with average scores, applied/recommended amounts and factors,
    in a fixed number of queries whatever the number of rows."""
    qs = qs if qs is not None else Application.objects.all()
    applied = (
        BudgetYear.objects.filter(application=OuterRef("pk"))
        .values("application")
        .annotate(total=Sum("amount_applied"))
        .values("total")
    )
    allowance = (
        BudgetYear.objects.filter(application=OuterRef("pk"))
        .values("application")
        .annotate(total=Sum("participant_allowance"))
        .values("total")
    )
    first_year = BudgetYear.objects.filter(application=OuterRef("pk"), year_index=1).values("amount_applied")[:1]
    years = (
        BudgetYear.objects.filter(application=OuterRef("pk")).values("application").annotate(n=Count("id")).values("n")
    )
    scores = Assessment.objects.filter(application=OuterRef("pk")).values("application")
    award = Decision.objects.filter(
        application=OuterRef("pk"),
        outcome=Decision.Outcome.AWARD,
        status__in=[Decision.Status.PROPOSED, Decision.Status.APPROVED],
    ).order_by("-proposed_at")
    latest = Decision.objects.filter(application=OuterRef("pk")).order_by("-proposed_at", "-pk")
    partners = (
        Application.partners.through.objects.filter(application=OuterRef("pk"))
        .values("application")
        .annotate(n=Count("id"))
        .values("n")
    )
    return qs.annotate(
        amount_applied=Coalesce(Subquery(applied, output_field=MONEY), Value(ZERO), output_field=MONEY),
        allowance_applied=Coalesce(Subquery(allowance, output_field=MONEY), Value(ZERO), output_field=MONEY),
        amount_first_year=Coalesce(Subquery(first_year, output_field=MONEY), Value(ZERO), output_field=MONEY),
        year_count=Coalesce(Subquery(years), Value(0)),
        partner_count=Coalesce(Subquery(partners), Value(0)),
        avg_purpose=Subquery(scores.annotate(v=Avg("score_purpose")).values("v")),
        avg_delivery=Subquery(scores.annotate(v=Avg("score_delivery")).values("v")),
        avg_transfer=Subquery(scores.annotate(v=Avg("score_transfer")).values("v")),
        avg_total=Subquery(
            scores.annotate(v=Avg(F("score_purpose") + F("score_delivery") + F("score_transfer"))).values("v")
        ),
        avg_recommended=Subquery(scores.annotate(v=Avg("recommended_amount")).values("v"), output_field=MONEY),
        assessment_count=Coalesce(Subquery(scores.annotate(n=Count("id")).values("n")), Value(0)),
        # The spread between the assessors: the highest total less the lowest.
        spread_total=Subquery(
            scores.annotate(
                v=Max(F("score_purpose") + F("score_delivery") + F("score_transfer"))
                - Min(F("score_purpose") + F("score_delivery") + F("score_transfer"))
            ).values("v")
        ),
        latest_decision_id=Subquery(latest.values("pk")[:1]),
        latest_decision_status=Subquery(latest.values("status")[:1]),
        latest_decision_outcome=Subquery(latest.values("outcome")[:1]),
        latest_return_comment=Subquery(latest.values("return_comment")[:1]),
        award_amount=Subquery(award.values("amount")[:1], output_field=MONEY),
        award_allowance=Subquery(award.values("allowance")[:1], output_field=MONEY),
        award_status=Subquery(award.values("status")[:1]),
    )


RANKED_STATUSES = (Application.Status.SUBMITTED, Application.Status.IN_ASSESSMENT, Application.Status.AWARDED)


def ranking(*, call, area, user=None) -> dict:
    """Applications in one call and area, best score first, with running totals against the
    area frame, the call frame and the per-applicant cap: how far the money goes.

    Each row is a dict (add a key to add a column); the number of queries does not depend on
    the number of rows. With `user`, each row says whether they declared a conflict with it."""
    from applications.rules import conflicted_organisation_ids

    qs = (
        applications_with_scores(
            Application.objects.filter(call=call, area=area, status__in=RANKED_STATUSES).select_related(
                "organisation", "organisation__county"
            )
        )
        .prefetch_related("partners")
        .order_by(F("avg_total").desc(nulls_last=True), "-amount_applied", "case_number")
    )
    used = budget_used(call=call, area=area)
    conflicts = conflicted_organisation_ids(user) if user is not None else set()
    # The call frame also carries what is already committed in the other areas, and both
    # frames what later years of earlier multi-year awards bind ("bundet").
    call_running = used["call"] - used["area"] + used["bound_call"]
    area_running = used["bound_area"]
    per_applicant: dict[int, Decimal] = {}
    rows = []
    for app in qs:
        if app.award_amount is not None:
            # The frames count the project amount and the participant allowance together.
            planned = app.award_amount + (app.award_allowance or ZERO)
        elif app.avg_recommended is not None:
            planned = Decimal(app.avg_recommended).quantize(Decimal("0.01"))
        else:
            planned = ZERO
        area_running += planned
        call_running += planned
        per_applicant[app.organisation_id] = per_applicant.get(app.organisation_id, ZERO) + planned
        rows.append(
            {
                "application": app,
                "mean": app.avg_total,
                "spread": app.spread_total,
                "assessors": app.assessment_count,
                "recommended": None
                if app.avg_recommended is None
                else Decimal(app.avg_recommended).quantize(Decimal("0.01")),
                "proposed": app.award_amount if app.award_status == Decision.Status.PROPOSED else None,
                "approved": app.award_amount if app.award_status == Decision.Status.APPROVED else None,
                "returned": app.latest_decision_status == Decision.Status.RETURNED,
                "return_comment": app.latest_return_comment
                if app.latest_decision_status == Decision.Status.RETURNED
                else "",
                "decision_id": app.latest_decision_id,
                # May the officer propose here (no proposal waiting, not decided)?
                "open": app.status != Application.Status.AWARDED
                and app.award_status != Decision.Status.PROPOSED
                and app.latest_decision_status != Decision.Status.PROPOSED,
                "conflict": bool(conflicts & {app.organisation_id, *(p.pk for p in app.partners.all())}),
                "planned": planned,
                "area_running": area_running,
                "call_running": call_running,
                "applicant_total": per_applicant[app.organisation_id],
                "over_area": area.frame is not None and area_running > area.frame,
                "over_call": call_running > call.frame,
                "over_cap": area.per_applicant_cap is not None
                and per_applicant[app.organisation_id] > area.per_applicant_cap,
                "factors": priority_factors(
                    years=app.year_count,
                    amount_applied=app.amount_applied,
                    participants=app.participants,
                    academic=app.supervisor_is_academic,
                    partners=app.partner_count,
                ),
            }
        )
    return {
        "rows": rows,
        "used": used,
        "pending": pending_proposals(call=call, area=area),
        "area_frame": area.frame,
        "call_frame": call.frame,
        "cap": area.per_applicant_cap,
        "area_left": None if area.frame is None else area.frame - area_running,
        "call_left": call.frame - call_running,
    }


def bulk_approval_totals(decisions) -> list[dict]:
    """Totals per call and area for the confirmation page before bulk approval."""
    totals: dict[tuple, dict] = {}
    for d in decisions:
        app = d.application
        key = (app.call_id, app.area_id)
        entry = totals.setdefault(
            key,
            {"call": app.call, "area": app.area, "awards": 0, "amount": ZERO, "rejections": 0, "dismissals": 0},
        )
        if d.outcome == Decision.Outcome.AWARD:
            entry["awards"] += 1
            entry["amount"] += d.amount + d.allowance
        elif d.outcome == Decision.Outcome.REJECT:
            entry["rejections"] += 1
        else:
            entry["dismissals"] += 1
    result = []
    for entry in totals.values():
        area = entry["area"]
        used = budget_used(call=entry["call"], area=area)
        entry["used_area"] = used["area"]
        entry["area_left_after"] = (
            None
            if area is None or area.frame is None
            else area.frame - used["area"] - used["bound_area"] - entry["amount"]
        )
        entry["call_left_after"] = entry["call"].frame - used["call"] - used["bound_call"] - entry["amount"]
        result.append(entry)
    result.sort(key=lambda e: (e["call"].year, e["area"].number if e["area"] else 0))
    return result


def decisions_visible_to(user):
    """Approved rejection and dismissal letters of the user's organisations (others: none),
    and dismissals IMDi reversed after an appeal."""
    if not getattr(user, "is_authenticated", False):
        return Decision.objects.none()
    return (
        Decision.objects.filter(
            status__in=[Decision.Status.APPROVED, Decision.Status.REVERSED],
            outcome__in=[Decision.Outcome.REJECT, Decision.Outcome.DISMISS],
            application__organisation__memberships__user=user,
        )
        .select_related("application__organisation", "application__call")
        .distinct()
        .order_by("-approved_at")
    )


def reception_offers_visible_to(user):
    """The municipality's offers once sent (applications.rules), newest year first."""
    from applications.rules import reception_offers_sent_to

    return (
        reception_offers_sent_to(user)
        .select_related("grant__organisation", "grant__call", "answer_record")
        .order_by("-grant__year", "pk")
    )


def decision_hands(decision) -> set[int]:
    """Everyone who proposed or changed the proposal (four eyes: none of them may approve it).

    Besides proposed_by and changed_by, anyone recorded in the decision's history before it
    was approved counts: an earlier change by someone else does not clean the slate."""
    hands = {decision.proposed_by_id, decision.changed_by_id}
    hands |= set(
        Decision.history.filter(id=decision.pk, status=Decision.Status.PROPOSED)
        .exclude(history_user=None)
        .values_list("history_user_id", flat=True)
    )
    hands.discard(None)
    return hands


def decisions_hands(decisions) -> dict[int, set[int]]:
    """decision_hands for many decisions in one query (the bulk confirmation page)."""
    hands = {d.pk: {d.proposed_by_id, d.changed_by_id} - {None} for d in decisions}
    rows = (
        Decision.history.filter(id__in=list(hands), status=Decision.Status.PROPOSED)
        .exclude(history_user=None)
        .values_list("id", "history_user_id")
    )
    for pk, user_id in rows:
        hands[pk].add(user_id)
    return hands
