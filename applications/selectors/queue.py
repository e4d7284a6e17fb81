"""The officers' work queue: per call, the applications with who is assigned and what is done."""

from decimal import Decimal

from django.db.models import Avg, Count, DecimalField, Exists, F, Max, Min, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from applications.models import ApplicationAssignment, Assessment, BudgetYear
from applications.rules import applications_sent_to_imdi

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0.00")

# The sort keys the queue offers (?o=…, "-" first for descending).
QUEUE_ORDERINGS = {
    "sak": "case_number",
    "soker": "organisation__name",
    "omrade": "area__number",
    "status": "status",
    "belop": "amount_applied_total",
    "innsendt": "submitted_at",
    "snitt": "mean_total",
}

TOTAL = F("score_purpose") + F("score_delivery") + F("score_transfer")

WHO_MINE = "mine"
WHO_UNASSIGNED = "ufordelt"


def _budget_sum(field, *, first_year_only=False):
    years = BudgetYear.objects.filter(application=OuterRef("pk"))
    if first_year_only:
        years = years.filter(year_index=1)
    total = years.values("application").annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(total, output_field=MONEY), Value(ZERO), output_field=MONEY)


def application_queue(*, user, call, area=None, status=None, who=None, officer=None, search="", ordering=""):
    """The call's applications sent to IMDi, each with its assigned officers (prefetched), the
    amounts applied for (first year and all years), and whether `user` has scored it. The
    number of queries does not depend on the number of rows."""
    rows = applications_sent_to_imdi().filter(call=call)
    if area is not None:
        rows = rows.filter(area=area)
    if status:
        rows = rows.filter(status=status)
    if who == WHO_MINE:
        rows = rows.filter(assignments__officer=user)
    elif who == WHO_UNASSIGNED:
        rows = rows.filter(~Exists(ApplicationAssignment.objects.filter(application=OuterRef("pk"))))
    if officer is not None:
        rows = rows.filter(assignments__officer=officer)
    search = (search or "").strip()
    if search:
        rows = rows.filter(
            Q(case_number__icontains=search) | Q(title__icontains=search) | Q(organisation__name__icontains=search)
        )
    scores = Assessment.objects.filter(application=OuterRef("pk")).values("application")
    rows = rows.select_related("organisation", "organisation__county", "area", "call").annotate(
        amount_applied_first=_budget_sum("amount_applied", first_year_only=True),
        amount_applied_total=_budget_sum("amount_applied"),
        my_assessment_done=Exists(Assessment.objects.filter(application=OuterRef("pk"), officer=user)),
        assigned_to_me=Exists(ApplicationAssignment.objects.filter(application=OuterRef("pk"), officer=user)),
        # Several assessors: the mean of their totals, the spread (highest less lowest), how many.
        mean_total=Subquery(scores.annotate(v=Avg(TOTAL)).values("v")),
        spread_total=Subquery(scores.annotate(v=Max(TOTAL) - Min(TOTAL)).values("v")),
        assessor_count=Coalesce(Subquery(scores.annotate(n=Count("id")).values("n")), Value(0)),
    )
    rows = rows.prefetch_related(
        "partners",
        Prefetch(
            "assignments",
            queryset=ApplicationAssignment.objects.select_related("officer").order_by("assigned_at", "pk"),
        ),
    )
    key = (ordering or "").lstrip("-")
    field = QUEUE_ORDERINGS.get(key)
    if field:
        descending = (ordering or "").startswith("-")
        rows = rows.order_by(f"-{field}" if descending else field, "case_number", "pk")
    else:
        rows = rows.order_by("case_number", "pk")
    # One assignment per officer and application (a unique constraint): the joins add no rows.
    return rows


def application_queue_default_call(*, user):
    """The call an officer's queue opens on: the newest with an application sent to IMDi."""
    from schemes.models import Call

    return (
        Call.objects.filter(pk__in=applications_sent_to_imdi().values("call"))
        .order_by("-year", "-application_deadline", "-pk")
        .first()
    )
