"""Changing a call's report deadlines offers to move the open obligations, in the case log."""

import datetime as dt

import pytest
from django.urls import reverse

from core.selectors import case_events_for
from reporting.services import report_obligations_move, report_obligations_pending_moves, report_save, report_submit
from schemes.models import ReportDeadline
from tests.factories import officer
from tests.reporting.helpers import Kind, accepted_grant, report_of, team

pytestmark = pytest.mark.django_db


def test_open_obligations_move_submitted_ones_stay_and_new_deadlines_create_obligations(client):
    people = team()
    grant = accepted_grant()
    status = report_of(grant, Kind.STATUS)
    report_save(
        report=status,
        actor=people["caseworker"],
        fields={"progress": "OK", "activities_done": "OK", "participants": 10, "deviations": "Ingen"},
    )
    report_submit(report=status, actor=people["approver"])
    call = grant.call
    call.report_deadlines.filter(kind=Kind.STATUS).update(due_date=dt.date(2024, 9, 15))
    call.report_deadlines.filter(kind=Kind.ANNUAL).update(due_date=dt.date(2025, 2, 15))
    ReportDeadline.objects.create(
        call=call,
        kind=Kind.STATUS,
        period_start=dt.date(2024, 9, 1),
        period_end=dt.date(2024, 11, 30),
        due_date=dt.date(2024, 12, 15),
    )
    pending = report_obligations_pending_moves(call)
    assert [(p["obligation"].kind, p["new_due_date"]) for p in pending] == [(Kind.ANNUAL, dt.date(2025, 2, 15))]

    reviewer = officer()
    client.force_login(reviewer)
    dashboard = client.get(reverse("admin:reporting_reportobligation_dashboard")).content.decode()
    assert "1 åpen rapport har en annen frist enn utlysningen" in dashboard
    url = reverse("admin:reporting_reportobligation_move", args=[call.pk])
    assert "15.02.2025" in client.get(url).content.decode()
    assert client.post(url).status_code == 302

    assert grant.report_obligations.get(kind=Kind.ANNUAL).due_date == dt.date(2025, 2, 15)
    assert grant.report_obligations.get(kind=Kind.STATUS, period_end=dt.date(2024, 8, 31)).due_date == dt.date(
        2024, 9, 1
    )  # already submitted: not moved
    assert grant.report_obligations.filter(kind=Kind.STATUS).count() == 2
    annual = grant.report_obligations.get(kind=Kind.ANNUAL)
    event = [e for e in case_events_for(annual) if e.action == "report_deadline_moved"][0]
    assert event.actor == reviewer and "01.02.2025" in event.message and "15.02.2025" in event.message
    assert [e.action for e in case_events_for(call)] == ["report_obligations_moved"]
    assert report_obligations_move(call=call, actor=reviewer) == {"moved": 0, "created": 0}
    dashboard = client.get(reverse("admin:reporting_reportobligation_dashboard")).content.decode()
    assert "har en annen frist" not in dashboard and "har andre frister" not in dashboard
