"""Reception centres: places × 2 141 kr × months; a month counts when the agreement is in
force on its first day."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from applications.models import Grant, ReceptionCentreAgreement, ReceptionOffer
from applications.services.reception import reception_agreement_save, reception_grants_compute, reception_months
from core.models import CaseEvent
from tests.factories import budget_holder, grant_advance, member, municipality, officer, reception_call
from tests.factories_jobs import documents_rendered
from tests.factories_recep import offer_through

pytestmark = pytest.mark.django_db

RATE = Decimal("2141.00")


def agreement(org=None, *, places=10, valid_from=dt.date(2024, 1, 1), valid_to=None, partnership=True):
    return ReceptionCentreAgreement.objects.create(
        organisation=org or municipality(),
        centre_name="Integreringsmottak Vest",
        places=places,
        valid_from=valid_from,
        valid_to=valid_to,
        partnership_agreement_date=dt.date(2023, 11, 1) if partnership else None,
    )


def months(*agreements):
    return reception_months(list(agreements), 2024, scheme=reception_call().scheme)


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "expected_months"),
    [
        (dt.date(2024, 1, 1), None, list(range(1, 13))),
        (dt.date(2023, 6, 1), dt.date(2024, 12, 31), list(range(1, 13))),
        (dt.date(2024, 1, 2), None, list(range(2, 13))),
        (dt.date(2024, 1, 15), dt.date(2025, 6, 30), list(range(2, 13))),
        (dt.date(2023, 1, 1), dt.date(2024, 1, 1), [1]),
        (dt.date(2023, 1, 1), dt.date(2023, 12, 31), []),
        (dt.date(2024, 12, 1), None, [12]),
        (dt.date(2024, 12, 2), None, []),
        (dt.date(2024, 1, 1), dt.date(2024, 11, 30), list(range(1, 12))),
        (dt.date(2024, 1, 1), dt.date(2024, 12, 1), list(range(1, 13))),
        (dt.date(2024, 2, 29), dt.date(2024, 3, 1), [3]),
    ],
)
def test_months_counted_at_the_years_edges(valid_from, valid_to, expected_months):
    lines = months(agreement(valid_from=valid_from, valid_to=valid_to))
    assert [line["number"] for line in lines] == expected_months


def test_full_year_amount_exact():
    agreement(places=10)
    summary = reception_grants_compute(call=reception_call(), actor=officer())
    documents_rendered()  # the offer letters, made by the documents worker
    grant = summary["created"][0]
    assert grant.amount == RATE * 10 * 12 == Decimal("256920.00")
    assert grant.application is None
    assert grant.year == 2024
    assert grant.status == Grant.Status.DECIDED
    assert grant.case_number.startswith("24/")
    assert (grant.places, grant.monthly_rate, grant.months) == (10, RATE, 12)


def test_change_of_places_mid_year_gives_new_amount():
    org = municipality()
    agreement(org, places=20, valid_from=dt.date(2023, 1, 1), valid_to=dt.date(2024, 6, 30))
    agreement(org, places=30, valid_from=dt.date(2024, 7, 1), partnership=False)
    summary = reception_grants_compute(call=reception_call(), actor=officer())
    documents_rendered()  # the offer letters, made by the documents worker
    (grant,) = summary["created"]
    assert grant.amount == RATE * (6 * 20 + 6 * 30) == Decimal("642300.00")
    offer = ReceptionOffer.objects.get(grant=grant)
    assert [line["places"] for line in offer.months] == [20] * 6 + [30] * 6
    assert offer.months[6]["month"] == "juli"
    # Two place counts: no single basis on the grant; the letter lists the months.
    assert (grant.places, grant.monthly_rate, grant.months) == (None, None, None)


def test_recompute_is_idempotent_and_updates_decided_grant():
    first = agreement(places=10)
    o = officer()
    reception_grants_compute(call=reception_call(), actor=o)
    documents_rendered()  # the offer letters, made by the documents worker
    again = reception_grants_compute(call=reception_call(), actor=o)
    documents_rendered()  # the offer letters, made by the documents worker
    assert Grant.objects.count() == 1
    assert len(again["unchanged"]) == 1
    first.valid_to = dt.date(2024, 6, 30)
    reception_agreement_save(agreement=first, actor=o)
    agreement(first.organisation, places=12, valid_from=dt.date(2024, 7, 1))
    summary = reception_grants_compute(call=reception_call(), actor=o)
    documents_rendered()  # the offer letters, made by the documents worker
    grant = Grant.objects.get()
    assert summary["updated"] == [grant]
    assert grant.amount == RATE * (6 * 10 + 6 * 12)
    event = CaseEvent.objects.get(action="grant_amount_changed", object_id=grant.pk)
    assert event.data["before"] == "256920.00"
    assert event.data["after"] == str(RATE * 132)
    assert grant.history.count() == 2


def test_grant_already_sent_is_never_changed():
    a = agreement(places=10)
    o = officer()
    reception_grants_compute(call=reception_call(), actor=o)
    documents_rendered()  # the offer letters, made by the documents worker
    offer_through(ReceptionOffer.objects.get())
    grant_advance(Grant.objects.get(), "letter_sent")
    a.places = 50
    reception_agreement_save(agreement=a, actor=o)
    summary = reception_grants_compute(call=reception_call(), actor=o)
    documents_rendered()  # the offer letters, made by the documents worker
    assert len(summary["frozen"]) == 1
    assert Grant.objects.get().amount == Decimal("256920.00")


def test_centre_without_partnership_agreement_is_skipped():
    agreement(places=10, partnership=False)
    summary = reception_grants_compute(call=reception_call(), actor=officer())
    documents_rendered()  # the offer letters, made by the documents worker
    assert not Grant.objects.exists()
    assert summary["skipped"][0][1] == "mangler partnerskapsavtale"


def test_call_frame_holds_and_nothing_is_half_written():
    agreement(municipality("4601"), places=200)
    agreement(municipality("4627"), places=200)
    # 400 × 2 141 × 12 = 10 276 800 > 8 293 000
    with pytest.raises(ValidationError) as exc:
        reception_grants_compute(call=reception_call(), actor=officer())
    assert "ramme" in " ".join(exc.value.messages)
    assert not Grant.objects.exists()


def test_offer_letter_pdf_stored_and_shown_only_to_the_municipality(client):
    org = municipality()
    agreement(org, places=5)
    reception_grants_compute(call=reception_call(), actor=officer())
    documents_rendered()  # the offer letters, made by the documents worker
    offer = ReceptionOffer.objects.get()
    with offer.pdf.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"
    assert len(offer.sha256) == 64
    client.force_login(member(org))
    # Computed only: IMDi's own until an officer sends it (not listed, 404).
    assert client.get(f"/vedtak/tilbud/{offer.pk}/tilbudsbrev.pdf").status_code == 404
    assert f"/vedtak/tilbud/{offer.pk}/" not in client.get("/vedtak/").content.decode()
    offer_through(offer, until="sent")
    assert f"/vedtak/tilbud/{offer.pk}/" in client.get("/vedtak/").content.decode()
    response = client.get(f"/vedtak/tilbud/{offer.pk}/tilbudsbrev.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    client.force_login(member(municipality("4627")))
    assert client.get(f"/vedtak/tilbud/{offer.pk}/tilbudsbrev.pdf").status_code == 404


def test_only_officers_compute():
    agreement()
    with pytest.raises(PermissionDenied):
        reception_grants_compute(call=reception_call(), actor=budget_holder())


def test_agreement_registration_logged():
    a = ReceptionCentreAgreement(
        organisation=municipality(), centre_name="Mottak", places=8, valid_from=dt.date(2024, 1, 1)
    )
    o = officer()
    reception_agreement_save(agreement=a, actor=o)
    a.places = 9
    reception_agreement_save(agreement=a, actor=o)
    event = CaseEvent.objects.get(action="reception_agreement_changed", object_id=a.pk)
    assert event.data["before"]["places"] == 8 and event.data["after"]["places"] == 9
