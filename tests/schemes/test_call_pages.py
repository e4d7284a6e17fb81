"""The public call pages show the circulars' facts in Norwegian format."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from schemes.models import Call, PriorityArea
from schemes.selectors import call_is_open
from tests.factories import development_call, reception_call
from tests.schemes.pages import nb, parse, text

pytestmark = pytest.mark.django_db


def call_page(client, call):
    return parse(client.get(reverse("schemes:call_detail", args=[call.pk])))


def section(doc, anchor):
    return text(doc.xpath(f"//section[@aria-labelledby='{anchor}']")[0])


def test_development_call_2024_page(client):
    doc = call_page(client, development_call(2024))
    facts = section(doc, "facts-title")
    assert "14.02.2024" in facts
    assert nb("60 400 000 kr") in facts
    areas = doc.xpath("//article[contains(@class, 'area')]")
    assert len(areas) == 8
    area1 = text(areas[0])
    assert "Bare fylkeskommuner" in area1
    assert "Inntil " + nb("1 500 000 kr") in area1
    assert nb("10 000 000 kr") in text(areas[7])
    # Areas 2-6 and 8 are for municipalities; area 7 is applied for under its own circular.
    assert all("Hvem kan søke Kommuner" in text(a) for a in areas[1:6] + areas[7:])
    assert "rundskriv 17/2024" in text(areas[6]) and "Hvem kan søke" not in text(areas[6])
    reports = section(doc, "rapportering")
    assert "Statusrapport" in reports and "01.09.2024" in reports
    assert "Årsrapport" in reports and "Regnskap" in reports and "01.02.2025" in reports
    payout = section(doc, "utbetaling")
    assert "2 terminer" in payout
    assert [text(th) for th in doc.xpath("//section[@aria-labelledby='utbetaling']//tbody/tr/th")] == ["Vår", "Høst"]
    assert "15.05.2024" in payout and "15.09.2024" in payout


def test_development_call_2024_page_shows_g_based_allowance(client):
    doc = call_page(client, development_call(2024))
    area2 = text(doc.xpath("//article[contains(@class, 'area')]")[1])
    # 1 G per participant per year, G at the application deadline (14.02.2024) = 118 620 kr.
    assert "høyst 1 G per deltaker per år" in area2
    assert nb("118 620 kr") in area2 and "14.02.2024" in area2


def test_development_call_2024_page_requirements_and_rules(client):
    call = development_call(2024)
    doc = call_page(client, call)
    requirements = section(doc, "krav")
    assert "Minste antall deltakere 10" in requirements
    assert "3 år" in requirements
    assert "innen 14 dager" in requirements
    assert call.conditions.splitlines()[0].strip() in section(doc, "vilkar")
    assert "21 dager" in section(doc, "klage")
    assert call.complaint_rules[:60] in section(doc, "klage")


def test_development_call_2023_page(client):
    doc = call_page(client, development_call(2023))
    facts = section(doc, "facts-title")
    assert "14.02.2023" in facts
    assert nb("56 900 000 kr") in facts
    assert len(doc.xpath("//article[contains(@class, 'area')]")) == 7
    reports = section(doc, "rapportering")
    assert "01.09.2023" in reports and "01.02.2024" in reports


def test_reception_call_2024_page(client):
    doc = call_page(client, reception_call(2024))
    facts = section(doc, "facts-title")
    assert nb("2 141 kr") + " per plass per måned" in facts
    assert "14 dager etter tilskuddsbrevet" in facts
    assert "Ingen søknad" in facts
    assert not doc.xpath("//article[contains(@class, 'area')]")
    assert "utbetales årlig" in section(doc, "utbetaling")
    rows = [text(tr) for tr in doc.xpath("//section[@aria-labelledby='rapportering']//tbody/tr")]
    assert sum(r.startswith("Halvårsrapport") for r in rows) == 2
    assert any(r.startswith("Årsrapport") and r.endswith("31.01.2025") for r in rows)


def test_unknown_call_is_404(client):
    assert client.get(reverse("schemes:call_detail", args=[999999])).status_code == 404


def test_call_list_splits_open_and_past(client):
    with time_machine.travel(dt.datetime(2024, 2, 14, 23, 30, tzinfo=dt.UTC)):  # 00:30 on 15 Feb in Oslo
        doc = parse(client.get(reverse("schemes:call_list")))
    open_titles = [text(a) for a in doc.xpath("//section[@aria-labelledby='open-title']//h3/a")]
    past_titles = [text(a) for a in doc.xpath("//section[@aria-labelledby='past-title']//h3/a")]
    assert open_titles == [reception_call(2024).title]
    assert set(past_titles) == {development_call(2024).title, development_call(2023).title}


def test_call_is_open_through_the_deadline_day_in_oslo():
    call = development_call(2024)
    with time_machine.travel(dt.datetime(2024, 2, 14, 22, 59, tzinfo=dt.UTC)):  # 23:59 Oslo
        assert call_is_open(call)
    with time_machine.travel(dt.datetime(2024, 2, 14, 23, 0, tzinfo=dt.UTC)):  # 00:00 on 15 Feb in Oslo
        assert not call_is_open(call)


def test_formula_call_is_open_in_its_grant_year():
    call = reception_call(2024)
    assert call_is_open(call, today=dt.date(2024, 12, 31))
    assert not call_is_open(call, today=dt.date(2025, 1, 1))


def test_front_page_lists_open_calls_and_login(client):
    with time_machine.travel(dt.datetime(2024, 2, 1, 12, 0, tzinfo=dt.UTC)):
        doc = parse(client.get(reverse("home")))
    open_titles = {text(a) for a in doc.xpath("//section[@aria-labelledby='open-title']//h3/a")}
    assert open_titles == {development_call(2024).title, reception_call(2024).title}
    assert doc.xpath(f"//a[@href='{reverse('login')}']")
    assert doc.xpath("//section[@aria-labelledby='how-title']//ol/li")


def _more_calls(n):
    scheme = development_call(2024).scheme
    for i in range(n):
        call = Call.objects.create(scheme=scheme, year=2000 + i, title=f"Utlysning {i}", circular_number="x", frame=1)
        PriorityArea.objects.create(call=call, number=1, title="Område")


def test_call_list_queries_do_not_grow(client, django_assert_num_queries):
    with django_assert_num_queries(1) as first:
        client.get(reverse("schemes:call_list"))
    _more_calls(15)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(reverse("schemes:call_list"))
    assert b"Utlysning 14" in response.content


def test_front_page_queries_do_not_grow(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(reverse("home"))
    _more_calls(15)
    with django_assert_num_queries(1):
        client.get(reverse("home"))


def test_call_page_queries_do_not_grow(client, django_assert_num_queries):
    call = development_call(2024)
    # call+scheme, areas, their questions, their documents, reports, terms, criteria, G, place rate
    with django_assert_num_queries(9) as first:
        client.get(reverse("schemes:call_detail", args=[call.pk]))
    for number in range(9, 30):
        PriorityArea.objects.create(call=call, number=number, title=f"Område {number}", allowance_cap_g="0.5")
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(reverse("schemes:call_detail", args=[call.pk]))
    assert "Område 29" in response.content.decode()
