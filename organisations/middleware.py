"""Two things for a session an identity provider signed in (organisations.oidc):

- A user whom Entra ID signed in (Entra enforces IMDi's multi-factor policy) is marked so that
  organisations.roles counts the second factor as done for this session. The mark comes only
  from the server-side session, set by the Entra backend and removed when the same session
  signs in another way (organisations.apps).
- The pages allow the provider's logout in CSP's form-action: the logout form posts to the
  portal, which redirects to the provider's end_session_endpoint.

Placed after django-otp's OTPMiddleware and inside django-csp's middleware (it must set the
response's CSP update before CSPMiddleware writes the header)."""

from organisations.oidc import MFA_PROVIDERS, PROVIDER_SESSION_KEY, end_session_origin


class ProviderSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        provider = session.get(PROVIDER_SESSION_KEY) if session is not None else None
        if provider in MFA_PROVIDERS:
            user = request.user
            if user.is_authenticated:
                user.second_factor_by_provider = True
        response = self.get_response(request)
        if provider and request.user.is_authenticated:
            origin = end_session_origin(request)
            if origin:
                update = dict(getattr(response, "_csp_update", None) or {})
                update["form-action"] = [*update.get("form-action", []), origin]
                response._csp_update = update
        return response
