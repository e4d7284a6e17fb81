"""Each organisation's written standard (issue 15 item 6): bokmål by default, nynorsk when
IMDi sets it; letters and e-mails to a nynorsk organisation are in nynorsk; the interface offers
nynorsk beside bokmål and English."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from applications.services.grant import grant_letter_notify, grant_letter_send
from core.models import Notification
from organisations.models import Organisation
from tests.factories import municipality
from tests.grants.helpers import development_grant, pdf_text, signer

pytestmark = pytest.mark.django_db

SENT_AT = dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC)


def test_default_is_bokmal():
    assert municipality("4601").written_standard == Organisation.WrittenStandard.BOKMAL


@time_machine.travel(SENT_AT, tick=False)
@pytest.mark.parametrize("standard", ["nn", "nb"])
def test_grant_letter_in_the_organisations_written_standard(standard):
    org = municipality("4601")
    org.written_standard = standard
    org.save(update_fields=["written_standard"])
    grant = development_grant(org, amount="500000.00")
    letter = grant_letter_send(grant=grant, actor=signer())
    text = pdf_text(letter.pdf.read())
    if standard == "nn":
        assert "Formålet med tilskotet og kva det skal brukast til" in text
        assert "Vilkår for tilskotet" in text
        assert "Med helsing" in text
        assert "Tilskuddsmottakeren" not in text
    else:
        assert "Formålet med tilskuddet og hva det skal brukes til" in text
        assert "Med hilsen" in text
    assert grant.case_number in text
    assert "500 000" in text


@time_machine.travel(SENT_AT, tick=False)
def test_letter_e_mail_to_a_nynorsk_organisation_is_in_nynorsk(django_capture_on_commit_callbacks):
    org = municipality("4601")
    org.written_standard = "nn"
    org.save(update_fields=["written_standard"])
    grant = development_grant(org, amount="500000.00")
    letter = grant_letter_send(grant=grant, actor=signer())
    grant_letter_notify(letter_id=letter.pk)
    notices = Notification.objects.filter(kind=Notification.Kind.GRANT_LETTER)
    assert notices.exists()
    assert {n.language for n in notices} == {"nn"}


def test_interface_offers_nynorsk(client):
    page = client.get(reverse("home")).content.decode()
    assert 'value="nn"' in page and 'value="nb"' in page and 'value="en"' in page
    client.post(reverse("set_language"), {"language": "nn", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="nn">' in page
    assert "Hopp til hovudinnhaldet" in page
    assert "Framside" in page
