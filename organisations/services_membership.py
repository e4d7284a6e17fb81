"""Organisations manage their own users: a person asks to join (by organisation number, looked
up in Enhetsregisteret), IMDi approves an organisation's first user, who becomes its user
administrator, and that admin approves or refuses later users, sets their roles (approver only
with a stated delegation) and deactivates them. Every step is a case event."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import case_event_record
from core.transitions import transition_apply
from organisations import rules as org_rules
from organisations.enhetsregisteret import EnhetsregisteretUnavailable, entity_lookup
from organisations.models import JoinRequest, Membership, Organisation

MUNICIPALITY_FORM = "KOMM"
COUNTY_MUNICIPALITY_FORM = "FYLK"


def _organisation_for(entity) -> Organisation | None:
    """The portal's organisation for a register entity: by organisation number, else a
    municipality (KOMM) by its municipality number or a county municipality (FYLK) by county."""
    org = Organisation.objects.filter(org_number=entity.org_number).first()
    if org is not None:
        return org
    number = entity.municipality_number
    if entity.organisation_form == MUNICIPALITY_FORM and number:
        return Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY, number=number).first()
    if entity.organisation_form == COUNTY_MUNICIPALITY_FORM and number:
        return Organisation.objects.filter(kind=Organisation.Kind.COUNTY_MUNICIPALITY, number=number[:2]).first()
    return None


def _contact_set(user, *, first_name, last_name, email) -> None:
    """The name and e-mail a person without them (an ID-porten user) gives with the request."""
    if first_name is None and last_name is None and email is None:
        return
    first_name, last_name, email = (str(v or "").strip() for v in (first_name, last_name, email))
    errors = {}
    if not first_name:
        errors["first_name"] = _("Skriv fornavnet ditt.")
    if not last_name:
        errors["last_name"] = _("Skriv etternavnet ditt.")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Skriv en gyldig e-postadresse.")
    if errors:
        raise ValidationError(errors)
    user.first_name, user.last_name, user.email = first_name[:150], last_name[:150], email[:254]
    user.save(update_fields=["first_name", "last_name", "email"])


@transaction.atomic
def join_request_create(
    *, user, org_number: str, message: str = "", first_name=None, last_name=None, email=None
) -> JoinRequest:
    _contact_set(user, first_name=first_name, last_name=last_name, email=email)
    org_number = "".join(str(org_number or "").split())
    try:
        entity = entity_lookup(org_number)
    except EnhetsregisteretUnavailable as exc:
        raise ValidationError(
            {"org_number": _("Enhetsregisteret svarer ikke akkurat nå. Prøv igjen om litt.")}
        ) from exc
    if entity is None:
        raise ValidationError({"org_number": _("Fant ikke organisasjonsnummeret i Enhetsregisteret.")})
    organisation = _organisation_for(entity)
    if organisation is None or not organisation.active:
        raise ValidationError(
            {"org_number": _("%(name)s er ikke en kommune eller fylkeskommune i portalen.") % {"name": entity.name}}
        )
    if Membership.objects.filter(user=user, organisation=organisation, active=True).exists():
        raise ValidationError({"org_number": _("Du er allerede bruker i %(org)s.") % {"org": organisation}})
    if JoinRequest.objects.filter(user=user, organisation=organisation, status=JoinRequest.Status.PENDING).exists():
        raise ValidationError({"org_number": _("Du har allerede bedt om tilgang til %(org)s.") % {"org": organisation}})
    join_request = JoinRequest.objects.create(
        user=user, organisation=organisation, org_number=org_number, register_name=entity.name, message=message
    )
    case_event_record(
        subject=join_request,
        action="join_requested",
        actor=user,
        to_state=join_request.status,
        data={"organisation_id": organisation.pk, "org_number": org_number},
    )
    _notice_after_commit(join_request, "requested")
    return join_request


def _notice_after_commit(join_request, step) -> None:
    from organisations.notices import join_request_notice_send

    join_request_id = join_request.pk
    transaction.on_commit(lambda: join_request_notice_send(join_request_id=join_request_id, step=step))


def _locked(join_request) -> JoinRequest:
    return JoinRequest.objects.select_for_update().get(pk=join_request.pk)


def _delegation_required(role, delegation) -> str:
    delegation = (delegation or "").strip()
    if role == Membership.Role.APPROVER and not delegation:
        raise ValidationError({"delegation": _("En godkjenner må ha en fullmakt. Skriv hvilken fullmakt hen har.")})
    return delegation if role == Membership.Role.APPROVER else ""


@transaction.atomic
def join_request_approve(*, join_request, actor, role=Membership.Role.CASEWORKER, delegation="") -> Membership:
    """Approve: the person becomes a member with `role`; the first user IMDi approves for an
    organisation becomes its user administrator."""
    join_request = _locked(join_request)
    delegation = _delegation_required(role, delegation)
    first_user = not org_rules.organisation_has_admin(join_request.organisation_id)
    join_request.decided_by, join_request.decided_at = actor, timezone.now()
    transition_apply(
        obj=join_request,
        transition="approve",
        actor=actor,
        event="join_request_approved",
        data={"role": role, "admin": first_user},
        update_fields=["decided_by", "decided_at"],
    )
    membership, _created = Membership.objects.update_or_create(
        user=join_request.user,
        organisation=join_request.organisation,
        defaults={"role": role, "delegation": delegation, "active": True, "is_admin": first_user},
    )
    case_event_record(
        subject=membership,
        action="membership_granted",
        actor=actor,
        to_state=role,
        data={"admin": first_user, "delegation": delegation, "join_request_id": join_request.pk},
    )
    _notice_after_commit(join_request, "approved")
    return membership


@transaction.atomic
def join_request_refuse(*, join_request, actor, note="") -> JoinRequest:
    join_request = _locked(join_request)
    join_request.decided_by, join_request.decided_at, join_request.note = actor, timezone.now(), note[:500]
    transition_apply(
        obj=join_request,
        transition="refuse",
        actor=actor,
        event="join_request_refused",
        message=note,
        update_fields=["decided_by", "decided_at", "note"],
    )
    _notice_after_commit(join_request, "refused")
    return join_request


def _managed(membership, actor) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not actor.has_perm("organisations.manage_membership", membership):
        raise PermissionDenied(_("Du administrerer ikke brukerne i denne organisasjonen."))
    return membership


@transaction.atomic
def membership_role_set(*, membership, actor, role, delegation="") -> Membership:
    membership = _managed(membership, actor)
    delegation = _delegation_required(role, delegation)
    before = membership.role
    membership.role, membership.delegation = role, delegation
    membership.save(update_fields=["role", "delegation"])
    case_event_record(
        subject=membership,
        action="membership_role_set",
        actor=actor,
        from_state=before,
        to_state=role,
        data={"delegation": delegation},
    )
    return membership


@transaction.atomic
def membership_deactivate(*, membership, actor) -> Membership:
    membership = _managed(membership, actor)
    if not membership.active:
        raise ValidationError(_("Brukeren er allerede deaktivert."))
    membership.active = False
    membership.save(update_fields=["active"])
    case_event_record(
        subject=membership, action="membership_deactivated", actor=actor, from_state="active", to_state="inactive"
    )
    return membership
