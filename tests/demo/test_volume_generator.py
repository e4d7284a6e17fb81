"""The volume generator (demo.volume): small N, and the invariants the services keep."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from applications.models import Acceptance, Application, Decision, Grant, GrantLetter
from applications.selectors.assessment import budget_used
from core.models import CaseEvent
from payments.models import Payment, PayoutBatch, PayoutBatchLine
from reporting.models import Report, ReportObligation

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def volume(settings):
    from demo.volume import volume_generate

    return volume_generate(years=3, seed=7, per_year=40, organisations=30, password="pw-volume", today=TODAY)


def test_counts_and_years(volume):
    assert volume["applications"] == 120
    years = set(Application.objects.values_list("call__year", flat=True))
    assert years == {2024, 2025, 2026}
    assert Grant.objects.count() == volume["grants"] > 0
    assert CaseEvent.objects.count() >= volume["events"]


def _snapshot():
    return (
        list(Application.objects.order_by("pk").values_list("title", "status", "case_number", "organisation_id")),
        list(Grant.objects.order_by("pk").values_list("amount", "status")),
        list(Payment.objects.order_by("pk").values_list("planned_date", "amount", "status")),
    )


def test_deterministic_for_a_seed():
    from django.db import transaction

    from demo.volume import volume_generate

    snapshots = []
    for _ in range(2):
        with transaction.atomic():
            volume_generate(years=2, seed=3, per_year=25, organisations=25, password="pw", today=TODAY)
            snapshots.append(_snapshot())
            transaction.set_rollback(True)
    assert snapshots[0] == snapshots[1]
    assert snapshots[0][1]
    numbers = [a[2] for a in snapshots[0][0] if a[2]]
    assert len(set(numbers)) == len(numbers)


def test_money_adds_up_and_frames_hold(volume):
    for grant in Grant.objects.filter(status__in=["accepted", "closed"]).annotate(paid=Sum("payments__amount")):
        assert grant.paid == grant.amount
    for grant in Grant.objects.all():
        assert grant.amount == grant.decision.amount + grant.decision.allowance
    for call_id in Grant.objects.values_list("call_id", flat=True).distinct():
        grant = Grant.objects.filter(call_id=call_id).select_related("call").first()
        used = budget_used(call=grant.call)
        assert used["call"] <= grant.call.frame
    for batch in PayoutBatch.objects.annotate(total=Sum("lines__amount")):
        assert batch.status == "paid" and batch.total > 0
    assert PayoutBatchLine.objects.count() == Payment.objects.filter(status="paid").count()


def test_states_are_consistent(volume):
    # Every grant comes from an approved award; every decided application has one approved decision.
    for grant in Grant.objects.select_related("decision", "application"):
        assert grant.decision.status == Decision.Status.APPROVED and grant.decision.outcome == "award"
        assert grant.application.status == Application.Status.AWARDED
        assert grant.decision.approved_by_id != grant.decision.proposed_by_id
    decided = Application.objects.filter(status__in=["awarded", "rejected", "dismissed"])
    assert decided.exists()
    assert not decided.exclude(decisions__status="approved").exists()
    # Letters for every grant past decided, acceptance for every accepted one.
    assert GrantLetter.objects.count() == Grant.objects.exclude(status="decided").count()
    assert Acceptance.objects.count() == Grant.objects.filter(status__in=["accepted", "closed"]).count()
    # No payment for a grant not accepted; paid ones have a date; nothing dated after today.
    assert not Payment.objects.exclude(grant__status__in=["accepted", "closed"]).exists()
    assert not Payment.objects.filter(status="paid", paid_on__gt=TODAY).exists()
    assert not Payment.objects.filter(status__in=["planned"], planned_date__lte=TODAY).exists()
    # Every obligation has its report; submitted ones carry who submitted; none overdue and open.
    assert Report.objects.count() == ReportObligation.objects.count()
    assert not Report.objects.filter(obligation__status="submitted", submitted_by=None).exists()
    assert not ReportObligation.objects.filter(status="open", due_date__lt=TODAY).exists()
    # Closed grants have every report approved.
    assert not Grant.objects.filter(status="closed").exclude(report_obligations__status="approved").exists()
    assert Grant.objects.filter(status="closed").exists()
    # The newest year is in progress: something in the officer's queue and awaiting approval.
    assert Application.objects.filter(call__year=2026, status="in_assessment").exists()
    assert Application.objects.filter(call__year=2026, status__in=["draft", "awaiting_approval", "submitted"]).exists()
    assert not Application.objects.filter(call__year__lt=2026, status__in=["submitted", "in_assessment"]).exists()


def test_case_log_follows_the_states(volume):
    # Each application's last transition event ends in its status.
    for app in Application.objects.exclude(status="draft").order_by("?")[:40]:
        last = (
            CaseEvent.objects.filter(content_type__model="application", object_id=app.pk)
            .exclude(to_state="")
            .order_by("created_at", "id")
            .last()
        )
        assert last.to_state == app.status, app
        if app.case_number:
            assert last.case_number == app.case_number
    for grant in Grant.objects.all():
        last = (
            CaseEvent.objects.filter(
                content_type__model="grant", object_id=grant.pk, from_state__in=["decided", "letter_sent", "accepted"]
            )
            .exclude(action__startswith="payment")
            .order_by("created_at", "id")
            .last()
        )
        if grant.status != "decided":
            assert last.to_state == grant.status
    assert not CaseEvent.objects.filter(created_at__date__gt=TODAY).exists()
    counts = dict(CaseEvent.objects.values_list("action").annotate(n=Count("id")))
    assert counts["payment_paid"] == Payment.objects.filter(status="paid").count()


def test_labels_exist_for_every_generated_action(volume):
    from core.case_event_labels import EVENT_LABELS

    assert set(CaseEvent.objects.values_list("action", flat=True)) <= set(EVENT_LABELS)


def test_command_refuses_nonsense():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("generate_volume", "--years", "0")
    assert Decimal("0") == Decimal(Application.objects.count())
