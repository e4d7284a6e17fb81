"""Four eyes that hold: whoever proposed or changed a proposal never approves it (superusers
included), and an approval is bound to the version the budget holder's page showed."""

from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.models import Application, Decision, Grant
from applications.services.assessment import (
    decision_amount_change,
    decision_approve,
    decision_propose,
    decisions_approve_bulk,
)
from core.models import CaseEvent
from tests.assessment.helpers import submitted
from tests.factories import UserFactory, budget_holder, officer

pytestmark = pytest.mark.django_db

DECISIONS = "/admin/applications/decision/"


def officer_and_budget_holder():
    user = officer()
    user.groups.add(*budget_holder().groups.all())
    return user


def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


def assert_nothing_approved(decision):
    decision.refresh_from_db()
    assert decision.status == Decision.Status.PROPOSED
    assert decision.approved_by is None
    assert decision.application.status == Application.Status.IN_ASSESSMENT
    assert not Grant.objects.filter(decision=decision).exists()
    assert not CaseEvent.objects.filter(action="decision_approved", object_id=decision.application_id).exists()


@pytest.mark.parametrize("make_changer", [officer_and_budget_holder, superuser], ids=["officer+holder", "superuser"])
def test_who_changed_the_amount_cannot_approve(make_changer):
    decision = decision_propose(application=submitted(amount="500000"), actor=officer(), outcome="award", amount="1000")
    changer = make_changer()
    decision = decision_amount_change(decision=decision, actor=changer, amount="400000")
    assert decision.changed_by == changer and decision.version == 2
    with pytest.raises(ValidationError) as exc:
        decision_approve(decision=decision, actor=changer, expected_version=decision.version)
    assert "fire øyne" in exc.value.messages[0]
    assert_nothing_approved(decision)
    # A second person may: the proposal itself is fine.
    decision_approve(decision=decision, actor=budget_holder(), expected_version=2)
    assert Grant.objects.get(decision=decision).amount == Decimal("400000.00")


def test_superuser_who_proposed_cannot_approve():
    boss = superuser()
    decision = decision_propose(application=submitted(), actor=boss, outcome="reject", reason="Svak.")
    with pytest.raises(ValidationError):
        decision_approve(decision=decision, actor=boss, expected_version=1)
    assert_nothing_approved(decision)


def test_an_earlier_changer_stays_excluded_after_someone_else_changes_it_again():
    decision = decision_propose(application=submitted(amount="500000"), actor=officer(), outcome="award", amount="1000")
    first = officer_and_budget_holder()
    decision_amount_change(decision=decision, actor=first, amount="450000")
    decision = decision_amount_change(decision=decision, actor=officer(), amount="300000")
    assert decision.changed_by != first
    with pytest.raises(ValidationError):
        decision_approve(decision=decision, actor=first, expected_version=decision.version)
    assert_nothing_approved(decision)


def test_database_refuses_approval_by_the_last_changer():
    decision = decision_propose(application=submitted(amount="500000"), actor=officer(), outcome="award", amount="1000")
    changer = officer_and_budget_holder()
    decision_amount_change(decision=decision, actor=changer, amount="2000")
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(approved_by=changer, approved_at=timezone.now())


def test_approval_with_the_version_shown_before_a_change_is_refused():
    decision = decision_propose(
        application=submitted(amount="500000"), actor=officer(), outcome="award", amount="140000"
    )
    seen = decision.version
    decision_amount_change(decision=decision, actor=officer(), amount="150000")
    with pytest.raises(ValidationError) as exc:
        decision_approve(decision=decision, actor=budget_holder(), expected_version=seen)
    assert "Forslaget er endret etter at du åpnet siden" in exc.value.messages[0]
    assert "150\xa0000\xa0kr" in exc.value.messages[0]
    assert_nothing_approved(decision)


