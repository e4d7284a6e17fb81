"""The grant letter states every element the circulars require (rundskriv 06/2024 section 6.1,
rundskriv 08/2024), for both schemes, and is a PDF/A document."""

import datetime as dt
import io
import re

import pytest
import time_machine
from pypdf import PdfReader

from applications.services.grant import grant_letter_preview, grant_letter_send
from tests.factories import make_grant, municipality, officer, reception_call
from tests.grants.helpers import development_grant, pdf_text, signer

pytestmark = pytest.mark.django_db

SENT_AT = dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC)  # Monday 4 March 2024, 10:00 in Oslo


def _multi_year_grant():
    """A three-year project: the award decision gives 2024 and names 2025 and 2026."""
    return development_grant(
        municipality("4601"),
        amount="500000.00",
        special_conditions="Prosjektet skal levere en sluttrapport.",
        later_years=[{"year": 2025, "amount": "400000.00"}, {"year": 2026, "amount": "300000.00"}],
        holder=signer(username="vedtaker"),
    )


@time_machine.travel(SENT_AT, tick=False)
def test_development_letter_states_every_required_element():
    grant = _multi_year_grant()
    letter = grant_letter_send(grant=grant, actor=signer())
    text = pdf_text(letter.pdf.read())

    call = grant.call
    # Names the organisation and the case number.
    assert "Bergen" in text
    assert f"Saksnummer: {grant.case_number}" in text
    # Purpose and what the grant may be used for, and the priority area.
    assert call.scheme.purpose[:60] in text
    assert call.scheme.use_of_funds[:60] in text
    assert "satsingsområde 2" in text
    # The amount per year; later years subject to the Storting's appropriation.
    assert "500 000 kr" in text
    assert re.search(r"2025 400 000 kr Med forbehold om Stortingets bevilgning", text)
    assert re.search(r"2026 300 000 kr Med forbehold om Stortingets bevilgning", text)
    # Payout terms with bank-day dates: 15 Sep 2024 is a Sunday, so the autumn term moves to Monday 16th.
    assert "Vår 15.05.2024 250 000 kr" in text
    assert "Høst 16.09.2024 250 000 kr" in text
    # Conditions and special conditions.
    assert call.conditions[:60] in text
    assert "Særskilte vilkår Prosjektet skal levere en sluttrapport." in text
    # Acceptance deadline: sent 04.03.2024 + 14 days.
    assert "innen 18.03.2024" in text
    # Reporting requirements and dates.
    assert "Statusrapport 01.01.2024–31.08.2024 01.09.2024" in text
    assert "Årsrapport 01.01.2024–31.12.2024 01.02.2025" in text
    assert "Regnskap 01.01.2024–31.12.2024 01.02.2025" in text
    # Controls by IMDi and the Office of the Auditor General.
    assert "IMDi og Riksrevisjonen kan iverksette kontroll" in text
    assert "bevilgningsreglement § 10 annet ledd" in text
    assert "riksrevisjonsloven § 12 tredje ledd" in text
    # Reclaiming and reactions.
    assert "skal det betales tilbake" in text
    assert call.reactions[:60] in text
    # How to complain.
    assert call.complaint_rules[:60] in text
    # Signed by the budget holder: name, title, date, electronically approved.
    assert "Berit Budsjett" in text
    assert "Avdelingsdirektør" in text
    assert "Elektronisk godkjent 04.03.2024" in text


@time_machine.travel(SENT_AT, tick=False)
def test_reception_centre_letter_shows_the_basis_and_the_circulars_rules():
    org = municipality("3301")  # Drammen
    call = reception_call()
    grant = make_grant(org, call=call, amount="770760.00", places=30, monthly_rate="2141.00", months=12)
    letter = grant_letter_send(grant=grant, actor=signer())
    text = pdf_text(letter.pdf.read())

    assert "avtalen mellom Drammen kommune og IMDi om integreringsmottak" in text
    assert "770 760 kr" in text
    assert "30 plasser × 2 141 kr per plass per måned × 12 måneder" in text
    assert call.scheme.purpose[:50] in text
    # One annual payout on 15 April 2024 (a Monday).
    assert "Årlig utbetaling 15.04.2024 770 760 kr" in text
    assert "Halvårsrapport med regnskap 01.01.2024–30.06.2024 31.08.2024" in text
    assert "ikke å regne som enkeltvedtak" in text  # rundskriv 06/2024 section 7
    assert "IMDi og Riksrevisjonen kan iverksette kontroll" in text
    assert "innen 18.03.2024" in text
    assert "Elektronisk godkjent 04.03.2024" in text


def test_letter_declares_pdf_a_in_its_xmp_metadata():
    grant = development_grant()
    letter = grant_letter_send(grant=grant, actor=signer())
    data = letter.pdf.read()
    reader = PdfReader(io.BytesIO(data))
    xmp = reader.xmp_metadata
    assert xmp is not None
    raw = xmp.stream.get_data().decode("utf-8")
    assert re.search(r"pdfaid:part[^0-9]*3", raw)
    assert re.search(r"pdfaid:conformance[^A-Za-z]*B", raw)
    # Every font is embedded, as PDF/A requires.
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = (
                font.get_object().get("/FontDescriptor")
                or (font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"])
            )
            descriptor = descriptor.get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_preview_renders_without_storing_anything():
    grant = development_grant()
    pdf = grant_letter_preview(grant=grant, actor=officer())
    text = pdf_text(pdf)
    assert "FORHÅNDSVISNING" in text
    assert grant.case_number in text
    grant.refresh_from_db()
    assert grant.status == "decided"
    assert not grant.letters.exists()


@time_machine.travel(SENT_AT, tick=False)
def test_reception_letter_lists_the_months_when_places_changed_during_the_year():
    org = municipality("3301")
    # 20 places in January, 30 from February until the agreement ended with February.
    agreements = [(20, dt.date(2024, 1, 1), dt.date(2024, 1, 31)), (30, dt.date(2024, 2, 1), dt.date(2024, 2, 29))]
    grant = make_grant(org, call=reception_call(), amount="107050.00", agreements=agreements)
    text = pdf_text(grant_letter_send(grant=grant, actor=signer()).pdf.read())
    assert "januar 20 2 141 kr 42 820 kr" in text
    assert "februar 30 2 141 kr 64 230 kr" in text
