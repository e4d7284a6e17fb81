"""Budgets: raising, lifting or moving a frame, cap or share waits for a second budget holder;
tightening takes effect at once but never below what is awarded; every step is logged."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import CaseEvent
from schemes.models import Appropriation, AppropriationShare, BudgetChange, Call
from schemes.services import budget_change_approve, budget_change_refuse, budget_change_request
from tests.assessment.helpers import award, submitted
from tests.factories import UserFactory, budget_holder, development_call, finance, officer

pytestmark = pytest.mark.django_db

FRAME_2024 = Decimal("60400000.00")


def area(call, number):
    return call.areas.get(number=number)


def share_2023():
    return AppropriationShare.objects.get(appropriation__year=2023)


def test_officer_asks_to_raise_the_call_frame_and_nothing_changes_until_approved():
    call, o = development_call(), officer()
    change = budget_change_request(
        actor=o, kind="call_frame", call=call, new_amount="61000000", reason="Tilleggsbevilgning."
    )
    assert change.status == BudgetChange.Status.PENDING
    assert change.old_amount == FRAME_2024 and change.new_amount == Decimal("61000000.00")
    call.refresh_from_db()
    assert call.frame == FRAME_2024
    event = CaseEvent.objects.get(action="budget_change_requested")
    assert event.actor == o and event.object_id == call.pk and event.data["budget_change"] == change.pk

    holder = budget_holder()
    budget_change_approve(change=change, actor=holder, comment="OK")
    call.refresh_from_db()
    change.refresh_from_db()
    assert call.frame == Decimal("61000000.00")
    assert change.status == BudgetChange.Status.APPROVED and change.decided_by == holder
    assert CaseEvent.objects.get(action="budget_change_approved").actor == holder
    assert call.history.latest().history_user == holder


@pytest.mark.parametrize("make_requester", [budget_holder, lambda: UserFactory(is_staff=True, is_superuser=True)])
def test_the_requester_cannot_approve_their_own_change(make_requester):
    requester = make_requester()
    change = budget_change_request(
        actor=requester, kind="call_frame", call=development_call(), new_amount="70000000", reason="Mer."
    )
    with pytest.raises(ValidationError) as exc:
        budget_change_approve(change=change, actor=requester)
    assert "fire øyne" in exc.value.messages[0]
    change.refresh_from_db()
    assert change.status == BudgetChange.Status.PENDING
    assert development_call().frame == FRAME_2024


def test_only_budget_holders_decide_and_officers_cannot_touch_shares():
    change = budget_change_request(
        actor=officer(), kind="call_frame", call=development_call(), new_amount="70000000", reason="Mer."
    )
    with pytest.raises(PermissionDenied):
        budget_change_approve(change=change, actor=officer())
    with pytest.raises(PermissionDenied):
        budget_change_approve(change=change, actor=finance())
    with pytest.raises(PermissionDenied):
        budget_change_request(actor=officer(), kind="share_amount", share=share_2023(), new_amount="1", reason="x")
    with pytest.raises(PermissionDenied):
        budget_change_request(actor=finance(), kind="call_frame", call=development_call(), new_amount="1", reason="x")


def test_refusal_needs_a_reason_and_changes_nothing():
    change = budget_change_request(
        actor=officer(), kind="area_frame", area=area(development_call(), 8), new_amount="12000000", reason="Mer."
    )
    holder = budget_holder()
    with pytest.raises(ValidationError):
        budget_change_refuse(change=change, actor=holder, comment="")
    budget_change_refuse(change=change, actor=holder, comment="Ikke dekning.")
    change.refresh_from_db()
    assert change.status == BudgetChange.Status.REFUSED
    assert area(development_call(), 8).frame == Decimal("10000000.00")
    assert CaseEvent.objects.filter(action="budget_change_refused", actor=holder).exists()
    with pytest.raises(ValidationError):
        budget_change_approve(change=change, actor=budget_holder())


@pytest.mark.parametrize(
    ("kind", "number", "new"),
    [("area_frame", 2, "5000000"), ("area_cap", 2, "2000000"), ("area_frame", 8, None), ("area_cap", 1, None)],
    ids=["frame-where-none", "cap-where-none", "lift-frame", "lift-cap"],
)
def test_area_limits_set_tighter_at_once_lifted_only_with_approval(kind, number, new):
    target = area(development_call(), number)
    change = budget_change_request(actor=officer(), kind=kind, area=target, new_amount=new, reason="Justering.")
    target.refresh_from_db()
    field = "frame" if kind == "area_frame" else "per_applicant_cap"
    if new is None:  # lifting a limit makes room
        assert change.status == BudgetChange.Status.PENDING
        assert getattr(target, field) is not None
    else:  # an area without its own limit gets one: tighter
        assert change.status == BudgetChange.Status.APPLIED
        assert getattr(target, field) == Decimal(new)
        assert CaseEvent.objects.filter(action="budget_change_applied").exists()


def test_lowering_takes_effect_at_once_but_never_below_what_is_awarded():
    call, o, h = development_call(), officer(), budget_holder()
    award(submitted(area_number=8, amount="3000000"), officer=o, holder=h, amount="3000000")
    award(submitted(area_number=8, amount="1000000"), officer=o, holder=h, amount="1000000")
    with pytest.raises(ValidationError) as exc:
        budget_change_request(actor=o, kind="call_frame", call=call, new_amount="3999999.99", reason="Kutt.")
    assert "allerede er tildelt" in exc.value.message_dict["new_amount"][0]
    with pytest.raises(ValidationError):
        budget_change_request(actor=o, kind="area_frame", area=area(call, 8), new_amount="3999999", reason="Kutt.")
    with pytest.raises(ValidationError):
        budget_change_request(actor=o, kind="area_cap", area=area(call, 8), new_amount="2999999", reason="Kutt.")
    change = budget_change_request(actor=o, kind="area_frame", area=area(call, 8), new_amount="4000000", reason="Kutt.")
    assert change.status == BudgetChange.Status.APPLIED
    assert area(call, 8).frame == Decimal("4000000.00")
    change = budget_change_request(actor=o, kind="call_frame", call=call, new_amount="50000000", reason="Kutt.")
    call.refresh_from_db()
    assert change.status == BudgetChange.Status.APPLIED and call.frame == Decimal("50000000.00")


def test_a_share_cannot_go_below_what_is_awarded_against_it():
    call, o, h = development_call(2023), officer(), budget_holder()
    share = share_2023()
    award(submitted(area_number=2, amount="500000", call=call), officer=o, holder=h, amount="500000")
    with pytest.raises(ValidationError) as exc:
        budget_change_request(actor=h, kind="share_amount", share=share, new_amount="499999.99", reason="Kutt.")
    assert "allerede er tildelt" in exc.value.message_dict["new_amount"][0]
    change = budget_change_request(actor=h, kind="share_amount", share=share, new_amount="500000", reason="Kutt.")
    assert change.status == BudgetChange.Status.APPLIED
    share.refresh_from_db()
    assert share.amount == Decimal("500000.00")


def test_raising_a_share_waits_and_stays_within_the_appropriation():
    share, h1, h2 = share_2023(), budget_holder(), budget_holder()
    with pytest.raises(ValidationError) as exc:
        budget_change_request(actor=h1, kind="share_amount", share=share, new_amount="300000000", reason="Mer.")
    assert "større enn bevilgningen" in exc.value.message_dict["new_amount"][0]
    change = budget_change_request(actor=h1, kind="share_amount", share=share, new_amount="60000000", reason="Mer.")
    assert change.status == BudgetChange.Status.PENDING
    assert AppropriationShare.objects.get(pk=share.pk).amount == Decimal("56900000.00")
    with pytest.raises(ValidationError):  # one open request at a time
        budget_change_request(actor=h2, kind="share_amount", share=share, new_amount="61000000", reason="Mer.")
    budget_change_approve(change=change, actor=h2)
    assert AppropriationShare.objects.get(pk=share.pk).amount == Decimal("60000000.00")
    event = CaseEvent.objects.get(action="budget_change_approved")
    assert event.actor == h2 and event.object_id == share.pk


def test_raising_the_appropriation_waits_and_lowering_stays_above_the_shares():
    appropriation, h1, h2 = Appropriation.objects.get(year=2024), budget_holder(), budget_holder()
    with pytest.raises(ValidationError):
        budget_change_request(
            actor=h1, kind="appropriation_amount", appropriation=appropriation, new_amount="235692999", reason="Kutt."
        )
    change = budget_change_request(
        actor=h1, kind="appropriation_amount", appropriation=appropriation, new_amount="240000000", reason="RNB."
    )
    assert Appropriation.objects.get(pk=appropriation.pk).amount == Decimal("235693000.00")
    budget_change_approve(change=change, actor=h2)
    assert Appropriation.objects.get(pk=appropriation.pk).amount == Decimal("240000000.00")


def test_moving_a_call_to_another_share_waits_and_must_fit_there():
    call, o, h = development_call(), officer(), budget_holder()
    small = AppropriationShare.objects.get(appropriation__year=2024, label="Kvalifiseringstiltak i integreringsmottak")
    other = AppropriationShare.objects.get(appropriation__year=2024, label="Områdesatsing")
    with pytest.raises(ValidationError):  # another year's appropriation
        budget_change_request(actor=o, kind="call_share", call=call, new_share=share_2023(), reason="Flytt.")
    award(submitted(area_number=8, amount="9000000"), officer=o, holder=h, amount="9000000")
    with pytest.raises(ValidationError):  # 8 293 000 kr is less than the 9 000 000 kr already awarded
        budget_change_request(actor=o, kind="call_share", call=call, new_share=small, reason="Flytt.")
    change = budget_change_request(actor=o, kind="call_share", call=call, new_share=other, reason="Flytt.")
    assert change.status == BudgetChange.Status.PENDING
    assert Call.objects.get(pk=call.pk).appropriation_share.label != "Områdesatsing"
    budget_change_approve(change=change, actor=budget_holder())
    assert Call.objects.get(pk=call.pk).appropriation_share == other


def test_approval_is_refused_when_the_figures_changed_since_the_request():
    call = development_call()
    change = budget_change_request(actor=officer(), kind="call_frame", call=call, new_amount="70000000", reason="Mer.")
    # Someone else tightened the frame meanwhile (allowed at once).
    budget_change_request(actor=officer(), kind="call_frame", call=call, new_amount="50000000", reason="Kutt.")
    with pytest.raises(ValidationError) as exc:
        budget_change_approve(change=change, actor=budget_holder())
    assert "endret siden forespørselen" in exc.value.messages[0]
    assert Call.objects.get(pk=call.pk).frame == Decimal("50000000.00")


def test_approval_rechecks_against_awards_made_since_the_request():
    call, o, h = development_call(), officer(), budget_holder()
    target = AppropriationShare.objects.get(appropriation__year=2024, label="Kvalifiseringstiltak i integreringsmottak")
    change = budget_change_request(actor=o, kind="call_share", call=call, new_share=target, reason="Flytt.")
    award(submitted(area_number=8, amount="9000000"), officer=o, holder=h, amount="9000000")
    with pytest.raises(ValidationError):
        budget_change_approve(change=change, actor=budget_holder())
    assert Call.objects.get(pk=call.pk).appropriation_share != target
    assert BudgetChange.objects.get(pk=change.pk).status == BudgetChange.Status.PENDING


@pytest.mark.parametrize("new", ["-1", "abc", "1e30", "1000000000000"])
def test_bad_amounts_are_field_errors(new):
    with pytest.raises(ValidationError):
        budget_change_request(actor=officer(), kind="call_frame", call=development_call(), new_amount=new, reason="x")
    assert not BudgetChange.objects.exists()
