"""No GET request writes (issue 11, Build 7): opening any reporting page, portal or admin,
creates no row and no case event. A report not stored yet is shown unsaved; the first POST
save creates it with its rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse

from core.models import CaseEvent
from reporting.calendar_tokens import calendar_token_replace
from reporting.models import Report, ReportObligation
from reporting.services import report_attachment_add, report_reminders_send_due, report_save, report_submit
from tests.applications import files
from tests.factories import officer
from tests.reporting.helpers import STATUS_REPORT_TEXT, Kind, development_grant_with_budget, report_of, team

pytestmark = pytest.mark.django_db


def snapshot():
    """Row counts of every reporting table (history included) and the case log."""
    counts = {m._meta.label: m.objects.count() for m in apps.get_app_config("reporting").get_models()}
    counts["core.CaseEvent"] = CaseEvent.objects.count()
    return counts


@pytest.fixture
def world():
    people = team()
    grant = development_grant_with_budget()
    status = report_of(grant, Kind.STATUS)
    report_save(report=status, actor=people["caseworker"], fields=STATUS_REPORT_TEXT)
    attachment = report_attachment_add(
        report=status, actor=people["caseworker"], upload=files.upload("vedlegg.pdf", files.PDF_BYTES)
    )
    report_submit(report=status, actor=people["approver"])
    accounts = report_of(grant, Kind.ACCOUNTS).obligation
    report_reminders_send_due(today=dt.date(2024, 8, 29))
    token = calendar_token_replace(user=people["caseworker"])
    # An obligation whose report has not been started (the schema allows it: older obligations,
    # or ones added outside the acceptance flow); its page must not create the report.
    unstarted = ReportObligation.objects.create(
        grant=grant,
        kind=Kind.ACCOUNTS,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        due_date=dt.date(2026, 2, 1),
    )
    return {
        "people": people,
        "status": status.obligation,
        "accounts": accounts,
        "unstarted": unstarted,
        "attachment": attachment,
        "token": token.token,
        "grant": grant,
    }


def portal_urls(w):
    return [
        reverse("reporting:list"),
        reverse("reporting:report", args=[w["status"].pk]),
        reverse("reporting:report", args=[w["accounts"].pk]),
        reverse("reporting:report", args=[w["unstarted"].pk]),
        reverse("reporting:accounts_template", args=[w["accounts"].pk]),
        reverse("reporting:accounts_template", args=[w["unstarted"].pk]),
        reverse("reporting:attachment", args=[w["status"].pk, w["attachment"].pk]),
        reverse("reporting:calendar"),
        reverse("reporting:calendar_feed", args=[w["token"]]),
    ]


def admin_urls(w):
    return [
        reverse("admin:reporting_reportobligation_changelist"),
        reverse("admin:reporting_reportobligation_dashboard"),
        reverse("admin:reporting_reportobligation_review", args=[w["status"].pk]),
        reverse("admin:reporting_reportobligation_review", args=[w["accounts"].pk]),
        reverse("admin:reporting_reportobligation_review", args=[w["unstarted"].pk]),
        reverse("admin:reporting_reportobligation_move", args=[w["grant"].call_id]),
        reverse("admin:reporting_reportreminder_changelist"),
    ]


@pytest.mark.parametrize("who", ["caseworker", "approver"])
def test_portal_gets_write_nothing(client, world, who):
    client.force_login(world["people"][who])
    before = snapshot()
    for url in portal_urls(world):
        response = client.get(url)
        assert response.status_code in (200, 404), url  # 404: the template of a report not started
        assert snapshot() == before, url


def test_a_new_users_calendar_page_makes_no_address(client, world):
    user = world["people"]["approver"]
    client.force_login(user)
    before = snapshot()
    page = client.get(reverse("reporting:calendar"))
    assert page.status_code == 200 and "Lag kalenderadresse" in page.content.decode()
    assert snapshot() == before


def test_admin_gets_write_nothing(client, world):
    client.force_login(officer())
    before = snapshot()
    for url in admin_urls(world):
        assert client.get(url).status_code == 200, url
        assert snapshot() == before, url


def test_the_unstarted_report_page_shows_its_rows_and_the_first_save_creates_them(client, world):
    unstarted = world["unstarted"]
    client.force_login(world["people"]["caseworker"])
    url = reverse("reporting:report", args=[unstarted.pk])
    page = client.get(url).content.decode()
    assert 'name="line-1-expenses"' in page and "Prosjektleder 50 %" in page
    assert not Report.objects.filter(obligation=unstarted).exists()
    response = client.post(
        url,
        {
            "income-own_contribution": "1000",
            "income-other_income": "0",
            "line-1-expenses": "200000",
            "line-1-covered_by_grant": "150000",
        },
    )
    assert response.status_code == 302
    report = Report.objects.get(obligation=unstarted)
    lines = list(report.accounts_lines.order_by("position").values_list("description", "expenses", "covered_by_grant"))
    assert lines[0] == ("Prosjektleder 50 %", Decimal("200000.00"), Decimal("150000.00"))
    assert len(lines) == 3
    assert report.own_contribution == Decimal("1000.00")
