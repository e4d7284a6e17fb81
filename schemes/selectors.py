import datetime as dt
from decimal import Decimal

from django.db.models import Q

from schemes.models import Call, Rate


def rate_on(kind: str, day: dt.date, scheme=None) -> Decimal | None:
    """The amount of a rate valid on `day` (G: scheme=None)."""
    qs = Rate.objects.filter(kind=kind, scheme=scheme, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    rate = qs.order_by("-valid_from").first()
    return rate.amount if rate else None


def g_on(day: dt.date) -> Decimal | None:
    return rate_on(Rate.Kind.G, day)


def calls_public():
    """Calls shown on the public pages, newest first, with what their pages list."""
    return Call.objects.select_related("scheme").order_by("-year", "scheme__name")
