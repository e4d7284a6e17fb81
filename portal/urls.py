from django.contrib.auth import views as auth_views
from django.urls import path

from portal import health, views, views_oidc, views_second_factor
from portal.forms import PortalLoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("personvern/", views.privacy, name="privacy"),
    path(
        "logg-inn/",
        views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=PortalLoginForm),
        name="login",
    ),
    path("logg-inn/idporten/", views_oidc.ProviderLoginView.as_view(provider="idporten"), name="idporten_login"),
    path(
        "logg-inn/idporten/ferdig/",
        views_oidc.ProviderCallbackView.as_view(provider="idporten"),
        name="idporten_callback",
    ),
    path("logg-inn/entra/", views_oidc.ProviderLoginView.as_view(provider="entra"), name="entra_login"),
    path("logg-inn/entra/ferdig/", views_oidc.ProviderCallbackView.as_view(provider="entra"), name="entra_callback"),
    path("logg-ut/", views_oidc.LogoutView.as_view(), name="logout"),
    # Password reset by e-mail: Django's views and token, our Norwegian templates. The mail goes
    # through Django's mail directly, not core.notifications: a Notification row would keep the
    # reset link (a credential) readable in the admin's notification list.
    path(
        "passord/glemt/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path("passord/glemt/sendt/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "passord/nytt/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("passord/nytt/ferdig/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("tofaktor/oppsett/", views_second_factor.second_factor_setup, name="second_factor_setup"),
    path("tofaktor/", views_second_factor.second_factor_verify, name="second_factor_verify"),
    path("helse/", health.health, name="health"),
]
