"""Sign-in through ID-porten and Entra ID (organisations.oidc holds the providers and backends;
these are mozilla-django-oidc's views answering per provider) and the logout that also ends
the session at the provider. Every refusal lands on the login page with a Norwegian message."""

import logging

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from organisations import rules as org_rules
from organisations.oidc import (
    IdentityRefused,
    end_session_url,
    provider_get,
    provider_metadata,
    provider_settings,
)

logger = logging.getLogger(__name__)


class _ProviderSettingsMixin:
    provider = ""

    def get_settings(self, attr, *args):  # the library's staticmethod, answered per provider
        from django.conf import settings

        if attr in self._provider_settings:
            return self._provider_settings[attr]
        return getattr(settings, attr, *args) if args else getattr(settings, attr)

    def _configure(self):
        self.provider_config = provider_get(self.provider)
        if self.provider_config is None:
            raise Http404
        self._provider_settings = provider_settings(self.provider_config, provider_metadata(self.provider_config))


def _refused(request, message):
    messages.error(request, message)
    return redirect("login")


class ProviderLoginView(_ProviderSettingsMixin, OIDCAuthenticationRequestView):
    """Sends the browser to the provider (state, nonce and the PKCE verifier kept in the session)."""

    def __init__(self, **kwargs):
        # The library reads its settings here; ours need the discovery document, read in get().
        self._provider_settings = {}
        for key, value in kwargs.items():
            setattr(self, key, value)

    def get(self, request):
        try:
            self._configure()
        except IdentityRefused as exc:
            return _refused(request, exc.message)
        self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        return super().get(request)


class ProviderCallbackView(_ProviderSettingsMixin, OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with the code; the backend for this provider
    exchanges it and checks the id token."""

    _provider_settings: dict = {}  # noqa: RUF012 - replaced per request in get()

    def get(self, request):
        try:
            self._configure()
            return super().get(request)
        except IdentityRefused as exc:
            return _refused(request, exc.message)
        except SuspiciousOperation as exc:
            # A state the session does not hold: a replayed or forged answer, or another tab's.
            logger.warning("%s callback refused: %s", self.provider, exc)
            return _refused(request, _("Innloggingen kunne ikke fullføres. Start innloggingen på nytt."))

    def login_failure(self):
        if self.request.GET.get("error"):
            message = _("Innloggingen hos %(provider)s ble avbrutt.")
        else:
            message = _("Innloggingen hos %(provider)s kunne ikke fullføres. Start innloggingen på nytt.")
        return _refused(self.request, message % {"provider": self.provider_config.label})

    @property
    def success_url(self):
        next_url = self.request.session.get("oidc_login_next")
        if next_url:
            return next_url
        if org_rules.first_steps_to_join(self.user):
            return resolve_url("organisations:join")
        return resolve_url("start")


class LogoutView(auth_views.LogoutView):
    """Django's logout; a user whom a provider signed in is then sent to the provider's
    end_session_endpoint, which sends them back to the front page."""

    def post(self, request, *args, **kwargs):
        provider_logout = end_session_url(
            request, post_logout_redirect_uri=request.build_absolute_uri(resolve_url(self.get_success_url()))
        )
        response = super().post(request, *args, **kwargs)
        if provider_logout:
            return HttpResponseRedirect(provider_logout)
        return response
