from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from portal.rules import start_page_of
from schemes.selectors import calls_public, calls_split_open_past


def home(request):
    open_calls, past_calls = calls_split_open_past(calls_public())
    return render(request, "portal/home.html", {"open_calls": open_calls, "past_calls": past_calls[:3]})


def accessibility(request):
    return render(request, "portal/accessibility.html")


def privacy(request):
    return render(request, "portal/privacy.html")


@login_required
def start(request):
    """Each role lands on its own start page: finance on the payout pages, other IMDi staff in
    the admin, municipal users on their organisations' dashboard."""
    return redirect(start_page_of(request.user))


class LoginView(auth_views.LoginView):
    """Django's login with a password, and beside it the identity providers that are configured
    ("Logg inn med ID-porten", and Entra ID for IMDi staff)."""

    def get_context_data(self, **kwargs):
        from organisations.oidc import providers_configured

        return {**super().get_context_data(**kwargs), "identity_providers": providers_configured()}


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view; the link in the mail is built on PORTAL_BASE_URL (read per request),
    not on the Host header of whoever asked."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        self.extra_email_context = {"portal_base_url": settings.PORTAL_BASE_URL.rstrip("/")}
        return super().form_valid(form)
