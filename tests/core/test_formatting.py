import datetime as dt
from decimal import Decimal

from django.template import Context, Template

from core.templatetags.formatting import date_no, datetime_no, lines, nok


def test_nok_formats_norwegian_amounts():
    assert nok(Decimal("60400000")) == "60\u00a0400\u00a0000\u00a0kr"
    assert nok(Decimal("1234.5")) == "1\u00a0234,50\u00a0kr"
    assert nok(None) == ""


def test_date_no_formats_dates_and_oslo_datetimes():
    assert date_no(dt.date(2024, 2, 14)) == "14.02.2024"
    # 23:30 UTC on 14 Feb is already 15 Feb in Oslo.
    assert date_no(dt.datetime(2024, 2, 14, 23, 30, tzinfo=dt.UTC)) == "15.02.2024"
    assert datetime_no(dt.datetime(2024, 6, 1, 10, 5, tzinfo=dt.UTC)) == "01.06.2024 kl. 12:05"
    assert date_no(None) == ""


def test_filters_in_a_template():
    html = Template("{% load formatting %}{{ a|nok }} {{ d|date_no }}").render(
        Context({"a": Decimal("2141"), "d": dt.date(2025, 1, 31)})
    )
    assert html == "2\u00a0141\u00a0kr 31.01.2025"


def test_lines_splits_conditions():
    assert lines("Første\n\n  Andre  \n") == ["Første", "Andre"]
    assert lines(None) == []
