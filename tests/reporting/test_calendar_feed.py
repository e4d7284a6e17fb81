"""The iCalendar feed: a secret per-user URL, valid RFC 5545 (CRLF, folded lines, all-day
DTSTART;VALUE=DATE, UID, DTSTAMP)."""

import pytest
from django.urls import reverse

from reporting.ical import fold
from reporting.models import CalendarToken
from tests.reporting.helpers import accepted_grant, reception_grant, team

pytestmark = pytest.mark.django_db


def unfold(text):
    return text.replace("\r\n ", "")


def events(body):
    blocks = unfold(body).split("BEGIN:VEVENT\r\n")[1:]
    return [dict(line.split(":", 1) for line in block.split("END:VEVENT")[0].split("\r\n") if line) for block in blocks]


def test_feed_lists_open_deadlines_as_valid_icalendar(client):
    people = team()
    accepted_grant()
    client.force_login(people["caseworker"])
    client.post(reverse("reporting:calendar"))  # the address is made by a POST; opening the page writes nothing
    page = client.get(reverse("reporting:calendar"))
    token = CalendarToken.objects.get(user=people["caseworker"]).token
    assert token in page.content.decode()
    client.logout()
    response = client.get(reverse("reporting:calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode("utf-8")
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")  # only CRLF line endings
    assert all(len(line.encode("utf-8")) <= 75 for line in body.split("\r\n"))
    found = events(body)
    assert sorted(e["DTSTART;VALUE=DATE"] for e in found) == ["20240901", "20250201", "20250201"]
    assert all(e["UID"].startswith("rapport-") and "@" in e["UID"] for e in found)
    assert len({e["UID"] for e in found}) == 3
    assert all(len(e["DTSTAMP"]) == 16 and e["DTSTAMP"].endswith("Z") for e in found)
    assert any(e["SUMMARY"].startswith("Frist: Statusrapport") for e in found)


def test_feed_holds_only_the_users_organisations_and_a_replaced_token_stops_working(client):
    people = team()
    accepted_grant()
    from tests.factories import member, municipality, with_details

    other = with_details(municipality("0301"), seed=70)
    member(other)
    reception_grant(other)
    client.force_login(people["approver"])
    client.post(reverse("reporting:calendar"))
    old = CalendarToken.objects.get(user=people["approver"]).token
    body = client.get(reverse("reporting:calendar_feed", args=[old])).content.decode()
    assert "Oslo kommune" not in body and len(events(body)) == 3
    client.post(reverse("reporting:calendar"))
    new = CalendarToken.objects.get(user=people["approver"]).token
    assert new != old
    assert client.get(reverse("reporting:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("reporting:calendar_feed", args=[new])).status_code == 200
    assert client.get(reverse("reporting:calendar_feed", args=["gjett"])).status_code == 404


def test_folding_never_splits_a_character():
    line = "SUMMARY:" + "æøå" * 40
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert unfold(folded) == line


def test_text_is_escaped_and_events_are_all_day():
    import datetime as dt

    from reporting.ical import calendar_render

    body = calendar_render(
        name="Frister, IMDi; tilskudd",
        events=[
            {
                "uid": "rapport-1@portal",
                "date": dt.date(2024, 12, 31),
                "summary": "Frist: Sluttrapport; Bodø, 2024",
                "description": "Linje 1\nLinje 2 \\ slutt",
                "url": "https://portal.example.no/rapportering/1/",
            }
        ],
        now=dt.datetime(2024, 5, 1, 14, 30, 5, 123456, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        prodid="-//IMDi//Tilskuddsportal//NO",
    )
    lines = unfold(body).split("\r\n")
    assert "X-WR-CALNAME:Frister\\, IMDi\\; tilskudd" in lines
    assert "X-WR-TIMEZONE:Europe/Oslo" in lines
    (event,) = events(body)
    assert event["SUMMARY"] == "Frist: Sluttrapport\\; Bodø\\, 2024"
    assert event["DESCRIPTION"] == "Linje 1\\nLinje 2 \\\\ slutt"
    assert event["DTSTAMP"] == "20240501T123005Z"  # UTC, no fraction
    assert event["DTSTART;VALUE=DATE"] == "20241231"
    assert event["DTEND;VALUE=DATE"] == "20250101"  # all-day: ends the next day, across a year
    assert event["URL"] == "https://portal.example.no/rapportering/1/"
    assert event["TRANSP"] == "TRANSPARENT"
