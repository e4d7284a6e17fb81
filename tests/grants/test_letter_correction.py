"""A corrected grant letter is rendered off the request path (issue 17 item 4): the request saves
the new version with its facts and moves the deadline; the documents worker renders the PDF/A,
stores it with its SHA-256 and only then tells the organisation. Until the PDF is there the
letter cannot be answered or corrected again, and the pages say it is being made."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from applications.models import GrantLetter
from applications.services.grant import GRANT_LETTER_CORRECTION, grant_letter_correct
from core.documents import document_render_run, documents_unrendered
from core.models import CaseEvent
from organisations.models import Membership
from tests.factories import member, municipality
from tests.factories_jobs import documents_rendered
from tests.grants.helpers import pdf_text, sent_grant, signer

pytestmark = pytest.mark.django_db

NOTE = "Nytt særskilt vilkår om rapportering."


def _corrected(**kw):
    grant, first = sent_grant(**kw)
    letter = grant_letter_correct(grant=grant, actor=signer(username="retter"), correction_note=NOTE)
    grant.refresh_from_db()
    return grant, first, letter


def test_the_request_saves_the_version_and_moves_the_deadline_without_rendering():
    grant, first, letter = _corrected()
    letter.refresh_from_db()
    assert (letter.version, letter.replaces_id, letter.correction_note) == (2, first.pk, NOTE)
    assert not letter.pdf and letter.sha256 == ""
    assert grant.acceptance_deadline == letter.acceptance_deadline
    event = CaseEvent.objects.get(action="grant_letter_corrected", object_id=grant.pk)
    assert event.data["version"] == 2 and event.data["new_deadline"] == letter.acceptance_deadline.isoformat()
    assert documents_unrendered() == [(GRANT_LETTER_CORRECTION, letter.pk)]


def test_the_worker_stores_the_pdf_once_with_its_hash():
    grant, first, letter = _corrected()
    assert document_render_run(kind=GRANT_LETTER_CORRECTION, pk=letter.pk) == "stored"
    letter.refresh_from_db()
    with letter.pdf.open("rb") as handle:
        data = handle.read()
    assert hashlib.sha256(data).hexdigest() == letter.sha256
    text = pdf_text(data)
    assert "Rettet tilskuddsbrev" in text and NOTE in text
    assert f"{letter.acceptance_deadline:%d.%m.%Y}" in text
    # A second run (a redelivered message) keeps the first file.
    assert document_render_run(kind=GRANT_LETTER_CORRECTION, pk=letter.pk) == "done"
    assert GrantLetter.objects.get(pk=letter.pk).pdf.name == letter.pdf.name
    assert documents_unrendered() == []


def test_the_organisation_hears_only_once_the_pdf_is_stored(django_capture_on_commit_callbacks, mailoutbox):
    org = municipality()
    approver = member(org, Membership.Role.APPROVER, email="direktor@bergen.example.no")
    grant, first = sent_grant(org)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        letter = grant_letter_correct(grant=grant, actor=signer(username="retter"), correction_note=NOTE)
    assert mailoutbox == []
    # The commit enqueues only the render; the render's commit enqueues the e-mail.
    assert len(queued) == 1
    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()
    letter.refresh_from_db()
    assert letter.pdf
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert approver.email in subjects
    assert "Rettet tilskuddsbrev" in subjects[approver.email]


def test_no_answer_and_no_second_correction_while_the_pdf_is_made():
    grant, first, letter = _corrected()
    from applications.services.acceptance import grant_accept

    approver = member(grant.organisation, Membership.Role.APPROVER)
    with pytest.raises(ValidationError, match="lages nå"):
        grant_accept(grant=grant, actor=approver, details={})
    with pytest.raises(ValidationError, match="lages fortsatt"):
        grant_letter_correct(grant=grant, actor=signer(username="retter"), correction_note="Enda en rettelse.")
    assert grant.letters.count() == 2
    documents_rendered()
    third = grant_letter_correct(grant=grant, actor=signer(username="retter"), correction_note="Enda en rettelse.")
    assert (third.version, third.replaces_id) == (3, letter.pk)


def test_the_municipal_pages_say_the_letter_is_being_made(client):
    grant, first, letter = _corrected()
    approver = member(grant.organisation, Membership.Role.APPROVER)
    client.force_login(approver)
    page = client.get(reverse("grants:detail", args=[grant.pk])).content.decode()
    assert "Tilskuddsbrev versjon 2 lages nå" in page
    assert reverse("grants:letter", args=[grant.pk, 2]) not in page
    assert client.get(reverse("grants:letter", args=[grant.pk, 2])).status_code == 404
    acceptance = client.get(reverse("grants:acceptance", args=[grant.pk])).content.decode()
    assert "lages nå" in acceptance
    documents_rendered()
    page = client.get(reverse("grants:detail", args=[grant.pk])).content.decode()
    assert reverse("grants:letter", args=[grant.pk, 2]) in page
    assert client.get(reverse("grants:letter", args=[grant.pk, 2])).status_code == 200


def test_the_admin_correction_form(client):
    grant, first = sent_grant()
    client.force_login(signer(username="retter"))
    url = reverse("admin:applications_grant_correct", args=[grant.pk])
    for note, message in [("", "Skriv hva som er rettet."), ("   ", "Skriv hva som er rettet."), ("x" * 2001, "2000")]:
        response = client.post(url, {"correction_note": note})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert grant.letters.count() == 1
    response = client.post(url, {"correction_note": "<script>alert(1)</script> Nytt vilkår"})
    assert response.status_code == 302
    letter = grant.letters.get(version=2)
    assert letter.correction_note == "<script>alert(1)</script> Nytt vilkår"
    change = client.get(reverse("admin:applications_grant_change", args=[grant.pk])).content.decode()
    assert "Rettet brev (versjon 2) lages" in change
    assert "<script>alert(1)</script>" not in change
    assert url not in change  # no second correction offered while the first is made
    documents_rendered()
    change = client.get(reverse("admin:applications_grant_change", args=[grant.pk])).content.decode()
    assert "Rettet brev (versjon 2) lages" not in change and url in change


def test_the_database_refuses_a_first_letter_or_a_file_without_its_hash():
    grant, first, letter = _corrected()
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantLetter.objects.filter(pk=first.pk).update(pdf="", sha256="")
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantLetter.objects.filter(pk=letter.pk).update(pdf="private/letters/x.pdf")
