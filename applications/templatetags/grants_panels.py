from django import template

from applications.selectors.grant import acceptance_is_late, grants_awaiting_acceptance, grants_for_user

register = template.Library()


@register.inclusion_tag("applications/panels/grants_start.html", takes_context=True)
def grants_start_panel(context):
    """Grant letters awaiting acceptance, with their deadlines, on a municipal user's start page."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated:
        return {"visible": False}
    grants = list(grants_awaiting_acceptance(user))
    for grant in grants:
        grant.is_late = acceptance_is_late(grant)
    return {"visible": bool(grants) or grants_for_user(user).exists(), "grants": grants}
