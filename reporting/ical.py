"""A minimal iCalendar (RFC 5545) writer for report deadlines: all-day events, CRLF line
endings, lines folded at 75 octets without splitting a UTF-8 character."""

import datetime as dt

CRLF = "\r\n"


def escape_text(value: str) -> str:
    """TEXT escaping (RFC 5545 3.3.11)."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (RFC 5545 3.1)."""
    out = []
    current = ""
    current_len = 0
    limit = 75
    for char in line:
        size = len(char.encode("utf-8"))
        if current_len + size > limit:
            out.append(current)
            current = " "
            current_len = 1
            limit = 75
        current += char
        current_len += size
    out.append(current)
    return CRLF.join(out)


def calendar_render(*, name: str, events: list[dict], now: dt.datetime, prodid: str) -> str:
    """`events`: dicts with uid, date, summary, description, url."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Europe/Oslo",
    ]
    for event in events:
        day = event["date"]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event['uid']}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(event['summary'])}",
        ]
        if event.get("description"):
            lines.append(f"DESCRIPTION:{escape_text(event['description'])}")
        if event.get("url"):
            lines.append(f"URL:{event['url']}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
