"""Norwegian display formats for templates: `60 400 000 kr`, `14.02.2024`."""

import datetime as dt

from django import template
from django.utils import timezone

from core.money import format_nok

register = template.Library()


@register.filter
def nok(amount):
    """60400000 → '60 400 000 kr' (no-break spaces); None → ''."""
    return format_nok(amount)


@register.filter
def nok_bare(amount):
    """The amount without the currency suffix, for table cells under a 'kr' header."""
    return format_nok(amount, suffix=False)


@register.filter
def date_no(value):
    """A date (or an aware datetime, shown in Oslo time) as dd.mm.yyyy; None → ''."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    return value.strftime("%d.%m.%Y")


@register.filter
def datetime_no(value):
    """An aware datetime in Oslo time as dd.mm.yyyy kl. HH:MM; None → ''."""
    if value in (None, ""):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d.%m.%Y kl. %H:%M")


@register.filter
def lines(text):
    """The non-empty lines of a text field, for showing a circular's conditions as a list."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
