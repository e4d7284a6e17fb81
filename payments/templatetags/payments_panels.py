from django import template

register = template.Library()


@register.inclusion_tag("payments/panels/start.html", takes_context=True)
def payments_start_panel(context):
    """The payments box on a municipal user's start page (context: request.user)."""
    return {}


@register.inclusion_tag("payments/panels/grant.html", takes_context=True)
def payments_grant_panel(context, grant):
    """The payments box on a grant's page in the portal."""
    return {"grant": grant}
