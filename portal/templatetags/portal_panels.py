"""The municipal start page's "Haster" box: what the user's organisations must act on first,
soonest deadline first, from every lifecycle (portal is the top layer and may read them all).
Three queries whatever the number of cases."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from applications.models import Application
from applications.rules import applications_owned_by
from applications.selectors.grant import acceptance_is_late, grants_awaiting_acceptance
from core.calendar import today_oslo
from reporting.rules import obligations_owned_by
from reporting.selectors import OPEN_STATES, State, obligation_state, open_window_days

register = template.Library()


def _report_kinds():
    return {
        State.OPEN: _("Rapport skal leveres"),
        State.OVERDUE: _("Rapport er forfalt"),
        State.RETURNED: _("Rapport sendt tilbake til dere"),
    }


LIMIT = 50


def urgent_items(user) -> list[dict]:
    today = today_oslo()
    items = []
    for grant in grants_awaiting_acceptance(user).select_related("organisation", "call__scheme")[:LIMIT]:
        items.append(
            {
                "kind": _("Tilskuddsbrev venter på aksept"),
                "title": f"{grant.case_number} – {grant.call.scheme.name}",
                "organisation": grant.organisation.name,
                "deadline": grant.acceptance_deadline,
                "late": acceptance_is_late(grant),
                "url": reverse("grants:detail", args=[grant.pk]),
                "note": "",
            }
        )
    drafts = (
        applications_owned_by(user)
        .filter(status=Application.Status.DRAFT)
        .exclude(returned_comment="")
        .select_related("organisation", "call")
        .order_by("call__application_deadline", "pk")[:LIMIT]
    )
    for application in drafts:
        deadline = application.call.application_deadline
        items.append(
            {
                "kind": _("Søknad sendt tilbake av godkjenner"),
                "title": application.title or _("(uten tittel)"),
                "organisation": application.organisation.name,
                "deadline": deadline,
                "late": deadline is not None and deadline < today,
                "url": reverse("applications:detail", args=[application.pk]),
                "note": application.returned_comment,
            }
        )
    obligations = (
        obligations_owned_by(user)
        .filter(status__in=OPEN_STATES)
        .select_related("grant__organisation", "grant__call")
        .order_by("due_date", "id")[: LIMIT * 4]
    )
    report_kinds = _report_kinds()
    for obligation in obligations:
        state = obligation_state(obligation, today=today, window_days=open_window_days(obligation.grant.call))
        if state not in report_kinds:
            continue
        items.append(
            {
                "kind": report_kinds[state],
                "title": f"{obligation.get_kind_display()} – {obligation.grant.case_number}",
                "organisation": obligation.grant.organisation.name,
                "deadline": obligation.due_date,
                "late": state == State.OVERDUE,
                "url": reverse("reporting:report", args=[obligation.pk]),
                "note": "",
            }
        )
    items.sort(key=lambda item: (not item["late"], item["deadline"] is None, item["deadline"] or today))
    return items


@register.inclusion_tag("portal/panels/urgent.html", takes_context=True)
def urgent_panel(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"items": []}
    return {"items": urgent_items(user)}
