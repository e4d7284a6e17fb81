from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The portal shell: front pages, login, navigation context, and the commands that set up
    and run the embedded default. It sits on top of every other app and nothing imports it."""

    name = "portal"
    verbose_name = "Portal"
