"""The caseworker prepares; the accounts are approved by two distinct users (project lead and
that person's superior); the approver submits; a submitted report is locked."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.selectors import case_events_for
from reporting.models import Report
from reporting.services import (
    Capacity,
    ReportLocked,
    report_accounts_approve,
    report_save,
    report_submit,
)
from tests.factories import member, municipality
from tests.reporting.helpers import Kind, accepted_grant, development_grant_with_budget, report_of, team

pytestmark = pytest.mark.django_db

STATUS_TEXT = {
    "progress": "Etter planen.",
    "activities_done": "Oppstart og rekruttering.",
    "participants": 14,
    "deviations": "Ingen.",
}


def test_two_distinct_approvers_are_required_and_both_recorded():
    people = team()
    report = report_of(development_grant_with_budget(), Kind.ACCOUNTS)
    report_accounts_approve(report=report, actor=people["caseworker"], capacity=Capacity.LEAD)
    with pytest.raises(ValidationError, match="to ulike personer"):
        report_accounts_approve(report=report, actor=people["caseworker"], capacity=Capacity.SUPERIOR)
    with pytest.raises(ValidationError, match="Regnskapet må være godkjent"):
        report_submit(report=report, actor=people["approver"])
    report_accounts_approve(report=report, actor=people["leader"], capacity=Capacity.SUPERIOR)
    report.refresh_from_db()
    assert report.accounts_lead_approved_by == people["caseworker"]
    assert report.accounts_superior_approved_by == people["leader"]
    report_submit(report=report, actor=people["approver"])
    report.refresh_from_db()
    report.obligation.refresh_from_db()
    assert report.obligation.status == "submitted"
    assert report.submitted_by == people["approver"]
    actions = [e.action for e in case_events_for(report.obligation)]
    assert actions == ["accounts_approved_by_lead", "accounts_approved_by_superior", "report_submitted"]


def test_database_refuses_the_same_person_in_both_roles():
    people = team()
    report = report_of(development_grant_with_budget(), Kind.ACCOUNTS)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(
            accounts_lead_approved_by=people["caseworker"], accounts_superior_approved_by=people["caseworker"]
        )


def test_approval_by_someone_outside_the_organisation_is_refused():
    people = team()
    outsider = member(municipality("0301"))
    report = report_of(development_grant_with_budget(), Kind.ACCOUNTS)
    with pytest.raises(PermissionDenied):
        report_accounts_approve(report=report, actor=outsider, capacity=Capacity.LEAD)
    assert people  # the organisation's own users exist; the outsider is still refused


def test_changing_the_accounts_after_approval_withdraws_the_approvals():
    people = team()
    report = report_of(development_grant_with_budget(), Kind.ACCOUNTS)
    report_accounts_approve(report=report, actor=people["caseworker"], capacity=Capacity.LEAD)
    report_accounts_approve(report=report, actor=people["leader"], capacity=Capacity.SUPERIOR)
    line = report.accounts_lines.first()
    report_save(
        report=report,
        actor=people["caseworker"],
        lines={line.pk: {"expenses": Decimal("1000"), "covered_by_grant": Decimal("1000")}},
    )
    report.refresh_from_db()
    assert report.accounts_lead_approved_by is None and report.accounts_superior_approved_by is None


def test_caseworker_cannot_submit_and_incomplete_report_is_refused():
    people = team()
    report = report_of(accepted_grant(), Kind.STATUS)
    with pytest.raises(PermissionDenied):
        report_submit(report=report, actor=people["caseworker"])
    with pytest.raises(ValidationError) as exc:
        report_submit(report=report, actor=people["approver"])
    assert "Fyll ut «Framdrift sammenlignet med planen»." in exc.value.messages


def test_submitted_report_is_locked(client):
    people = team()
    report = report_of(accepted_grant(), Kind.STATUS)
    report_save(report=report, actor=people["caseworker"], fields=STATUS_TEXT)
    report_submit(report=report, actor=people["approver"])
    with pytest.raises(ReportLocked):
        report_save(report=report, actor=people["caseworker"], fields={"progress": "Endret"})
    client.force_login(people["caseworker"])
    url = reverse("reporting:report", args=[report.obligation_id])
    response = client.post(url, {"report-progress": "Endret etter innsending"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.progress == "Etter planen."
    page = client.get(url).content.decode()
    assert "Rapporten er låst" in page
    assert 'name="report-progress"' not in page


def test_caseworker_fills_in_and_approver_submits_through_the_portal(client):
    people = team()
    obligation = report_of(accepted_grant(), Kind.STATUS).obligation
    url = reverse("reporting:report", args=[obligation.pk])
    client.force_login(people["caseworker"])
    data = {f"report-{k}": v for k, v in STATUS_TEXT.items()}
    assert client.post(url, data).status_code == 302
    assert "Send inn til IMDi" not in client.get(url).content.decode()
    assert client.post(reverse("reporting:submit", args=[obligation.pk])).status_code == 302
    obligation.refresh_from_db()
    assert obligation.status == "open"
    client.force_login(people["approver"])
    assert client.post(reverse("reporting:submit", args=[obligation.pk])).status_code == 302
    obligation.refresh_from_db()
    assert obligation.status == "submitted"


def test_half_year_report_needs_participants_for_every_activity():
    people = team()
    from tests.reporting.helpers import reception_grant

    report = report_of(reception_grant(), Kind.HALF_YEAR)
    report_save(report=report, actor=people["caseworker"], fields={"participants": 40})
    report_accounts_approve(report=report, actor=people["caseworker"], capacity=Capacity.LEAD)
    report_accounts_approve(report=report, actor=people["approver"], capacity=Capacity.SUPERIOR)
    with pytest.raises(ValidationError) as exc:
        report_submit(report=report, actor=people["approver"])
    assert "Oppgi antall deltakere for «Opplæring i norsk» (0 hvis ingen)." in exc.value.messages
    report_save(
        report=report,
        actor=people["caseworker"],
        activities={a.pk: {"participants": 12, "description": ""} for a in report.activities.all()},
    )
    report_submit(report=report, actor=people["approver"])
    report.obligation.refresh_from_db()
    assert report.obligation.status == "submitted"
