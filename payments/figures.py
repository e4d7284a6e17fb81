"""IMDi's figures for the ministry (half-year: count date 30 June; annual: 31 December; any
count date will do): per scheme, call, priority area and county.

Everything is counted as it stood at the end of the count date (Europe/Oslo), from dated facts
in the case data, for the grant year of the count date:

- application figures (applications, applied, decided, awarded, the shares, planned
  participants) for the calls of that year, by when the application was submitted and when its
  decision was approved;
- money figures (awarded, paid, withheld, reclaimed, unused, reported participants) for the
  grants of that grant year (a later year of a multi-year project counts under its own call);
  unused funds come from the final accounts whenever they were sent (they are due after the
  grant year).

Eight queries whatever the volume: five aggregate queries at the finest grain (call × area ×
county) and three for the names; the four tables are sums of that grain in Python, so they
always add up to the same totals."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, Exists, F, IntegerField, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from applications.models import Application, BudgetYear, Decision, Grant
from core.calendar import end_of_day_oslo
from organisations.models import County
from payments.models import Payment, Reaction
from reporting.models import SENT_TO_IMDI, AccountsLine, Report, ReportObligation
from schemes.models import Call, PriorityArea

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=16, decimal_places=2)

# The figures in page order, with their one-line definitions (the page, the XLSX and the tests
# read this one list). `kind`: count, money or share (per cent).
FIGURES = [
    ("applications", "count", _("Søknader"), _("Søknader til årets utlysninger sendt inn innen telledatoen.")),
    (
        "applied",
        "money",
        _("Søkt beløp"),
        _("Søknadsbeløp og deltakerstønad det søkes om for første prosjektår i de innsendte søknadene."),
    ),
    (
        "decided",
        "count",
        _("Avgjort"),
        _("Innsendte søknader med vedtak (innvilget, avslått, avvist) innen telledatoen."),
    ),
    ("awarded_count", "count", _("Innvilget"), _("Innsendte søknader med innvilgelsesvedtak innen telledatoen.")),
    ("success_rate", "share", _("Innvilgelsesandel"), _("Innvilgede søknader i prosent av avgjorte søknader.")),
    (
        "multi_year_share",
        "share",
        _("Flerårige"),
        _("Andel av de innvilgede prosjektene med prosjektperiode over mer enn ett kalenderår."),
    ),
    (
        "inter_municipal_share",
        "share",
        _("Interkommunale"),
        _("Andel av de innvilgede prosjektene med minst én samarbeidskommune oppgitt i søknaden."),
    ),
    (
        "academic_share",
        "share",
        _("Med UH-veiledning"),
        _("Andel av de innvilgede prosjektene der veilederen er fra universitet eller høyskole."),
    ),
    (
        "participants_planned",
        "count",
        _("Deltakere planlagt"),
        _("Antall deltakere oppgitt i søknaden, for de innvilgede prosjektene."),
    ),
    (
        "participants_reported",
        "count",
        _("Deltakere rapportert"),
        _("Høyeste antall deltakere i rapporter sendt inn innen telledatoen (returnerte rapporter telles ikke)."),
    ),
    (
        "awarded",
        "money",
        _("Tildelt"),
        _("Tilskudd for tilskuddsåret vedtatt innen telledatoen, deltakerstønad medregnet."),
    ),
    (
        "paid",
        "money",
        _("Utbetalt"),
        _("Utbetalinger på tilskuddsårets tilskudd med utbetalingsdato innen telledatoen."),
    ),
    (
        "withheld",
        "money",
        _("Holdt tilbake"),
        _("Godkjente vedtak om tilbakeholdelse innen telledatoen (ikke midlertidige stans for manglende vilkår)."),
    ),
    ("reclaimed", "money", _("Krevd tilbake"), _("Godkjente krav om tilbakebetaling innen telledatoen.")),
    (
        "unused",
        "money",
        _("Ubrukte midler"),
        _(
            "Tilskudd minus utgifter dekket av tilskuddet, i regnskap for tilskuddsåret sendt til IMDi, også etter "
            "telledatoen (fristen er 1. februar året etter)."
        ),
    ),
]
FIGURE_NAMES = [name for name, *_rest in FIGURES]
# The sums that add up across rows; the shares are computed from them.
_COUNTS = [
    "applications",
    "decided",
    "awarded_count",
    "awarded_multi_year",
    "awarded_inter_municipal",
    "awarded_academic",
    "participants_planned",
    "participants_reported",
]
_MONEY = ["applied", "awarded", "paid", "withheld", "reclaimed", "accounted_grant", "accounted_covered"]

DIMENSIONS = [
    ("scheme", _("Per tilskuddsordning")),
    ("call", _("Per utlysning")),
    ("area", _("Per satsingsområde")),
    ("county", _("Per fylke")),
]


def _share(part: int, whole: int):
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class FigureRow:
    label: str
    applications: int = 0
    decided: int = 0
    awarded_count: int = 0
    awarded_multi_year: int = 0
    awarded_inter_municipal: int = 0
    awarded_academic: int = 0
    participants_planned: int = 0
    participants_reported: int = 0
    applied: Decimal = ZERO
    awarded: Decimal = ZERO
    paid: Decimal = ZERO
    withheld: Decimal = ZERO
    reclaimed: Decimal = ZERO
    accounted_grant: Decimal = ZERO
    accounted_covered: Decimal = ZERO
    sort_key: tuple = field(default=(), compare=False)

    def add(self, other: "FigureRow") -> None:
        for name in _COUNTS + _MONEY:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def success_rate(self):
        return _share(self.awarded_count, self.decided)

    @property
    def multi_year_share(self):
        return _share(self.awarded_multi_year, self.awarded_count)

    @property
    def inter_municipal_share(self):
        return _share(self.awarded_inter_municipal, self.awarded_count)

    @property
    def academic_share(self):
        return _share(self.awarded_academic, self.awarded_count)

    @property
    def unused(self) -> Decimal:
        return self.accounted_grant - self.accounted_covered

    def values(self) -> list:
        return [getattr(self, name) for name in FIGURE_NAMES]

    def cells(self) -> list[tuple[str, object]]:
        """(kind, value) per figure, in page order (for the template)."""
        return [(kind, getattr(self, name)) for name, kind, _title, _definition in FIGURES]


@dataclass
class Figures:
    count_date: dt.date
    year: int
    tables: dict  # dimension → list[FigureRow]
    total: FigureRow

    @property
    def sections(self):
        return [(name, title, self.tables[name]) for name, title in DIMENSIONS]


def count_date_choices(years) -> list[dt.date]:
    """The usual count dates: 30 June (half-year) and 31 December (annual) of each year."""
    days = []
    for year in years:
        days += [dt.date(year, 12, 31), dt.date(year, 6, 30)]
    return days


def _grain(row, prefix=""):
    return (row[f"{prefix}call_id"], row[f"{prefix}area_id"], row[f"{prefix}county_id"])


def _applications(year, end):
    decided = Decision.objects.filter(
        application=OuterRef("pk"), status=Decision.Status.APPROVED, approved_at__lte=end
    ).values("pk")
    awarded = decided.filter(outcome=Decision.Outcome.AWARD)
    first_year = (
        BudgetYear.objects.filter(application=OuterRef("pk"), year_index=1)
        .annotate(total=F("amount_applied") + F("participant_allowance"))
        .values("total")[:1]
    )
    partners = Application.partners.through.objects.filter(application_id=OuterRef("pk")).values("pk")
    is_awarded = Q(is_awarded=True)
    return (
        Application.objects.filter(call__year=year, submitted_at__lte=end)
        .annotate(
            is_decided=Exists(decided),
            is_awarded=Exists(awarded),
            has_partner=Exists(partners),
            applied_first=Coalesce(Subquery(first_year, output_field=MONEY), Value(ZERO, output_field=MONEY)),
        )
        .values("call_id", "area_id", county_id=F("organisation__county_id"))
        .annotate(
            applications=Count("pk"),
            applied=Sum("applied_first"),
            decided=Count("pk", filter=Q(is_decided=True)),
            awarded_count=Count("pk", filter=is_awarded),
            awarded_multi_year=Count("pk", filter=is_awarded & Q(project_end__year__gt=F("project_start__year"))),
            awarded_inter_municipal=Count("pk", filter=is_awarded & Q(has_partner=True)),
            awarded_academic=Count("pk", filter=is_awarded & Q(supervisor_is_academic=True)),
            participants_planned=Coalesce(Sum("participants", filter=is_awarded), 0),
        )
        .order_by()
    )


def _grants(year, end):
    reported = (
        Report.objects.filter(obligation__grant=OuterRef("pk"), submitted_at__lte=end, participants__isnull=False)
        .exclude(obligation__status=ReportObligation.Status.RETURNED)
        .values("obligation__grant")
        .annotate(most=Max("participants"))
        .values("most")
    )
    accounted = _accounts_reports().filter(obligation__grant=OuterRef("pk")).values("pk")
    return (
        Grant.objects.filter(year=year, created_at__lte=end)
        .annotate(
            reported=Coalesce(Subquery(reported, output_field=IntegerField()), 0),
            has_accounts=Exists(accounted),
        )
        .values("call_id", area_id=F("application__area_id"), county_id=F("organisation__county_id"))
        .annotate(
            awarded=Sum("amount"),
            participants_reported=Sum("reported"),
            accounted_grant=Coalesce(Sum("amount", filter=Q(has_accounts=True)), Value(ZERO, output_field=MONEY)),
        )
        .order_by()
    )


def _accounts_reports():
    """The grant year's final accounts as sent to IMDi. Not cut at the count date: they are due
    on 1 February the year after, so no count date of the grant year would ever see them."""
    return Report.objects.filter(obligation__kind=ReportObligation.Kind.ACCOUNTS, obligation__status__in=SENT_TO_IMDI)


def _by_grant(queryset, prefix="grant__"):
    return queryset.values(
        call_id=F(f"{prefix}call_id"),
        area_id=F(f"{prefix}application__area_id"),
        county_id=F(f"{prefix}organisation__county_id"),
    ).order_by()


def _money_rows(year, count_date, end):
    paid = _by_grant(
        Payment.objects.filter(grant__year=year, status=Payment.Status.PAID, paid_on__lte=count_date)
    ).annotate(paid=Sum("amount"))
    in_force = Q(approved_at__lte=end) | Q(approved_at__isnull=True, decided_on__lte=count_date)
    reactions = _by_grant(
        Reaction.objects.filter(in_force, grant__year=year, status=Reaction.Status.APPROVED)
    ).annotate(
        withheld=Coalesce(Sum("amount", filter=Q(kind=Reaction.Kind.WITHHOLDING)), Value(ZERO, output_field=MONEY)),
        reclaimed=Coalesce(
            Sum("amount", filter=Q(kind=Reaction.Kind.REPAYMENT_CLAIM)), Value(ZERO, output_field=MONEY)
        ),
    )
    covered = _by_grant(
        AccountsLine.objects.filter(report__in=_accounts_reports().filter(obligation__grant__year=year)),
        prefix="report__obligation__grant__",
    ).annotate(accounted_covered=Sum("covered_by_grant"))
    return [paid, reactions, covered]


def figures_count(*, count_date: dt.date) -> Figures:
    """The figures at the end of `count_date` (Oslo) for its grant year (see the module)."""
    year = count_date.year
    end = end_of_day_oslo(count_date)
    grain = defaultdict(lambda: FigureRow(label=""))
    for queryset in [_applications(year, end), _grants(year, end), *_money_rows(year, count_date, end)]:
        for row in queryset:
            cell = grain[_grain(row)]
            for name, value in row.items():
                if name in _COUNTS or name in _MONEY:
                    setattr(cell, name, getattr(cell, name) + (value or 0))

    call_ids = {key[0] for key in grain}
    calls = {c.pk: c for c in Call.objects.filter(pk__in=call_ids).select_related("scheme")}
    areas = {a.pk: a for a in PriorityArea.objects.filter(pk__in={key[1] for key in grain if key[1]})}
    counties = {c.pk: c for c in County.objects.filter(pk__in={key[2] for key in grain})}

    tables = {name: {} for name, _title in DIMENSIONS}
    no_area = _("uten satsingsområde")
    total = FigureRow(label=str(_("Sum")))
    for (call_id, area_id, county_id), cell in grain.items():
        call = calls[call_id]
        area = areas.get(area_id)
        county = counties.get(county_id)
        keys = {
            "scheme": (call.scheme_id, call.scheme.name, (call.scheme.chapter, call.scheme.post, call.scheme.name)),
            "call": (call_id, f"{call.year} {call.scheme.name}", (-call.year, call.scheme.name)),
            "area": (
                (call_id, area_id),
                f"{call.year} {call.scheme.name}: {area.number}. {area.title}"
                if area
                else f"{call.year} {call.scheme.name}: {no_area}",
                (-call.year, call.scheme.name, area.number if area else 0),
            ),
            "county": (
                county_id,
                county.name if county else str(_("Uten fylke")),
                (county.number if county else "99",),
            ),
        }
        for dimension, (key, label, sort_key) in keys.items():
            row = tables[dimension].get(key)
            if row is None:
                row = tables[dimension][key] = FigureRow(label=label, sort_key=sort_key)
            row.add(cell)
        total.add(cell)
    return Figures(
        count_date=count_date,
        year=year,
        tables={name: sorted(rows.values(), key=lambda r: r.sort_key) for name, rows in tables.items()},
        total=total,
    )


# The attributes a FigureRow carries (for tests that compare rows field by field).
ROW_FIELDS = [f.name for f in fields(FigureRow) if f.name not in ("label", "sort_key")]
