"""Notices for the steps of a join request: received (to the organisation's user administrators,
or to IMDi's officers while the organisation has none), approved and refused (to the person who
asked). Keyed by the request and step, so each exists once per recipient; sent after the
service's transaction commits, links built from PORTAL_BASE_URL."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Notification, User
from core.notifications import notification_send
from organisations import roles
from organisations.models import JoinRequest, Membership

STEPS = {
    "requested": (
        Notification.Kind.JOIN_REQUESTED,
        "organisations/email/join_requested.txt",
        _("Forespørsel om tilgang til %(org)s"),
    ),
    "approved": (
        Notification.Kind.JOIN_APPROVED,
        "organisations/email/join_approved.txt",
        _("Du har fått tilgang til %(org)s"),
    ),
    "refused": (
        Notification.Kind.JOIN_REFUSED,
        "organisations/email/join_refused.txt",
        _("Forespørselen om tilgang til %(org)s er avslått"),
    ),
}


def _deciders(join_request) -> list:
    admins = User.objects.filter(
        memberships__organisation_id=join_request.organisation_id,
        memberships__active=True,
        memberships__is_admin=True,
    )
    if not admins.exists():
        admins = User.objects.filter(groups__name=roles.OFFICER)
    return list(admins.distinct().order_by("email"))


def join_request_notice_send(*, join_request_id: int, step: str) -> int:
    join_request = JoinRequest.objects.select_related("user", "organisation").get(pk=join_request_id)
    kind, template, subject_text = STEPS[step]
    organisation = join_request.organisation
    base = settings.PORTAL_BASE_URL.rstrip("/")
    if step == "requested":
        users = [u for u in _deciders(join_request) if u.pk != join_request.user_id]
        url, standard = base + reverse("organisations:users"), ""
    else:
        users = [join_request.user]
        url, standard = base + reverse("start"), organisation.written_standard
    admin = Membership.objects.filter(
        user_id=join_request.user_id, organisation=organisation, active=True, is_admin=True
    ).exists()
    return len(
        notification_send(
            kind=kind,
            key=f"join:{join_request.pk}:{step}",
            users=users,
            written_standard=standard,
            subject=lambda: str(subject_text) % {"org": organisation},
            template=template,
            context={"join_request": join_request, "url": url, "admin": admin},
        )
    )
