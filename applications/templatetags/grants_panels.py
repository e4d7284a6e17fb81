from django import template

register = template.Library()


@register.inclusion_tag("applications/panels/grants_start.html", takes_context=True)
def grants_start_panel(context):
    """Grant letters awaiting acceptance, on a municipal user's start page."""
    return {}
