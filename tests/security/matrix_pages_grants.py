"""Matrix rows for the grant letter's admin pages (preview, sending, correction, lapse,
deadline, the letter job), merged into matrix_pages.PAGES."""

from django.urls import reverse

from organisations.roles import BUDGET_HOLDER, OFFICER
from tests.security.matrix import (
    ADMIN_LOGIN,
    FORBIDDEN,
    OK,
    Page,
    admin_actions,
    admin_page,
    imdi,
    redirect,
)


def _may_view_grants(role):
    return "view" in admin_actions(role, "applications.grant")


def _grant_send(role, ctx):
    if not role.staff:
        return ADMIN_LOGIN()
    if "view" not in admin_actions(role, "applications.grant"):
        return FORBIDDEN
    # GET asks first (the confirmation page) for whoever may sign; others go back to the grant.
    if role.in_group(BUDGET_HOLDER):
        return OK
    return redirect(reverse("admin:applications_grant_change", args=[ctx.obj("pk").pk]))


GRANT_LETTER_PAGES = {
    # Officers prepare letters and budget holders sign them; finance reads grants, not drafts of letters.
    # The preview is a job (core.jobs): GET asks, POST queues it and goes to the job's page.
    "admin:applications_grant_preview": Page(
        admin_page(imdi(OFFICER, BUDGET_HOLDER)), {"unsent_a": {"pk": "grant_unsent_a"}}
    ),
    "admin:applications_grant_send": Page(_grant_send, {"unsent_a": {"pk": "grant_unsent_a"}}),
    "admin:applications_grant_correct": Page(
        admin_page(imdi(BUDGET_HOLDER)), {"letter_sent_a": {"pk": "grant_letter_sent_a"}}
    ),
    "admin:applications_grant_lapse": Page(
        admin_page(imdi(OFFICER, BUDGET_HOLDER)), {"letter_sent_a": {"pk": "grant_letter_sent_a"}}
    ),
    "admin:applications_grant_extend": Page(
        admin_page(imdi(OFFICER, BUDGET_HOLDER)), {"letter_sent_a": {"pk": "grant_letter_sent_a"}}
    ),
    "admin:applications_grant_send_all": Page(admin_page(imdi(BUDGET_HOLDER))),
    "admin:applications_grant_send_job": Page(admin_page(_may_view_grants), {"job": {"job_id": "letter_send_job"}}),
    "admin:applications_grant_send_job_status": Page(
        admin_page(_may_view_grants), {"job": {"job_id": "letter_send_job"}}
    ),
}
