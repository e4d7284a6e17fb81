"""Who may do what with applications, and who may see them (django `rules`).

The permissions below are the ones the Application state machine declares on its
transitions (applications.models.application); services apply them through
core.transitions.transition_apply, and the buttons come from core.transitions.available_actions.
The visibility querysets are the only way a surface reads applications for a user."""

import rules
from django.db.models import Q

from organisations.rules import (
    budget_holder,
    finance,
    imdi_staff,
    is_approver_of,
    is_member_of,
    officer,
    organisation_ids_of,
)

# A member of the applicant organisation (caseworker or approver) drafts and sends for approval.
rules.add_perm("applications.edit_application", is_member_of)
# The director or someone with delegated authority approves, sends back and submits.
rules.add_perm("applications.approve_application", is_approver_of)
# IMDi: officers assess; decisions are approved by a budget holder (four eyes in the service).
rules.add_perm("applications.assess_application", officer)
rules.add_perm("applications.decide_application", budget_holder)
# An officer asks the applicant for more information (the answer and re-submission are the
# municipality's edit and approve permissions above).
rules.add_perm("applications.request_information", officer)
# Appeals against a dismissal: the applicant's approver (whoever may submit for it) writes one
# in the portal; an officer forwards it to the appeal body or reverses the dismissal.
rules.add_perm("applications.appeal_dismissal", is_approver_of)
rules.add_perm("applications.handle_appeal", officer)


# --- the admin: an active staff account AND an IMDi role (a stray model permission on a
# non-IMDi user is not enough). The admin classes ask these, never the groups.


@rules.predicate
def is_active_staff(user):
    return bool(getattr(user, "is_active", False) and getattr(user, "is_staff", False))


admin_imdi = is_active_staff & imdi_staff
# An attachment opened in the browser beside the scores (safe types only, core.uploads).
rules.add_perm("applications.open_attachment_inline", admin_imdi)
admin_officer = is_active_staff & officer
admin_budget_holder = is_active_staff & budget_holder
admin_officer_or_budget_holder = is_active_staff & (officer | budget_holder)
admin_finance = is_active_staff & finance


@rules.predicate
def may_change_assessment(user, assessment):
    """One officer's scores are their own (a superuser may correct them)."""
    if assessment is None:
        return True
    return bool(getattr(user, "is_superuser", False)) or assessment.officer_id == user.pk


# --- conflict of interest (habilitet, forvaltningsloven § 6): whoever has declared themselves
# disqualified in cases from an organisation may not score, propose, revise or approve in an
# application from it or naming it as partner. Each permission below asks it with the object
# (an application, or its assessment or decision); without an object only the role counts.


def _application_of(obj):
    from applications.models import Application

    if obj is None or isinstance(obj, Application):
        return obj
    return getattr(obj, "application", None)


def conflict_of(user, obj):
    """The user's declaration of conflict of interest that covers `obj` (an application, its
    assessment or decision), or None."""
    from applications.models import ConflictOfInterest

    application = _application_of(obj)
    if application is None or application.pk is None or not getattr(user, "is_authenticated", False):
        return None
    org_ids = {application.organisation_id, *application.partners.values_list("pk", flat=True)}
    return (
        ConflictOfInterest.objects.filter(user=user, organisation_id__in=org_ids)
        .select_related("organisation")
        .order_by("declared_at", "pk")
        .first()
    )


def conflict_refusal(user, obj) -> str | None:
    """Why `user` may not act in the case of `obj` (their declared conflict, with its reason)."""
    from django.utils.translation import gettext as _

    conflict = conflict_of(user, obj)
    if conflict is None:
        return None
    return _("Du har erklært deg inhabil i saker fra %(organisation)s: %(reason)s") % {
        "organisation": conflict.organisation.name,
        "reason": conflict.reason,
    }


@rules.predicate
def is_conflicted(user, obj):
    return conflict_of(user, obj) is not None


