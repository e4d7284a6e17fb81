"""Marks a user whom Entra ID signed in (Entra enforces IMDi's multi-factor policy) so that
organisations.roles counts the second factor as done for this session. Runs after django-otp's
OTPMiddleware. The mark comes only from the server-side session, set by the Entra backend and
removed when the same session signs in another way (organisations.apps)."""

from organisations.oidc import MFA_PROVIDERS, PROVIDER_SESSION_KEY


class ProviderSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(PROVIDER_SESSION_KEY) in MFA_PROVIDERS:
            user = request.user
            if user.is_authenticated:
                user.second_factor_by_provider = True
        return self.get_response(request)
