"""Who may do what with report obligations and reports, and who may see them (django `rules`).

The permissions are the ones the ReportObligation state machine declares on its transitions
(reporting.models); services apply them through core.transitions.transition_apply, and the
buttons come from core.transitions.available_actions. The visibility querysets below are the
only way a surface (portal pages, downloads, panels, the calendar feed, the admin) reads
obligations, reports, attachments and reminders for a user.

Obligations belong to a grant and follow its visibility (applications.rules.grants_visible_to).
A report's content is the organisation's draft until it is submitted: IMDi reads it from then on."""

import rules

from applications.rules import grants_visible_to
from organisations.rules import imdi_staff, is_approver_of, is_member_of, officer, organisation_ids_of

# A member of the grant's organisation (caseworker or approver) fills in the report, its
# accounts and attachments, and approves the accounts in one of the two capacities.
rules.add_perm("reporting.edit_report", is_member_of)
# The director or someone with delegated authority submits it.
rules.add_perm("reporting.submit_report", is_approver_of)
# IMDi: officers approve or return submitted reports and move open deadlines; every IMDi role reads.
rules.add_perm("reporting.review_report", officer)
rules.add_perm("reporting.move_report_deadlines", officer)
rules.add_perm("reporting.add_report_obligation", officer)
rules.add_perm("reporting.read_reports", imdi_staff)
rules.add_perm("reporting.read_reminders", officer)


# --- visibility -------------------------------------------------------------------------------


def obligations_visible_to(user):
    """IMDi staff see every obligation; a municipal user those of their organisations' grants."""
    from reporting.models import ReportObligation

    return ReportObligation.objects.filter(grant__in=grants_visible_to(user))


def obligations_owned_by(user):
    """The obligations of the user's own organisations: the ones the portal shows and acts on.
    IMDi staff own none (they read obligations in the admin)."""
    return (
        obligations_visible_to(user)
        .filter(grant__organisation_id__in=organisation_ids_of(user))
        .select_related("grant", "grant__call", "grant__call__scheme", "grant__organisation")
    )


def obligations_sent_to_imdi():
    """Obligations whose report IMDi may read: submitted or approved."""
    from reporting.models import SENT_TO_IMDI, ReportObligation

    return ReportObligation.objects.filter(status__in=SENT_TO_IMDI)


def report_readable_by(user, obligation) -> bool:
    """May `user` read the content of `obligation`'s report? The organisation always; IMDi
    once it is submitted."""
    if obligation.grant.organisation_id in organisation_ids_of(user):
        return True
    return imdi_staff(user) and obligation.is_sent_to_imdi


def reports_visible_to(user):
    """Reports whose content the user may read: their organisations' own, and for IMDi staff
    the submitted and approved ones."""
    from django.db.models import Q

    from reporting.models import Report

    if not getattr(user, "is_authenticated", False):
        return Report.objects.none()
    q = Q(obligation__in=obligations_owned_by(user))
    if imdi_staff(user):
        q |= Q(obligation__in=obligations_sent_to_imdi())
    return Report.objects.filter(q)


def report_attachments_visible_to(user):
    from reporting.models import ReportAttachment

    return ReportAttachment.objects.filter(report__in=reports_visible_to(user))


def reminders_visible_to(user):
    """Reminders are IMDi's record of what was sent: officers read them."""
    from reporting.models import ReportReminder

    if not officer(user):
        return ReportReminder.objects.none()
    return ReportReminder.objects.all()
