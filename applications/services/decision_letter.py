"""Decision letters (rejection and dismissal): rendered once after approval (off the request
path, core.documents), then e-mailed through core.notifications, one message per recipient."""

from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Decision
from core.calendar import OSLO, today_oslo
from core.documents import document_render_enqueue
from core.pdf import pdf_render
from core.services import case_event_record

DECISION_LETTER = "applications.decision_letter"  # core.documents kind


def decision_letter_create(*, decision: Decision) -> None:
    """The rejection or dismissal letter is rendered and stored with the decision once the
    approval commits (core.documents, off the request path); then it is e-mailed."""
    document_render_enqueue(kind=DECISION_LETTER, obj=decision)


def decision_letter_render(decision: Decision) -> tuple[str, bytes]:
    """The letter as PDF/A, dated the day the decision was approved (Europe/Oslo)."""
    decision = Decision.objects.select_related("application__organisation", "application__call__scheme").get(
        pk=decision.pk
    )
    application = decision.application
    pdf = pdf_render(
        "applications/decision_letter.pdf.html",
        {
            "decision": decision,
            "application": application,
            "call": application.call,
            "organisation": application.organisation,
            "today": decision.approved_at.astimezone(OSLO).date() if decision.approved_at else today_oslo(),
        },
        language=application.organisation.written_standard or "nb",
    )
    return f"vedtak-{(application.case_number or str(application.pk)).replace('/', '-')}-{decision.pk}.pdf", pdf


def decision_letter_stored(*, obj: Decision, digest: str) -> None:
    """Once stored, the letter goes out by e-mail (mail queue) after this transaction commits."""
    from applications.tasks import decision_letter_send

    pk = obj.pk
    transaction.on_commit(lambda: decision_letter_send.delay(pk))


def decision_letters_pending(queryset):
    """Approved rejections and dismissals: each has a letter."""
    return queryset.filter(status=Decision.Status.APPROVED).exclude(outcome=Decision.Outcome.AWARD)


def decision_letter_recipients(decision: Decision) -> tuple[list, list[str]]:
    """Who gets the decision letter: the organisation's active users, and its own address and
    the application's contact address (core.notifications drops duplicates and inactive users)."""
    application = decision.application
    users = [m.user for m in application.organisation.memberships.select_related("user").order_by("user__email")]
    addresses = [address for address in (application.organisation.email, application.contact_email) if address]
    return users, addresses


def decision_letter_email(*, decision_id: int) -> int:
    """Send the stored letter to the organisation, one message per recipient, with the PDF;
    returns the number of notifications."""
    from core.models import Notification
    from core.notifications import notification_send

    decision = Decision.objects.select_related("application__organisation", "application__call").get(pk=decision_id)
    users, addresses = decision_letter_recipients(decision)
    if not decision.letter_pdf:
        return 0
    application = decision.application
    notifications = notification_send(
        kind=Notification.Kind.DECISION_LETTER,
        key=f"decision_letter:decision:{decision.pk}",
        case_number=application.case_number or "",
        users=users,
        addresses=addresses,
        subject=lambda: (
            _("Vedtak om tilskudd: %(title)s (%(case)s)")
            % {"title": application.title, "case": application.case_number or ""}
        ),
        template="applications/email/decision_letter.txt",
        context={"application": application, "decision": decision},
        attachments=[
            (
                f"vedtak-{(application.case_number or '').replace('/', '-')}.pdf",
                decision.letter_pdf.name,
                "application/pdf",
            )
        ],
    )
    if not notifications:
        return 0
    case_event_record(
        subject=application,
        action="decision_letter_sent",
        data={"decision": decision.pk, "to": [n.address for n in notifications]},
    )
    return len(notifications)
