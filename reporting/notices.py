"""Notices when a report changes hands (issue 15 item 5): submitted (a receipt to the
organisation's users) and approved (to the same). A returned report has its own notice
(reporting.services.report_returned_notify_send). Keyed by the case event of the hand-off, so
each exists once per recipient per event however often it runs; links from PORTAL_BASE_URL."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from core.models import CaseEvent, Notification
from core.notifications import notification_send


def _organisation_users(organisation):
    return [m.user for m in organisation.memberships.select_related("user").order_by("user__email")]


def _notify(*, obligation_id, event_id, kind, subject, template):
    from reporting.models import ReportObligation

    obligation = ReportObligation.objects.select_related("grant__organisation").get(pk=obligation_id)
    event = CaseEvent.objects.select_related("actor").get(pk=event_id)
    case_number = obligation.grant.case_number
    url = settings.PORTAL_BASE_URL.rstrip("/") + reverse("reporting:report", args=[obligation.pk])
    return len(
        notification_send(
            kind=kind,
            key=f"handoff:{event.pk}",
            case_number=case_number,
            users=_organisation_users(obligation.grant.organisation),
            written_standard=obligation.grant.organisation.written_standard,
            subject=lambda: subject() % {"kind": obligation.get_kind_display().lower(), "case": case_number},
            template=template,
            context={"obligation": obligation, "grant": obligation.grant, "comment": event.message, "url": url},
        )
    )


def report_submitted_notify(*, obligation_id: int, event_id: int) -> int:
    return _notify(
        obligation_id=obligation_id,
        event_id=event_id,
        kind=Notification.Kind.REPORT_SUBMITTED,
        subject=lambda: _("Kvittering: %(kind)s for %(case)s er sendt inn"),
        template="casework/email/report_submitted.txt",
    )


def report_approved_notify(*, obligation_id: int, event_id: int) -> int:
    return _notify(
        obligation_id=obligation_id,
        event_id=event_id,
        kind=Notification.Kind.REPORT_APPROVED,
        subject=lambda: _("IMDi har godkjent %(kind)s for %(case)s"),
        template="casework/email/report_approved.txt",
    )
