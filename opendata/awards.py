"""A published award as the public sees it: the same facts on the page, in the 360Giving files
and in the API. Only facts about the grant and the recipient organisation; no person.
Free text the municipality wrote (summary, goals, activities) is not published: it may name
people, and nobody has reviewed it for publication."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from opendata.selectors import case_slug


@dataclass(frozen=True)
class PublicAward:
    case_number: str
    slug: str
    year: int
    amount: Decimal
    recipient: str
    recipient_org_number: str
    recipient_kind: str
    county_number: str
    county: str
    title: str
    scheme_code: str
    scheme: str
    call_title: str
    area_number: int | None
    from_open_call: bool
    area: str
    partners: tuple[str, ...]
    period_start: dt.date
    period_end: dt.date
    award_date: dt.date


def _oslo_date(moment) -> dt.date:
    return timezone.localtime(moment).date()


def award_public(grant) -> PublicAward:
    """The public facts of one published grant year (`grant` from grants_published)."""
    application = grant.application
    area = application.area if application else None
    if application and application.project_start and application.project_end:
        start, end = application.project_start, application.project_end
    else:
        start, end = dt.date(grant.year, 1, 1), dt.date(grant.year, 12, 31)
    decided_at = grant.decision.approved_at if grant.decision and grant.decision.approved_at else grant.created_at
    return PublicAward(
        case_number=grant.case_number,
        slug=case_slug(grant.case_number),
        year=grant.year,
        amount=grant.amount,
        recipient=grant.organisation.name,
        recipient_org_number=grant.organisation.org_number,
        recipient_kind=grant.organisation.get_kind_display(),
        county_number=grant.organisation.county.number,
        county=grant.organisation.county.name,
        title=(application.title if application and application.title else grant.call.title),
        scheme_code=grant.call.scheme.code,
        scheme=grant.call.scheme.name,
        call_title=grant.call.title,
        area_number=area.number if area else None,
        # Competitive grants were applied for in an open call; formula grants are computed.
        from_open_call=application is not None,
        area=area.title if area else "",
        partners=tuple(sorted(p.name for p in application.partners.all())) if application else (),
        period_start=start,
        period_end=end,
        award_date=_oslo_date(decided_at),
    )
