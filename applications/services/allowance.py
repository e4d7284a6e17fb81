"""The participant allowance (deltakerstønad): applied for per project year, capped at the G of
that year × the area's G per participant × participants, awarded beside the project amount.

Rundskriv 08/2024 (area 2) and the 2023 circular (areas 1-2): "Kommunen kan søke om
deltakerstønad på opptil 1G per deltaker per år". Which G each year uses: schemes.models.Call.g_reference_date."""

from decimal import Decimal

from django.utils.translation import gettext as _

from core.money import format_nok
from schemes.selectors import g_for_project_year

ZERO = Decimal("0.00")


def allowance_cap_for_year(application, year: int | None = None) -> Decimal | None:
    """The highest allowance for project year `year` (the call's year when None). 0 when the
    area gives no allowance; None when it cannot be computed yet (no area, participants or G)."""
    area = application.area
    if area is None:
        return None
    if area.allowance_cap_g is None:
        return ZERO
    if not application.participants:
        return None
    g = g_for_project_year(application.call, year or application.call.year)
    if g is None:
        return None
    return (g * area.allowance_cap_g * application.participants).quantize(Decimal("0.01"))


def allowance_awardable(application, year: int) -> Decimal:
    """What may be awarded as allowance for `year`: what was applied for, within that year's cap."""
    applied = next((by.participant_allowance for by in application.budget_years.all() if by.year == year), ZERO)
    cap = allowance_cap_for_year(application, year)
    return applied if cap is None else min(applied, cap)


def allowance_error(application, year: int, allowance: Decimal) -> str | None:
    """Why `allowance` cannot be awarded for `year`, or None."""
    if allowance < 0:
        return _("Deltakerstønaden kan ikke være negativ.")
    most = allowance_awardable(application, year)
    if allowance > most:
        return _("Deltakerstønaden for %(year)s kan være høyst %(most)s (søkt om, innenfor 1 G per deltaker).") % {
            "year": year,
            "most": format_nok(most),
        }
    return None


def application_allowance_applied(application) -> Decimal:
    return sum((by.participant_allowance for by in application.budget_years.all()), ZERO)
