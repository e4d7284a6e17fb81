"""Payment dates fall on Norwegian bank days: weekends, public holidays, 24 and 31 December
are closed (core.calendar)."""

import datetime as dt

import pytest

from core.calendar import is_bank_day, next_bank_day

D = dt.date


@pytest.mark.parametrize(
    "day",
    [
        D(2024, 3, 28),  # Maundy Thursday
        D(2024, 3, 29),  # Good Friday
        D(2024, 4, 1),  # Easter Monday
        D(2024, 5, 1),
        D(2024, 5, 9),  # Ascension Day
        D(2024, 5, 17),
        D(2024, 5, 20),  # Whit Monday
        D(2024, 12, 24),
        D(2024, 12, 25),
        D(2024, 12, 26),
        D(2024, 12, 31),
        D(2025, 1, 1),
        D(2024, 6, 1),  # a Saturday
    ],
)
def test_closed_days(day):
    assert not is_bank_day(day)


@pytest.mark.parametrize("day", [D(2024, 3, 27), D(2024, 4, 2), D(2024, 5, 15), D(2024, 12, 23), D(2024, 12, 27)])
def test_open_days(day):
    assert is_bank_day(day)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2024, 3, 28), D(2024, 4, 2)),  # across the whole of Easter
        (D(2024, 5, 17), D(2024, 5, 21)),  # 17 May (Friday), weekend, Whit Monday
        (D(2024, 5, 9), D(2024, 5, 10)),  # Ascension Day
        (D(2024, 12, 24), D(2024, 12, 27)),  # Christmas Eve, Christmas, Boxing Day
        (D(2024, 12, 31), D(2025, 1, 2)),  # New Year's Eve and Day
        (D(2024, 5, 15), D(2024, 5, 15)),  # a bank day stays
    ],
)
def test_next_bank_day(day, expected):
    assert next_bank_day(day) == expected
