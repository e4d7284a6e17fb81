"""Who lands where, and what the navigation shows (built on organisations.rules)."""

from django.urls import reverse

from organisations.rules import finance, imdi_staff, in_finance_group, officer, second_factor_needed


def start_page_of(user) -> str:
    """Where each role starts: an IMDi account signed in with a password only goes to its second
    factor first; finance (without an officer's role) on the payout pages; officers on the
    applications assigned to them; other IMDi staff in the admin; municipal users on their
    organisations' dashboard."""
    if second_factor_needed(user):
        return reverse("second_factor_verify")
    if finance(user) and not officer(user):
        return reverse("payments:overview")
    if officer(user):
        return reverse("admin:applications_application_queue") + "?who=mine"
    if imdi_staff(user):
        return reverse("admin:index")
    return reverse("applications:dashboard")


def shows_finance_navigation(user) -> bool:
    """The payout pages in the top navigation: members of the finance group."""
    return bool(user is not None and in_finance_group(user))
