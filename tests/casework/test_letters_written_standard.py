"""Issue 15 item 6, the remaining letters: the rejection and dismissal letters, the decision
on a reaction and the reception-centre offer are written in the organisation's written
standard (nynorsk for a nynorsk municipality, bokmål otherwise), like the grant letter."""

import datetime as dt

import pytest
import time_machine

from applications.models import ReceptionOffer
from applications.services.assessment import decision_approve, decision_propose
from applications.services.reception import reception_grants_compute
from payments.services import reaction_approve
from payments.services.reaction_process import reaction_notice_send, reaction_propose
from tests.assessment.helpers import submitted
from tests.factories import (
    budget_holder,
    documents_rendered,
    municipality,
    officer,
    reception_agreement,
    reception_call,
)
from tests.grants.helpers import pdf_text
from tests.payments.helpers import planned_grant

pytestmark = pytest.mark.django_db

STANDARDS = ["nn", "nb"]


def _organisation(standard):
    org = municipality("4601")
    org.written_standard = standard
    org.save(update_fields=["written_standard"])
    return org


def _decision_letter_text(standard, outcome):
    app = submitted(_organisation(standard))
    decision = decision_propose(application=app, actor=officer(), outcome=outcome, reason="Søknaden kom for sent.")
    decision_approve(decision=decision, actor=budget_holder())
    documents_rendered()
    decision.refresh_from_db()
    with decision.letter_pdf.open("rb") as fh:
        return pdf_text(fh.read()), app


@pytest.mark.parametrize("standard", STANDARDS)
def test_rejection_letter(standard):
    text, app = _decision_letter_text(standard, "reject")
    assert app.case_number in text and "Søknaden kom for sent." in text
    if standard == "nn":
        assert "Vedtak om avslag på søknad om tilskot" in text
        assert "har kome fram til at søknaden ikkje får tilskot" in text
        assert "Med helsing" in text
        assert "Grunngiving" in text
        assert "Med hilsen" not in text and "kommet fram til" not in text
    else:
        assert "Vedtak om avslag på søknad om tilskudd" in text
        assert "har kommet fram til at den ikke får tilskudd" in text
        assert "Med hilsen" in text
        assert "Med helsing" not in text


@pytest.mark.parametrize("standard", STANDARDS)
def test_dismissal_letter(standard):
    text, app = _decision_letter_text(standard, "dismiss")
    assert app.case_number in text
    if standard == "nn":
        assert "Vedtak om avvising av søknad" in text
        assert "Søknaden blir difor ikkje realitetsbehandla." in text
        assert "Med helsing" in text
        assert "ikke realitetsbehandlet" not in text and "Med hilsen" not in text
    else:
        assert "Vedtak om avvisning av søknad" in text
        assert "Søknaden blir derfor ikke realitetsbehandlet." in text
        assert "Med hilsen" in text
        assert "realitetsbehandla." not in text


@pytest.mark.parametrize("standard", STANDARDS)
def test_reaction_decision(standard):
    holder, adviser = budget_holder(username="b-1"), officer(username="o-1")
    with time_machine.travel(dt.datetime(2024, 5, 3, 10, 0), tick=False):
        grant = planned_grant(_organisation(standard), amount="300000.00")
        reaction = reaction_notice_send(
            grant=grant,
            actor=adviser,
            kind="withholding",
            amount="10000.00",
            reason="Rapporten viser at midler er brukt til ordinær drift.",
            payment=grant.payments.get(term_number=1),
        )
    with time_machine.travel(dt.datetime(2024, 5, 22, 10, 0), tick=False):
        reaction = reaction_propose(reaction=reaction, actor=adviser, assessment="Ingen merknader kom inn.")
        reaction = reaction_approve(reaction=reaction, actor=holder, version=reaction.version)
        documents_rendered()
    reaction.refresh_from_db()
    with reaction.decision_pdf.open("rb") as fh:
        text = pdf_text(fh.read())
    assert grant.case_number in text and "10 000" in text
    if standard == "nn":
        assert "Vedtak om tilbakehalding" in text
        assert "IMDi held tilbake" in text
        assert "Førehandsvarsel og merknader" in text
        assert "Vi har ikkje fått merknader innan fristen." in text
        assert "Med helsing" in text
        assert "Forhåndsvarsel" not in text and "Med hilsen" not in text
    else:
        assert "Vedtak om tilbakeholdelse" in text
        assert "IMDi holder tilbake" in text
        assert "Forhåndsvarsel og merknader" in text
        assert "Vi har ikke mottatt merknader innen fristen." in text
        assert "Med hilsen" in text
        assert "Førehandsvarsel" not in text


@pytest.mark.parametrize("standard", STANDARDS)
def test_reception_offer(standard):
    org = _organisation(standard)
    adviser = officer()
    reception_agreement(org, places=10, valid_from=dt.date(2024, 1, 1), actor=adviser)
    reception_grants_compute(call=reception_call(), actor=adviser)
    documents_rendered()  # the offer letters, made by the documents worker
    offer = ReceptionOffer.objects.get(grant__organisation=org)
    with offer.pdf.open("rb") as fh:
        text = pdf_text(fh.read())
    assert offer.grant.case_number in text
    if standard == "nn":
        assert "Tilbod om å vidareføre integreringsmottak i 2024" in text
        assert "Utrekning av tilskotet" in text
        assert "Tilbodet må aksepterast i tilskotsportalen." in text
        assert "Med helsing" in text
        assert "Beregning av tilskuddet" not in text and "Med hilsen" not in text
    else:
        assert "Tilbud om å videreføre integreringsmottak i 2024" in text
        assert "Beregning av tilskuddet" in text
        assert "Tilbudet må aksepteres i tilskuddsportalen." in text
        assert "Med hilsen" in text
        assert "Utrekning av tilskotet" not in text
