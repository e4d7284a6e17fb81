"""Notices at the application and decision hand-offs (issue 15 item 5): the one who has the case
now is told, through core.notifications.notification_send. Each notice is keyed by the case
event of the hand-off, so a notice exists once per recipient per event however often it runs.

Links are built from settings.PORTAL_BASE_URL (the portal's public address, documented in the
settings), since a notice is written by a task that has no request."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext as _

from core.models import CaseEvent, Notification
from core.notifications import notification_send


def portal_url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def case_event_latest(subject, action):
    """The newest case event `action` of `subject` (the hand-off being announced)."""
    return (
        CaseEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
            object_id=subject.pk,
            action=action,
        )
        .order_by("-pk")
        .first()
    )


def _members(organisation, role=None):
    qs = organisation.memberships.select_related("user").order_by("user__email")
    if role:
        qs = qs.filter(role=role)
    return [m.user for m in qs]


def application_sent_for_approval_notify(*, application_id: int, event_id: int) -> int:
    """To the organisation's approvers: an application waits for their approval."""
    from applications.models import Application
    from organisations.models import Membership

    application = Application.objects.select_related("organisation", "call").get(pk=application_id)
    event = CaseEvent.objects.select_related("actor").get(pk=event_id)
    approvers = [u for u in _members(application.organisation, Membership.Role.APPROVER) if u != event.actor]
    return len(
        notification_send(
            kind=Notification.Kind.SENT_FOR_APPROVAL,
            key=f"handoff:{event.pk}",
            users=approvers,
            written_standard=application.organisation.written_standard,
            subject=lambda: _("Søknad til godkjenning: %(title)s") % {"title": application.title or application.call},
            template="casework/email/sent_for_approval.txt",
            context={
                "application": application,
                "actor": event.actor,
                "url": portal_url(reverse("applications:detail", args=[application.pk])),
            },
        )
    )


def application_sent_back_notify(*, application_id: int, event_id: int) -> int:
    """To the caseworker who sent it for approval (else its creator), with the comment."""
    from applications.models import Application

    application = Application.objects.select_related("organisation", "created_by").get(pk=application_id)
    event = CaseEvent.objects.select_related("actor").get(pk=event_id)
    sender = (
        CaseEvent.objects.filter(
            content_type=event.content_type, object_id=application.pk, action="sent_for_approval", pk__lt=event.pk
        )
        .select_related("actor")
        .order_by("-pk")
        .first()
    )
    recipient = sender.actor if sender and sender.actor else application.created_by
    return len(
        notification_send(
            kind=Notification.Kind.SENT_BACK,
            key=f"handoff:{event.pk}",
            users=[recipient],
            written_standard=application.organisation.written_standard,
            subject=lambda: (
                _("Søknaden er sendt tilbake til deg: %(title)s") % {"title": application.title or application.call}
            ),
            template="casework/email/sent_back.txt",
            context={
                "application": application,
                "comment": event.message,
                "actor": event.actor,
                "url": portal_url(reverse("applications:detail", args=[application.pk])),
            },
        )
    )


def decision_returned_notify(*, decision_id: int, event_id: int) -> int:
    """To the officer who proposed the decision, with the budget holder's comment."""
    from applications.models import Decision

    decision = Decision.objects.select_related("application", "proposed_by").get(pk=decision_id)
    event = CaseEvent.objects.select_related("actor").get(pk=event_id)
    case_number = decision.application.case_number or ""
    return len(
        notification_send(
            kind=Notification.Kind.DECISION_RETURNED,
            key=f"handoff:{event.pk}",
            case_number=case_number,
            users=[decision.proposed_by] if decision.proposed_by else [],
            subject=lambda: _("Vedtaksforslaget i sak %(case)s er returnert") % {"case": case_number},
            template="casework/email/decision_returned.txt",
            context={
                "decision": decision,
                "comment": event.message,
                "actor": event.actor,
                "url": portal_url(reverse("admin:applications_decision_change", args=[decision.pk])),
            },
        )
    )


