"""The payments lifecycles on the policy layer (issue 11): each transition declares who may
take it, the services apply them for the actor, statuses are protected, the buttons come from
the state machine, and a download is a plain GET."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import CaseEvent
from core.transitions import available_actions, may
from organisations.models import BankAccountChange
from payments.models import Payment, PayoutBatch, Reaction
from payments.services import (
    bank_account_change_confirm,
    bank_account_change_request,
    payment_cancel,
    payment_release,
    payments_due_update,
    payout_batch_cancel,
    payout_batch_create,
    payout_batch_mark_paid,
    payout_batch_payment_file_create,
    reaction_approve,
    reaction_record,
)
from tests.factories import budget_holder, finance, member, officer, valid_bank_account
from tests.payments.helpers import batch_approved, due_grants, exported_batch, nth_municipality, planned_grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2024, 5, 16, 10, 0), tick=False):
        yield


def superuser():
    from core.models import User

    return User.objects.create_superuser(username="root-policy", password="x" * 20, email="root@example.org")


def roles(org):
    return {
        "officer": officer(),
        "finance": finance(),
        "budget_holder": budget_holder(),
        "municipal": member(org),
    }


def withheld_payment():
    """The 10 kr of a due payment held back by an approved withholding (its conditions hold):
    a part of its own; the rest of the term stays due (issue 12: partial withholding)."""
    grant = planned_grant(nth_municipality(0))
    payments_due_update(today=dt.date(2024, 5, 15))
    payment = grant.payments.get(term_number=1)
    reaction = reaction_record(
        grant=grant, actor=officer(), kind="withholding", amount="10.00", reason="Brudd", payment=payment
    )
    reaction = reaction_approve(reaction=reaction, actor=budget_holder(), version=reaction.version)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.DUE
    held = reaction.held_payment
    held.refresh_from_db()
    assert (held.status, str(held.amount)) == (Payment.Status.WITHHELD, "10.00")
    return held


# --- who may take which payment transition --------------------------------------------------


@pytest.mark.parametrize(
    ("transition", "allowed"),
    [
        ("cancel", {"officer"}),
        ("withhold", {"budget_holder"}),
        ("make_due", {"officer"}),
    ],
)
def test_payment_transitions_on_a_planned_payment_declare_who_may(transition, allowed):
    grant = planned_grant(nth_municipality(0))
    payment = grant.payments.get(term_number=2)
    assert payment.status == Payment.Status.PLANNED
    for name, user in roles(grant.organisation).items():
        assert may(payment, user, transition) is (name in allowed), (transition, name)


def test_release_of_a_held_payment_is_an_officers(client):
    payment = withheld_payment()
    people = roles(payment.grant.organisation)
    assert {name for name, user in people.items() if may(payment, user, "release")} == {"officer"}
    with pytest.raises(PermissionDenied):
        payment_release(payment=payment, actor=people["finance"])
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.WITHHELD
    payment_release(payment=payment, actor=people["officer"])
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.DUE  # its date has come


def test_batch_transitions_are_finances():
    grants = due_grants(1)
    payment = grants[0].payments.get(term_number=1)
    assert payment.status == Payment.Status.DUE
    people = roles(grants[0].organisation)
    assert {name for name, user in people.items() if may(payment, user, "add_to_batch")} == {"finance"}
    with pytest.raises(PermissionDenied):
        payout_batch_create(actor=people["officer"], due_until=dt.date(2024, 5, 31))
    assert not PayoutBatch.objects.exists()  # nothing half-made
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.DUE

    batch = payout_batch_create(actor=people["finance"], due_until=dt.date(2024, 5, 31))
    payment.refresh_from_db()  # FSMModelMixin: a protected status still refreshes
    assert payment.status == Payment.Status.IN_BATCH
    for transition in ("remove_from_batch", "mark_paid"):
        assert {name for name, user in people.items() if may(payment, user, transition)} == {"finance"}
    with pytest.raises(PermissionDenied):
        payout_batch_cancel(batch=batch, actor=people["officer"])
    assert PayoutBatch.objects.get(pk=batch.pk).status == PayoutBatch.Status.OPEN


def test_payment_cancel_by_finance_is_refused():
    grant = planned_grant(nth_municipality(0))
    payment = grant.payments.get(term_number=2)
    with pytest.raises(PermissionDenied):
        payment_cancel(payment=payment, actor=finance(), reason="Feil")
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.PLANNED
    payment_cancel(payment=payment, actor=officer(), reason="Feil")
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.CANCELLED


def test_a_cancelled_payment_cannot_be_cancelled_again_with_a_clear_message():
    grant = planned_grant(nth_municipality(0))
    payment = grant.payments.get(term_number=2)
    user = officer()
    payment_cancel(payment=payment, actor=user, reason="Feil")
    with pytest.raises(ValidationError, match="Kansellert"):
        payment_cancel(payment=payment, actor=user, reason="Igjen")


def test_status_is_protected():
    grant = planned_grant(nth_municipality(0))
    payment = grant.payments.first()
    with pytest.raises(AttributeError):
        payment.status = Payment.Status.PAID


# --- the missing transitions ------------------------------------------------------------------


def test_withheld_before_its_date_goes_back_to_planned_when_released():
    grant = planned_grant(nth_municipality(0))
    payments_due_update(today=dt.date(2024, 5, 15))
    later = grant.payments.get(term_number=2)
    assert later.status == Payment.Status.PLANNED
    reaction = reaction_record(
        grant=grant, actor=officer(), kind="withholding", amount=later.amount, reason="Brudd", payment=later
    )
    reaction_approve(reaction=reaction, actor=budget_holder(), version=reaction.version)
    later.refresh_from_db()
    assert later.status == Payment.Status.WITHHELD
    payment_release(payment=later, actor=officer(), note="Rapport levert")
    later.refresh_from_db()
    assert later.status == Payment.Status.PLANNED and later.withheld_reason == "" and later.hold_kind == ""
    event = CaseEvent.objects.filter(object_id=grant.pk, action="payment_released").latest("id")
    assert (event.from_state, event.to_state) == ("withheld", "planned")


def test_cancelling_a_batch_moves_each_payment_from_in_batch_to_due_with_one_event_each():
    due_grants(3)
    user = finance()
    batch = payout_batch_create(actor=user, due_until=dt.date(2024, 5, 31))
    payout_batch_cancel(batch=batch, actor=user)
    assert set(Payment.objects.filter(batch_lines__batch=batch).values_list("status", flat=True)) == {"due"}
    events = CaseEvent.objects.filter(action="payment_out_of_batch")
    assert events.count() == 3
    assert {(e.from_state, e.to_state) for e in events} == {("in_batch", "due")}
    assert all(e.case_number for e in events)  # on the grant's case, in its timeline


# --- batches: conditions give the buttons -----------------------------------------------------


def test_batch_actions_follow_the_payment_file():
    due_grants(1)
    user = finance()
    batch = payout_batch_create(actor=user, due_until=dt.date(2024, 5, 31))
    assert {a.name for a in available_actions(batch, user)} == {"cancel"}
    assert available_actions(batch, officer()) == []
    batch = payout_batch_payment_file_create(batch=batch_approved(batch), actor=user)
    assert {a.name for a in available_actions(batch, user)} == {"mark_paid"}
    with pytest.raises(PermissionDenied):
        payout_batch_mark_paid(batch=batch, actor=officer(), paid_on=dt.date(2024, 5, 16), bank_reference="B")
    payout_batch_mark_paid(batch=batch, actor=user, paid_on=dt.date(2024, 5, 16), bank_reference="B")
    batch.refresh_from_db()
    assert batch.is_paid and available_actions(batch, user) == []


# --- reactions and accounts: four eyes in the permission and in the service ------------------


def test_reaction_review_permission_excludes_the_proposer_superusers_included():
    grant = planned_grant(nth_municipality(0))
    payment = grant.payments.get(term_number=2)
    root = superuser()
    reaction = reaction_record(
        grant=grant, actor=root, kind="withholding", amount="10.00", reason="Brudd", payment=payment
    )
    assert not may(reaction, officer(), "approve")
    assert may(reaction, budget_holder(), "approve")
    with pytest.raises(PermissionDenied):
        reaction_approve(reaction=reaction, actor=root, version=reaction.version)
    assert Reaction.objects.get(pk=reaction.pk).status == Reaction.Status.PROPOSED


def test_account_change_confirm_permission_excludes_the_requester():
    org = nth_municipality(0)
    asker = officer()
    change = bank_account_change_request(
        organisation=org, new_account=valid_bank_account(777), actor=asker, source="admin"
    )
    assert not may(change, asker, "confirm")
    assert not may(change, budget_holder(), "confirm")
    assert may(change, finance(), "confirm") and may(change, officer(), "refuse")
    with pytest.raises(PermissionDenied):
        bank_account_change_confirm(change=change, actor=asker, new_account=change.new_account)
    bank_account_change_confirm(change=change, actor=finance(), new_account=change.new_account)
    assert BankAccountChange.objects.get(pk=change.pk).status == BankAccountChange.Status.CONFIRMED


# --- visibility ---------------------------------------------------------------------------------


def test_municipality_sees_decided_reactions_only(client):
    grant = planned_grant(nth_municipality(0))
    payment = grant.payments.get(term_number=2)
    proposed = reaction_record(
        grant=grant, actor=officer(), kind="withholding", amount="11.00", reason="Foreløpig forslag", payment=payment
    )
    client.force_login(member(grant.organisation))
    page = client.get(reverse("payments:grant", args=[grant.pk])).content.decode()
    assert "Foreløpig forslag" not in page
    reaction_approve(reaction=proposed, actor=budget_holder(), version=proposed.version)
    page = client.get(reverse("payments:grant", args=[grant.pk])).content.decode()
    assert "Foreløpig forslag" in page


def test_buttons_on_the_plan_come_from_the_state_machine(client):
    grant = planned_grant(nth_municipality(0))
    client.force_login(officer())
    page = client.get(reverse("payments:grant", args=[grant.pk])).content.decode()
    for payment in grant.payments.all():
        # Planned payments: cancel, but nothing to release.
        assert reverse("payments:payment_cancel", args=[payment.pk]) in page
        assert reverse("payments:payment_release", args=[payment.pk]) not in page
    client.force_login(finance())
    page = client.get(reverse("payments:grant", args=[grant.pk])).content.decode()
    assert reverse("payments:payment_cancel", args=[grant.payments.first().pk]) not in page


def test_a_held_payment_offers_release_to_the_officer(client):
    payment = withheld_payment()
    client.force_login(officer())
    page = client.get(reverse("payments:grant", args=[payment.grant_id])).content.decode()
    assert reverse("payments:payment_release", args=[payment.pk]) in page


# --- no GET writes ------------------------------------------------------------------------------


def test_downloading_a_batch_writes_nothing(client):
    due_grants(1)
    user = finance()
    batch = exported_batch(user)
    before = CaseEvent.objects.count()
    client.force_login(user)
    for fmt in ("csv", "xlsx", "xml"):
        response = client.get(reverse("payments:batch_export", args=[batch.pk, fmt]))
        assert response.status_code == 200
        b"".join(response.streaming_content)
    assert CaseEvent.objects.count() == before
    assert PayoutBatch.objects.get(pk=batch.pk).export_count == 0
