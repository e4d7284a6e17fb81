"""IMDi's figures counted the slow, obvious way: plain Python over every model row, with no
query of payments.figures reused, so the tests compare two independent countings."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from applications.models import Application, Grant
from core.calendar import end_of_day_oslo
from payments.models import Payment, Reaction
from reporting.models import Report

ZERO = Decimal("0.00")


def _labels(call, area, county):
    area_label = f"{area.number}. {area.title}" if area else "uten satsingsområde"
    return {
        "scheme": call.scheme.name,
        "call": f"{call.year} {call.scheme.name}",
        "area": f"{call.year} {call.scheme.name}: {area_label}",
        "county": county.name,
    }


def figures_truth(count_date: dt.date) -> dict:
    """{dimension: {label: {figure: value}}} plus "total": {figure: value}."""
    end = end_of_day_oslo(count_date)
    year = count_date.year
    rows = {d: defaultdict(lambda: defaultdict(lambda: 0)) for d in ("scheme", "call", "area", "county")}
    total = defaultdict(lambda: 0)

    def add(call, area, county, name, value):
        for dimension, label in _labels(call, area, county).items():
            rows[dimension][label][name] += value
        total[name] += value

    for a in Application.objects.all():
        if a.call.year != year or a.submitted_at is None or a.submitted_at > end:
            continue
        where = (a.call, a.area, a.organisation.county)
        add(*where, "applications", 1)
        first = [b for b in a.budget_years.all() if b.year_index == 1]
        add(*where, "applied", sum((b.amount_applied + b.participant_allowance for b in first), ZERO))
        decisions = [d for d in a.decisions.all() if d.status == "approved" and d.approved_at <= end]
        if decisions:
            add(*where, "decided", 1)
        if any(d.outcome == "award" for d in decisions):
            add(*where, "awarded_count", 1)
            if a.project_start and a.project_end and a.project_end.year > a.project_start.year:
                add(*where, "awarded_multi_year", 1)
            if a.partners.exists():
                add(*where, "awarded_inter_municipal", 1)
            if a.supervisor_is_academic:
                add(*where, "awarded_academic", 1)
            add(*where, "participants_planned", a.participants or 0)

    for g in Grant.objects.all():
        if g.year != year or g.created_at > end:
            continue
        where = (g.call, g.application.area if g.application else None, g.organisation.county)
        add(*where, "awarded", g.amount)
        reported = [
            r.participants
            for r in Report.objects.filter(obligation__grant=g)
            if r.submitted_at
            and r.submitted_at <= end
            and r.participants is not None
            and r.obligation.status != "returned"
        ]
        add(*where, "participants_reported", max(reported, default=0))
        accounts = [
            r
            for r in Report.objects.filter(obligation__grant=g, obligation__kind="accounts")
            if r.obligation.status in ("submitted", "approved")
        ]
        if accounts:
            covered = sum((line.covered_by_grant for r in accounts for line in r.accounts_lines.all()), ZERO)
            add(*where, "unused", g.amount - covered)
        for p in Payment.objects.filter(grant=g):
            if p.status == "paid" and p.paid_on <= count_date:
                add(*where, "paid", p.amount)
        for r in Reaction.objects.filter(grant=g, status="approved"):
            in_force = r.approved_at <= end if r.approved_at else r.decided_on <= count_date
            if in_force:
                add(*where, "withheld" if r.kind == "withholding" else "reclaimed", r.amount)

    result = {d: {label: dict(values) for label, values in by_label.items()} for d, by_label in rows.items()}
    result["total"] = dict(total)
    return result


SUMS = [
    "applications",
    "applied",
    "decided",
    "awarded_count",
    "awarded_multi_year",
    "awarded_inter_municipal",
    "awarded_academic",
    "participants_planned",
    "participants_reported",
    "awarded",
    "paid",
    "withheld",
    "reclaimed",
    "unused",
]


def figures_as_dict(figures) -> dict:
    """The selector's result in the truth's shape (zeros dropped on both sides by the caller)."""

    def values(row):
        return {name: getattr(row, name) for name in SUMS}

    result = {d: {row.label: values(row) for row in rows} for d, _title, rows in figures.sections}
    result["total"] = values(figures.total)
    return result


def without_zeros(figures: dict) -> dict:
    def clean(values):
        return {k: v for k, v in values.items() if v}

    out = {d: {label: clean(v) for label, v in rows.items()} for d, rows in figures.items() if d != "total"}
    out = {d: {label: v for label, v in rows.items() if v} for d, rows in out.items()}
    out["total"] = clean(figures["total"])
    return out
