"""Notices of a reaction's due process, each through core.notifications.notification_send:
the advance notice and the decision to the municipality; its reply and its appeal to the
officer who handles the reaction. Keyed by the reaction (and the reply or appeal), so each
is queued once per recipient however often it runs. Called after the commit."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from core.models import Notification
from core.notifications import notification_send
from payments.models import Reaction, ReactionAppeal, ReactionReply


def _reaction(reaction_id):
    return Reaction.objects.select_related("grant__organisation", "grant__call", "decided_by", "changed_by").get(
        pk=reaction_id
    )


def _url(name, *args):
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse(name, args=args)


def _municipality(reaction):
    organisation = reaction.grant.organisation
    users = [m.user for m in organisation.memberships.select_related("user").order_by("user__email")]
    return {
        "users": users,
        "addresses": [organisation.email] if organisation.email else [],
        "written_standard": organisation.written_standard,
    }


def _handlers(reaction):
    users = [u for u in (reaction.decided_by, reaction.changed_by) if u is not None]
    return {"users": list({u.pk: u for u in users}.values())}


def _send(*, reaction, kind, key, subject, template, recipients, context=None, attachments=()):
    case = reaction.grant.case_number
    return len(
        notification_send(
            kind=kind,
            key=key,
            case_number=case,
            subject=lambda: subject() % {"kind": reaction.get_kind_display().lower(), "case": case},
            template=template,
            context={"reaction": reaction, "grant": reaction.grant, **(context or {})},
            attachments=attachments,
            **recipients,
        )
    )


def reaction_notice_notify(*, reaction_id: int) -> int:
    reaction = _reaction(reaction_id)
    return _send(
        reaction=reaction,
        kind=Notification.Kind.REACTION_NOTICE,
        key=f"reaction_notice:{reaction.pk}",
        subject=lambda: _("Forhåndsvarsel om %(kind)s i sak %(case)s"),
        template="payments/email/reaction_notice.txt",
        recipients=_municipality(reaction),
        context={"url": _url("grants:detail", reaction.grant_id)},
    )


def reaction_reply_notify(*, reply_id: int) -> int:
    reply = ReactionReply.objects.get(pk=reply_id)
    reaction = _reaction(reply.reaction_id)
    return _send(
        reaction=reaction,
        kind=Notification.Kind.REACTION_REPLY,
        key=f"reaction_reply:{reply.pk}",
        subject=lambda: _("Merknader til forhåndsvarsel om %(kind)s i sak %(case)s"),
        template="payments/email/reaction_reply.txt",
        recipients=_handlers(reaction),
        context={"reply": reply, "url": _url("payments:grant", reaction.grant_id)},
    )


def reaction_decision_notify(*, reaction_id: int) -> int:
    reaction = _reaction(reaction_id)
    if not reaction.decision_pdf:
        return 0
    return _send(
        reaction=reaction,
        kind=Notification.Kind.REACTION_DECISION,
        key=f"reaction_decision:{reaction.pk}",
        subject=lambda: _("Vedtak om %(kind)s i sak %(case)s"),
        template="payments/email/reaction_decision.txt",
        recipients=_municipality(reaction),
        context={"url": _url("grants:detail", reaction.grant_id)},
        attachments=[(f"vedtak-reaksjon-{reaction.pk}.pdf", reaction.decision_pdf.name, "application/pdf")],
    )


def reaction_appeal_notify(*, appeal_id: int, forwarded: bool = False) -> int:
    """A new appeal goes to the officers handling the reaction; a forwarded one is told to
    the municipality."""
    appeal = ReactionAppeal.objects.get(pk=appeal_id)
    reaction = _reaction(appeal.reaction_id)
    if forwarded:
        return _send(
            reaction=reaction,
            kind=Notification.Kind.REACTION_APPEAL,
            key=f"reaction_appeal_forwarded:{appeal.pk}",
            subject=lambda: _("Klagen på vedtak om %(kind)s i sak %(case)s er oversendt klageinstansen"),
            template="payments/email/reaction_appeal_forwarded.txt",
            recipients=_municipality(reaction),
            context={"appeal": appeal, "url": _url("grants:detail", reaction.grant_id)},
        )
    return _send(
        reaction=reaction,
        kind=Notification.Kind.REACTION_APPEAL,
        key=f"reaction_appeal:{appeal.pk}",
        subject=lambda: _("Klage på vedtak om %(kind)s i sak %(case)s"),
        template="payments/email/reaction_appeal.txt",
        recipients=_handlers(reaction),
        context={"appeal": appeal, "url": _url("payments:grant", reaction.grant_id)},
    )