def decision_resubmitted_notify(*, decision_id: int, event_id: int) -> int:
    """To the budget holder who returned the proposal: the officer has revised it and sent it
    again. The budget holder is the actor of the newest return of this decision before it."""
    from applications.models import Decision

    decision = Decision.objects.select_related("application").get(pk=decision_id)
    event = CaseEvent.objects.select_related("actor").get(pk=event_id)
    returned = (
        CaseEvent.objects.filter(
            content_type=event.content_type,
            object_id=event.object_id,
            action="decision_returned",
            data__decision=decision.pk,
            pk__lt=event.pk,
        )
        .select_related("actor")
        .order_by("-pk")
        .first()
    )
    holder = returned.actor if returned and returned.actor else None
    case_number = decision.application.case_number or ""
    return len(
        notification_send(
            kind=Notification.Kind.DECISION_RESUBMITTED,
            key=f"handoff:{event.pk}",
            case_number=case_number,
            users=[holder] if holder and holder != event.actor else [],
            subject=lambda: _("Vedtaksforslaget i sak %(case)s er endret og sendt på nytt") % {"case": case_number},
            template="casework/email/decision_resubmitted.txt",
            context={
                "decision": decision,
                "comment": returned.message if returned else "",
                "actor": event.actor,
                "url": portal_url(reverse("admin:applications_decision_change", args=[decision.pk])),
            },
        )
    )


# --- requests for more information (applications.services.information) -----------------------


def _open_request(application):
    return application.information_requests.select_related("requested_by", "answered_by").order_by("-pk").first()


def _information_url(application) -> str:
    return portal_url(reverse("applications:information", args=[application.pk]))


def information_requested_notify(*, application_id: int, event_id: int) -> int:
    """To every user of the applicant: IMDi asks for more information, by a deadline."""
    from applications.models import Application

    application = Application.objects.select_related("organisation").get(pk=application_id)
    request = _open_request(application)
    return len(
        notification_send(
            kind=Notification.Kind.INFO_REQUESTED,
            key=f"handoff:{event_id}",
            case_number=application.case_number or "",
            users=_members(application.organisation),
            written_standard=application.organisation.written_standard,
            subject=lambda: _("IMDi ber om mer informasjon i sak %(case)s") % {"case": application.case_number},
            template="applications/email/information_requested.txt",
            context={"application": application, "request": request, "url": _information_url(application)},
        )
    )


def information_answered_notify(*, application_id: int, event_id: int) -> int:
    """To the applicant's approvers: an answer to IMDi waits for their approval."""
    from applications.models import Application
    from organisations.models import Membership

    application = Application.objects.select_related("organisation").get(pk=application_id)
    event = CaseEvent.objects.select_related("actor").get(pk=event_id)
    approvers = [u for u in _members(application.organisation, Membership.Role.APPROVER) if u != event.actor]
    return len(
        notification_send(
            kind=Notification.Kind.INFO_ANSWERED,
            key=f"handoff:{event.pk}",
            case_number=application.case_number or "",
            users=approvers,
            written_standard=application.organisation.written_standard,
            subject=lambda: _("Svar til IMDi til godkjenning i sak %(case)s") % {"case": application.case_number},
            template="applications/email/information_answered.txt",
            context={"application": application, "actor": event.actor, "url": _information_url(application)},
        )
    )


def information_answer_returned_notify(*, application_id: int, event_id: int) -> int:
    """To the caseworker who answered: the approver sends the answer back, with the comment."""
    from applications.models import Application

    application = Application.objects.select_related("organisation").get(pk=application_id)
    event = CaseEvent.objects.select_related("actor").get(pk=event_id)
    request = _open_request(application)
    recipient = request.answered_by if request and request.answered_by else None
    return len(
        notification_send(
            kind=Notification.Kind.SENT_BACK,
            key=f"handoff:{event.pk}",
            case_number=application.case_number or "",
            users=[recipient] if recipient else [],
            written_standard=application.organisation.written_standard,
            subject=lambda: (
                _("Svaret til IMDi er sendt tilbake til deg (sak %(case)s)") % {"case": application.case_number}
            ),
            template="applications/email/information_answer_returned.txt",
            context={"application": application, "comment": event.message, "url": _information_url(application)},
        )
    )


def information_resubmitted_notify(*, application_id: int, event_id: int) -> int:
    """To the officer who asked: the application is back in assessment, with what changed."""
    from applications.models import Application

    application = Application.objects.select_related("organisation").get(pk=application_id)
    request = application.information_requests.select_related("requested_by").order_by("-pk").first()
    return len(
        notification_send(
            kind=Notification.Kind.INFO_RESUBMITTED,
            key=f"handoff:{event_id}",
            case_number=application.case_number or "",
            users=[request.requested_by] if request else [],
            subject=lambda: (
                _("Sak %(case)s er sendt inn på nytt med mer informasjon") % {"case": application.case_number}
            ),
            template="applications/email/information_resubmitted.txt",
            context={
                "application": application,
                "request": request,
                "url": portal_url(reverse("admin:applications_application_information", args=[application.pk])),
            },
        )
    )


