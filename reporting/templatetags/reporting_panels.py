from django import template

from core.calendar import today_oslo
from core.money import format_nok
from reporting.selectors import (
    State,
    obligation_state,
    obligations_for_grant,
    obligations_upcoming_for_user,
    open_window_days,
)

register = template.Library()


@register.filter
def kroner(amount):
    """60 400 000 kr (core.money.format_nok)."""
    return format_nok(amount)


STATE_BADGES = {
    State.NOT_DUE: "text-bg-secondary",
    State.OPEN: "text-bg-info",
    State.OVERDUE: "text-bg-danger",
    State.SUBMITTED: "text-bg-dark",
    State.APPROVED: "text-bg-success",
    State.RETURNED: "text-bg-warning",
}


@register.filter
def state_badge(state):
    """Bootstrap badge classes for a derived obligation state (contrast checked: AA)."""
    return STATE_BADGES.get(state, "text-bg-secondary")


def _with_state(obligations, today):
    rows = list(obligations)
    for o in rows:
        o.state = obligation_state(o, today=today, window_days=open_window_days(o.grant.call))
        o.state_label = State.LABELS[o.state]
    return rows


@register.inclusion_tag("reporting/panels/start.html", takes_context=True)
def reporting_start_panel(context):
    """The reporting box on a municipal user's start page (context: request.user)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    today = today_oslo()
    return {"obligations": _with_state(obligations_upcoming_for_user(user), today), "request": request}


@register.inclusion_tag("reporting/panels/grant.html", takes_context=True)
def reporting_grant_panel(context, grant):
    """The reporting box on a grant's page in the portal (what the user may see: reporting.rules)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    today = today_oslo()
    return {"grant": grant, "obligations": _with_state(obligations_for_grant(grant, user=user), today)}
