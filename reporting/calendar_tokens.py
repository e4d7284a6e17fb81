"""The secret in a user's iCalendar feed URL (reporting.ical renders the feed)."""

import secrets

from django.db import transaction
from django.utils import timezone

from reporting.models import CalendarToken


def calendar_token_of(user) -> CalendarToken | None:
    """The user's current feed token, if they have made one (a read: the page never creates it)."""
    return CalendarToken.objects.filter(user=user).first()


@transaction.atomic
def calendar_token_get_or_create(*, user) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return token


@transaction.atomic
def calendar_token_replace(*, user) -> CalendarToken:
    """A new secret URL; the old one stops working at once (the first one when there is none)."""
    token, created = CalendarToken.objects.select_for_update().get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    if not created:
        token.token = secrets.token_urlsafe(32)
        token.created_at = timezone.now()
        token.save(update_fields=["token", "created_at"])
    return token
