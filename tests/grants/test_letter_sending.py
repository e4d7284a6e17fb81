"""A sent letter is stored once with its SHA-256 and never regenerated; a correction is a new
version naming the one it replaces; the deadline is the Oslo sent date plus the call's period;
the organisation's users get an e-mail with a link to the grant page."""

import datetime as dt
import hashlib

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from applications.models import GrantLetter
from applications.services.grant import grant_letter_correct, grant_letter_send
from core.models import CaseEvent
from organisations.models import Membership
from tests.factories import member, municipality, officer
from tests.factories_jobs import documents_rendered
from tests.grants.helpers import development_grant, pdf_text, sent_grant, signer

pytestmark = pytest.mark.django_db


def _file_bytes(letter):
    with letter.pdf.open("rb") as handle:
        return handle.read()


def test_sent_letter_is_stored_with_its_hash_and_moves_the_grant():
    grant = development_grant()
    letter = grant_letter_send(grant=grant, actor=signer())
    grant.refresh_from_db()
    assert grant.status == "letter_sent"
    assert grant.acceptance_deadline == letter.acceptance_deadline
    data = _file_bytes(letter)
    assert data.startswith(b"%PDF-")
    assert hashlib.sha256(data).hexdigest() == letter.sha256
    event = CaseEvent.objects.get(action="grant_letter_sent", object_id=grant.pk)
    assert (event.from_state, event.to_state) == ("decided", "letter_sent")
    assert event.data["sha256"] == letter.sha256


def test_sending_again_is_refused_and_the_stored_bytes_never_change():
    grant, letter = sent_grant()
    before = _file_bytes(letter)
    with pytest.raises(ValidationError, match="allerede sendt"):
        grant_letter_send(grant=grant, actor=signer(username="annen-disponent"))
    assert GrantLetter.objects.filter(grant=grant).count() == 1
    letter.refresh_from_db()
    after = _file_bytes(letter)
    assert after == before
    assert hashlib.sha256(after).hexdigest() == letter.sha256


def test_a_correction_is_a_new_version_and_the_first_stays_untouched():
    grant, first = sent_grant()
    first_bytes = _file_bytes(first)
    grant.special_conditions = "Rapporten skal også beskrive samarbeidet med frivillige."
    grant.save(update_fields=["special_conditions"])

    second = grant_letter_correct(grant=grant, actor=signer(username="retter"), correction_note="Nytt særskilt vilkår.")
    documents_rendered()
    second.refresh_from_db()
    assert (second.version, second.replaces_id) == (2, first.pk)
    text = pdf_text(_file_bytes(second))
    assert "Rettet tilskuddsbrev" in text
    assert "erstatter tilskuddsbrevet (versjon 1)" in text
    assert "Nytt særskilt vilkår." in text
    assert "samarbeidet med frivillige" in text
    first.refresh_from_db()
    assert _file_bytes(first) == first_bytes
    assert hashlib.sha256(first_bytes).hexdigest() == first.sha256
    assert "samarbeidet med frivillige" not in pdf_text(first_bytes)
    assert second.sha256 != first.sha256


def test_a_correction_must_say_what_it_corrects():
    grant, _ = sent_grant()
    with pytest.raises(ValidationError):
        grant_letter_correct(grant=grant, actor=signer(username="retter"), correction_note="  ")
    assert grant.letters.count() == 1


def test_the_database_refuses_a_second_version_that_replaces_nothing():
    grant, first = sent_grant()
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantLetter.objects.create(
            grant=grant,
            version=2,
            pdf=first.pdf.name,
            sha256=first.sha256,
            signed_by=first.signed_by,
            sent_at=first.sent_at,
            acceptance_deadline=first.acceptance_deadline,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantLetter.objects.create(
            grant=grant,
            version=1,
            pdf=first.pdf.name,
            sha256=first.sha256,
            signed_by=first.signed_by,
            sent_at=first.sent_at,
            acceptance_deadline=first.acceptance_deadline,
        )


def test_only_a_budget_holder_signs():
    grant = development_grant()
    with pytest.raises(PermissionDenied):
        grant_letter_send(grant=grant, actor=officer())
    grant.refresh_from_db()
    assert grant.status == "decided"


@pytest.mark.parametrize(
    ("utc_moment", "deadline"),
    [
        # 23:30 UTC on 29 Feb 2024 is already 1 March in Oslo (UTC+1).
        (dt.datetime(2024, 2, 29, 23, 30, tzinfo=dt.UTC), dt.date(2024, 3, 15)),
        (dt.datetime(2024, 2, 29, 22, 30, tzinfo=dt.UTC), dt.date(2024, 3, 14)),
        # Summer time: 22:30 UTC on 30 June is 00:30 on 1 July in Oslo (UTC+2).
        (dt.datetime(2024, 6, 30, 22, 30, tzinfo=dt.UTC), dt.date(2024, 7, 15)),
        # Across a year end.
        (dt.datetime(2024, 12, 20, 12, 0, tzinfo=dt.UTC), dt.date(2025, 1, 3)),
    ],
)
def test_deadline_is_the_oslo_sent_date_plus_the_acceptance_period(utc_moment, deadline):
    grant = development_grant()
    with time_machine.travel(utc_moment, tick=False):
        letter = grant_letter_send(grant=grant, actor=signer())
    assert letter.acceptance_deadline == deadline


def test_deadline_follows_the_calls_acceptance_period():
    grant = development_grant()
    grant.call.acceptance_period_days = 21
    grant.call.save(update_fields=["acceptance_period_days"])
    with time_machine.travel(dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC), tick=False):
        letter = grant_letter_send(grant=grant, actor=signer())
    assert letter.acceptance_deadline == dt.date(2024, 3, 25)


def test_the_organisations_users_get_a_link_once_the_letter_is_committed(
    django_capture_on_commit_callbacks, mailoutbox
):
    org = municipality()
    caseworker = member(org, email="saksbehandler@bergen.example.no")
    approver = member(org, Membership.Role.APPROVER, email="direktor@bergen.example.no")
    member(municipality("0301"), Membership.Role.APPROVER, email="oslo@example.no")
    grant = development_grant(org)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        grant_letter_send(grant=grant, actor=signer())
        assert mailoutbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    recipients = sorted(address for message in mailoutbox for address in message.to)
    # The application's creator (a caseworker made by the factory) is a member too.
    assert caseworker.email in recipients and approver.email in recipients
    assert "oslo@example.no" not in recipients
    assert all(len(message.to) == 1 for message in mailoutbox)
    body = mailoutbox[0].body
    assert f"https://tilskudd.example.no/tilskudd/{grant.pk}/" in body
    assert grant.case_number in mailoutbox[0].subject
    assert not mailoutbox[0].attachments  # the letter is read in the portal
