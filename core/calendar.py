"""Dates in Europe/Oslo and Norwegian bank days."""

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.utils import timezone

OSLO = ZoneInfo("Europe/Oslo")


def today_oslo() -> dt.date:
    return timezone.now().astimezone(OSLO).date()


def end_of_day_oslo(day: dt.date) -> dt.datetime:
    """The last instant of `day` in Oslo: a deadline 'by 14 Feb' closes at 23:59:59.999999."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=OSLO)


def is_past_deadline(day: dt.date, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return now > end_of_day_oslo(day)


@lru_cache(maxsize=64)
def _norwegian_holidays(year: int):
    return holidays.country_holidays("NO", years=year)


def is_bank_day(day: dt.date) -> bool:
    """Banks in Norway are closed on weekends, public holidays and 24 December (and 31 December)."""
    if day.weekday() >= 5:
        return False
    if (day.month, day.day) in {(12, 24), (12, 31)}:
        return False
    return day not in _norwegian_holidays(day.year)


def next_bank_day(day: dt.date) -> dt.date:
    """`day` itself if it is a bank day, otherwise the first bank day after it."""
    while not is_bank_day(day):
        day += dt.timedelta(days=1)
    return day


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last_day = [
        31,
        29 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
    return dt.date(year, month, min(day.day, last_day))
