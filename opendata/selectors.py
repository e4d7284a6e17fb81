"""Reads for the public surfaces: the published awards filtered as the visitor asks, their
total, and the filter choices. Every surface starts from opendata.rules.grants_published."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from opendata.rules import grants_published
from organisations.models import County
from schemes.models import PriorityArea, Scheme


@dataclass(frozen=True)
class AwardFilter:
    """What a visitor filters the published awards by (all optional)."""

    year: int | None = None
    scheme: str = ""  # Scheme.code
    area: int | None = None  # the priority area's number in its call
    county: str = ""  # County.number
    q: str = ""  # searched in recipient and project title

    @classmethod
    def from_params(cls, params) -> "AwardFilter":
        """From a QueryDict or dict; values that are not what they should be are ignored."""

        def number(name):
            value = str(params.get(name) or "").strip()
            return int(value) if value.isdigit() and len(value) <= 4 else None

        return cls(
            year=number("year"),
            scheme=str(params.get("scheme") or "").strip()[:40],
            area=number("area"),
            county=str(params.get("county") or "").strip()[:2],
            q=str(params.get("q") or "").strip()[:100],
        )


def awards_filter(award_filter: AwardFilter | None = None, *, queryset=None):
    """The published awards matching the filter (one row per grant year)."""
    f = award_filter or AwardFilter()
    qs = grants_published() if queryset is None else queryset
    if f.year:
        qs = qs.filter(year=f.year)
    if f.scheme:
        qs = qs.filter(call__scheme__code=f.scheme)
    if f.area:
        qs = qs.filter(application__area__number=f.area)
    if f.county:
        qs = qs.filter(organisation__county__number=f.county)
    if f.q:
        qs = qs.filter(
            Q(organisation__name__icontains=f.q)
            | Q(organisation__official_name__icontains=f.q)
            | Q(application__title__icontains=f.q)
        )
    return qs


def awards_total(queryset) -> Decimal:
    """The awarded total of a queryset of published awards."""
    return queryset.order_by().aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def award_years_of_case(case_number: str):
    """Every published grant year of one case (the public page of an award)."""
    return grants_published().filter(case_number=case_number).order_by("year")


def award_filter_choices() -> dict:
    """The choices the filter form offers: years, schemes, area numbers and counties that have
    published awards (four queries, whatever the volume)."""
    published = grants_published().order_by()
    years = sorted(set(published.values_list("year", flat=True)), reverse=True)
    schemes = list(Scheme.objects.filter(calls__grants__in=published.values("pk")).distinct().order_by("name"))
    areas = (
        PriorityArea.objects.filter(applications__grants__in=published.values("pk"))
        .values_list("number", "title")
        .order_by("number")
        .distinct()
    )
    area_choices = {}
    for number, title in areas:
        area_choices.setdefault(number, title)
    counties = list(
        County.objects.filter(organisations__grants__in=published.values("pk")).distinct().order_by("number")
    )
    return {"years": years, "schemes": schemes, "areas": sorted(area_choices.items()), "counties": counties}


def case_slug(case_number: str) -> str:
    """`24/00123` → `24-00123`: the case number as it appears in a public URL."""
    return case_number.replace("/", "-")


def case_from_slug(slug: str) -> str:
    return slug.replace("-", "/")
