"""/helse/ for the load balancer: database, broker and storage checked for real; 200 with a JSON
entry per check, 503 when any fails; no login, nothing cached, no personal data."""

import socket
import time

import pytest
from celery import current_app
from django.urls import reverse

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def broker_url():
    """Point the Celery app at another broker for one test."""
    original = current_app.conf.broker_url

    def point(url):
        current_app.conf.broker_url = url

    yield point
    current_app.conf.broker_url = original


def test_all_checks_pass_without_login(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "broker", "storage"}
    assert all(check["ok"] and isinstance(check["ms"], float) for check in body["checks"].values())
    assert not response.cookies  # no session, no CSRF cookie for a probe
    assert list((tmp_path / "helse").iterdir()) == []  # the storage probe cleans up after itself


def test_a_closed_broker_port_fails_fast_with_503(client, settings, tmp_path, broker_url):
    settings.MEDIA_ROOT = str(tmp_path)
    broker_url(f"redis://127.0.0.1:{closed_port()}/0")
    started = time.monotonic()
    response = client.get(reverse("health"))
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    assert "no-store" in response["Cache-Control"]
    checks = response.json()["checks"]
    assert response.json()["status"] == "feil"
    assert checks["broker"]["ok"] is False and checks["broker"]["error"] == "OperationalError"
    assert "127.0.0.1" not in response.content.decode()  # the error's text (hosts, ports) stays in the log
    assert checks["database"]["ok"] and checks["storage"]["ok"]


def test_a_storage_that_cannot_write_fails(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = str(blocker)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["storage"]["ok"] is False
    assert checks["database"]["ok"] and checks["broker"]["ok"]


def test_a_real_redis_broker_passes(client, settings, tmp_path, broker_url):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        if sock.connect_ex(("127.0.0.1", 6379)) != 0:
            pytest.skip("no Redis on 127.0.0.1:6379")
    settings.MEDIA_ROOT = str(tmp_path)
    broker_url("redis://127.0.0.1:6379/15")
    response = client.get(reverse("health"))
    assert response.status_code == 200, response.content
    assert response.json()["checks"]["broker"]["ok"] is True


def test_only_reads(client):
    assert client.post(reverse("health")).status_code == 405
