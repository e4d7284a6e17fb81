"""Multi-year awards (rundskriv 08/2024: "Flerårige prosjekter kan få støtte i inntil tre år,
men med forbehold om Stortingets bevilgning for hvert budsjettår"): the later years are bound
in their years' frames, and each is confirmed, reduced or stopped when that year's call and
appropriation exist, with four eyes."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from applications.models import Grant, ProjectYear
from applications.selectors.assessment import budget_used, ranking
from applications.services import assessment
from applications.services.project_year import (
    grant_year_approve,
    grant_year_confirm,
    grant_year_reduce,
    grant_year_return,
    grant_year_stop,
)
from core.models import CaseEvent
from organisations.roles import BUDGET_HOLDER
from schemes.selectors import frame_summary
from tests.assessment.helpers import submitted
from tests.factories import budget_holder, development_call, municipality, officer
from tests.factories_years import REASON, call_for_year, multi_year_award, year_confirmed

pytestmark = pytest.mark.django_db

D = Decimal


def _three_year_award(org=None):
    """The circular's three-year project: awarded in the 2023 call (frame 56,9 mill.), with
    2024 bound in the 2024 call (60,4 mill.) and 2025 in the 2025 call once it is entered."""
    return multi_year_award(call=development_call(2023), amounts=["1000000.00", "900000.00", "800000.00"], org=org)


def _row(call, label):
    return next(r for r in frame_summary(call) if r["label"] == label)


def test_three_year_award_binds_each_later_year_in_its_own_frame():
    grant, years = _three_year_award()
    assert (grant.year, grant.amount) == (2023, D("1000000.00"))
    assert [(y.year, y.year_index, y.amount, y.status) for y in years] == [
        (2024, 2, D("900000.00"), ProjectYear.Status.BOUND),
        (2025, 3, D("800000.00"), ProjectYear.Status.BOUND),
    ]
    call_2023, call_2024 = development_call(2023), development_call(2024)
    # 2023: awarded, nothing bound; 2024: bound, not awarded.
    assert _row(call_2023, str(call_2023)) == {
        "label": str(call_2023),
        "frame": D("56900000.00"),
        "awarded": D("1000000.00"),
        "bound": D("0.00"),
        "left": D("55900000.00"),
    }
    summary_2024 = _row(call_2024, str(call_2024))
    assert (summary_2024["awarded"], summary_2024["bound"], summary_2024["left"]) == (
        D("0.00"),
        D("900000.00"),
        D("59500000.00"),
    )
    area_2 = _row(call_2024, f"2. {call_2024.areas.get(number=2).title}")
    assert area_2["bound"] == D("900000.00")
    share = _row(call_2024, call_2024.appropriation_share.label)
    assert (share["frame"], share["bound"]) == (D("60400000.00"), D("900000.00"))
    # 2025 is entered later: the year bound since the award shows in its frames.
    call_2025 = call_for_year(call_2024, 2025, frame="60400000.00")
    assert _row(call_2025, str(call_2025))["bound"] == D("800000.00")
    assert CaseEvent.objects.filter(case_number=grant.case_number, action="project_year_bound").count() == 2


def test_a_later_years_call_cannot_award_into_bound_money():
    call_2024 = development_call(2024)
    call_2025 = call_for_year(call_2024, 2025, frame="1000000.00")
    _grant, [year_2025] = multi_year_award(call=call_2024, amounts=["500000.00", "900000.00"])
    used = budget_used(call=call_2025, area=call_2025.areas.get(number=2))
    assert (used["call"], used["bound_call"], used["bound_area"]) == (D("0.00"), D("900000.00"), D("900000.00"))

    too_much = submitted(call=call_2025, amount="200000.00")
    decision = assessment.decision_propose(application=too_much, actor=officer(), outcome="award", amount="200000.00")
    with pytest.raises(ValidationError) as refused:
        assessment.decision_approve(decision=decision, actor=budget_holder())
    message = " ".join(refused.value.messages).replace("\xa0", " ")
    assert "Utlysningens ramme på 1 000 000 kr overskrides (disponert 900 000 kr)" in message
    assert not Grant.objects.filter(call=call_2025).exists()

    fits = submitted(call=call_2025, amount="100000.00")
    decision = assessment.decision_propose(application=fits, actor=officer(), outcome="award", amount="100000.00")
    assessment.decision_approve(decision=decision, actor=budget_holder())
    assert Grant.objects.get(call=call_2025).amount == D("100000.00")


def test_binding_checks_the_later_frame_when_its_call_exists():
    call_2024 = development_call(2024)
    call_for_year(call_2024, 2025, frame="500000.00")
    with pytest.raises(ValidationError) as refused:
        multi_year_award(call=call_2024, amounts=["500000.00", "900000.00"])
    assert "Beløpet for 2025 kan ikke bindes" in " ".join(refused.value.messages)
    # Nothing half-saved: no grant, no bound year, the application still undecided.
    assert not ProjectYear.objects.exists()
    assert not Grant.objects.filter(call=call_2024).exists()


def test_ranking_starts_from_the_bound_money():
    call_2024 = development_call(2024)
    multi_year_award(call=development_call(2023), amounts=["1000000.00", "900000.00"])
    applicant = submitted(call=call_2024, amount="300000.00")
    result = ranking(call=call_2024, area=applicant.area)
    assert result["used"]["bound_area"] == D("900000.00")
    assert result["call_left"] == D("60400000.00") - D("900000.00")


def test_confirmed_year_becomes_its_own_grant_in_that_years_call():
    grant, [year_2024, _year_2025] = _three_year_award()
    proposer, holder = officer(), budget_holder()
    proposed = grant_year_confirm(project_year=year_2024, actor=proposer, reason=REASON)
    assert (proposed.status, proposed.proposed_amount) == (ProjectYear.Status.PROPOSED, D("900000.00"))
    confirmed = grant_year_approve(project_year=proposed, actor=holder, expected_version=proposed.version)
    second = confirmed.grant
    assert confirmed.status == ProjectYear.Status.CONFIRMED
    assert (second.call, second.year, second.amount, second.status, second.case_number) == (
        development_call(2024),
        2024,
        D("900000.00"),
        Grant.Status.DECIDED,
        grant.case_number,
    )
    # Moved from bound to awarded in the 2024 frame, not counted twice.
    row = _row(development_call(2024), str(development_call(2024)))
    assert (row["awarded"], row["bound"]) == (D("900000.00"), D("0.00"))


def test_confirmed_year_gets_letter_acceptance_payments_and_reports():
    from tests.factories import grant_advance

    _grant, [year_2024, _] = _three_year_award()
    second = grant_advance(year_confirmed(year_2024), "accepted")
    assert second.letters.count() == 1
    assert second.acceptance.accepted
    assert sum((p.amount for p in second.payments.all()), D("0")) == D("900000.00")
    assert second.report_obligations.filter(period_end__year=2024).exists()


def test_reduce_then_stop_the_last_year():
    _grant, [year_2024, year_2025] = _three_year_award()
    year_confirmed(year_2024)
    call_for_year(development_call(2024), 2025, frame="60400000.00")
    reduced = grant_year_reduce(project_year=year_2025, actor=officer(), amount="600000.00", reason=REASON)
    assert reduced.proposed_amount == D("600000.00")
    returned = grant_year_return(project_year=reduced, actor=budget_holder(), comment="Se på tallene igjen.")
    assert (returned.status, returned.proposal, returned.proposed_amount) == (ProjectYear.Status.BOUND, "", None)
    stopped = grant_year_stop(project_year=returned, actor=officer(), reason="Statusrapporten viser ingen deltakere.")
    stopped = grant_year_approve(project_year=stopped, actor=budget_holder())
    assert stopped.status == ProjectYear.Status.STOPPED and stopped.grant is None
    call_2025 = development_call(2025)
    assert _row(call_2025, str(call_2025))["bound"] == D("0.00")


def test_a_year_cannot_be_continued_before_its_call_and_appropriation_exist():
    _grant, [_year_2024, year_2025] = _three_year_award()
    with pytest.raises(ValidationError) as refused:
        grant_year_confirm(project_year=year_2025, actor=officer(), reason=REASON)
    assert "utlysningen og bevilgningen for 2025" in " ".join(refused.value.messages)
    year_2025.refresh_from_db()
    assert year_2025.status == ProjectYear.Status.BOUND


def test_four_eyes_the_proposer_cannot_approve():
    both = officer()
    both.groups.add(Group.objects.get(name=BUDGET_HOLDER))
    _grant, [year_2024, _] = _three_year_award()
    proposed = grant_year_confirm(project_year=year_2024, actor=both, reason=REASON)
    with pytest.raises(ValidationError) as refused:
        grant_year_approve(project_year=proposed, actor=both)
    assert "fire øyne" in " ".join(refused.value.messages)
    proposed.refresh_from_db()
    assert proposed.status == ProjectYear.Status.PROPOSED and proposed.grant is None


def test_roles_officer_proposes_budget_holder_decides():
    _grant, [year_2024, _] = _three_year_award()
    with pytest.raises(PermissionDenied):
        grant_year_confirm(project_year=year_2024, actor=budget_holder(), reason=REASON)
    proposed = grant_year_confirm(project_year=year_2024, actor=officer(), reason=REASON)
    with pytest.raises(PermissionDenied):
        grant_year_approve(project_year=proposed, actor=officer())
    municipal = municipality().memberships.first()
    assert municipal is None or not municipal.user.has_perm("applications.decide_project_year")


def test_a_stale_page_cannot_approve():
    _grant, [year_2024, _] = _three_year_award()
    proposed = grant_year_confirm(project_year=year_2024, actor=officer(), reason=REASON)
    with pytest.raises(ValidationError):
        grant_year_approve(project_year=proposed, actor=budget_holder(), expected_version=proposed.version - 1)


@pytest.mark.parametrize(
    ("amount", "allowance", "field"),
    [
        ("0", None, "amount"),
        ("-1", None, "amount"),
        ("900000.00", None, "amount"),  # not a reduction
        ("900000.01", None, "amount"),
        ("1e20", None, "amount"),
        ("abc", None, "amount"),
        ("<script>", None, "amount"),
        ("100000", "1", "allowance"),  # no allowance was bound
        ("100000", "-5", "allowance"),
    ],
)
def test_reduce_refuses_bad_amounts(amount, allowance, field):
    _grant, [year_2024, _] = _three_year_award()
    with pytest.raises(ValidationError) as refused:
        grant_year_reduce(project_year=year_2024, actor=officer(), amount=amount, allowance=allowance, reason=REASON)
    assert field in refused.value.message_dict
    year_2024.refresh_from_db()
    assert (year_2024.status, year_2024.proposed_amount) == (ProjectYear.Status.BOUND, None)


@pytest.mark.parametrize("reason", ["", "   ", None, "x" * 4001])
def test_proposals_need_a_reason(reason):
    _grant, [year_2024, _] = _three_year_award()
    for propose in (grant_year_confirm, grant_year_stop):
        with pytest.raises(ValidationError) as refused:
            propose(project_year=year_2024, actor=officer(), reason=reason)
        assert "reason" in refused.value.message_dict
    year_2024.refresh_from_db()
    assert year_2024.status == ProjectYear.Status.BOUND


def test_confirmation_must_fit_the_years_frame():
    call_2024 = development_call(2024)
    _g, [year_a] = multi_year_award(call=call_2024, amounts=["500000.00", "400000.00"])
    call_2025 = call_for_year(call_2024, 2025, frame="300000.00")
    assert call_2025.frame == D("300000.00")
    proposed = grant_year_confirm(project_year=year_a, actor=officer(), reason=REASON)
    with pytest.raises(ValidationError) as refused:
        grant_year_approve(project_year=proposed, actor=budget_holder())
    assert "overskrides" in " ".join(refused.value.messages)
    reduced = grant_year_reduce(
        project_year=grant_year_return(project_year=proposed, actor=budget_holder()),
        actor=officer(),
        amount="300000.00",
        reason=REASON,
    )
    assert grant_year_approve(project_year=reduced, actor=budget_holder()).grant.amount == D("300000.00")