def test_the_140_000_race_in_the_admin(client):
    """The page shows 140 000 kr; an officer changes it to 150 000 kr; the click approves nothing."""
    o, h = officer(), budget_holder()
    decision = decision_propose(application=submitted(amount="500000"), actor=o, outcome="award", amount="140000")
    client.force_login(h)
    page = client.get(f"{DECISIONS}{decision.pk}/godkjenn/").content.decode()
    assert "140\xa0000\xa0kr" in page
    assert f'name="version_{decision.pk}" value="1"' in page
    decision_amount_change(decision=decision, actor=o, amount="150000")
    response = client.post(
        f"{DECISIONS}{decision.pk}/godkjenn/", {"confirm": "yes", f"version_{decision.pk}": "1"}, follow=True
    )
    assert "Forslaget er endret etter at du åpnet siden" in response.content.decode()
    assert_nothing_approved(decision)
    # A fresh page shows 150 000 kr and carries the new version, which approves.
    page = client.get(f"{DECISIONS}{decision.pk}/godkjenn/").content.decode()
    assert "150\xa0000\xa0kr" in page and f'name="version_{decision.pk}" value="2"' in page
    client.post(f"{DECISIONS}{decision.pk}/godkjenn/", {"confirm": "yes", f"version_{decision.pk}": "2"})
    assert Grant.objects.get(decision=decision).amount == Decimal("150000.00")


@pytest.mark.parametrize("posted", [{}, {"version_{pk}": "abc"}, {"version_{pk}": "9" * 5000}])
def test_approval_without_a_valid_version_from_the_page_is_refused(client, posted):
    decision = decision_propose(application=submitted(), actor=officer(), outcome="award", amount="1000")
    client.force_login(budget_holder())
    data = {"confirm": "yes", **{k.format(pk=decision.pk): v for k, v in posted.items()}}
    response = client.post(f"{DECISIONS}{decision.pk}/godkjenn/", data, follow=True)
    assert response.status_code == 200
    assert "Forslaget er endret" in response.content.decode()
    assert_nothing_approved(decision)


def test_changer_gets_no_approve_link_and_the_page_warns(client):
    decision = decision_propose(application=submitted(amount="500000"), actor=officer(), outcome="award", amount="1000")
    changer = officer_and_budget_holder()
    decision_amount_change(decision=decision, actor=changer, amount="2000")
    client.force_login(changer)
    page = client.get(f"{DECISIONS}{decision.pk}/change/").content.decode()
    assert "Godkjenn vedtaket" not in page
    confirm = client.get(f"{DECISIONS}{decision.pk}/godkjenn/").content.decode()
    assert "foreslått eller endret av deg" in confirm


def test_bulk_approval_holds_each_decision_to_its_version(client):
    o, h = officer(), budget_holder()
    kept = decision_propose(application=submitted(amount="500000"), actor=o, outcome="award", amount="100000")
    raced = decision_propose(application=submitted(amount="500000"), actor=o, outcome="award", amount="140000")
    ids = [kept.pk, raced.pk]
    client.force_login(h)
    page = client.post(DECISIONS, {"action": "approve_selected", ACTION_CHECKBOX_NAME: ids}).content.decode()
    assert "140\xa0000\xa0kr" in page and f'name="version_{raced.pk}" value="1"' in page
    decision_amount_change(decision=raced, actor=o, amount="150000")
    response = client.post(
        DECISIONS,
        {
            "action": "approve_selected",
            ACTION_CHECKBOX_NAME: ids,
            "confirm": "yes",
            f"version_{kept.pk}": "1",
            f"version_{raced.pk}": "1",
        },
        follow=True,
    )
    assert "Forslaget er endret etter at du åpnet siden" in response.content.decode()
    kept.refresh_from_db()
    assert kept.status == Decision.Status.APPROVED
    assert_nothing_approved(raced)


def test_bulk_approval_by_a_changer_is_refused_for_that_decision():
    o = officer()
    changer = officer_and_budget_holder()
    mine = decision_propose(application=submitted(amount="500000"), actor=o, outcome="award", amount="1000")
    decision_amount_change(decision=mine, actor=changer, amount="2000")
    other = decision_propose(application=submitted(), actor=o, outcome="reject", reason="Svak.")
    result = decisions_approve_bulk(decisions=[mine, other], actor=changer, versions={mine.pk: "2", other.pk: "1"})
    assert [d.pk for d in result["approved"]] == [other.pk]
    assert "fire øyne" in result["refused"][0][1][0]
    assert_nothing_approved(mine)


def test_bulk_approval_refuses_a_decision_missing_from_the_versions():
    decision = decision_propose(application=submitted(), actor=officer(), outcome="reject", reason="Svak.")
    result = decisions_approve_bulk(decisions=[decision], actor=budget_holder(), versions={})
    assert not result["approved"]
    assert_nothing_approved(decision)
