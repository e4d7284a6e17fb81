"""The one path every notice takes: one e-mail per active recipient, written in the
recipient's language, recorded as a Notification on the case and delivered by a Celery task
(core.tasks.notification_deliver) that retries and sends each notification once.

    notification_send(kind=..., key=..., users=..., addresses=..., case_number=...,
                      subject=lambda: _("...") % {...}, template="...", context={...})

`key` names the event (e.g. "receipt:application:12"); with the recipient's address it makes the
notification unique, so a task or sweep that runs twice queues and sends nothing new."""

import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.models import Notification

logger = logging.getLogger(__name__)


# The Norwegian written standards: a user who reads Norwegian gets a notice to an organisation in
# the organisation's standard (bokmål or nynorsk); one who chose English keeps English.
NORWEGIAN = ("nb", "nn")


def _language(chosen: str, written_standard: str) -> str:
    if written_standard in NORWEGIAN and chosen in NORWEGIAN:
        return written_standard
    return chosen


def _recipients(users, addresses, written_standard="") -> list[tuple[object, str, str]]:
    """(user or None, address, language) once per address, compared case-insensitively; users
    first (they carry a language), inactive users and empty addresses left out."""
    seen = set()
    rows = []
    for user in users:
        address = (user.email or "").strip()
        if not address or not user.is_active or address.lower() in seen:
            continue
        seen.add(address.lower())
        rows.append((user, address, _language(user.language or settings.LANGUAGE_CODE, written_standard)))
    for address in addresses:
        address = (address or "").strip()
        if not address or address.lower() in seen:
            continue
        seen.add(address.lower())
        rows.append((None, address, _language(settings.LANGUAGE_CODE, written_standard)))
    return rows


def _render(subject, template, context) -> tuple[str, str]:
    text = subject() if callable(subject) else str(subject)
    return " ".join(text.split())[:300], render_to_string(template, context)


def notification_send(
    *,
    kind: str,
    key: str,
    subject,
    template: str,
    context: dict,
    case_number: str = "",
    users=(),
    addresses=(),
    attachments=(),
    deliver: bool = True,
    written_standard: str = "",
) -> list[Notification]:
    """Queue one notification per recipient and (with `deliver`) hand each to the delivery task.

    `subject` is a string or a callable returning one, evaluated in each recipient's language;
    `attachments` are (filename, storage path, mimetype). Call it outside a transaction (a task),
    or pass deliver=False inside one and call notifications_enqueue after the commit.
    `written_standard` ("nb"/"nn") is the receiving organisation's: Norwegian readers get it."""
    files = [{"name": name, "path": path, "mimetype": mimetype} for name, path, mimetype in attachments]
    notifications = []
    with transaction.atomic():
        for user, address, language in _recipients(users, addresses, written_standard):
            unique = f"{key}:{address.lower()}"[:200]
            existing = Notification.objects.filter(key=unique).first()
            if existing is not None:
                notifications.append(existing)
                continue
            with translation.override(language):
                text, body = _render(subject, template, {**context, "recipient": user})
            notification, _created = Notification.objects.get_or_create(
                key=unique,
                defaults={
                    "kind": kind,
                    "case_number": case_number or "",
                    "user": user,
                    "address": address,
                    "language": language,
                    "subject": text,
                    "body": body,
                    "attachments": files,
                    "held": bool(user is not None and user.notice_delivery == user.NoticeDelivery.DAILY),
                },
            )
            notifications.append(notification)
    if deliver:
        notifications_enqueue(notifications)
    return notifications


def notifications_enqueue(notifications) -> None:
    """Hand queued notifications to the delivery task (after the rows are committed)."""
    from core.tasks import notification_deliver

    for notification in notifications:
        # A notice held for the recipient's daily digest goes out with the digest.
        if notification.status != Notification.Status.SENT and not notification.held:
            notification_deliver.delay(notification.pk)


