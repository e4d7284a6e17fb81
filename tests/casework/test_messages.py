"""Messages on a case (issue 15 item 1): a thread on an application, grant or report, seen by the
organisation's users and IMDi only; internal notes that the municipality never sees; attachments
checked by content; read status; a notice to the other side, once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.models import Message, MessageAttachment, Thread
from casework.notices import message_notice_send
from casework.rules import messages_visible_to, threads_visible_to
from casework.selectors import thread_list
from casework.services import message_post, thread_start
from core.models import Notification
from tests.applications.files import EXE_BYTES, PDF_BYTES, PLAIN_ZIP_BYTES
from tests.casework.helpers import world
from tests.factories import make_application, municipality
from tests.reporting.helpers import Kind, accepted_grant, obligation_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def w():
    return world()


def _start(w, **kw):
    a = w["a"]
    return thread_start(
        actor=a.caseworker,
        case=a.application,
        subject=kw.pop("subject", "Spørsmål om budsjett"),
        body=kw.pop("body", "Kan vi flytte midler mellom postene?"),
        **kw,
    )


ROLES = ["a.caseworker", "a.approver", "b.caseworker", "b.approver", "officer", "budget_holder", "finance"]


def _user(w, role):
    if "." in role:
        side, name = role.split(".")
        return getattr(w[side], name)
    return w[role]


@pytest.mark.parametrize("role", ROLES)
def test_thread_and_internal_note_visibility_for_every_role(client, w, role):
    thread = _start(w)
    message_post(actor=w["officer"], thread=thread, body="Ja, innenfor 10 prosent.")
    message_post(actor=w["officer"], thread=thread, body="Notat: sjekk med fagavdelingen.", internal=True)
    user = _user(w, role)
    own_side = role.startswith("a.")
    imdi = role in ("officer", "budget_holder", "finance")
    client.force_login(user)
    response = client.get(reverse("casework:thread", args=[thread.pk]))
    listing = client.get(reverse("casework:list")).content.decode()
    if not (own_side or imdi):
        assert response.status_code == 404
        assert "Spørsmål om budsjett" not in listing
        assert not threads_visible_to(user).exists()
        return
    assert response.status_code == 200
    page = response.content.decode()
    assert "Spørsmål om budsjett" in listing
    assert "Ja, innenfor 10 prosent." in page
    assert ("Notat: sjekk med fagavdelingen." in page) is imdi
    assert messages_visible_to(user, thread).filter(internal=True).exists() is imdi


def test_another_municipality_cannot_write_or_start(w):
    thread = _start(w)
    with pytest.raises(PermissionDenied):
        message_post(actor=w["b"].caseworker, thread=thread, body="Hei")
    with pytest.raises(PermissionDenied):
        thread_start(actor=w["b"].caseworker, case=w["a"].application, subject="X", body="Y")
    assert Message.objects.count() == 1


def test_municipality_cannot_write_internal_note(client, w):
    thread = _start(w)
    with pytest.raises(ValidationError) as exc:
        message_post(actor=w["a"].approver, thread=thread, body="Hemmelig", internal=True)
    assert "internal" in exc.value.message_dict
    client.force_login(w["a"].approver)
    page = client.get(reverse("casework:thread", args=[thread.pk])).content.decode()
    assert 'name="internal"' not in page
    # A forged field is ignored by the form: the message is an ordinary one.
    client.post(reverse("casework:thread", args=[thread.pk]), {"body": "Hei", "internal": "on"})
    assert not Message.objects.filter(internal=True).exists()


def test_draft_application_has_no_thread(w):
    draft = make_application(w["a"].org, created_by=w["a"].caseworker)
    with pytest.raises(ValidationError):
        thread_start(actor=w["a"].caseworker, case=draft, subject="Hei", body="Hei")
    # IMDi does not see the draft at all.
    with pytest.raises(PermissionDenied):
        thread_start(actor=w["officer"], case=draft, subject="Hei", body="Hei")
    assert not Thread.objects.exists()


@pytest.mark.parametrize(
    "name,data",
    [("rapport.pdf", EXE_BYTES), ("arkiv.docx", PLAIN_ZIP_BYTES), ("tom.pdf", b"")],
)
def test_hostile_attachment_on_reply_is_refused_and_nothing_saved(client, w, name, data):
    thread = _start(w)
    client.force_login(w["a"].caseworker)
    response = client.post(
        reverse("casework:thread", args=[thread.pk]),
        {"body": "Her er vedlegget", "attachment": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode() or "errorlist" in response.content.decode()
    assert Message.objects.count() == 1
    assert not MessageAttachment.objects.exists()


def test_attachment_checked_stored_and_served_to_the_sides_only(client, w):
    thread = _start(w, attachment=SimpleUploadedFile("../../budsjett.pdf", PDF_BYTES))
    attachment = MessageAttachment.objects.get()
    assert attachment.original_name == "budsjett.pdf"
    assert ".." not in attachment.file.name
    url = reverse("casework:attachment", args=[attachment.pk])
    for user, status in [(w["a"].approver, 200), (w["officer"], 200), (w["b"].caseworker, 404)]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status
        if status == 200:
            assert b"".join(response.streaming_content) == PDF_BYTES
    assert thread.messages.count() == 1


def test_internal_note_attachment_hidden_from_the_municipality(client, w):
    thread = _start(w)
    message_post(
        actor=w["officer"],
        thread=thread,
        body="Internt",
        internal=True,
        attachment=SimpleUploadedFile("notat.pdf", PDF_BYTES),
    )
    url = reverse("casework:attachment", args=[MessageAttachment.objects.get().pk])
    client.force_login(w["a"].caseworker)
    assert client.get(url).status_code == 404
    client.force_login(w["budget_holder"])
    assert client.get(url).status_code == 200


def test_read_status_per_user(client, w):
    thread = _start(w)
    message_post(actor=w["officer"], thread=thread, body="Svar")
    message_post(actor=w["officer"], thread=thread, body="Internt", internal=True)
    assert thread_list(w["a"].approver).get().unread == 2  # the question and the answer
    assert thread_list(w["a"].caseworker).get().unread == 1  # own question is read
    assert thread_list(w["budget_holder"]).get().unread == 3
    client.force_login(w["a"].approver)
    client.get(reverse("casework:thread", args=[thread.pk]))
    assert thread_list(w["a"].approver).get().unread == 0
    assert thread_list(w["a"].caseworker).get().unread == 1


def test_same_subject_on_same_case_continues_the_thread(w):
    first = _start(w)
    second = _start(w, body="En ting til")
    assert first.pk == second.pk
    assert first.messages.count() == 2


def test_threads_on_grant_and_report_obligation(w):
    grant = accepted_grant(w["a"].org)
    obligation = obligation_of(grant, Kind.STATUS)
    on_grant = thread_start(actor=w["a"].approver, case=grant, subject="Endring", body="Ny prosjektleder")
    on_report = thread_start(actor=w["officer"], case=obligation, subject="Rapport", body="Mangler tall")
    assert on_grant.case_number == on_report.case_number == grant.case_number
    assert set(threads_visible_to(w["a"].caseworker)) >= {on_grant, on_report}
    assert not threads_visible_to(w["b"].approver).filter(pk__in=[on_grant.pk, on_report.pk]).exists()


def test_notice_to_the_other_side_once_and_never_for_internal_notes(w, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        thread = _start(w)
    # The municipality's question goes to IMDi's officers (nobody at IMDi has written yet).
    to_officer = Notification.objects.filter(kind=Notification.Kind.MESSAGE_RECEIVED, user=w["officer"])
    assert to_officer.count() == 1
    assert not Notification.objects.filter(user=w["a"].caseworker).exists()
    with django_capture_on_commit_callbacks(execute=True):
        answer = message_post(actor=w["officer"], thread=thread, body="Svar")
    to_org = Notification.objects.filter(
        kind=Notification.Kind.MESSAGE_RECEIVED, key__startswith=f"message:{answer.pk}:"
    )
    assert {n.user for n in to_org} == {w["a"].caseworker, w["a"].approver}
    assert "Svar" not in to_org.first().body  # the content stays in the portal
    assert reverse("casework:thread", args=[thread.pk]) in to_org.first().body
    count = Notification.objects.count()
    message_notice_send(message_id=answer.pk)  # the task run twice
    assert Notification.objects.count() == count
    with django_capture_on_commit_callbacks(execute=True):
        message_post(actor=w["officer"], thread=thread, body="Internt", internal=True)
    assert Notification.objects.count() == count
    assert not Notification.objects.filter(user__in=[w["b"].caseworker, w["b"].approver]).exists()


def test_officer_admin_lists_threads_it_may_see(client, w):
    thread = _start(w)
    client.force_login(w["officer"])
    response = client.get(reverse("admin:casework_thread_change", args=[thread.pk]))
    assert response.status_code == 200
    assert "Kan vi flytte midler" in response.content.decode()
    client.force_login(w["finance"])
    assert client.get(reverse("admin:casework_thread_changelist")).status_code == 403
    assert municipality("4601").pk == thread.organisation_id


def test_officer_opens_a_thread_from_a_link_on_the_case(client, w):
    a = w["a"]
    client.force_login(w["officer"])
    url = reverse("casework:start") + f"?sak=application:{a.application.pk}"
    assert a.application.case_number in client.get(url).content.decode()
    response = client.post(
        url, {"case": f"application:{a.application.pk}", "subject": "Manglende tall", "body": "Send antall deltakere."}
    )
    thread = Thread.objects.get()
    assert response.status_code == 302 and thread.application == a.application
    # Another municipality cannot reach A's case by naming it.
    client.force_login(w["b"].approver)
    response = client.post(
        reverse("casework:start"), {"case": f"application:{a.application.pk}", "subject": "Hei", "body": "Hei"}
    )
    assert response.status_code == 400
    assert Thread.objects.count() == 1
