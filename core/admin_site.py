"""The portal's admin site: Django's, with the navigation's app list kept for a few minutes.

Django builds the admin's app list (the sidebar and the index) on every admin page by asking
every registered model's admin for its permissions, each through the rules: about a fifth of an
admin list's time on ten years of cases. The list depends only on who asks (groups, the
permissions they and the user hold, a verified second factor), the language and the
registered admins, so it is kept in the cache under a key made of exactly those; a change of
role gives a new key at once, and an entry lives at most NAV_CACHE_SECONDS."""

import hashlib

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.core.cache import cache
from django.utils.translation import get_language

NAV_CACHE_SECONDS = 300


def _plain(app_list):
    """The app list with lazy names made text, so it can be pickled into a shared cache."""
    return [
        {
            **app,
            "name": str(app["name"]),
            "models": [{**model, "name": str(model["name"])} for model in app["models"]],
        }
        for app in app_list
    ]


class PortalAdminSite(AdminSite):
    _registry_digest = None

    def _registry_key(self) -> str:
        if self._registry_digest is None or self._registry_digest[0] != len(self._registry):
            labels = sorted(model._meta.label for model in self._registry)
            self._registry_digest = (len(self._registry), hashlib.sha256("|".join(labels).encode()).hexdigest()[:16])
        return self._registry_digest[1]

    def nav_cache_key(self, request, app_label=None) -> str | None:
        """Who asks, in Django's own terms (core knows no roles): the groups, every permission
        the model backend grants (all of them for a superuser) and whether the rules let the user
        act as IMDi staff now (a verified second factor)."""
        from core.rules import acts_as_imdi_staff

        user = request.user
        if not (getattr(user, "is_authenticated", False) and user.is_active and user.is_staff):
            return None
        who = "|".join(
            [
                str(user.pk),
                ",".join(str(pk) for pk in sorted(user.groups.values_list("pk", flat=True))),
                ",".join(sorted(user.get_all_permissions())),
                f"staff={acts_as_imdi_staff(user)}",
            ]
        )
        digest = hashlib.sha256(who.encode()).hexdigest()[:24]
        return f"admin-nav:{self.name}:{self._registry_key()}:{get_language()}:{app_label or ''}:{digest}"

    def get_app_list(self, request, app_label=None):
        key = self.nav_cache_key(request, app_label)
        if key is None:
            return super().get_app_list(request, app_label)
        app_list = cache.get(key)
        if app_list is None:
            app_list = _plain(super().get_app_list(request, app_label))
            cache.set(key, app_list, NAV_CACHE_SECONDS)
        return app_list


class PortalAdminConfig(AdminConfig):
    default_site = "core.admin_site.PortalAdminSite"
