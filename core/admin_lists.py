"""Cheaper rows for the admin's change lists (ten years of cases, 100 rows a page)."""

from django.contrib.admin import helpers
from django.utils.html import format_html

# Django's own message, from Django's catalogue (not ours: makemessages must not pick it up).
from django.utils.translation import gettext as _django


class FastActionCheckboxMixin:
    """The row's action checkbox written directly, with the same HTML as Django's
    ModelAdmin.action_checkbox: Django renders a CheckboxInput through the form template engine
    for every row, which took about a third of a grant list page's time."""

    def action_checkbox(self, obj):
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(_django("Select this object for an action - {}"), str(obj)),
        )
