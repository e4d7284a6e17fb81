"""Who lands where, and what the navigation shows (built on organisations.rules)."""

from organisations.rules import imdi_staff, is_finance, officer


def start_page_of(user) -> str:
    """The URL name each role starts on: finance (without an officer's role) on the payout
    pages, other IMDi staff in the admin, municipal users on their organisations' dashboard."""
    if is_finance(user) and not officer(user):
        return "payments:overview"
    if imdi_staff(user):
        return "admin:index"
    return "applications:dashboard"


def shows_finance_navigation(user) -> bool:
    """The payout pages in the top navigation: members of the finance group."""
    return bool(user is not None and is_finance(user))
