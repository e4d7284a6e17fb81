from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo logins and demo cases for the embedded default (`seed_demo`). Kept apart from the
    portal shell because it drives every app's services, and so a deployment can leave it out."""

    name = "demo"
    verbose_name = "Demo"
