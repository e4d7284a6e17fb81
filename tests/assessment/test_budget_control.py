from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from applications.models import Application, Decision, Grant
from applications.services.assessment import BudgetExceeded, decision_approve, decision_propose
from tests.assessment.helpers import award, county_application, submitted
from tests.factories import budget_holder, development_call, grant_advance, officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return officer(), budget_holder()


def test_county_cap_in_area_1_holds(people):
    o, h = people
    first = county_application("46", amount="1500000.00")
    award(first, officer=o, holder=h, amount="1000000.00")
    second = county_application("46", amount="1500000.00")
    decision = decision_propose(application=second, actor=o, outcome="award", amount="500000.01")
    with pytest.raises(BudgetExceeded) as exc:
        decision_approve(decision=decision, actor=h)
    assert "Høyeste tilskudd per søker i satsingsområde 1 er 1\xa0500\xa0000\xa0kr" in " ".join(exc.value.messages)
    decision.refresh_from_db()
    second.refresh_from_db()
    assert decision.status == Decision.Status.PROPOSED
    assert second.status == Application.Status.IN_ASSESSMENT
    assert not second.grants.exists()


def test_county_cap_reached_exactly_is_allowed(people):
    o, h = people
    award(county_application("46", amount="1500000.00"), officer=o, holder=h, amount="1000000.00")
    award(county_application("46", amount="1500000.00"), officer=o, holder=h, amount="500000.00")
    # Another county has its own cap.
    award(county_application("42", amount="1500000.00"), officer=o, holder=h, amount="1500000.00")
    total = sum(Grant.objects.values_list("amount", flat=True), Decimal(0))
    assert total == Decimal("3000000.00")


def test_area_8_frame_holds(people):
    o, h = people
    award(submitted(area_number=8, amount="6000000.00"), officer=o, holder=h, amount="6000000.00")
    award(submitted(area_number=8, amount="4000000.00"), officer=o, holder=h, amount="3999999.99")
    last = submitted(area_number=8, amount="100000.00")
    decision = decision_propose(application=last, actor=o, outcome="award", amount="0.02")
    with pytest.raises(BudgetExceeded) as exc:
        decision_approve(decision=decision, actor=h)
    assert "satsingsområde 8" in " ".join(exc.value.messages)
    ok = decision_propose(application=submitted(area_number=8, amount="1.00"), actor=o, outcome="award", amount="0.01")
    decision_approve(decision=ok, actor=h)


def test_call_frame_holds(people):
    o, h = people
    award(submitted(amount="30000000.00"), officer=o, holder=h, amount="30000000.00")
    award(submitted(amount="30000000.00"), officer=o, holder=h, amount="30000000.00")
    last = submitted(area_number=3, amount="400000.01")
    decision = decision_propose(application=last, actor=o, outcome="award", amount="400000.01")
    with pytest.raises(BudgetExceeded) as exc:
        decision_approve(decision=decision, actor=h)
    assert "Utlysningens ramme" in " ".join(exc.value.messages)
    exact = decision_propose(
        application=submitted(area_number=3, amount="400000"), actor=o, outcome="award", amount="400000"
    )
    decision_approve(decision=exact, actor=h)
    assert sum(Grant.objects.values_list("amount", flat=True), Decimal(0)) == Decimal("60400000.00")


def test_appropriation_share_holds(people):
    o, h = people
    share = development_call().appropriation_share
    share.amount = Decimal("800000.00")
    share.save()
    award(submitted(amount="500000"), officer=o, holder=h, amount="500000")
    decision = decision_propose(application=submitted(amount="500000"), actor=o, outcome="award", amount="300000.01")
    with pytest.raises(ValidationError) as exc:
        decision_approve(decision=decision, actor=h)
    assert "Bevilgningen" in " ".join(exc.value.messages)


def test_declined_grant_frees_the_money(people):
    o, h = people
    award(submitted(area_number=8, amount="10000000"), officer=o, holder=h, amount="10000000")
    grant_advance(Grant.objects.get(), "declined")  # letter sent, the municipality says no
    award(submitted(area_number=8, amount="10000000"), officer=o, holder=h, amount="10000000")
