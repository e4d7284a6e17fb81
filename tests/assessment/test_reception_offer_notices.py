"""E-mail at the reception-centre offer's hand-offs: the offer sent reaches the municipality's
users and its address, with a link to the offer in the portal; the answer reaches the officers
who computed and sent it, with a link to it in the admin. Once per recipient, after the commit,
and never to another municipality."""

import datetime as dt

import pytest

from applications.models import ReceptionOffer
from applications.services.reception import reception_grants_compute
from core.models import Notification
from organisations.models import Membership
from tests.factories import member, municipality, officer, reception_agreement, reception_call
from tests.factories_jobs import documents_rendered
from tests.factories_recep import offer_answered, offer_sent

pytestmark = pytest.mark.django_db
YEAR = 2024


@pytest.fixture
def offer():
    org = municipality()
    org.email = "postmottak@bergen.example.no"
    org.save(update_fields=["email"])
    member(org, Membership.Role.CASEWORKER, email="saksbehandler@bergen.example.no")
    member(org, Membership.Role.APPROVER, email="direktor@bergen.example.no")
    other = municipality("0301")
    member(other, Membership.Role.APPROVER, email="oslo@example.no")
    computer = officer(username="beregner", email="beregner@imdi.example.no")
    reception_agreement(org, places=10, valid_from=dt.date(YEAR, 1, 1), actor=computer)
    reception_agreement(other, places=5, valid_from=dt.date(YEAR, 1, 1), actor=computer)
    reception_grants_compute(call=reception_call(), actor=computer)
    documents_rendered()
    return ReceptionOffer.objects.get(grant__organisation=org)


def test_the_municipality_hears_of_the_offer_once_it_is_sent(
    offer, django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.PORTAL_BASE_URL = "https://tilskudd.example.no"
    sender = officer(username="sender", email="sender@imdi.example.no")
    with django_capture_on_commit_callbacks(execute=True):
        offer_sent(offer, actor=sender)
        assert mailoutbox == []  # nothing leaves before the commit
    recipients = sorted(message.to[0] for message in mailoutbox)
    assert recipients == [
        "direktor@bergen.example.no",
        "postmottak@bergen.example.no",
        "saksbehandler@bergen.example.no",
    ]
    message = mailoutbox[0]
    assert offer.grant.case_number in message.subject and "integreringsmottak" in message.subject
    assert f"https://tilskudd.example.no/vedtak/tilbud/{offer.pk}/" in message.body
    assert Notification.objects.filter(kind=Notification.Kind.RECEPTION_OFFER).count() == 3


def test_the_officers_hear_of_the_answer(offer, django_capture_on_commit_callbacks, mailoutbox):
    sender = officer(username="sender", email="sender@imdi.example.no")
    offer_sent(offer, actor=sender)
    offer.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        offer_answered(offer)
    assert sorted(message.to[0] for message in mailoutbox) == ["beregner@imdi.example.no", "sender@imdi.example.no"]
    message = mailoutbox[0]
    assert offer.grant.organisation.name in message.subject and offer.grant.case_number in message.subject
    assert f"/admin/applications/receptionoffer/{offer.pk}/change/" in message.body


def test_each_notice_is_sent_once_however_often_it_runs(offer, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        offer_sent(offer)
    assert len(queued) == 1
    queued[0]()
    queued[0]()  # run again, as a retried task would
    assert len(mailoutbox) == 3
