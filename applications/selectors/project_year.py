"""Reads for the later years of multi-year awards: what is bound ("bundet") in a year's frames,
and all years of one project for its grant page."""

from decimal import Decimal

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from applications.models import Grant, ProjectYear

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)
HOLDING = (ProjectYear.Status.BOUND, ProjectYear.Status.PROPOSED)


def bound_years(*, call=None, area=None, share=None):
    """The later years that still hold money against a call (its scheme and year), one of its
    areas (by number) or an appropriation share (the calls it funds, each in its own year)."""
    years = ProjectYear.objects.filter(status__in=HOLDING)
    if area is not None:
        call = area.call if call is None else call
        years = years.filter(area_number=area.number)
    if call is not None:
        years = years.filter(scheme_id=call.scheme_id, year=call.year)
    if share is not None:
        from schemes.models import Call

        pairs = list(Call.objects.filter(appropriation_share=share).values_list("scheme_id", "year"))
        if not pairs:
            return years.none()
        match = Q()
        for scheme_id, year in pairs:
            match |= Q(scheme_id=scheme_id, year=year)
        years = years.filter(match)
    return years


def bound_total(years) -> Decimal:
    return years.aggregate(total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY))["total"]


def bound_used(*, call, area=None, organisation=None, exclude=None) -> dict:
    """What later years of earlier awards bind against each frame of `call` (and `area`)."""
    years = bound_years(call=call)
    if exclude is not None:
        years = years.exclude(pk=exclude.pk)
    used = {"bound_call": bound_total(years), "bound_area": ZERO, "bound_applicant": ZERO, "bound_share": ZERO}
    if area is not None:
        in_area = years.filter(area_number=area.number)
        used["bound_area"] = bound_total(in_area)
        if organisation is not None:
            used["bound_applicant"] = bound_total(in_area.filter(organisation=organisation))
    if call.appropriation_share_id:
        in_share = bound_years(share=call.appropriation_share)
        if exclude is not None:
            in_share = in_share.exclude(pk=exclude.pk)
        used["bound_share"] = bound_total(in_share)
    return used


def project_year_call(project_year):
    """The call of the year's scheme and year, or None while it is not entered."""
    from schemes.models import Call

    return (
        Call.objects.select_related("appropriation_share__appropriation")
        .filter(scheme_id=project_year.scheme_id, year=project_year.year)
        .first()
    )


def project_year_area(project_year, call):
    if call is None or project_year.area_number is None:
        return None
    return call.areas.filter(number=project_year.area_number).first()


def project_years_of(grant):
    """Every later year of the project `grant` belongs to (bound, proposed, confirmed, stopped)."""
    if grant.application_id is None:
        return ProjectYear.objects.none()
    return ProjectYear.objects.filter(application_id=grant.application_id).select_related("grant").order_by("year")


def project_overview(grant, grants_visible) -> list[dict]:
    """All years of the project on one page: each year's grant (those the reader may see) and
    the later years still bound, confirmed or stopped. Two queries, whatever the years."""
    if grant.application_id is None:
        return []
    rows = {}
    for year_grant in grants_visible.filter(application_id=grant.application_id).order_by("year"):
        rows[year_grant.year] = {"year": year_grant.year, "grant": year_grant, "project_year": None}
    for project_year in project_years_of(grant):
        row = rows.setdefault(project_year.year, {"year": project_year.year, "grant": None, "project_year": None})
        row["project_year"] = project_year
    return [rows[year] for year in sorted(rows)]


def project_years_to_decide():
    """Later years waiting for an officer's proposal or a budget holder's decision."""
    return ProjectYear.objects.filter(status__in=HOLDING).select_related("organisation", "application")


def grant_of_first_year(project_year) -> Grant | None:
    return project_year.decision.grants.order_by("year").first()


# The status report the officer's proposal rests on is reporting's, which sits above
# applications: reporting registers `status_reports(grants)` -> [obligation, …] from its
# AppConfig.ready(), and the admin page of a later year shows them.
_STATUS_REPORTS = []


def status_reports_register(source) -> None:
    _STATUS_REPORTS[:] = [source]


def status_reports_for(project_year) -> list:
    """The report obligations of the project's earlier years (status reports first)."""
    if not _STATUS_REPORTS:
        return []
    earlier = Grant.objects.filter(application_id=project_year.application_id, year__lt=project_year.year)
    return list(_STATUS_REPORTS[0](earlier))
