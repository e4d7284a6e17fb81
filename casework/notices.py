"""The notice that a message was received: to the other side of the thread, never for an
internal note. From IMDi: every user of the organisation. From the organisation: the IMDi users
who have written in the thread, or (in a new thread) the officers. Keyed by the message, so it
exists once per recipient however often it runs; the link is built from PORTAL_BASE_URL."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from casework.models import Message
from core.models import Notification, User
from core.notifications import notification_send
from organisations.roles import OFFICER


def _recipients(message):
    thread = message.thread
    if message.from_imdi:
        return [m.user for m in thread.organisation.memberships.select_related("user").order_by("user__email")]
    writers = User.objects.filter(pk__in=Message.objects.filter(thread=thread, from_imdi=True).values("author_id"))
    if not writers.exists():
        writers = User.objects.filter(groups__name=OFFICER)
    return list(writers.exclude(pk=message.author_id).distinct().order_by("email"))


def message_notice_send(*, message_id: int) -> int:
    message = Message.objects.select_related("thread__organisation", "author").get(pk=message_id)
    if message.internal:
        return 0
    thread = message.thread
    path = reverse("casework:thread", args=[thread.pk])
    return len(
        notification_send(
            kind=Notification.Kind.MESSAGE_RECEIVED,
            key=f"message:{message.pk}",
            case_number=thread.case_number,
            users=[u for u in _recipients(message) if u.pk != message.author_id],
            written_standard=thread.organisation.written_standard if message.from_imdi else "",
            subject=lambda: (
                _("Ny melding i sak %(case)s: %(subject)s") % {"case": thread.case_number, "subject": thread.subject}
            ),
            template="casework/email/message_received.txt",
            context={"thread": thread, "url": settings.PORTAL_BASE_URL.rstrip("/") + path},
        )
    )


# --- requests about an awarded grant (casework.services_grant_requests) -----------------------


def grant_request_received_notify(*, request_id: int) -> int:
    """To IMDi's officers: a municipality asks for a change or a later deadline."""
    from casework.models import GrantRequest

    request = GrantRequest.objects.select_related("organisation").get(pk=request_id)
    officers = User.objects.filter(groups__name=OFFICER, is_active=True).distinct().order_by("email")
    path = reverse("casework:grant_request", args=[request.pk])
    return len(
        notification_send(
            kind=Notification.Kind.GRANT_REQUEST_RECEIVED,
            key=f"grant-request:{request.pk}",
            case_number=request.case_number,
            users=list(officers),
            subject=lambda: (
                _("%(org)s ber om endring i sak %(case)s: %(kind)s")
                % {"org": request.organisation.name, "case": request.case_number, "kind": request.get_kind_display()}
            ),
            template="casework/email/grant_request_received.txt",
            context={"request": request, "url": settings.PORTAL_BASE_URL.rstrip("/") + path},
        )
    )


def grant_request_decided_notify(*, request_id: int) -> int:
    """To every user of the organisation: IMDi's decision, with the letter attached."""
    from casework.models import GrantRequest

    request = GrantRequest.objects.select_related("organisation").get(pk=request_id)
    members = [m.user for m in request.organisation.memberships.select_related("user").order_by("user__email")]
    path = reverse("casework:grant_request", args=[request.pk])
    attachments = []
    if request.letter_pdf:
        name = f"brev-{request.case_number.replace('/', '-')}-{request.pk}.pdf"
        attachments.append((name, request.letter_pdf.name, "application/pdf"))
    return len(
        notification_send(
            kind=Notification.Kind.CHANGE_REQUEST_DECIDED,
            key=f"grant-request-decided:{request.pk}",
            case_number=request.case_number,
            users=members,
            written_standard=request.organisation.written_standard,
            subject=lambda: (
                _("IMDi har svart på ønsket om endring i sak %(case)s: %(kind)s")
                % {"case": request.case_number, "kind": request.get_kind_display()}
            ),
            template="casework/email/grant_request_decided.txt",
            context={"request": request, "url": settings.PORTAL_BASE_URL.rstrip("/") + path},
            attachments=attachments,
        )
    )
