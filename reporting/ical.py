"""The iCalendar (RFC 5545) feed of report deadlines, written with the `icalendar` package:
all-day events (DTSTART;VALUE=DATE, DTEND the next day), a stable UID and DTSTAMP in UTC;
the library does the TEXT escaping, CRLF line endings and folding at 75 octets."""

import datetime as dt

from icalendar import Calendar, Event, vText
from icalendar.parser import Contentline


def fold(line: str) -> str:
    """Fold one content line as the feed does (RFC 5545 3.1): never splits a UTF-8 character."""
    return Contentline(line).to_ical().decode("utf-8")


def calendar_render(*, name: str, events: list[dict], now: dt.datetime, prodid: str) -> str:
    """`events`: dicts with uid, date, summary, description, url."""
    stamp = now.astimezone(dt.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", prodid)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(name))  # an X- property: TEXT escaping asked for explicitly
    calendar.add("x-wr-timezone", "Europe/Oslo")
    for item in events:
        day = item["date"]
        event = Event()
        event.add("uid", item["uid"])
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", item["summary"])
        if item.get("description"):
            event.add("description", item["description"])
        if item.get("url"):
            event.add("url", item["url"])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical(sorted=False).decode("utf-8")
