from django.contrib.auth import views as auth_views
from django.urls import path

from core.login import LoginForm
from portal import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("personvern/", views.privacy, name="privacy"),
    path(
        "logg-inn/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("helse/", health.health, name="health"),
]
