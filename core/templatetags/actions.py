"""The actions a user may take on an object, from its state machine (core.transitions)."""

from django import template

from core.transitions import available_actions

register = template.Library()


@register.simple_tag(takes_context=True)
def actions_for(context, obj):
    """`{% actions_for application as actions %}{% if actions.submit %}…`: a dict of the
    labelled transitions the requesting user may take now, by name."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {action.name: action for action in available_actions(obj, user)}
