"""The portal shell and the demo seeding live in their own apps; `core` keeps only what every
app uses. The command names stay what the Makefile, CI and Docker call."""

from django.core.management import get_commands
from django.urls import resolve, reverse

from portal import views


def test_commands_keep_their_names_in_their_new_apps():
    commands = get_commands()
    assert commands["seed_demo"] == "demo"
    assert commands["run_portal"] == "portal"
    assert commands["load_reference_data"] == "portal"


def test_front_pages_and_login_keep_their_url_names():
    assert resolve(reverse("home")).func is views.home
    assert resolve(reverse("start")).func is views.start
    assert resolve(reverse("accessibility")).func is views.accessibility
    assert resolve(reverse("privacy")).func is views.privacy
    assert reverse("login") == "/logg-inn/"
    assert reverse("logout") == "/logg-ut/"


def test_front_pages_render_the_portal_templates(db, client):
    for name, template in [
        ("home", "portal/home.html"),
        ("accessibility", "portal/accessibility.html"),
        ("privacy", "portal/privacy.html"),
    ]:
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert template in [t.name for t in response.templates]


def test_the_navigation_context_comes_from_the_portal(db, client):
    response = client.get(reverse("home"))
    assert response.context["user_is_finance"] is False
