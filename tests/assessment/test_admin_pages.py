"""Single-decision pages in the admin: approve from the decision, change the proposed amount,
edit one's own assessment, forward an appeal, register an agreement."""

import datetime as dt
from decimal import Decimal

import pytest

from applications.models import Appeal, Assessment, Decision, Grant, ReceptionCentreAgreement
from applications.services.appeal import appeal_register
from applications.services.assessment import assessment_save, decision_propose
from core.models import CaseEvent
from tests.assessment.helpers import dismiss, submitted
from tests.factories import budget_holder, municipality, officer

pytestmark = pytest.mark.django_db

DECISIONS = "/admin/applications/decision/"


def test_budget_holder_approves_one_decision_after_confirmation(client):
    d = decision_propose(application=submitted(amount="500000"), actor=officer(), outcome="award", amount="250000.25")
    client.force_login(budget_holder())
    page = client.get(f"{DECISIONS}{d.pk}/change/")
    assert "Godkjenn vedtaket" in page.content.decode()
    confirm = client.get(f"{DECISIONS}{d.pk}/godkjenn/")
    assert "250\xa0000,25\xa0kr" in confirm.content.decode()
    d.refresh_from_db()
    assert d.status == Decision.Status.PROPOSED
    done = client.post(f"{DECISIONS}{d.pk}/godkjenn/", {"confirm": "yes", f"version_{d.pk}": d.version})
    assert done.status_code == 302
    assert Grant.objects.get().amount == Decimal("250000.25")


def test_proposer_with_both_roles_is_refused_with_a_message(client):
    both = officer()
    both.groups.add(*budget_holder().groups.all())
    d = decision_propose(application=submitted(), actor=both, outcome="award", amount="1000")
    client.force_login(both)
    response = client.post(f"{DECISIONS}{d.pk}/godkjenn/", {"confirm": "yes"}, follow=True)
    assert "fire øyne" in response.content.decode()
    d.refresh_from_db()
    assert d.status == Decision.Status.PROPOSED


def test_officer_changes_the_proposed_amount(client):
    o = officer()
    d = decision_propose(application=submitted(amount="500000"), actor=o, outcome="award", amount="400000")
    client.force_login(o)
    page = client.get(f"{DECISIONS}{d.pk}/change/").content.decode()
    assert "Endre beløpet" in page and "Godkjenn vedtaket" not in page
    assert client.post(f"{DECISIONS}{d.pk}/belop/", {"amount": "500000.01"}).status_code == 200
    d.refresh_from_db()
    assert d.amount == Decimal("400000.00")
    assert client.post(f"{DECISIONS}{d.pk}/belop/", {"amount": "375000.50"}).status_code == 302
    d.refresh_from_db()
    assert d.amount == Decimal("375000.50")
    assert CaseEvent.objects.filter(action="decision_amount_changed").count() == 1
    client.force_login(budget_holder())
    assert client.post(f"{DECISIONS}{d.pk}/belop/", {"amount": "1"}).status_code == 403


def test_officer_edits_own_assessment(client):
    o = officer()
    mine = assessment_save(application=submitted(), officer=o, score_purpose=3, score_delivery=3, score_transfer=3)
    client.force_login(o)
    response = client.post(
        f"/admin/applications/assessment/{mine.pk}/change/",
        {
            "score_purpose": 6,
            "score_delivery": 5,
            "score_transfer": 4,
            "comment": "Oppdatert",
            "recommended_amount": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mine.refresh_from_db()
    assert (mine.score_purpose, mine.score_delivery, mine.score_transfer) == (6, 5, 4)
    assert Assessment.objects.count() == 1
    assert CaseEvent.objects.filter(action="assessment_changed").count() == 1


def test_officer_forwards_an_appeal_in_the_admin(client):
    o = officer()
    decision = dismiss(submitted(), officer=o, holder=budget_holder())
    appeal = appeal_register(decision=decision, received_on=dt.date(2024, 3, 10), actor=o)
    client.force_login(o)
    url = f"/admin/applications/appeal/{appeal.pk}/change/"
    assert "Jeg bekrefter at klagen er oversendt" in client.get(url).content.decode()
    # Forwarding cannot be undone: without the confirmation nothing is saved.
    response = client.post(url, {"forwarded_to_ministry_on": "2024-03-20", "notes": "Sendt AID."})
    assert response.status_code == 200
    assert "Kryss av for å bekrefte oversendelsen" in response.content.decode()
    # The page with the error still shows the appeal as open, with its date to fill in.
    assert 'name="forwarded_to_ministry_on"' in response.content.decode()
    assert 'name="confirm_forward"' in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.forwarded_to_ministry_on is None and appeal.notes != "Sendt AID."
    assert not CaseEvent.objects.filter(action="appeal_forwarded").exists()
    response = client.post(
        url, {"forwarded_to_ministry_on": "2024-03-20", "confirm_forward": "on", "notes": "Sendt AID."}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    appeal.refresh_from_db()
    assert appeal.forwarded_to_ministry_on == dt.date(2024, 3, 20)
    assert appeal.notes == "Sendt AID."
    assert CaseEvent.objects.filter(action="appeal_forwarded").exists()
    assert Appeal.objects.count() == 1


def test_officer_registers_an_agreement_in_the_admin(client):
    client.force_login(officer())
    response = client.post(
        "/admin/applications/receptioncentreagreement/add/",
        {
            "organisation": municipality().pk,
            "centre_name": "Integreringsmottak Nord",
            "places": "25",
            "valid_from": "2024-01-01",
            "valid_to": "",
            "partnership_agreement_date": "2023-12-01",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    agreement = ReceptionCentreAgreement.objects.get()
    assert agreement.places == 25
    assert CaseEvent.objects.filter(action="reception_agreement_registered", object_id=agreement.pk).exists()
    bad = client.post(
        "/admin/applications/receptioncentreagreement/add/",
        {"organisation": municipality().pk, "centre_name": "X", "places": "0", "valid_from": "2024-01-01"},
    )
    assert bad.status_code == 200
    assert ReceptionCentreAgreement.objects.count() == 1


def test_application_page_shows_averages_and_priority_factors(client):
    app = submitted(years=["200000"], supervisor_is_academic=True)
    assessment_save(application=app, officer=officer(), score_purpose=5, score_delivery=4, score_transfer=6)
    assessment_save(application=app, officer=officer(), score_purpose=4, score_delivery=4, score_transfer=3)
    client.force_login(budget_holder())
    text = client.get(f"/admin/applications/application/{app.pk}/change/").content.decode()
    assert "Formål: 4,50" in text
    assert "Sum: 13,00" in text
    assert "Flerårig (2 år)" in text
    assert "Veiledning fra universitet eller høyskole" in text
