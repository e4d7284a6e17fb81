from django.apps import AppConfig


def _provider_mark_clear(sender, request, user, **kwargs):
    """A login that is not through a provider backend drops the provider's mark (and with it
    Entra's second factor) from the session it reuses."""
    from organisations.oidc import ID_TOKEN_SESSION_KEY, PROVIDER_SESSION_KEY

    if request is None or getattr(user, "backend", "").startswith("organisations.oidc."):
        return
    request.session.pop(PROVIDER_SESSION_KEY, None)
    request.session.pop(ID_TOKEN_SESSION_KEY, None)


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = "Organisasjoner"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from organisations import checks  # noqa: F401 - registers the deploy check

        user_logged_in.connect(_provider_mark_clear, dispatch_uid="organisations.provider_mark_clear")
