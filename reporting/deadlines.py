"""Report deadlines of a call applied to one grant."""

import datetime as dt


def shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def deadline_dates_for_grant(deadline, grant) -> tuple[dt.date, dt.date, dt.date]:
    """The deadline's period and due date moved to the grant's year: a multi-year project's
    later grants (one per year) report on the same calendar as the call's year."""
    offset = grant.year - deadline.call.year
    return (
        shift_year(deadline.period_start, offset),
        shift_year(deadline.period_end, offset),
        shift_year(deadline.due_date, offset),
    )
