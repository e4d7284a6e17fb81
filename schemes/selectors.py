import datetime as dt
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Max, Q, Sum

from core.calendar import today_oslo
from schemes.models import Call, LetterText, Rate


def rate_on(kind: str, day: dt.date, scheme=None) -> Decimal | None:
    """The amount of a rate valid on `day` (G: scheme=None)."""
    qs = Rate.objects.filter(kind=kind, scheme=scheme, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    rate = qs.order_by("-valid_from").first()
    return rate.amount if rate else None


def g_on(day: dt.date) -> Decimal | None:
    return rate_on(Rate.Kind.G, day)


def g_for_project_year(call, year: int) -> Decimal | None:
    """The G that caps the participant allowance of project year `year` (see Call.g_reference_date)."""
    return g_on(call.g_reference_date(year))


def letter_text(call, kind: str) -> LetterText | None:
    """The legal text a letter of `kind` prints for `call` (reference data from its circular)."""
    if call is None:
        return None
    return LetterText.objects.filter(call=call, kind=kind).first()


def call_published_q(*, today: dt.date | None = None) -> Q:
    """Calls whose publication date has come (Oslo). A call without a date is treated as
    published: the date is how IMDi holds back a call that is entered ahead of time."""
    today = today or today_oslo()
    return Q(published_on__isnull=True) | Q(published_on__lte=today)


def calls_published(*, today: dt.date | None = None):
    return Call.objects.filter(call_published_q(today=today))


def call_is_published(call, *, today: dt.date | None = None) -> bool:
    today = today or today_oslo()
    return call.published_on is None or call.published_on <= today


def calls_public(*, today: dt.date | None = None):
    """Calls shown on the public pages (published ones), newest first, with what their pages list."""
    return (
        calls_published(today=today)
        .select_related("scheme")
        .annotate(area_count=Count("areas"))
        .order_by("-year", "scheme__name")
    )


def call_is_open(call, *, today: dt.date | None = None) -> bool:
    """A competitive call is open from its publication date through its deadline day in Oslo;
    a formula scheme (no application) is open through its grant year."""
    today = today or today_oslo()
    if not call_is_published(call, today=today):
        return False
    if call.application_deadline is None:
        return call.year == today.year
    return today <= call.application_deadline


def calls_split_open_past(calls, *, today: dt.date | None = None):
    """(open, past) lists of the given calls, in their order."""
    today = today or today_oslo()
    open_calls, past_calls = [], []
    for call in calls:
        (open_calls if call_is_open(call, today=today) else past_calls).append(call)
    return open_calls, past_calls


# What is awarded against a frame is known to applications (the grants), which sits above
# schemes: it registers `committed_awards(*, call=None, area=None, share=None)` (a queryset of
# the awards that still hold money, with `organisation` and `amount`) from its AppConfig.ready(),
# and the frame rules here and in schemes.services ask through the four functions below.
_COMMITTED_AWARDS = []


def committed_awards_register(source) -> None:
    _COMMITTED_AWARDS[:] = [source]


def _committed(**target):
    if not _COMMITTED_AWARDS:
        raise ImproperlyConfigured("No app has registered committed_awards (applications does, in ready()).")
    return _COMMITTED_AWARDS[0](**target)


def _total(awards) -> Decimal:
    return awards.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def awarded_in_call(call) -> Decimal:
    return _total(_committed(call=call))


def awarded_in_area(area) -> Decimal:
    return _total(_committed(area=area))


def awarded_most_to_one_applicant(area) -> Decimal:
    """The largest total any one organisation holds in the area (the cap may not go below it)."""
    totals = _committed(area=area).values("organisation").annotate(total=Sum("amount")).aggregate(most=Max("total"))
    return totals["most"] or Decimal("0.00")


def awarded_against_share(share) -> Decimal:
    return _total(_committed(share=share))


# Later years of multi-year awards bind money in their year's frames ("bundet"): applications
# registers `bound_awards(*, call=None, area=None, share=None)` (a queryset with `amount`) too.
_BOUND_AWARDS = []


def bound_awards_register(source) -> None:
    _BOUND_AWARDS[:] = [source]


def bound_in_call(call) -> Decimal:
    if not _BOUND_AWARDS:
        return Decimal("0.00")
    return _total(_BOUND_AWARDS[0](call=call))


def frame_summary(call) -> list[dict]:
    """The call's frames with what is awarded, what earlier multi-year awards bind and what is
    left: the call, each area with a frame, and the appropriation share."""
    bound = _BOUND_AWARDS[0] if _BOUND_AWARDS else None

    def row(label, frame, awarded, bound_amount):
        left = None if frame is None else frame - awarded - bound_amount
        return {"label": label, "frame": frame, "awarded": awarded, "bound": bound_amount, "left": left}

    rows = [row(str(call), call.frame, awarded_in_call(call), bound_in_call(call))]
    for area in call.areas.order_by("number"):
        rows.append(
            row(
                f"{area.number}. {area.title}",
                area.frame,
                awarded_in_area(area),
                _total(bound(area=area)) if bound else Decimal("0.00"),
            )
        )
    share = call.appropriation_share
    if share is not None:
        rows.append(
            row(
                share.label,
                share.amount,
                awarded_against_share(share),
                _total(bound(share=share)) if bound else Decimal("0.00"),
            )
        )
    return rows


def budget_changes_pending():
    from schemes.models import BudgetChange

    return BudgetChange.objects.filter(status=BudgetChange.Status.PENDING).select_related(
        "call", "area", "share", "appropriation", "old_share", "new_share", "requested_by"
    )
