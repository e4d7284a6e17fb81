from django import template

register = template.Library()


@register.inclusion_tag("reporting/panels/start.html", takes_context=True)
def reporting_start_panel(context):
    """The reporting box on a municipal user's start page (context: request.user)."""
    return {}


@register.inclusion_tag("reporting/panels/grant.html", takes_context=True)
def reporting_grant_panel(context, grant):
    """The reporting box on a grant's page in the portal."""
    return {"grant": grant}
