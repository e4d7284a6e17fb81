"""The admin lists' rows (core.admin_rows) are Django's, cell for cell: every list of the admin,
on the demo's cases (built through the services), in bokmål and English, with a filter kept."""

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.contrib.auth import get_user_model
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import translation

from applications.models import Application
from core.admin_rows import RowPlan, rows_plannable


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMDI_REQUIRE_SECOND_FACTOR = False
    call_command("seed_demo")
    return get_user_model().objects.get(username="admin")


def _request(user, model, query=""):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    request = RequestFactory().get(f"{url}?{query}")
    request.resolver_match = resolve(url)
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _compare(user, query="", language="nb"):
    compared_rows, lists = 0, 0
    with translation.override(language):
        for model, model_admin in admin.site._registry.items():
            request = _request(user, model, query)
            if not model_admin.has_view_or_change_permission(request):
                continue
            cl = model_admin.get_changelist_instance(request)
            if not rows_plannable(cl):
                continue
            plan = RowPlan(cl)
            if query:  # the list's filters and order are kept in each row's link
                assert plan.url_template is None or "_changelist_filters=o%3D1" in plan.url_template
            lists += 1
            for result in cl.result_list:
                expected = [str(cell) for cell in items_for_result(cl, result, None)]
                assert [str(cell) for cell in plan.items(result)] == expected, model._meta.label
                compared_rows += 1
    return lists, compared_rows


def test_every_admin_list_has_djangos_rows_and_the_page_shows_them(demo, client):
    lists, rows = _compare(demo)
    # Not vacuous: most of the admin's lists, and the demo's cases in them.
    assert lists >= 30
    assert rows >= 100
    lists, rows = _compare(demo, query="o=1", language="en")
    assert lists >= 30 and rows >= 100

    client.force_login(demo)
    response = client.get("/admin/applications/application/")
    assert response.status_code == 200
    html = response.content.decode()
    sent = Application.objects.exclude(case_number=None).order_by("pk").first()
    assert f'<a href="/admin/applications/application/{sent.pk}/change/">' in html
    assert 'class="field-status"' in html
