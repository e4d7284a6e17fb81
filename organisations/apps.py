from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = "Organisasjoner"

    def ready(self):
        from organisations import checks  # noqa: F401 - registers the deploy check
