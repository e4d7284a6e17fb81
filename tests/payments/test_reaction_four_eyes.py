"""Four eyes for reactions: a withholding or repayment claim takes effect only when a budget
holder who neither proposed nor last changed it approves the version they saw."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.models import CaseEvent
from organisations.roles import BUDGET_HOLDER
from payments.models import Payment, Reaction
from payments.services import reaction_approve, reaction_record, reaction_reject, reaction_update
from tests.factories import budget_holder, finance, officer
from tests.payments.helpers import due_grants, paid_batch, planned_grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2024, 6, 3, 9, 0), tick=False):
        yield


def officer_and_budget_holder(**kw):
    from django.contrib.auth.models import Group

    user = officer(**kw)
    user.groups.add(Group.objects.get(name=BUDGET_HOLDER))
    return user


def withholding(grant, actor, amount="100000.00"):
    return reaction_record(
        grant=grant,
        actor=actor,
        kind="withholding",
        amount=amount,
        reason="Rapport mangler",
        payment=grant.payments.get(term_number=2),
    )


def test_a_proposal_has_no_effect_until_approved():
    grant = planned_grant(amount="300000.00")
    reaction = withholding(grant, officer())
    assert reaction.status == "proposed"
    assert grant.payments.get(term_number=2).status == Payment.Status.PLANNED
    approver = budget_holder()
    reaction_approve(reaction=reaction, actor=approver, version=reaction.version)
    reaction.refresh_from_db()
    assert (reaction.status, reaction.approved_by) == ("approved", approver)
    # Only the 100 000 decided is held (a part split off the term); the other 50 000 waits for its date.
    assert (reaction.held_payment.status, str(reaction.held_payment.amount)) == (Payment.Status.WITHHELD, "100000.00")
    assert grant.payments.get(term_number=2, part=0).status == Payment.Status.PLANNED
    assert CaseEvent.objects.filter(object_id=grant.pk, action="reaction_proposed").exists()
    assert CaseEvent.objects.get(object_id=grant.pk, action="reaction_withholding").actor == approver


@pytest.mark.parametrize("superuser", [False, True])
def test_the_proposer_never_approves_whatever_groups_they_hold(superuser):
    grant = planned_grant(amount="300000.00")
    proposer = officer_and_budget_holder()
    proposer.is_superuser = superuser
    proposer.save()
    reaction = withholding(grant, proposer)
    with pytest.raises(PermissionDenied):
        reaction_approve(reaction=reaction, actor=proposer, version=reaction.version)
    with pytest.raises(PermissionDenied):
        reaction_reject(reaction=reaction, actor=proposer, version=reaction.version, note="x")
    assert Reaction.objects.get(pk=reaction.pk).status == "proposed"
    with pytest.raises(IntegrityError), transaction.atomic():
        Reaction.objects.filter(pk=reaction.pk).update(status="approved", approved_by=proposer)


def test_whoever_last_changed_it_cannot_approve_it():
    grant = planned_grant(amount="300000.00")
    reaction = withholding(grant, officer(), amount="140000.00")
    changer = officer_and_budget_holder()
    reaction = reaction_update(reaction=reaction, actor=changer, amount="150000.00", reason="Rapport mangler")
    assert (reaction.version, reaction.changed_by) == (2, changer)
    with pytest.raises(PermissionDenied):
        reaction_approve(reaction=reaction, actor=changer, version=reaction.version)
    reaction_approve(reaction=reaction, actor=budget_holder(), version=reaction.version)


def test_approval_is_bound_to_the_version_seen():
    """140 000 kr on the confirmation page, changed to 150 000 kr meanwhile: the click fails."""
    grant = planned_grant(amount="300000.00")
    reaction = withholding(grant, officer(), amount="140000.00")
    seen = reaction.version
    reaction_update(reaction=reaction, actor=officer(), amount="150000.00", reason="Rapport mangler")
    with pytest.raises(ValidationError, match="endret etter"):
        reaction_approve(reaction=reaction, actor=budget_holder(), version=seen)
    reaction.refresh_from_db()
    assert reaction.status == "proposed"
    assert grant.payments.get(term_number=2).status == Payment.Status.PLANNED
    with pytest.raises(ValidationError):
        reaction_approve(reaction=reaction, actor=budget_holder(), version="abc")


def test_officers_and_finance_cannot_approve():
    grant = planned_grant(amount="300000.00")
    reaction = withholding(grant, officer())
    for user in (officer(), finance()):
        with pytest.raises(PermissionDenied):
            reaction_approve(reaction=reaction, actor=user, version=reaction.version)


def test_reviewed_reactions_cannot_be_changed_or_reviewed_again():
    (grant,) = due_grants(1, amount="200000.00")
    paid_batch(finance(), paid_on=dt.date(2024, 5, 31))
    reaction = reaction_record(grant=grant, actor=officer(), kind="repayment_claim", amount="1000", reason="x")
    reaction_reject(reaction=reaction, actor=budget_holder(), version=reaction.version, note="Ikke grunnlag")
    with pytest.raises(ValidationError, match="allerede behandlet"):
        reaction_approve(reaction=reaction, actor=budget_holder(), version=reaction.version)
    with pytest.raises(ValidationError, match="allerede behandlet"):
        reaction_update(reaction=reaction, actor=officer(), amount="10", reason="y")


def test_review_page_posts_the_version_shown(client):
    grant = planned_grant(amount="300000.00")
    reaction = withholding(grant, officer(), amount="140000.00")
    holder = budget_holder()
    client.force_login(holder)
    url = reverse("payments:reaction_review", args=[reaction.pk])
    page = client.get(url).content.decode()
    assert 'name="version" value="1"' in page and "140" in page
    reaction_update(reaction=reaction, actor=officer(), amount="150000.00", reason="Rapport mangler")
    response = client.post(url, {"version": "1", "decision": "approve"})
    assert response.status_code == 200
    assert "endret etter" in response.content.decode()
    assert Reaction.objects.get(pk=reaction.pk).status == "proposed"
    response = client.post(url, {"version": "2", "decision": "reject", "note": ""})
    assert response.status_code == 200 and "avvises" in response.content.decode()
    response = client.post(url, {"version": "2", "decision": "approve"})
    assert response.status_code == 302
    assert Reaction.objects.get(pk=reaction.pk).status == "approved"


def test_review_page_is_for_budget_holders(client):
    grant = planned_grant(amount="300000.00")
    proposer = officer()
    reaction = withholding(grant, proposer)
    url = reverse("payments:reaction_review", args=[reaction.pk])
    for user in (proposer, finance()):
        client.force_login(user)
        assert client.get(url).status_code == 403
    both = officer_and_budget_holder()
    reaction_update(reaction=reaction, actor=both, amount="1000", reason="Rapport mangler")
    client.force_login(both)
    page = client.get(url).content.decode()
    assert "kan ikke godkjenne den selv" in page
    assert client.post(url, {"version": "2", "decision": "approve"}).status_code == 200
    assert Reaction.objects.get(pk=reaction.pk).status == "proposed"


def test_officer_changes_a_proposal_through_the_page(client):
    grant = planned_grant(amount="300000.00")
    reaction = withholding(grant, officer(), amount="140000.00")
    changer = officer()
    client.force_login(changer)
    url = reverse("payments:reaction_edit", args=[reaction.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"amount": "999999", "reason": "Rapport mangler", "decided_on": "2024-06-03"})
    assert response.status_code == 200  # more than the payment: error next to the field
    assert Reaction.objects.get(pk=reaction.pk).version == 1
    response = client.post(
        url,
        {
            "amount": "150000",
            "reason": "Rapport mangler",
            "decided_on": "2024-06-03",
            "payment": reaction.payment_id,
        },
    )
    assert response.status_code == 302
    reaction.refresh_from_db()
    assert (reaction.amount, reaction.version, reaction.changed_by) == (150000, 2, changer)
    assert CaseEvent.objects.get(action="reaction_changed").data["before"]["amount"] == "140000.00"
    client.force_login(budget_holder())
    assert client.get(url).status_code == 403
