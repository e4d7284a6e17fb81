"""Who is who: the role predicates every app's rules module builds on (django `rules`).

IMDi roles are Django groups (organisations.roles); municipal roles are Membership rows. A
user's memberships and groups are read once per request object and cached on it, so a page
that asks many questions costs one query for each.

Predicates come in two shapes:
- user predicates (`is_officer`, …) take only the user;
- organisation predicates (`is_member_of`, `is_approver_of`) take the user and any object with
  an `organisation_id` (an application, a grant, a report obligation's grant …) or an
  Organisation itself.
"""

import rules

from organisations import roles


def memberships_of(user) -> dict[int, str]:
    """{organisation_id: role} of the user's memberships (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cache = getattr(user, "_membership_roles", None)
    if cache is None:
        from organisations.models import Membership

        cache = dict(Membership.objects.filter(user=user, active=True).values_list("organisation_id", "role"))
        user._membership_roles = cache
    return cache


def organisation_ids_of(user, role: str | None = None) -> set[int]:
    """The organisations the user belongs to (with `role`, when given)."""
    return {org_id for org_id, r in memberships_of(user).items() if role is None or r == role}


def organisation_id_of(obj) -> int | None:
    """The organisation an object belongs to: itself, or its `organisation_id`, or its grant's."""
    from organisations.models import Organisation

    if obj is None:
        return None
    if isinstance(obj, Organisation):
        return obj.pk
    org_id = getattr(obj, "organisation_id", None)
    if org_id is None and getattr(obj, "grant_id", None) is not None:
        org_id = obj.grant.organisation_id
    return org_id


@rules.predicate
def is_superuser(user):
    return roles.is_superuser(user)


@rules.predicate
def second_factor_needed(user):
    """An IMDi account signed in with a password only: no IMDi role until the second factor."""
    return roles.second_factor_needed(user)


@rules.predicate
def second_factor_verified(user):
    return roles.second_factor_verified(user)


@rules.predicate
def holds_imdi_account(user):
    return roles.holds_imdi_account(user)


@rules.predicate
def is_officer(user):
    return roles.is_officer(user)


@rules.predicate
def is_budget_holder(user):
    return roles.is_budget_holder(user)


@rules.predicate
def is_finance(user):
    return roles.is_finance(user)


@rules.predicate
def is_imdi_staff(user):
    return roles.is_imdi_staff(user)


@rules.predicate
def is_municipal_user(user):
    return bool(memberships_of(user))


@rules.predicate
def is_member_of(user, obj):
    return organisation_id_of(obj) in organisation_ids_of(user)


@rules.predicate
def is_approver_of(user, obj):
    from organisations.models import Membership

    return memberships_of(user).get(organisation_id_of(obj)) == Membership.Role.APPROVER


# IMDi roles as the admin and services ask for them: a superuser acts in every IMDi role.
officer = is_superuser | is_officer
budget_holder = is_superuser | is_budget_holder
finance = is_superuser | is_finance
imdi_staff = is_superuser | is_imdi_staff

# What core asks by name (core.rules): core sits below organisations and knows no roles.
rules.add_perm("core.act_as_imdi_staff", imdi_staff)

rules.add_perm("organisations.act_as_officer", officer)
rules.add_perm("organisations.act_as_budget_holder", budget_holder)
rules.add_perm("organisations.act_as_finance", finance)
rules.add_perm("organisations.act_as_imdi_staff", imdi_staff)


@rules.predicate
def requested_the_change(user, change):
    """Whoever asked for (or entered) a bank account change."""
    return change is not None and user.pk == change.requested_by_id


@rules.predicate
def change_asked_by_someone_else(user, change):
    """Four eyes on a request (`requested_by_id`): a bank account change here, a budget change
    in schemes.rules."""
    # Positive on purpose: django-fsm also asks has_perm without the object, and a negated
    # object predicate would say yes there.
    return change is not None and user.pk != change.requested_by_id


# Four eyes on payout accounts: officers and finance at IMDi confirm or refuse a new account,
# never the person who asked for it (the database has the same rule).
rules.add_perm("organisations.review_bank_account_change", (officer | finance) & change_asked_by_someone_else)

# Start a daily sweep by hand (the sweep page): officers for the case sweeps and finance for
# the payments, and since every sweep is idempotent either may start any of them.
rules.add_perm("core.run_sweep", officer | finance)


# --- organisations' own users -------------------------------------------------------------


def admin_organisation_ids_of(user) -> set[int]:
    """The organisations whose user administrator `user` is (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_admin_organisation_ids", None)
    if cache is None:
        from organisations.models import Membership

        cache = set(
            Membership.objects.filter(user=user, active=True, is_admin=True).values_list("organisation_id", flat=True)
        )
        user._admin_organisation_ids = cache
    return cache


def organisation_has_admin(organisation_id) -> bool:
    from organisations.models import Membership

    return Membership.objects.filter(organisation_id=organisation_id, active=True, is_admin=True).exists()


@rules.predicate
def is_org_admin_of(user, obj):
    return organisation_id_of(obj) in admin_organisation_ids_of(user)


@rules.predicate
def may_decide_join_request(user, join_request):
    """IMDi approves an organisation's first user; once it has an admin, the admin decides."""
    if join_request is None:
        return False
    if organisation_has_admin(join_request.organisation_id):
        return is_org_admin_of(user, join_request)
    return officer(user)


@rules.predicate
def may_manage_membership(user, membership):
    """The organisation's admin manages its other users (not their own membership)."""
    return membership is not None and membership.user_id != user.pk and is_org_admin_of(user, membership)


rules.add_perm("organisations.decide_join_request", may_decide_join_request)
rules.add_perm("organisations.manage_membership", may_manage_membership)


def join_requests_visible_to(user):
    """Officers see requests to organisations without an admin; an admin sees their own
    organisations' requests; nobody else sees any."""
    from django.db.models import Exists, OuterRef, Q

    from organisations.models import JoinRequest, Membership

    has_admin = Exists(Membership.objects.filter(organisation=OuterRef("organisation"), active=True, is_admin=True))
    scope = Q(organisation_id__in=admin_organisation_ids_of(user))
    if officer(user):
        scope |= ~Q(has_admin=True)
    return JoinRequest.objects.annotate(has_admin=has_admin).filter(scope).select_related("user", "organisation")


def memberships_managed_by(user):
    """The memberships of the organisations `user` administers."""
    from organisations.models import Membership

    return Membership.objects.filter(organisation_id__in=admin_organisation_ids_of(user)).select_related(
        "user", "organisation"
    )


# The finance group itself (not a superuser acting as finance): the navigation's payout link.
in_finance_group = is_finance


def first_steps_to_join(user) -> bool:
    """Signed in, but member of no organisation and without an IMDi account: such a person (a
    first-time ID-porten user) starts on the page where one asks to join an organisation."""
    return getattr(user, "is_authenticated", False) and not roles.holds_imdi_account(user) and not memberships_of(user)
