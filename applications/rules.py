"""Who may do what with applications, and who may see them (django `rules`).

The permissions below are the ones the Application state machine declares on its
transitions (applications.models.application); services apply them through
core.transitions.transition_apply, and the buttons come from core.transitions.available_actions.
The visibility querysets are the only way a surface reads applications for a user."""

import rules
from django.db.models import Q

from organisations.rules import budget_holder, imdi_staff, is_approver_of, is_member_of, officer, organisation_ids_of

# A member of the applicant organisation (caseworker or approver) drafts and sends for approval.
rules.add_perm("applications.edit_application", is_member_of)
# The director or someone with delegated authority approves, sends back and submits.
rules.add_perm("applications.approve_application", is_approver_of)
# IMDi: officers assess; decisions are approved by a budget holder (four eyes in the service).
rules.add_perm("applications.assess_application", officer)
rules.add_perm("applications.decide_application", budget_holder)


# --- visibility -------------------------------------------------------------------------------


def applications_readable_by(user):
    """Own organisations' applications and those naming one of them as partner."""
    from applications.models import Application

    org_ids = organisation_ids_of(user)
    return (
        Application.objects.filter(Q(organisation_id__in=org_ids) | Q(partners__id__in=org_ids))
        .distinct()
        .select_related("call", "call__scheme", "area", "organisation", "organisation__county")
    )


def applications_owned_by(user):
    """Applications of the user's own organisations (those they may act on)."""
    from applications.models import Application

    return Application.objects.filter(organisation_id__in=organisation_ids_of(user)).select_related(
        "call", "call__scheme", "area", "organisation"
    )


def applications_sent_to_imdi():
    """Applications IMDi may see: sent in by the municipality. Drafts, those awaiting the
    municipality's approval and those withdrawn before they were sent stay the municipality's."""
    from applications.models import Application

    return Application.objects.exclude(
        status__in=[Application.Status.DRAFT, Application.Status.AWAITING_APPROVAL]
    ).exclude(status=Application.Status.WITHDRAWN, submitted_at__isnull=True)


# A municipality sees its grant once the letter has gone out (a decided grant is IMDi's until then).
GRANT_PORTAL_STATUSES = ("letter_sent", "accepted", "declined", "lapsed", "closed")


def grants_visible_to(user):
    """Every grant for IMDi staff; for a municipal user, their organisations' grants once the
    letter is sent. The one rule the grant pages, payments, reports and exports read grants by."""
    from applications.models import Grant

    if not getattr(user, "is_authenticated", False):
        return Grant.objects.none()
    if imdi_staff(user):
        return Grant.objects.all()
    return Grant.objects.filter(organisation_id__in=organisation_ids_of(user), status__in=GRANT_PORTAL_STATUSES)


def decisions_visible_to(user):
    """Decisions a municipal user may read: the approved rejection and dismissal letters of
    their organisations. IMDi reads decisions in the admin (applications sent to IMDi only)."""
    from applications.models import Decision

    if not getattr(user, "is_authenticated", False):
        return Decision.objects.none()
    return Decision.objects.filter(
        status=Decision.Status.APPROVED,
        outcome__in=[Decision.Outcome.REJECT, Decision.Outcome.DISMISS],
        application__organisation_id__in=organisation_ids_of(user),
    )


def decisions_sent_to_imdi():
    """Decisions on applications IMDi may see (all decisions: they exist only on sent applications)."""
    from applications.models import Decision

    return Decision.objects.filter(application__in=applications_sent_to_imdi())
