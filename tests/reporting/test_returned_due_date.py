"""Issue 12 item 9: a returned report gets a new due date (the officer's, or the call's
default), and the reminders and the payments' withholding follow it; IMDi can add an extra
report obligation or a document request to a grant (bevilgningsreglementet § 10)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from payments.models import Payment
from payments.services import payments_due_update
from reporting.models import ReportObligation, ReportReminder
from reporting.selectors import grant_ids_with_overdue_reports
from reporting.services import (
    report_ensure,
    report_missing,
    report_obligation_add,
    report_obligations_move,
    report_reminders_sweep_run,
    report_return,
    report_save,
)
from tests.factories import finance, member, officer
from tests.payments.helpers import planned_grant
from tests.reporting.helpers import Kind, status_report_submit

pytestmark = pytest.mark.django_db


def at(y, m, d, hour=10):
    return time_machine.travel(dt.datetime(y, m, d, hour, 0), tick=False)


@pytest.fixture
def submitted():
    grant = planned_grant(amount="300000.00")  # status report due 01.09.2024; autumn term 16.09.2024
    obligation = grant.report_obligations.get(kind=Kind.STATUS)
    assert obligation.due_date == dt.date(2024, 9, 1)
    with at(2024, 8, 30):
        status_report_submit(obligation)
    return grant, obligation


def test_return_sets_the_default_new_due_date_and_payments_and_reminders_follow(submitted):
    grant, obligation = submitted
    with at(2024, 9, 10):  # Tuesday; + 14 days (the call's returned_report_days) = Tuesday 24 September
        report_return(obligation=obligation, actor=officer(), comment="Beskriv avvikene.")
    obligation.refresh_from_db()
    assert obligation.status == ReportObligation.Status.RETURNED
    assert obligation.due_date == dt.date(2024, 9, 24)
    # The old date (1 September) is past, the new one is not: no hold on the autumn term.
    assert grant.pk not in grant_ids_with_overdue_reports({grant.pk}, today=dt.date(2024, 9, 16))
    payments_due_update(today=dt.date(2024, 9, 16))
    autumn = grant.payments.get(term_number=2)
    assert autumn.status == Payment.Status.DUE
    # Reminders are keyed by the new date: three days before it, one is made for it.
    report_reminders_sweep_run(today=dt.date(2024, 9, 21))
    assert ReportReminder.objects.filter(obligation=obligation, due_date=dt.date(2024, 9, 24), days_before=3).exists()
    # Past the new date without a new submission, the payment is held.
    payments_due_update(today=dt.date(2024, 9, 25))
    autumn.refresh_from_db()
    assert autumn.status == Payment.Status.WITHHELD
    # Moving the call's deadlines leaves a returned report's own date alone.
    report_obligations_move(call=grant.call, actor=officer(username="o-move"))
    obligation.refresh_from_db()
    assert obligation.due_date == dt.date(2024, 9, 24)


def test_officer_sets_the_date_and_a_saturday_moves_to_monday(submitted):
    _grant, obligation = submitted
    with at(2024, 9, 10):
        report_return(
            obligation=obligation, actor=officer(), comment="Rett tallene.", new_due_date=dt.date(2024, 9, 28)
        )
    obligation.refresh_from_db()
    assert obligation.due_date == dt.date(2024, 9, 30)


@pytest.mark.parametrize(
    "new_due_date", [dt.date(2024, 9, 10), dt.date(2024, 9, 1), dt.date(2025, 12, 1), "abc", "2024-10-01"]
)
def test_bad_new_due_dates_are_refused_next_to_the_field(submitted, new_due_date):
    _grant, obligation = submitted
    with at(2024, 9, 10), pytest.raises(ValidationError) as exc:
        report_return(obligation=obligation, actor=officer(), comment="Rett.", new_due_date=new_due_date)
    assert "new_due_date" in exc.value.message_dict
    obligation.refresh_from_db()
    assert obligation.status == ReportObligation.Status.SUBMITTED and obligation.due_date == dt.date(2024, 9, 1)


@pytest.mark.parametrize("value", ["abc", "31.02.2024", "9999-99-99", "<script>", "1" * 200])
def test_review_page_refuses_a_bad_date(client, submitted, value):
    _grant, obligation = submitted
    client.force_login(officer())
    url = reverse("admin:reporting_reportobligation_review", args=[obligation.pk])
    with at(2024, 9, 10):
        page = client.get(url)
        assert "24.09.2024" in page.content.decode()  # the proposed default
        response = client.post(url, {"action": "return", "comment": "Rett.", "new_due_date": value})
    assert response.status_code == 200 and "new_due_date" in response.context["form"].errors
    obligation.refresh_from_db()
    assert obligation.status == ReportObligation.Status.SUBMITTED


def test_review_page_returns_with_the_officers_date(client, submitted):
    _grant, obligation = submitted
    client.force_login(officer())
    url = reverse("admin:reporting_reportobligation_review", args=[obligation.pk])
    with at(2024, 9, 10):
        response = client.post(url, {"action": "return", "comment": "Rett.", "new_due_date": "2024-10-01"})
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert obligation.due_date == dt.date(2024, 10, 1)


def test_document_request_is_an_obligation_the_municipality_answers():
    grant = planned_grant(amount="300000.00")
    with at(2024, 6, 3):
        with pytest.raises(PermissionDenied):
            report_obligation_add(
                grant=grant,
                actor=finance(),
                kind=Kind.DOCUMENTS,
                period_start=dt.date(2024, 1, 1),
                period_end=dt.date(2024, 5, 31),
                due_date=dt.date(2024, 6, 17),
                request_text="Send bilag.",
            )
        obligation = report_obligation_add(
            grant=grant,
            actor=officer(),
            kind=Kind.DOCUMENTS,
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 5, 31),
            due_date=dt.date(2024, 6, 22),  # Saturday -> Monday 24 June
            request_text="Send lønnsslipper og fakturaer for prosjektet.",
        )
    assert obligation.due_date == dt.date(2024, 6, 24) and obligation.added_by is not None
    report = report_ensure(obligation=obligation)
    assert report_missing(report)
    report_save(report=report, actor=member(grant.organisation), fields={"documents_reply": "Se vedlegg."})
    report.refresh_from_db()
    assert report_missing(report) == []
    # Overdue like any other report: it holds the payments after its date.
    assert grant.pk in grant_ids_with_overdue_reports({grant.pk}, today=dt.date(2024, 6, 25))


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"request_text": ""}, "request_text"),
        ({"period_end": "2023-12-31"}, "period_end"),
        ({"due_date": "2024-06-03"}, "due_date"),
        ({"due_date": "2026-01-01"}, "due_date"),
        ({"due_date": "abc"}, "due_date"),
        ({"kind": "<script>"}, "kind"),
        ({"request_text": "x" * 8001}, "request_text"),
    ],
)
def test_add_page_refuses_bad_input(client, data, field):
    grant = planned_grant(amount="300000.00")
    client.force_login(officer())
    url = reverse("admin:reporting_reportobligation_add_to_grant", args=[grant.pk])
    before = grant.report_obligations.count()
    post = {
        "kind": "documents",
        "period_start": "2024-01-01",
        "period_end": "2024-05-31",
        "due_date": "2024-06-24",
        "request_text": "Send bilag.",
        **data,
    }
    with at(2024, 6, 3):
        response = client.post(url, post)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert grant.report_obligations.count() == before


def test_add_page_adds_an_extra_status_report(client):
    grant = planned_grant(amount="300000.00")
    client.force_login(officer())
    url = reverse("admin:reporting_reportobligation_add_to_grant", args=[grant.pk])
    with at(2024, 6, 3):
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {
                "kind": "status",
                "period_start": "2024-01-01",
                "period_end": "2024-05-31",
                "due_date": "2024-06-24",
                "request_text": "Ekstra statusrapport etter kontroll.",
            },
        )
    assert response.status_code == 302
    assert grant.report_obligations.filter(kind="status", period_end=dt.date(2024, 5, 31)).exists()
