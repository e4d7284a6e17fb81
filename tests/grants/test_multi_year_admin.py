"""The admin page of a later year: the officer proposes with a reason, the budget holder
approves after ticking that the proposal is checked; bad input is refused next to the field
and nothing is saved."""

from decimal import Decimal

import pytest

from applications.models import ProjectYear
from tests.factories import budget_holder, development_call, finance, officer
from tests.factories_years import REASON, multi_year_award

pytestmark = pytest.mark.django_db

PAGE = "/admin/applications/projectyear/{}/change/"


@pytest.fixture
def year_2024():
    _grant, [year, _] = multi_year_award(call=development_call(2023), amounts=["1000000", "900000", "800000"])
    return year


def _post(client, year, **data):
    return client.post(PAGE.format(year.pk), {"version": year.version, **data})


def test_officer_proposes_and_budget_holder_approves(client, year_2024):
    client.force_login(officer())
    page = client.get(PAGE.format(year_2024.pk)).content.decode()
    assert "Bundet" in page and "900\xa0000\xa0kr" in page
    assert "Godkjenn forslaget" not in page
    assert _post(client, year_2024, action="confirm", note=REASON).status_code == 302
    year_2024.refresh_from_db()
    assert year_2024.status == ProjectYear.Status.PROPOSED

    client.force_login(budget_holder())
    refused = _post(client, year_2024, action="approve")
    assert refused.status_code == 200
    assert "Kryss av for at du har kontrollert forslaget" in refused.content.decode()
    year_2024.refresh_from_db()
    assert year_2024.grant is None
    assert _post(client, year_2024, action="approve", confirmed="on").status_code == 302
    year_2024.refresh_from_db()
    assert year_2024.status == ProjectYear.Status.CONFIRMED
    assert year_2024.grant.amount == Decimal("900000.00")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "confirm", "note": ""}, "Skriv begrunnelsen"),
        ({"action": "confirm", "note": "x" * 4001}, "4000"),
        ({"action": "reduce", "note": REASON}, "Skriv det nye beløpet"),
        ({"action": "reduce", "note": REASON, "new_amount": "-5"}, "negativt"),
        ({"action": "reduce", "note": REASON, "new_amount": "900 000,01"}, "høyst det som er bundet"),
        ({"action": "reduce", "note": REASON, "new_amount": "99999999999999999999"}, "for stort"),
        ({"action": "reduce", "note": REASON, "new_amount": "<script>alert(1)</script>"}, "Skriv et beløp"),
        ({"action": "approve", "confirmed": "on"}, "Velg et gyldig valg"),
        ({"action": "drop table"}, "Velg et gyldig valg"),
        ({}, "Feltet er påkrevet"),
    ],
)
def test_bad_input_is_refused_next_to_the_field(client, year_2024, data, message):
    client.force_login(officer())
    response = _post(client, year_2024, **data)
    assert response.status_code == 200
    assert message in response.content.decode().replace("\xa0", " ")
    year_2024.refresh_from_db()
    assert (year_2024.status, year_2024.proposed_amount) == (ProjectYear.Status.BOUND, None)


def test_finance_reads_but_cannot_propose(client, year_2024):
    client.force_login(finance())
    assert client.get(PAGE.format(year_2024.pk)).status_code == 200
    assert _post(client, year_2024, action="confirm", note=REASON).status_code == 403
    year_2024.refresh_from_db()
    assert year_2024.status == ProjectYear.Status.BOUND