def conflicted_organisation_ids(user) -> set[int]:
    """Every organisation the user has declared a conflict with (one query, for lists)."""
    from applications.models import ConflictOfInterest

    if not getattr(user, "is_authenticated", False):
        return set()
    return set(ConflictOfInterest.objects.filter(user=user).values_list("organisation_id", flat=True))


rules.add_perm("applications.score_application", officer & ~is_conflicted)
# Anyone with an IMDi role declares their own conflicts.
rules.add_perm("applications.declare_conflict", imdi_staff)

# --- decisions: an officer proposes and revises; a budget holder approves or returns. Four
# eyes and the version the page showed are checked in the service (they need the history).
rules.add_perm("applications.propose_decision", officer & ~is_conflicted)
rules.add_perm("applications.revise_decision", officer & ~is_conflicted)
rules.add_perm("applications.approve_decision", budget_holder & ~is_conflicted)
rules.add_perm("applications.return_decision", budget_holder & ~is_conflicted)
rules.add_perm("applications.record_decision_received", officer | budget_holder)
# Appeals (only against a dismissal) are registered and forwarded by an officer.
rules.add_perm("applications.register_appeal", officer)

# --- grants: the letter goes out signed by a budget holder; the municipality's approver accepts
# or declines; officers (and budget holders) let a grant lapse and extend its deadline; an
# officer closes an accepted grant.
# (Letters are signed by someone with budget authority; officers prepare and preview them.)
rules.add_perm("applications.send_grant_letter", budget_holder)
rules.add_perm("applications.handle_grant_letters", officer | budget_holder)
rules.add_perm("applications.prepare_acceptance", is_member_of)
rules.add_perm("applications.answer_grant", is_approver_of)
rules.add_perm("applications.lapse_grant", officer | budget_holder)
rules.add_perm("applications.extend_grant_deadline", officer | budget_holder)
rules.add_perm("applications.close_grant", officer)
# Later years of a multi-year award: an officer proposes to confirm, reduce or stop the year; a
# budget holder decides (four eyes in applications.services.project_year).
rules.add_perm("applications.propose_project_year", officer)
rules.add_perm("applications.decide_project_year", budget_holder)
# Reception centres: officers keep the agreements and compute the offers.
rules.add_perm("applications.compute_reception_grants", officer)
# The offer goes to the municipality when an officer sends it; the municipality's members prepare
# the answer and its approver submits it; then an officer proposes the grant and a budget holder
# (another person: four eyes in applications.services.reception_offer) approves it.
rules.add_perm("applications.send_reception_offer", officer)
rules.add_perm("applications.prepare_reception_answer", is_member_of)
rules.add_perm("applications.answer_reception_offer", is_approver_of)
rules.add_perm("applications.propose_reception_grant", officer)
rules.add_perm("applications.approve_reception_grant", budget_holder)


# --- visibility -------------------------------------------------------------------------------


def applications_readable_by(user):
    """Own organisations' applications and those naming one of them as partner."""
    from applications.models import Application

    org_ids = organisation_ids_of(user)
    return Application.objects.filter(Q(organisation_id__in=org_ids) | Q(pk__in=_partnered_in(org_ids))).select_related(
        "call", "call__scheme", "area", "organisation", "organisation__county"
    )


def applications_owned_by(user):
    """Applications of the user's own organisations (those they may act on)."""
    from applications.models import Application

    return Application.objects.filter(organisation_id__in=organisation_ids_of(user)).select_related(
        "call", "call__scheme", "area", "organisation"
    )


def applications_awaiting_approval_by(user):
    """The approver's queue: applications of the organisations where the user approves, sent
    for approval and waiting."""
    from applications.models import Application
    from organisations.models import Membership

    return Application.objects.filter(
        organisation_id__in=organisation_ids_of(user, Membership.Role.APPROVER),
        status=Application.Status.AWAITING_APPROVAL,
    )


