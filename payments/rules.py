"""Who may do what with payments (django `rules` predicates)."""

import rules

from organisations.roles import is_budget_holder, is_finance, is_officer


@rules.predicate
def is_finance_user(user):
    return getattr(user, "is_superuser", False) or is_finance(user)


@rules.predicate
def is_officer_user(user):
    return getattr(user, "is_superuser", False) or is_officer(user)


# Finance runs batches, exports and records payments; officers decide holds and reactions.
rules.add_perm("payments.run_payouts", is_finance_user)
rules.add_perm("payments.decide_reactions", is_officer_user)
rules.add_perm("payments.view_all", is_finance_user | is_officer_user)


@rules.predicate
def is_budget_holder_user(user):
    return getattr(user, "is_superuser", False) or is_budget_holder(user)


# Four eyes: budget holders review proposed reactions; officers and finance review payout
# account changes. Who proposed or asked is excluded in the services (and the database).
rules.add_perm("payments.review_reactions", is_budget_holder_user)
rules.add_perm("payments.review_accounts", is_finance_user | is_officer_user)


def payments_visible_to(user):
    """Payments follow their grant's visibility (applications.rules.grants_visible_to)."""
    from applications.rules import grants_visible_to
    from payments.models import Payment

    return Payment.objects.filter(grant__in=grants_visible_to(user))
