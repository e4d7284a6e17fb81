from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "casework"
    verbose_name = _("Meldinger i saker")

    def ready(self):
        # The decision letters on grant requests are rendered off the request (core.documents).
        from casework.services_grant_requests import register

        register()
