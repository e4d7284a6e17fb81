"""Matrix rows for the appeal against a dismissal (issue 15 item 4); merged into
tests.security.matrix_pages.PAGES (that file is at its size limit)."""

from organisations.roles import OFFICER
from tests.security.matrix import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    Page,
    admin_actions,
    admin_page,
    imdi,
    obj_org,
    readers,
)

applicant = obj_org("pk")
is_officer = imdi(OFFICER)


def _appeal_file(role, ctx):
    """An appeal's attachment: the applicant's members and IMDi's officers; others 404."""
    if role.anonymous:
        return LOGIN()
    if role.member_of(ctx.org_of("pk")) or is_officer(role):
        return OK
    return NOT_FOUND


APPEAL_PAGES = {
    # An appeal against a dismissal is written by the applicant's approver (other members 403).
    "decisions:appeal": Page(
        readers(applicant, then=lambda role, ctx: OK if role.approver_of(ctx.org_of("pk")) else FORBIDDEN),
        {"dismissed_a": {"pk": "decision_dismissed_a"}},
    ),
    "decisions:appeal_file": Page(
        _appeal_file, {"dismissed_a": {"pk": "decision_dismissed_a", "file_pk": "appeal_attachment"}}
    ),
    # The officer reverses a dismissal after an appeal (asked first on this page).
    "admin:applications_appeal_reverse": Page(
        admin_page(lambda role: "change" in admin_actions(role, "applications.appeal")), {"appeal": {"pk": "appeal"}}
    ),
}
