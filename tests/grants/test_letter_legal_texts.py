"""Each letter prints its legal text from reference data, in the circular's own words
(issue 12 item 7): award and rejection have no right of appeal and say why; a dismissal has
three weeks and AID as appeal body, sent through IMDi; a reaction has forvaltningsloven's appeal
rights; the reception-centre offer says the allocation is not an individual decision."""

import datetime as dt

import pytest
import time_machine
from django.test import TestCase

from applications.models import ReceptionOffer
from applications.services.assessment import decision_approve, decision_propose
from applications.services.grant import grant_letter_send
from applications.services.reception import reception_grants_compute
from schemes.models import LetterText
from schemes.selectors import letter_text
from tests.assessment.helpers import submitted
from tests.factories import budget_holder, development_call, municipality, officer, reception_agreement, reception_call
from tests.factories_jobs import documents_rendered
from tests.grants.helpers import development_grant, pdf_text, signer

pytestmark = pytest.mark.django_db

# Rundskriv 08/2024, «Klageregler» (quoted from the circular, line breaks removed).
NO_APPEAL_08_2024 = (
    "Kommunene eller fylkeskommunene har ikke rett til å klage på tildeling av eller avslag på tilskudd "
    "(forvaltningsloven §§ 3 første ledd og 28)."
)
DISMISSAL_08_2024 = (
    "En beslutning om å avvise en søknad er et enkeltvedtak etter fvl § 2 bokstav b og kommunene har derfor "
    "klagerett etter forvaltningslovens § 28. Klagefristen er tre uker fra mottakeren får vedtaket, jf. fvl § 29. "
    "AID er klageinstans. Klagen skal sendes til IMDi."
)
REACTION_08_2024 = (
    "Vedtak om reaksjoner som følge av brudd på vilkårene for tildeling av tilskudd, er enkeltvedtak etter "
    "forvaltningslovens § 2 bokstav b. Derfor skal en bruke saksbehandlingsreglene i forvaltningsloven kapittel "
    "IV-VI, blant annet reglene om klagerett. Arbeids- og inkluderingsdepartementet er klageinstans."
)
# Rundskriv 06/2024 punkt 7 «Klageregler».
RECEPTION_06_2024 = (
    "IMDis tildeling av tilskudd fra denne tilskuddsordningen er ikke å regne som enkeltvedtak, jf. "
    "forvaltningsloven § 2. Det vil si at bestemmelsene i forvaltningsloven kapitlene IV til VI ikke får "
    "anvendelse, jf. forvaltningsloven § 3."
)


def _decision_letter_text(outcome):
    decision = decision_propose(application=submitted(), actor=officer(), outcome=outcome, reason="Begrunnelse.")
    with TestCase.captureOnCommitCallbacks(execute=True):  # the letter is made after the commit
        decision = decision_approve(decision=decision, actor=budget_holder())
    decision.refresh_from_db()
    with decision.letter_pdf.open("rb") as fh:
        return pdf_text(fh.read())


def test_every_letter_kind_of_each_call_has_a_cited_text():
    for year in (2023, 2024):
        call = development_call(year)
        kinds = set(call.letter_texts.values_list("kind", flat=True))
        assert kinds == {"award", "rejection", "dismissal", "reaction"}
        assert all(t.source for t in call.letter_texts.all())
    assert letter_text(reception_call(), LetterText.Kind.RECEPTION_OFFER).source.startswith("Rundskriv 06/2024")
    assert letter_text(development_call(), "rejection").text.startswith(NO_APPEAL_08_2024)


def test_rejection_letter_says_no_right_of_appeal_in_the_circulars_words():
    text = _decision_letter_text("reject")
    assert NO_APPEAL_08_2024 in text
    # Not the old, different legal basis, and not the dismissal's appeal text.
    assert "§ 2 tredje ledd" not in text
    assert "Klagefristen" not in text
    assert "tre uker" not in text
    assert "AID er klageinstans" not in text


def test_dismissal_letter_gives_three_weeks_and_the_appeal_body():
    text = _decision_letter_text("dismiss")
    assert DISMISSAL_08_2024 in text
    assert "ikke rett til å klage" not in text
    assert "nærmeste virkedag" in text


@time_machine.travel(dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC), tick=False)
def test_award_letter_has_no_appeal_and_the_reaction_appeal_rights():
    grant = development_grant(municipality("4601"))
    letter = grant_letter_send(grant=grant, actor=signer())
    text = pdf_text(letter.pdf.read())
    assert NO_APPEAL_08_2024 in text
    assert REACTION_08_2024 in text
    # The old hard-coded sentence is gone in favour of the circular's.
    assert "Et vedtak om reaksjon ved brudd på vilkårene er et enkeltvedtak" not in text


def test_2023_call_letters_quote_the_2023_circular():
    text = letter_text(development_call(2023), "rejection").text
    assert "(fvl. §§ 3 første ledd og 28)" in text
    assert "2023" in letter_text(development_call(2023), "dismissal").source


def test_reception_offer_letter_quotes_rundskriv_06_2024():
    org = municipality()
    reception_agreement(org, places=5, valid_from=dt.date(2024, 1, 1))
    reception_grants_compute(call=reception_call(), actor=officer())
    documents_rendered()  # the offer letters, made by the documents worker
    offer = ReceptionOffer.objects.get(grant__organisation=org)
    with offer.pdf.open("rb") as fh:
        text = pdf_text(fh.read())
    assert RECEPTION_06_2024 in text


def test_a_changed_text_is_what_the_letter_prints():
    """The text is data: IMDi changes it in the admin, the next letter prints the new words."""
    LetterText.objects.filter(call=development_call(), kind="rejection").update(text="Ny tekst fra rundskrivet.")
    text = _decision_letter_text("reject")
    assert "Ny tekst fra rundskrivet." in text
    assert NO_APPEAL_08_2024 not in text
