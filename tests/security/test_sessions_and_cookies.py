"""Sessions end after an idle period, documented in the README; the language cookie is Secure
and SameSite=Lax in production, where `check --deploy` stays clean (issue 10, item 9)."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from tests.factories import member, municipality

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _prod(code: str) -> subprocess.CompletedProcess:
    # The e2e conftest allows sync ORM calls under Playwright's loop for its own process;
    # a production check must not inherit that.
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "imdi_portal.settings.prod",
        "SECRET_KEY": "x" * 60 + "production-like-secret-for-the-check",
        "ALLOWED_HOSTS": "portal.example.no",
    }
    command = [sys.executable, "-c", code]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603


def test_language_cookie_is_secure_and_lax_in_production_and_deploy_check_is_clean():
    result = _prod(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_SAMESITE, s.SESSION_COOKIE_SECURE, "
        "s.SESSION_SAVE_EVERY_REQUEST, s.SESSION_COOKIE_AGE <= 2 * 3600)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "Lax", "True", "True", "True"]
    check = _prod(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_language_cookie_is_lax(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]


def test_session_idle_timeout_is_configured_and_documented():
    assert 30 * 60 <= settings.SESSION_COOKIE_AGE <= 2 * 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST
    readme = (ROOT / "README.md").read_text()
    assert "`SESSION_IDLE_MINUTES`" in readme


def test_an_idle_session_ends_and_an_active_one_is_extended(client):
    user = member(municipality())
    client.force_login(user)
    idle = settings.SESSION_COOKIE_AGE
    with time_machine.travel(dt.datetime.now(tz=dt.UTC), tick=False) as clock:
        assert client.get(reverse("applications:dashboard")).status_code == 200
        # Active just before the limit: the clock starts again.
        clock.shift(idle - 60)
        assert client.get(reverse("applications:dashboard")).status_code == 200
        clock.shift(idle - 60)
        assert client.get(reverse("applications:dashboard")).status_code == 200
        # Then idle past the limit: signed out.
        clock.shift(idle + 60)
        response = client.get(reverse("applications:dashboard"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
