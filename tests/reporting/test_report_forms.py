"""The portal form by kind: the right questions for status, annual and half-year reports."""

import pytest
from django.urls import reverse

from tests.reporting.helpers import Kind, accepted_grant, reception_grant, report_of, team

pytestmark = pytest.mark.django_db


def test_annual_report_asks_the_circulars_questions(client):
    people = team()
    obligation = report_of(accepted_grant(), Kind.ANNUAL).obligation
    client.force_login(people["caseworker"])
    page = client.get(reverse("reporting:report", args=[obligation.pk])).content.decode()
    for label in [
        "Hvordan arbeidet har bidratt til å nå de prioriterte resultatmålene for ordningen",
        "Hvordan tilskuddet er brukt",
        "Resultater",
        "Overføringsverdi",
        "Hva andre kan lære av prosjektet",
    ]:
        assert label in page
    assert "Framdrift sammenlignet med planen" not in page
    assert "Bokførte utgifter" not in page


def test_half_year_report_records_participants_per_activity(client):
    people = team()
    report = report_of(reception_grant(), Kind.HALF_YEAR)
    client.force_login(people["caseworker"])
    url = reverse("reporting:report", args=[report.obligation_id])
    page = client.get(url).content.decode()
    for activity in [
        "Opplæring i norsk",
        "Opplæring i samfunnskunnskap",
        "Kompetansekartlegging",
        "Karriereveiledning",
        "Språktrening",
        "Arbeidsrettede aktiviteter",
        "Skole- og utdanningsrelaterte aktiviteter",
        "Insentiv- og bonusordninger",
    ]:
        assert activity in page
    assert "Bokførte utgifter" in page and "Last ned regnskapsmalen" in page
    activities = list(report.activities.all())
    data = {"report-participants": "38", "income-own_contribution": "0", "income-other_income": "0"}
    for line in report.accounts_lines.all():
        data[f"line-{line.position}-expenses"] = "0"
        data[f"line-{line.position}-covered_by_grant"] = "0"
    for i, activity in enumerate(activities):
        data[f"act-{activity.activity}-participants"] = str(10 + i)
        data[f"act-{activity.activity}-description"] = ""
    data[f"act-{activities[0].activity}-participants"] = "-3"
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Antallet kan ikke være negativt." in response.content.decode()
    report.refresh_from_db()
    assert report.participants is None
    data[f"act-{activities[0].activity}-participants"] = "36"
    assert client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.participants == 38
    assert dict(report.activities.values_list("activity", "participants"))["norwegian"] == 36
