"""`{% fast_result_list cl %}`: Django's result_list with rows from core.admin_rows."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers, result_hidden_fields
from django.contrib.admin.templatetags.base import InclusionAdminNode

from core.admin_rows import rows_items

register = template.Library()


def fast_result_list(cl):
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": rows_items(cl),
    }


@register.tag(name="fast_result_list")
def fast_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser, token, func=fast_result_list, template_name="change_list_results.html", takes_context=False
    )
