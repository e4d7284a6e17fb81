"""The admin lists' action checkbox (core.admin_lists) is Django's, written without the form
template engine: same HTML, same accessible name, escaped."""

from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.utils import translation

from core.admin_lists import FastActionCheckboxMixin
from core.models import User


class _Fast(FastActionCheckboxMixin, ModelAdmin):
    pass


def test_same_html_as_django_in_every_language():
    user = User(pk=42, username="ola", first_name="Ola <b>&</b>", last_name="Nordmann")
    for language in ("nb", "en", "nn"):
        with translation.override(language):
            django_html = ModelAdmin(User, admin.site).action_checkbox(user)
            fast_html = _Fast(User, admin.site).action_checkbox(user)
            assert fast_html == django_html
    assert "&lt;b&gt;" in fast_html and "<b>" not in fast_html
