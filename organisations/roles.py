"""IMDi roles are Django groups; municipal roles are Membership.role.

An IMDi role (a group, or superuser) is active only once the user has verified a second factor
in this session (django-otp's OTPMiddleware puts `is_verified` on request.user) or signed in
through Entra ID (organisations.middleware), unless
settings.IMDI_REQUIRE_SECOND_FACTOR is off (dev and test). This is the one place that gate
lives: every predicate in organisations.rules, and so every rule, admin and service check,
reads its answer from here."""

from django.conf import settings

OFFICER = "Rådgiver (IMDi)"
BUDGET_HOLDER = "Budsjettdisponent (IMDi)"
FINANCE = "Økonomi (IMDi)"
IMDI_GROUPS = (OFFICER, BUDGET_HOLDER, FINANCE)


def _group_names(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_imdi_group_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._imdi_group_names = cache
    return cache


def holds_imdi_account(user) -> bool:
    """The account carries an IMDi role (a group or superuser), verified or not."""
    return getattr(user, "is_superuser", False) or bool(_group_names(user) & set(IMDI_GROUPS))


def second_factor_verified(user) -> bool:
    """django-otp verified a device for this user in this session, or Entra ID signed the user
    in (it enforces multi-factor; organisations.middleware marks that user). A user object that
    did not pass through the middleware (no `is_verified`) is not verified."""
    if getattr(user, "second_factor_by_provider", False) is True:
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False


def second_factor_satisfied(user) -> bool:
    return not getattr(settings, "IMDI_REQUIRE_SECOND_FACTOR", True) or second_factor_verified(user)


def second_factor_needed(user) -> bool:
    """Signed in with an IMDi account whose roles wait for the second factor."""
    return holds_imdi_account(user) and not second_factor_satisfied(user)


def in_group(user, group_name) -> bool:
    if group_name not in _group_names(user):
        return False
    return group_name not in IMDI_GROUPS or second_factor_satisfied(user)


def is_superuser(user) -> bool:
    return getattr(user, "is_superuser", False) and second_factor_satisfied(user)


def is_officer(user) -> bool:
    return in_group(user, OFFICER)


def is_budget_holder(user) -> bool:
    return in_group(user, BUDGET_HOLDER)


def is_finance(user) -> bool:
    return in_group(user, FINANCE)


def is_imdi_staff(user) -> bool:
    return is_superuser(user) or any(in_group(user, g) for g in IMDI_GROUPS)


# Model permissions each IMDi group gets in the admin ("app_label.codename"). Each app adds
# its own lines; `imdi_groups_ensure` (run by load_reference_data) applies them.
GROUP_PERMISSIONS: dict[str, list[str]] = {
    OFFICER: [
        "casework.view_thread",
        "reporting.view_reportobligation",
        "reporting.view_reportreminder",
        "applications.view_application",
        "applications.change_application",
        "applications.view_budgetyear",
        "applications.view_budgetline",
        "applications.view_earlierproject",
        "applications.view_applicationattachment",
        "applications.add_assessment",
        "applications.change_assessment",
        "applications.view_assessment",
        "applications.add_decision",
        "applications.view_decision",
        "applications.add_conflictofinterest",
        "applications.view_conflictofinterest",
        "applications.add_appeal",
        "applications.change_appeal",
        "applications.view_appeal",
        "applications.add_receptioncentreagreement",
        "applications.change_receptioncentreagreement",
        "applications.view_receptioncentreagreement",
        "applications.view_receptionoffer",
        "organisations.view_organisation",
        "organisations.view_county",
        "organisations.view_membership",
        "organisations.view_bankaccountchange",
        "organisations.view_joinrequest",
        "schemes.view_scheme",
        "schemes.add_call",
        "schemes.change_call",
        "schemes.view_call",
        "schemes.add_priorityarea",
        "schemes.change_priorityarea",
        "schemes.view_priorityarea",
        "schemes.add_areaquestion",
        "schemes.change_areaquestion",
        "schemes.delete_areaquestion",
        "schemes.view_areaquestion",
        "schemes.add_areaattachmentrequirement",
        "schemes.change_areaattachmentrequirement",
        "schemes.delete_areaattachmentrequirement",
        "schemes.view_areaattachmentrequirement",
        "applications.view_areaanswer",
        "schemes.add_reportdeadline",
        "schemes.change_reportdeadline",
        "schemes.view_reportdeadline",
        "schemes.add_payoutterm",
        "schemes.change_payoutterm",
        "schemes.view_payoutterm",
        "schemes.view_rate",
        "schemes.view_appropriation",
        "schemes.view_appropriationshare",
        "schemes.add_budgetchange",
        "schemes.view_budgetchange",
        "core.view_caseevent",
        "core.view_sweeprun",
        "core.view_job",
        "core.view_notification",
        "applications.view_grant",
        "applications.view_projectyear",
        "applications.change_projectyear",
        "applications.change_grant",
        "applications.view_grantletter",
        "applications.view_acceptance",
        "applications.view_acceptancereminder",
        "applications.view_lettersendjob",
        "payments.view_payment",
        "payments.view_reaction",
    ],
    BUDGET_HOLDER: [
        "casework.view_thread",
        "reporting.view_reportobligation",
        "applications.view_application",
        "applications.view_budgetyear",
        "applications.view_earlierproject",
        "applications.view_applicationattachment",
        "applications.view_assessment",
        "applications.view_decision",
        "applications.add_conflictofinterest",
        "applications.view_conflictofinterest",
        "applications.change_decision",
        "applications.view_appeal",
        "applications.view_receptioncentreagreement",
        "applications.view_receptionoffer",
        "organisations.view_organisation",
        "organisations.view_county",
        "schemes.view_scheme",
        "schemes.view_call",
        "schemes.view_priorityarea",
        "schemes.view_reportdeadline",
        "schemes.view_payoutterm",
        "schemes.view_rate",
        "schemes.add_appropriation",
        "schemes.change_appropriation",
        "schemes.view_appropriation",
        "schemes.add_appropriationshare",
        "schemes.change_appropriationshare",
        "schemes.view_appropriationshare",
        "schemes.add_budgetchange",
        "schemes.change_budgetchange",
        "schemes.view_budgetchange",
        "core.view_caseevent",
        "core.view_sweeprun",
        "core.view_job",
        "core.view_notification",
        "applications.view_grant",
        "applications.view_projectyear",
        "applications.change_projectyear",
        "applications.change_grant",
        "applications.view_grantletter",
        "applications.add_grantletter",
        "applications.view_acceptance",
        "applications.view_acceptancereminder",
        "applications.view_lettersendjob",
        "applications.add_lettersendjob",
        "payments.view_payment",
        "payments.view_reaction",
    ],
    FINANCE: [
        "reporting.view_reportobligation",
        "applications.view_application",
        "applications.view_budgetyear",
        "applications.view_earlierproject",
        "applications.view_applicationattachment",
        "applications.view_assessment",
        "applications.view_decision",
        "applications.add_conflictofinterest",
        "applications.view_conflictofinterest",
        "applications.view_appeal",
        "applications.view_receptioncentreagreement",
        "applications.view_receptionoffer",
        "organisations.view_organisation",
        "organisations.view_county",
        "schemes.view_scheme",
        "schemes.view_call",
        "schemes.view_appropriation",
        "schemes.view_appropriationshare",
        "schemes.view_budgetchange",
        "core.view_caseevent",
        "core.view_sweeprun",
        "core.view_job",
        "core.view_notification",
        "applications.view_grant",
        "applications.view_projectyear",
        "applications.view_grantletter",
        "applications.view_acceptance",
        "payments.view_payment",
        "payments.view_payoutbatch",
        "payments.view_payoutbatchline",
        "payments.view_reaction",
        "organisations.view_bankaccountchange",
    ],
}


def imdi_groups_ensure() -> None:
    """Create the IMDi groups and give each exactly the permissions in GROUP_PERMISSIONS."""
    from django.contrib.auth.models import Group, Permission

    for group_name, perms in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
