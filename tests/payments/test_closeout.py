"""Close-out (sluttoppgjør): final accounts → unused amount → proposed repayment claim (a
reaction, four eyes) → repaid → grant closed (accepted → closed)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from applications.models import Grant
from core.models import CaseEvent
from payments.closeout import closeout_figures, grant_closeout_claim_propose, grant_closeout_finish, grants_in_closeout
from payments.models import Reaction
from payments.services import reaction_approve, repayment_record_received
from tests.factories import budget_holder, finance, officer
from tests.factories_closeout import final_accounts_approved, paid_grant

pytestmark = pytest.mark.django_db

D = Decimal


def test_unused_money_is_claimed_repaid_and_the_grant_closed():
    grant = paid_grant(amount="500000.00")
    figures = closeout_figures(grant)
    assert (figures["paid"], figures["stage"]) == (D("500000.00"), "awaiting_accounts")
    with pytest.raises(ValidationError):
        grant_closeout_finish(grant=grant, actor=officer())

    final_accounts_approved(grant, used="420000.00")
    figures = closeout_figures(grant)
    assert (figures["used"], figures["unused"], figures["to_repay"], figures["stage"]) == (
        D("420000.00"),
        D("80000.00"),
        D("80000.00"),
        "claim_to_propose",
    )
    with pytest.raises(ValidationError) as refused:
        grant_closeout_finish(grant=grant, actor=officer())
    assert "krav om tilbakebetaling må foreslås" in " ".join(refused.value.messages)

    claim = grant_closeout_claim_propose(grant=grant, actor=officer(), repayment_due_date=dt.date(2025, 4, 1))
    assert (claim.kind, claim.amount, claim.status) == (Reaction.Kind.REPAYMENT_CLAIM, D("80000.00"), "proposed")
    assert "420\xa0000\xa0kr" in claim.reason
    # The same claim cannot be proposed twice.
    with pytest.raises(ValidationError):
        grant_closeout_claim_propose(grant=grant, actor=officer())
    assert closeout_figures(grant)["stage"] == "claim_pending"

    reaction_approve(reaction=claim, actor=budget_holder(), version=claim.version)
    assert closeout_figures(grant)["stage"] == "claim_open"
    repayment_record_received(reaction=claim, actor=finance(), repaid_on=dt.date(2025, 3, 20))
    figures = closeout_figures(grant)
    assert (figures["claimed"], figures["repaid"], figures["stage"]) == (D("80000.00"), D("80000.00"), "ready")

    closed = grant_closeout_finish(grant=grant, actor=officer())
    assert closed.status == Grant.Status.CLOSED
    event = CaseEvent.objects.get(case_number=grant.case_number, action="grant_closed")
    assert "tilbakebetalt 80\xa0000\xa0kr" in event.message
    assert closeout_figures(closed)["stage"] == "closed"
    assert [f["grant"].pk for f in grants_in_closeout(2024)] == [grant.pk]


def test_all_money_used_closes_without_a_claim():
    grant = paid_grant(amount="500000.00")
    final_accounts_approved(grant, used="500000.00")
    assert closeout_figures(grant)["stage"] == "ready"
    with pytest.raises(ValidationError):
        grant_closeout_claim_propose(grant=grant, actor=officer())
    assert grant_closeout_finish(grant=grant, actor=officer()).status == Grant.Status.CLOSED


def test_only_an_officer_closes():
    from django.core.exceptions import PermissionDenied

    grant = paid_grant(amount="500000.00")
    final_accounts_approved(grant, used="500000.00")
    for actor in (finance(), budget_holder()):
        with pytest.raises(PermissionDenied):
            grant_closeout_finish(grant=grant, actor=actor)
    grant.refresh_from_db()
    assert grant.status == Grant.Status.ACCEPTED
