"""The admin's navigation (core.admin_site) is kept in the cache per who asks: the same app list
Django builds, never another role's, a new one as soon as the roles change, in the page's language."""

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import translation

from core.admin_site import PortalAdminSite
from organisations.roles import FINANCE
from tests.factories import finance, officer


@pytest.fixture(autouse=True)
def _clear_cache(settings):
    settings.IMDI_REQUIRE_SECOND_FACTOR = False
    cache.clear()
    yield
    cache.clear()


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _urls(app_list):
    return sorted(model["admin_url"] for app in app_list for model in app["models"])


def _django_app_list(user):
    return AdminSite.get_app_list(admin.site, _request(user))


def test_the_default_site_is_the_portals(db):
    assert isinstance(admin.site._wrapped if hasattr(admin.site, "_wrapped") else admin.site, PortalAdminSite)


def test_cached_list_is_djangos_and_is_kept(db, django_assert_max_num_queries):
    user = officer()
    first = admin.site.get_app_list(_request(user))
    assert _urls(first) == _urls(_django_app_list(user))
    assert [app["name"] for app in first] == [str(app["name"]) for app in _django_app_list(user)]
    # A fresh request (a new user object, as on the next page) reads the kept list: the
    # permission checks of every registered admin are not asked again.
    again = type(user).objects.get(pk=user.pk)
    with django_assert_max_num_queries(4):  # the user's groups and permissions, for the key
        assert _urls(admin.site.get_app_list(_request(again))) == _urls(first)


def test_another_role_never_gets_the_kept_list(db):
    officer_urls = _urls(admin.site.get_app_list(_request(officer())))
    finance_urls = _urls(admin.site.get_app_list(_request(finance())))
    assert finance_urls == _urls(_django_app_list(finance()))
    assert officer_urls != finance_urls


def test_a_new_role_shows_at_once(db):
    user = officer()
    before = _urls(admin.site.get_app_list(_request(user)))
    user.groups.add(Group.objects.get(name=FINANCE))
    fresh = type(user).objects.get(pk=user.pk)
    after = _urls(admin.site.get_app_list(_request(fresh)))
    assert after == _urls(_django_app_list(type(user).objects.get(pk=user.pk)))
    assert set(after) > set(before)


def test_each_language_has_its_own_names(db):
    user = officer()
    with translation.override("nb"):
        norwegian = [app["name"] for app in admin.site.get_app_list(_request(user))]
    with translation.override("en"):
        english = [app["name"] for app in admin.site.get_app_list(_request(type(user).objects.get(pk=user.pk)))]
        assert english == [str(app["name"]) for app in _django_app_list(type(user).objects.get(pk=user.pk))]
    assert norwegian != english


def test_anonymous_and_non_staff_are_not_cached(db):
    from django.contrib.auth.models import AnonymousUser

    assert admin.site.nav_cache_key(_request(AnonymousUser())) is None
