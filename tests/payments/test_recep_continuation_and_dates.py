"""Issue 12 items 3/5 and 8: a later year stopped by an approved reaction cannot be continued;
a reception-centre grant never plans a payment on a day already past."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from applications.models import ProjectYear, ReceptionOffer
from applications.selectors.grant import grant_payout_plan
from applications.services.project_year import grant_year_approve, grant_year_confirm, grant_year_stop
from core.calendar import next_bank_day
from tests.factories import (
    budget_holder,
    development_call,
    grant_advance,
    make_grant,
    municipality,
    officer,
    reception_call,
)
from tests.factories_years import REASON, call_for_year, multi_year_award
from tests.payments.helpers import approved_reaction

pytestmark = pytest.mark.django_db


def test_a_year_stopped_by_an_approved_reaction_is_refused_by_the_continuation():
    grant, [year_2024, year_2025] = multi_year_award(
        call=development_call(2023), amounts=["600000", "500000", "400000"], org=municipality()
    )
    grant = grant_advance(grant, "accepted")
    call_for_year(development_call(2024), 2025)
    # A proposal already waiting when the reaction is approved is refused at approval too.
    proposed = grant_year_confirm(project_year=year_2024, actor=officer(), reason=REASON)
    approved_reaction(grant=grant, kind="stop_years", amount=None, reason="Prosjektet er ikke gjennomført.")
    with pytest.raises(ValidationError, match="stanset ved vedtak om reaksjon"):
        grant_year_approve(project_year=proposed, actor=budget_holder(), expected_version=proposed.version)
    with pytest.raises(ValidationError, match="stanset ved vedtak om reaksjon"):
        grant_year_confirm(project_year=year_2025, actor=officer(), reason=REASON)
    assert not ProjectYear.objects.filter(grant__isnull=False).exists()
    # Stopping the year is still possible (and is what the reaction asks for).
    stopped = grant_year_stop(project_year=year_2025, actor=officer(), reason="Stanset ved vedtak om reaksjon.")
    stopped = grant_year_approve(project_year=stopped, actor=budget_holder())
    assert stopped.status == ProjectYear.Status.STOPPED


def test_without_a_reaction_the_year_is_confirmed():
    grant, [year_2024] = multi_year_award(call=development_call(2023), amounts=["600000", "500000"])
    grant_advance(grant, "accepted")
    proposed = grant_year_confirm(project_year=year_2024, actor=officer(), reason=REASON)
    assert grant_year_approve(project_year=proposed, actor=budget_holder()).grant is not None


def test_reception_grant_letter_and_plan_never_plan_a_day_already_past():
    call = reception_call()
    terms = list(call.payout_terms.order_by("number"))
    assert terms, "the reception call has payout terms"
    first_term = next_bank_day(terms[0].planned_date(call.year))
    late = first_term + dt.timedelta(days=40)
    grant = make_grant(call=call, amount="256920.00", status="accepted", sent_on=late, answered_on=late)
    assert grant.reception_offer.status == ReceptionOffer.Status.APPROVED
    dates = list(grant.payments.order_by("term_number").values_list("planned_date", flat=True))
    assert dates and min(dates) >= late
    # The first term had passed: paid on the first bank day on or after the acceptance.
    assert dates[0] == next_bank_day(late)
    letter_plan = grant_payout_plan(grant, not_before=late)
    assert [row["date"] for row in letter_plan] == dates
    # Without a floor the plan still shows the circular's own dates (the call page).
    assert grant_payout_plan(grant)[0]["date"] == first_term