def notifications_unhanded_enqueue(*, key_prefix: str, before) -> int:
    """Hand to the delivery task, again, a sweep's notices that a killed run wrote (and committed)
    but never handed over: queued, not held, never tried, written before `before` (this run's
    start). A notice handed over twice is still sent once (notification_deliver's row lock), so
    this is safe also for one that is merely waiting in the mail queue. Returns how many."""
    stranded = list(
        Notification.objects.filter(
            key__startswith=key_prefix,
            status=Notification.Status.QUEUED,
            held=False,
            attempts=0,
            created_at__lt=before,
        ).order_by("pk")
    )
    notifications_enqueue(stranded)
    return len(stranded)


def _message_send(notification: Notification) -> None:
    message = EmailMessage(
        subject=notification.subject,
        body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.address],
    )
    for item in notification.attachments:
        with default_storage.open(item["path"], "rb") as handle:
            message.attach(item["name"], handle.read(), item["mimetype"])
    message.send(fail_silently=False)


def notification_deliver(*, notification_id: int) -> str:
    """Send one notification unless it is already sent: the row lock makes a second task run
    (a redelivery, a retry racing the first) wait and then find it sent. Returns the outcome:
    "sent", "already_sent", "failed" or "missing"."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None:
            return "missing"
        if notification.status == Notification.Status.SENT:
            return "already_sent"
        notification.attempts += 1
        try:
            _message_send(notification)
        except Exception as exc:  # noqa: BLE001 - any transport error is recorded and retried
            logger.warning("Notification %s could not be sent: %r", notification_id, exc)
            notification.delivery_failed(repr(exc))
            return "failed"
        notification.delivery_succeeded(timezone.now())
    return "sent"


DIGEST_SWEEP = "core.tasks.notification_digest_sweep"


def _digest_send(user_id: int, today) -> Notification | None:
    """One user's digest of the day: created once (its key), carrying every held notice not yet
    sent, under their row locks. None when there is nothing to send or it was sent already."""
    from core.models import User

    user = User.objects.get(pk=user_id)
    key = f"digest:{user.pk}:{today.isoformat()}"
    with transaction.atomic():
        if Notification.objects.filter(key=key).exists():
            return None
        held = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(user=user, held=True, status=Notification.Status.QUEUED, digest__isnull=True)
            .order_by("created_at", "pk")
        )
        if not held or not user.is_active or not user.email:
            return None
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject = str(_("Daglig samlevarsel fra tilskuddsportalen: %(n)s varsler") % {"n": len(held)})
            body = render_to_string("core/email/digest.txt", {"notices": held, "recipient": user})
        digest = Notification.objects.create(
            key=key,
            kind=Notification.Kind.DIGEST,
            user=user,
            address=user.email,
            language=user.language or settings.LANGUAGE_CODE,
            subject=subject[:300],
            body=body,
            attachments=[item for notice in held for item in notice.attachments],
        )
        now = timezone.now()
        for notice in held:
            notice.digest_included(digest, now)
    return digest


def notification_digests_send() -> dict:
    """Daily: each user who chose the digest gets one e-mail with the day's held notices. A second
    run the same day sends nothing new (the digest's key is per user and day)."""
    from core.calendar import today_oslo
    from core.services import sweep_run_record

    with sweep_run_record(DIGEST_SWEEP) as run:
        today = today_oslo()
        user_ids = (
            Notification.objects.filter(held=True, status=Notification.Status.QUEUED, user__isnull=False)
            .values_list("user_id", flat=True)
            .distinct()
        )
        digests = 0
        for user_id in sorted(set(user_ids)):
            digest = _digest_send(user_id, today)
            if digest is not None:
                notifications_enqueue([digest])  # each at once: a run killed later loses none
                digests += 1
        # A digest written by a run killed before it was handed over goes out now (its key made
        # _digest_send skip it above).
        notifications_unhanded_enqueue(key_prefix="digest:", before=run.started_at)
        run.summary = {"date": today.isoformat(), "digests": digests}
    return run.summary