def applications_sent_to_imdi():
    """Applications IMDi may see: sent in by the municipality. Drafts, those awaiting the
    municipality's approval and those withdrawn before they were sent stay the municipality's."""
    from applications.models import Application

    return Application.objects.exclude(
        status__in=[Application.Status.DRAFT, Application.Status.AWAITING_APPROVAL]
    ).exclude(status=Application.Status.WITHDRAWN, submitted_at__isnull=True)


def application_attachments_visible_to(user):
    """Attachments of the applications the user reads; for IMDi staff, of those sent to IMDi."""
    from applications.models import ApplicationAttachment

    if imdi_staff(user) and user.has_perm("applications.view_application"):
        return ApplicationAttachment.objects.filter(application__in=applications_sent_to_imdi())
    return ApplicationAttachment.objects.filter(application__in=applications_readable_by(user).values("pk"))


# A municipality sees its grant once the letter has gone out (a decided grant is IMDi's until then).
GRANT_PORTAL_STATUSES = ("letter_sent", "accepted", "declined", "lapsed", "closed")


def grants_sent_to(user):
    """A municipal user's grants: those of their organisations once the letter is sent."""
    from applications.models import Grant

    if not getattr(user, "is_authenticated", False):
        return Grant.objects.none()
    return Grant.objects.filter(organisation_id__in=organisation_ids_of(user), status__in=GRANT_PORTAL_STATUSES)


def grants_visible_to(user):
    """Every grant for IMDi staff; for a municipal user, their organisations' grants once the
    letter is sent. The one rule the grant pages, payments, reports and exports read grants by."""
    from applications.models import Grant

    if not getattr(user, "is_authenticated", False):
        return Grant.objects.none()
    if imdi_staff(user):
        return Grant.objects.all()
    return grants_sent_to(user)


def reception_offers_sent_to(user):
    """A municipal user's reception-centre offers: their organisations' offers once sent (a
    computed offer is IMDi's own until then)."""
    from applications.models import ReceptionOffer

    if not getattr(user, "is_authenticated", False):
        return ReceptionOffer.objects.none()
    return ReceptionOffer.objects.filter(grant__organisation_id__in=organisation_ids_of(user)).exclude(
        status=ReceptionOffer.Status.COMPUTED
    )


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


def case_events_visible_to_imdi(queryset):
    """The case log IMDi reads: without the events of applications not sent to IMDi (their
    send-back comments and attachment names are the municipality's own business)."""
    from django.contrib.contenttypes.models import ContentType

    from applications.models import Application

    unsent = Application.objects.exclude(pk__in=applications_sent_to_imdi().values("pk")).values("pk")
    return queryset.exclude(content_type=ContentType.objects.get_for_model(Application), object_id__in=unsent)


def case_readable_by(user, case_number) -> bool:
    """A municipal user reads a case's timeline if they read its application or its grant."""
    return (
        applications_readable_by(user).filter(case_number=case_number).exists()
        or grants_sent_to(user).filter(case_number=case_number).exists()
    )


# --- the officers' work queue: who may be assigned an application to assess.


def officers_assignable():
    """Active IMDi officers (staff accounts in the officer group), by name."""
    from core.models import User
    from organisations.roles import OFFICER

    return (
        User.objects.filter(is_active=True, is_staff=True, groups__name=OFFICER)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def application_job_readable(user, job) -> bool:
    """A job on one application (its PDF, core.jobs): whoever may read the application, the
    one who asked included; another municipality never learns it exists."""
    application_id = (job.params or {}).get("application")
    return bool(application_id) and applications_readable_by(user).filter(pk=application_id).exists()


def grant_letter_preview_readable(user, job) -> bool:
    """A grant letter's preview (core.jobs): the officer or budget holder who asked, while they
    still may preview letters."""
    return job.owner_id == user.pk and user.has_perm("applications.handle_grant_letters")


def _partnered_in(org_ids):
    """The applications naming one of `org_ids` as partner, as a subquery: an OR over a join to the
    partners, with DISTINCT, read every application of every year for each page."""
    from applications.models import Application

    return Application.partners.through.objects.filter(organisation_id__in=org_ids).values("application_id")
