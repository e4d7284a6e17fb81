"""The public read-only API: open calls and published awards (django-ninja).

django-ninja rather than Django REST framework + drf-spectacular: the typed schemas below are
the validation, the serialisation and the OpenAPI 3 document at once (no second description to
keep in step), and it is one small dependency (pydantic) for a read-only API without
authentication. No docs page: ninja's Swagger UI loads its assets from a CDN, which the
portal's CSP forbids; the OpenAPI document at /api/openapi.json is the reference.

Every response is public (Cache-Control public, max-age, ETag, 304 on If-None-Match) and each
client address is limited to OPENDATA_API_RATE requests per window (429 with Retry-After)."""

import datetime as dt
import time
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control
from django.utils.decorators import decorator_from_middleware
from ninja import Field, NinjaAPI, Path, Query, Schema, Status
from ninja.decorators import decorate_view
from ninja.errors import Throttled
from ninja.throttling import BaseThrottle

from core.calendar import today_oslo
from core.client_address import client_ip_address
from opendata.awards import award_public
from opendata.selectors import AwardFilter, award_years_of_case, awards_filter, awards_total, case_from_slug
from schemes.selectors import call_is_open, calls_public

MAX_AGE = 300
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class AddressThrottle(BaseThrottle):
    """A fixed window per client address, counted in Django's cache."""

    def _rate(self) -> tuple[int, int]:
        return tuple(getattr(settings, "OPENDATA_API_RATE", (120, 60)))

    def allow_request(self, request) -> bool:
        limit, window = self._rate()
        now = time.time()
        self._reset_at = (int(now) // window + 1) * window
        key = f"opendata-api-rate:{client_ip_address(request)}:{int(now) // window}"
        cache.add(key, 0, timeout=window + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=window + 1)
            count = 1
        return count <= limit

    def wait(self) -> float:
        return max(1, int(self._reset_at - time.time()) + 1)


api = NinjaAPI(
    title="IMDi tilskudd – åpne data",
    version="1.0.0",
    description="Utlysninger og tildelte tilskudd fra IMDi, bare for lesing. Dataene er lisensiert under CC BY 4.0.",
    urls_namespace="api",
    docs_url=None,
    throttle=[AddressThrottle()],
)


@api.exception_handler(Throttled)
def _throttled(request, exc):
    response = api.create_response(request, {"detail": "For mange forespørsler. Prøv igjen senere."}, status=429)
    response["Retry-After"] = str(int(exc.wait or 1))
    return response


_conditional = decorator_from_middleware(ConditionalGetMiddleware)


def public_cache(view):
    """Cache-Control public with max-age, and an ETag of the body (304 when it matches)."""

    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response

    return _conditional(wrapped)


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict]


class CallOut(Schema):
    id: int
    scheme_code: str
    scheme: str
    year: int
    title: str
    circular_number: str
    summary: str
    published_on: dt.date | None
    application_deadline: dt.date | None
    frame: Decimal
    is_open: bool
    url: str


class CallPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CallOut]


class AwardOut(Schema):
    case_number: str
    year: int
    amount: Decimal
    recipient: str
    recipient_org_number: str
    county_number: str
    county: str
    title: str
    scheme_code: str
    scheme: str
    area_number: int | None
    area: str
    partners: list[str]
    period_start: dt.date
    period_end: dt.date
    award_date: dt.date
    url: str


class AwardPage(Schema):
    count: int
    limit: int
    offset: int
    total_amount: Decimal
    items: list[AwardOut]


class Paging(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=1_000_000)


class CallFilter(Paging):
    year: int | None = Field(None, ge=2000, le=2100)
    scheme: str | None = Field(None, max_length=40)
    open: bool | None = None


class AwardQuery(Paging):
    year: int | None = Field(None, ge=2000, le=2100)
    scheme: str | None = Field(None, max_length=40, description="Tilskuddsordningens kode")
    area: int | None = Field(None, ge=1, le=99, description="Satsingsområdets nummer i utlysningen")
    county: str | None = Field(None, pattern=r"^\d{2}$", description="Fylkesnummer")
    q: str | None = Field(None, max_length=100, description="Søk i mottaker og prosjekttittel")


ERRORS = {404: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}


def _call_out(call, today) -> dict:
    from django.urls import reverse

    return {
        "id": call.pk,
        "scheme_code": call.scheme.code,
        "scheme": call.scheme.name,
        "year": call.year,
        "title": call.title,
        "circular_number": call.circular_number,
        "summary": call.summary,
        "published_on": call.published_on,
        "application_deadline": call.application_deadline,
        "frame": call.frame,
        "is_open": call_is_open(call, today=today),
        "url": reverse("schemes:call_detail", args=[call.pk]),
    }


def _award_out(grant) -> dict:
    from django.urls import reverse

    award = award_public(grant)
    return {
        **{name: getattr(award, name) for name in AwardOut.model_fields if hasattr(award, name)},
        "partners": list(award.partners),
        "url": reverse("opendata:award", args=[award.slug]),
    }


@api.get("/calls", response={200: CallPage, **ERRORS}, summary="Utlysninger", operation_id="calls_list")
@decorate_view(public_cache)
def calls_list(request, filters: Query[CallFilter]):
    today = today_oslo()
    calls = calls_public(today=today)
    if filters.year:
        calls = calls.filter(year=filters.year)
    if filters.scheme:
        calls = calls.filter(scheme__code=filters.scheme)
    items = [_call_out(call, today) for call in calls]
    if filters.open is not None:
        # Whether a call is open depends on the day and its kind (schemes.selectors.call_is_open).
        items = [item for item in items if item["is_open"] == filters.open]
    page = items[filters.offset : filters.offset + filters.limit]
    return {"count": len(items), "limit": filters.limit, "offset": filters.offset, "items": page}


@api.get("/calls/{call_id}", response={200: CallOut, **ERRORS}, summary="Én utlysning", operation_id="call_detail")
@decorate_view(public_cache)
def call_detail(request, call_id: int = Path(..., ge=1, le=2**31 - 1)):
    call = calls_public().filter(pk=call_id).first()
    if call is None:
        return Status(404, {"detail": "Fant ikke utlysningen."})
    return _call_out(call, today_oslo())


@api.get("/awards", response={200: AwardPage, **ERRORS}, summary="Tildelte tilskudd", operation_id="awards_list")
@decorate_view(public_cache)
def awards_list(request, filters: Query[AwardQuery]):
    queryset = awards_filter(AwardFilter.from_params(filters.dict()))
    page = queryset[filters.offset : filters.offset + filters.limit]
    return {
        "count": queryset.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "total_amount": awards_total(queryset),
        "items": [_award_out(grant) for grant in page],
    }


@api.get(
    "/awards/{case}",
    response={200: list[AwardOut], **ERRORS},
    summary="Ett tildelt tilskudd (alle tilskuddsår i saken)",
    operation_id="award_detail",
)
@decorate_view(public_cache)
def award_detail(request, case: str = Path(..., pattern=r"^\d{2}-\d{5}$", description="Saksnummer, 24-00123")):
    grants = list(award_years_of_case(case_from_slug(case)))
    if not grants:
        return Status(404, {"detail": "Fant ikke tilskuddet."})
    return [_award_out(grant) for grant in grants]
