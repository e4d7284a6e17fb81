"""Reads on applications that depend on who asks. Municipal users see their own
organisations' applications, and read (not edit) those naming their organisation as partner."""

from decimal import Decimal

from django.db.models import Prefetch, Q

from applications import rules as app_rules
from applications.models import Application, BudgetYear
from core.calendar import today_oslo
from core.transitions import may
from organisations import rules as org_rules
from organisations.models import Membership
from schemes.models import Call, PriorityArea, Scheme
from schemes.selectors import call_published_q

# One visibility rule per lifecycle, kept in applications.rules; re-exported for the callers here.
applications_readable_by = app_rules.applications_readable_by
applications_owned_by = app_rules.applications_owned_by
applications_sent_to_imdi = app_rules.applications_sent_to_imdi


def applications_awaiting_approval_for(user):
    """The approver's queue (applications.rules), oldest first."""
    return (
        app_rules.applications_awaiting_approval_by(user)
        .select_related("call", "area", "organisation", "created_by")
        .order_by("sent_for_approval_at", "pk")
    )


def application_detail(application_id, user):
    """One readable application with everything its page shows, or DoesNotExist."""
    return (
        applications_readable_by(user)
        .prefetch_related(
            "partners",
            "earlier_projects",
            "attachments",
            Prefetch("budget_years", queryset=BudgetYear.objects.prefetch_related("lines")),
        )
        .get(pk=application_id)
    )


def calls_open_for_applications():
    """Published competitive calls whose deadline (end of day, Oslo) has not passed, with their areas."""
    today = today_oslo()
    return (
        Call.objects.filter(call_published_q(today=today))
        .filter(scheme__kind=Scheme.Kind.COMPETITIVE, application_deadline__gte=today)
        .select_related("scheme")
        .prefetch_related(Prefetch("areas", queryset=PriorityArea.objects.order_by("number")))
        .order_by("application_deadline")
    )


def dashboard_for(user) -> dict:
    """Everything on a municipal user's start page, in a fixed number of queries."""
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("organisation", "organisation__county")
        .order_by("organisation__name")
    )
    organisations = [m.organisation for m in memberships]
    calls = list(calls_open_for_applications())
    open_calls = []
    for org in organisations:
        for call in calls:
            areas = [a for a in call.areas.all() if a.is_open_to(org)]
            if areas:
                open_calls.append({"organisation": org, "call": call, "areas": areas})
    org_ids = [o.pk for o in organisations]
    applications = list(
        Application.objects.filter(Q(organisation_id__in=org_ids) | Q(pk__in=_partnered_in(org_ids)))
        .select_related("call", "area", "organisation")
        .order_by("-updated_at", "-pk")
    )
    approver_org_ids = {m.organisation_id for m in memberships if m.role == Membership.Role.APPROVER}
    awaiting = [
        a
        for a in applications
        if a.status == Application.Status.AWAITING_APPROVAL and a.organisation_id in approver_org_ids
    ]
    for application in applications:
        application.is_partner_view = application.organisation_id not in org_ids
        application.next_deadline = (
            application.call.application_deadline
            if application.status in (Application.Status.DRAFT, Application.Status.AWAITING_APPROVAL)
            else None
        )
    return {
        "memberships": memberships,
        "open_calls": open_calls,
        "applications": applications,
        "awaiting_approval": awaiting,
        "is_approver": bool(approver_org_ids),
    }


# Permission predicates. The views first fetch through applications_readable_by (404 for
# strangers), then ask these for what the reader may do.


def is_applicant_member(user, application) -> bool:
    return org_rules.is_member_of(user, application)


def can_edit(user, application) -> bool:
    """A draft is edited by the members who may send it for approval."""
    return may(application, user, "send_for_approval")


def can_approve(user, application) -> bool:
    return may(application, user, "submit")


def can_withdraw(user, application) -> bool:
    """Caseworkers may withdraw their unsent drafts; once sent, it takes an approver."""
    return may(application, user, "withdraw")


def budget_years_with_totals(application) -> list:
    """The budget years (prefetched by application_detail) with the sum of their cost lines."""
    years = list(application.budget_years.all())
    for year in years:
        year.total_costs = sum((line.amount for line in year.lines.all()), Decimal("0"))
    return years


def _partnered_in(org_ids):
    """The applications naming one of `org_ids` as partner, as a subquery: an OR over a join to the
    partners, with DISTINCT, read every application of every year for each page."""
    from applications.models import Application

    return Application.partners.through.objects.filter(organisation_id__in=org_ids).values("application_id")
