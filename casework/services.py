"""Every write on case messages: starting a thread, posting a message (with an optional checked
attachment), marking a thread read. Each posted message writes a case event and, unless it is an
internal note, sends a notice to the other side through core.notifications.notification_send."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.models import Message, MessageAttachment, MessageRead, Thread
from casework.rules import case_visible_to, may_write, may_write_internal, messages_visible_to, sees_internal_notes
from core.services import case_event_record, case_number_of
from core.uploads import attachment_check, attachment_download_name

BODY_MAX = 10000


def _case_fields(case) -> dict:
    from applications.models import Application, Grant

    if isinstance(case, Application):
        return {"application": case}
    if isinstance(case, Grant):
        return {"grant": case}
    return {"obligation": case}


def _organisation_id(case) -> int:
    return case.organisation_id if hasattr(case, "organisation_id") else case.grant.organisation_id


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Skriv en melding.")})
    if len(body) > BODY_MAX:
        raise ValidationError({"body": _("Meldingen er for lang (høyst %(max)s tegn).") % {"max": BODY_MAX}})
    return body


def _checked_attachment(uploaded_file):
    if not uploaded_file:
        return None
    try:
        return attachment_check(uploaded_file)
    except ValidationError as exc:
        raise ValidationError({"attachment": exc.messages}) from exc


@transaction.atomic
def thread_start(*, actor, case, subject: str, body: str, attachment=None, internal: bool = False) -> Thread:
    """Start a thread on an application, grant or report obligation (or post in the thread with
    the same case number and subject, if one exists)."""
    if not case_visible_to(actor, case) or not may_write(actor, case):
        raise PermissionDenied
    subject = " ".join((subject or "").split())
    errors = {}
    if not subject:
        errors["subject"] = _("Skriv et emne.")
    elif len(subject) > 200:
        errors["subject"] = _("Emnet er for langt (høyst 200 tegn).")
    case_number = case_number_of(case)
    if not case_number:
        errors["subject"] = _("Saken har ikke saksnummer ennå; meldinger kan sendes når den er sendt inn.")
    try:
        _clean_body(body)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    thread = Thread.objects.filter(case_number=case_number, subject=subject).first()
    if thread is None:
        try:
            with transaction.atomic():
                thread = Thread.objects.create(
                    organisation_id=_organisation_id(case),
                    case_number=case_number,
                    subject=subject,
                    created_by=actor,
                    **_case_fields(case),
                )
        except IntegrityError:
            thread = Thread.objects.get(case_number=case_number, subject=subject)
    message_post(actor=actor, thread=thread, body=body, attachment=attachment, internal=internal)
    return thread


@transaction.atomic
def message_post(*, actor, thread, body: str, attachment=None, internal: bool = False) -> Message:
    from casework.rules import threads_visible_to

    thread = threads_visible_to(actor).select_for_update(of=("self",)).filter(pk=thread.pk).first()
    if thread is None or not may_write(actor, thread):
        raise PermissionDenied
    from_imdi = not thread.organisation_id or thread.organisation_id not in _member_org_ids(actor)
    if internal and not (from_imdi and may_write_internal(actor)):
        raise ValidationError({"internal": _("Bare IMDi kan skrive interne notater.")})
    errors = {}
    try:
        body = _clean_body(body)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        checked = _checked_attachment(attachment)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    message = Message.objects.create(thread=thread, author=actor, body=body, internal=internal, from_imdi=from_imdi)
    if checked is not None:
        stored = MessageAttachment(
            message=message,
            original_name=attachment_download_name(attachment.name, checked.content_type),
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        attachment.seek(0)
        stored.file.save(checked.sha256, ContentFile(attachment.read()), save=False)
        stored.save()
    MessageRead.objects.create(message=message, user=actor)
    thread.last_message_at = message.created_at
    thread.save(update_fields=["last_message_at"])
    case_event_record(
        subject=thread.case,
        action="internal_note_written" if internal else "message_written",
        actor=actor,
        data={"thread": thread.pk, "message": message.pk, "subject": thread.subject},
    )
    if not internal:
        from casework.notices import message_notice_send

        message_id = message.pk
        transaction.on_commit(lambda: message_notice_send(message_id=message_id))
    return message


def _member_org_ids(user):
    from organisations.rules import organisation_ids_of

    return organisation_ids_of(user)


@transaction.atomic
def thread_mark_read(*, user, thread) -> int:
    """Mark every message of the thread the user may read as read by them; returns how many."""
    unread = messages_visible_to(user, thread).exclude(reads__user=user).values_list("pk", flat=True)
    rows = [MessageRead(message_id=pk, user=user, read_at=timezone.now()) for pk in unread]
    MessageRead.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def unread_count(user) -> int:
    return messages_visible_to(user).exclude(reads__user=user).count()


__all__ = ["thread_start", "message_post", "thread_mark_read", "unread_count", "sees_internal_notes"]
