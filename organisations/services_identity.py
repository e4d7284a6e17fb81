"""Users who sign in through an identity provider (organisations.oidc): the first login makes
the user and its ExternalIdentity; each login records itself, and for Entra ID sets the user's
IMDi roles from the token's groups (settings.ENTRA_GROUP_ROLES), Entra being where IMDi
manages who holds which role. Case events never carry the subject (a national identity number
for ID-porten)."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from core.services import case_event_record
from organisations import roles
from organisations.models import ExternalIdentity

ROLE_GROUPS = {"officer": roles.OFFICER, "budget_holder": roles.BUDGET_HOLDER, "finance": roles.FINANCE}


def _username_free(wanted: str) -> str:
    User = get_user_model()
    wanted = (wanted or "").strip()[:120]
    if wanted and not User.objects.filter(username__iexact=wanted).exists():
        return wanted
    while True:
        candidate = f"{wanted or 'bruker'}-{secrets.token_hex(3)}"[:150]
        if not User.objects.filter(username__iexact=candidate).exists():
            return candidate


def _entra_groups(claims) -> set[str]:
    """The IMDi groups the token's `groups` claim maps to (unknown groups are ignored)."""
    wanted = claims.get("groups") or []
    if not isinstance(wanted, list):
        return set()
    mapping = settings.ENTRA_GROUP_ROLES
    return {ROLE_GROUPS[mapping[g]] for g in wanted if isinstance(g, str) and mapping.get(g) in ROLE_GROUPS}


@transaction.atomic
def identity_user_create(*, provider: str, subject: str, claims: dict):
    """A person's first login through `provider`: a user without a password, found by the
    subject from now on. ID-porten gives no name or e-mail: the join page asks for them."""
    User = get_user_model()
    if provider == ExternalIdentity.Provider.ENTRA:
        email = str(claims.get("email") or claims.get("preferred_username") or "")[:254]
        user = User(
            username=_username_free(str(claims.get("preferred_username") or email)),
            email=email if "@" in email else "",
            first_name=str(claims.get("given_name") or "")[:150],
            last_name=str(claims.get("family_name") or "")[:150],
        )
    else:
        user = User(username=_username_free("id-porten"))
    user.set_unusable_password()
    user.save()
    ExternalIdentity.objects.create(user=user, provider=provider, subject=subject)
    case_event_record(
        subject=user, action="identity_linked", actor=user, to_state=provider, data={"provider": provider}
    )
    return identity_login_record(user=user, provider=provider, claims=claims)


@transaction.atomic
def identity_login_record(*, user, provider: str, claims: dict):
    ExternalIdentity.objects.filter(user=user, provider=provider).update(last_login_at=timezone.now())
    if provider == ExternalIdentity.Provider.ENTRA:
        imdi_roles_sync(user=user, group_names=_entra_groups(claims))
    return user


@transaction.atomic
def imdi_roles_sync(*, user, group_names: set[str]):
    """Give the user exactly these IMDi groups (other groups are left alone); a change is a case
    event. Staff status follows: the admin is for IMDi roles."""
    current = set(user.groups.filter(name__in=roles.IMDI_GROUPS).values_list("name", flat=True))
    wanted = set(group_names) & set(roles.IMDI_GROUPS)
    if current != wanted:
        user.groups.remove(*Group.objects.filter(name__in=current - wanted))
        for name in sorted(wanted - current):
            group, _created = Group.objects.get_or_create(name=name)
            user.groups.add(group)
        case_event_record(
            subject=user,
            action="imdi_roles_synced",
            actor=user,
            from_state=",".join(sorted(current)),
            to_state=",".join(sorted(wanted)),
            data={"source": "entra"},
        )
        user.__dict__.pop("_imdi_group_names", None)
    # The admin is for IMDi accounts: staff follows the roles (a superuser keeps it).
    is_staff = roles.holds_imdi_account(user)
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    return user
