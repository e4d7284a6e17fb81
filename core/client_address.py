"""The client's address as the deployment can trust it, for the login lockout (django-axes).

Behind the TLS proxy every request comes from the proxy's address, so locking out by
REMOTE_ADDR would lock out everyone at once. Each trusted proxy appends the address it received
the request from to `X-Forwarded-For`; with `TRUSTED_PROXY_COUNT` proxies in front of gunicorn
the client is the entry that many places from the right. Entries further left were written by
the client and are never believed. With no trusted proxy (the default) the direct address is
used, and a forged header is ignored."""

import ipaddress

from django.conf import settings


def _address(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_ip_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    header = request.META.get(settings.TRUSTED_PROXY_HEADER, "")
    hops = [part for part in header.split(",") if part.strip()]
    if len(hops) < count:
        # The proxies did not write what they should: trust nothing the client sent.
        return remote
    return _address(hops[-count]) or remote