def information_reminder_notify(*, request, deliver: bool = True) -> list:
    """To every user of the applicant: the reply deadline is near. Keyed by the request, so it
    exists once per recipient however often the sweep runs."""
    application = request.application
    return notification_send(
        kind=Notification.Kind.INFO_REMINDER,
        key=f"info-reminder:{request.pk}",
        case_number=application.case_number or "",
        users=_members(application.organisation),
        written_standard=application.organisation.written_standard,
        subject=lambda: _("Påminnelse: IMDi venter på svar i sak %(case)s") % {"case": application.case_number},
        template="applications/email/information_reminder.txt",
        context={"application": application, "request": request, "url": _information_url(application)},
        deliver=deliver,
    )


def dismissal_appeal_notify(*, appeal_id: int, step: str) -> int:
    """An appeal against a dismissal written in the portal: when received, to the officers who
    proposed the dismissal or are assigned to the application; when forwarded to the appeal body
    or the dismissal reversed, to the organisation. Keyed by the appeal and the step, so each is
    sent once per recipient however often it runs."""
    from applications.models import Appeal

    appeal = Appeal.objects.select_related(
        "decision__application__organisation", "decision__application__call", "decision__proposed_by"
    ).get(pk=appeal_id)
    application = appeal.decision.application
    case_number = application.case_number or ""
    common = {
        "kind": Notification.Kind.DISMISSAL_APPEAL,
        "key": f"dismissal_appeal:{appeal.pk}:{step}",
        "case_number": case_number,
        "context": {"appeal": appeal, "application": application},
    }
    if step == "received":
        officers = {appeal.decision.proposed_by_id: appeal.decision.proposed_by}
        officers |= {a.officer_id: a.officer for a in application.assignments.select_related("officer")}
        officers.pop(None, None)
        common["context"]["url"] = portal_url(reverse("admin:applications_appeal_change", args=[appeal.pk]))
        return len(
            notification_send(
                users=list(officers.values()),
                subject=lambda: _("Klage på avvisning i sak %(case)s") % {"case": case_number},
                template="applications/email/dismissal_appeal_received.txt",
                **common,
            )
        )
    common["context"]["url"] = portal_url(reverse("decisions:detail", args=[appeal.decision_id]))
    subjects = {
        "forwarded": lambda: _("Klagen i sak %(case)s er oversendt klageinstansen") % {"case": case_number},
        "reversed": lambda: _("IMDi har omgjort avvisningen i sak %(case)s") % {"case": case_number},
    }
    return len(
        notification_send(
            users=_members(application.organisation),
            addresses=[application.organisation.email] if application.organisation.email else [],
            written_standard=application.organisation.written_standard,
            subject=subjects[step],
            template=f"applications/email/dismissal_appeal_{step}.txt",
            **common,
        )
    )


# --- reception-centre offers (applications.services.reception_offer) --------------------------


def reception_offer_notify(*, offer_id: int, event_id: int, step: str) -> int:
    """An offer sent: to the municipality's users and its address, with a link to the offer in
    the portal. An offer answered: to the officers who computed and sent it, with a link to it
    in the admin. Keyed by the case event of the step, so each is sent once per recipient."""
    from applications.models import ReceptionOffer

    offer = ReceptionOffer.objects.select_related("grant__organisation", "generated_by", "sent_by").get(pk=offer_id)
    organisation, case_number = offer.grant.organisation, offer.grant.case_number
    common = {
        "kind": Notification.Kind.RECEPTION_OFFER,
        "key": f"handoff:{event_id}",
        "case_number": case_number,
        "template": f"applications/email/reception_offer_{step}.txt",
    }
    if step == "sent":
        return len(
            notification_send(
                users=_members(organisation),
                addresses=[organisation.email] if organisation.email else [],
                written_standard=organisation.written_standard,
                subject=lambda: (
                    _("Tilbud fra IMDi om videreføring av integreringsmottak – sak %(case)s") % {"case": case_number}
                ),
                context={"offer": offer, "url": portal_url(reverse("decisions:reception_offer", args=[offer.pk]))},
                **common,
            )
        )
    officers = {user.pk: user for user in (offer.generated_by, offer.sent_by) if user is not None}
    return len(
        notification_send(
            users=list(officers.values()),
            subject=lambda: (
                _("%(org)s har svart på tilbudet om integreringsmottak – sak %(case)s")
                % {"org": organisation.name, "case": case_number}
            ),
            context={
                "offer": offer,
                "url": portal_url(reverse("admin:applications_receptionoffer_change", args=[offer.pk])),
            },
            **common,
        )
    )
