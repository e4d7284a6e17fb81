"""Two budget holders confirming later years of different projects at the same moment cannot
together overspend the year's frame (PostgreSQL row locks: the year's call is locked first)."""

from decimal import Decimal

import pytest

from applications.models import Grant, ProjectYear
from applications.services.project_year import grant_year_approve, grant_year_confirm
from tests.concurrency import run_in_threads, skip_unless_postgres
from tests.factories import budget_holder, development_call, municipality, officer
from tests.factories_years import REASON, call_for_year, multi_year_award

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("attempt", range(2))
def test_two_confirmations_together_cannot_overspend_the_years_frame(attempt):
    skip_unless_postgres()
    call_2024 = development_call(2024)
    years = [
        multi_year_award(call=call_2024, amounts=["500000.00", "400000.00"], org=municipality(number))[1][0]
        for number in ("4601", "0301")
    ]
    # The Storting's appropriation for 2025 came out lower than the two bound years together.
    call_2025 = call_for_year(call_2024, 2025, frame="600000.00")
    proposed = [grant_year_confirm(project_year=y, actor=officer(), reason=REASON) for y in years]
    holders = [budget_holder(), budget_holder()]

    results = run_in_threads(
        [lambda y=y, h=h: grant_year_approve(project_year=y, actor=h) for y, h in zip(proposed, holders, strict=True)]
    )

    assert sorted(kind for kind, _ in results) == ["error", "ok"]
    refusal = next(value for kind, value in results if kind == "error")
    assert "overskrides" in " ".join(refusal.messages)
    awarded = sum((g.amount for g in Grant.objects.filter(call=call_2025)), Decimal("0"))
    assert awarded == Decimal("400000.00") <= call_2025.frame
    assert ProjectYear.objects.filter(status=ProjectYear.Status.CONFIRMED).count() == 1
    assert ProjectYear.objects.filter(status=ProjectYear.Status.PROPOSED).count() == 1
