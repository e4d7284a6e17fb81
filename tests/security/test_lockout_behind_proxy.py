"""The login lockout counts per client as the TLS proxy reports it (issue 10, item 9): behind
the proxy every request comes from one address, so reading only REMOTE_ADDR would lock every
user out together. Entries the client wrote into X-Forwarded-For are never believed."""

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from core.client_address import client_ip_address
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "passord-123"
PROXY = "172.18.0.5"


def _login(client, username, password, *, forwarded, remote=PROXY):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip_address(_request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the left entry was forged by the client
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "", PROXY),  # the proxy did not write the header: the direct address
        (2, "203.0.113.9", PROXY),
        (1, "not-an-address", PROXY),
    ],
)
def test_client_address_behind_trusted_proxies(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip_address(_request(PROXY, forwarded)) == expected


def test_axes_reads_the_configured_client_address():
    assert settings.AXES_CLIENT_IP_CALLABLE == "core.client_address.client_ip_address"


def test_a_locked_out_client_behind_the_proxy_does_not_lock_out_another(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="delt")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "delt", "feil", forwarded="203.0.113.9")
    assert _login(client, "delt", PASSWORD, forwarded="203.0.113.9").status_code == 429
    # A forged left-hand entry does not get the attacker a fresh counter.
    assert _login(client, "delt", PASSWORD, forwarded="1.2.3.4, 203.0.113.9").status_code == 429
    # Another client behind the same proxy signs in.
    client.cookies.clear()
    assert _login(client, "delt", PASSWORD, forwarded="198.51.100.20").status_code == 302
