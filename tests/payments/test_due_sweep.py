"""The daily sweep: due when the date has come and the conditions hold, withheld otherwise;
idempotent; officer release and cancel."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from applications.services.grant import grant_close
from core.models import CaseEvent, SweepRun
from payments.models import Payment
from payments.services import payment_cancel, payment_release, payments_due_update
from payments.tasks import payments_due_sweep
from tests.factories import make_grant, officer
from tests.payments.helpers import nth_municipality, overdue_report, planned_grant
from tests.reporting.helpers import status_report_approve, status_report_submit

pytestmark = pytest.mark.django_db

SPRING = dt.date(2024, 5, 15)


def statuses(grant):
    return list(grant.payments.order_by("term_number").values_list("status", flat=True))


def test_nothing_is_due_before_the_date():
    grant = planned_grant()
    payments_due_update(today=SPRING - dt.timedelta(days=1))
    assert statuses(grant) == ["planned", "planned"]
    payments_due_update(today=SPRING)
    assert statuses(grant) == ["due", "planned"]


def test_nothing_is_due_before_acceptance():
    """A plan on a grant that is not (or no longer) accepted is withheld, never due."""
    grant = planned_grant()
    # No longer accepted: an officer closed the grant before the term (accepted → closed).
    grant_close(grant=grant, actor=officer(), reason="Prosjektet er avsluttet.")
    payments_due_update(today=SPRING)
    spring = grant.payments.get(term_number=1)
    assert spring.status == Payment.Status.WITHHELD
    assert spring.withheld_reason == "Tilskuddet er ikke akseptert."
    assert not Payment.objects.filter(status=Payment.Status.DUE).exists()


def test_grant_without_acceptance_has_no_payments():
    grant = make_grant(status="letter_sent")
    payments_due_update(today=dt.date(2024, 12, 30))
    assert not grant.payments.exists()


def test_overdue_report_withholds_and_submitting_it_releases():
    grant = planned_grant()
    report = overdue_report(grant, due_date=dt.date(2024, 5, 1))
    payments_due_update(today=SPRING)
    spring = grant.payments.get(term_number=1)
    assert spring.status == Payment.Status.WITHHELD
    assert spring.withheld_reason == "En rapport er ikke levert innen fristen."
    assert spring.hold_kind == Payment.HoldKind.CONDITION

    status_report_submit(report)
    summary = payments_due_update(today=SPRING + dt.timedelta(days=1))
    spring.refresh_from_db()
    assert spring.status == Payment.Status.DUE
    assert spring.withheld_reason == ""
    assert summary["released"] == 1


def test_due_payment_is_withheld_when_a_report_becomes_overdue():
    grant = planned_grant()
    payments_due_update(today=SPRING)
    overdue_report(grant, due_date=dt.date(2024, 5, 20))
    payments_due_update(today=dt.date(2024, 5, 21))
    assert grant.payments.get(term_number=1).status == Payment.Status.WITHHELD


def test_sweep_run_twice_changes_nothing_the_second_time():
    withheld_grant = planned_grant()
    overdue_report(withheld_grant)
    planned_grant(nth_municipality(3), amount="123456.79")
    first = payments_due_update(today=SPRING)
    snapshot = list(Payment.objects.order_by("pk").values("pk", "status", "withheld_reason", "hold_kind"))
    events = CaseEvent.objects.count()
    second = payments_due_update(today=SPRING)
    assert first == {"due": 1, "withheld": 1, "released": 0, "reason_changed": 0}
    assert second == {"due": 0, "withheld": 0, "released": 0, "reason_changed": 0}
    assert list(Payment.objects.order_by("pk").values("pk", "status", "withheld_reason", "hold_kind")) == snapshot
    assert CaseEvent.objects.count() == events


def test_task_records_its_run():
    planned_grant()
    with time_machine.travel(dt.datetime(2024, 5, 15, 5, 0), tick=False):
        summary = payments_due_sweep.delay().get()
    run = SweepRun.objects.get(name="payments.tasks.payments_due_sweep")
    assert run.summary == summary
    assert summary["due"] == 1
    assert run.finished_at is not None


def test_officer_release_rechecks_the_conditions():
    grant = planned_grant()
    report = overdue_report(grant)
    payments_due_update(today=SPRING)
    spring = grant.payments.get(term_number=1)
    user = officer()
    with time_machine.travel(dt.datetime(2024, 5, 16, 10, 0), tick=False):
        with pytest.raises(ValidationError, match="rapport"):
            payment_release(payment=spring, actor=user)
        status_report_approve(report)
        payment_release(payment=spring, actor=user, note="Rapport mottatt")
    spring.refresh_from_db()
    assert spring.status == Payment.Status.DUE
    event = CaseEvent.objects.get(object_id=grant.pk, action="payment_released")
    assert event.actor == user
    assert event.message == "Rapport mottatt"


def test_officer_cancel_is_recorded_and_final():
    grant = planned_grant()
    spring = grant.payments.get(term_number=1)
    user = officer()
    with pytest.raises(ValidationError):
        payment_cancel(payment=spring, actor=user, reason="  ")
    payment_cancel(payment=spring, actor=user, reason="Prosjektet er avsluttet")
    spring.refresh_from_db()
    assert spring.status == Payment.Status.CANCELLED
    assert CaseEvent.objects.filter(object_id=grant.pk, action="payment_cancelled", actor=user).exists()
    payments_due_update(today=SPRING)
    spring.refresh_from_db()
    assert spring.status == Payment.Status.CANCELLED
