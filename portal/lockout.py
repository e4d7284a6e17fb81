"""What a user is told about django-axes' lockout: how many tries are left, and when the lock
lifts. Attempts count per username and client address (AXES_LOCKOUT_PARAMETERS)."""

from axes.helpers import get_client_ip_address, get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render


def _attempts(request, username):
    ip_address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    return AccessAttempt.objects.filter(username=username, ip_address=ip_address)


def login_tries_left(request, credentials) -> int:
    """Failed logins this username may still make from this address before the lock."""
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        username = get_client_username(request, credentials)
        failures = _attempts(request, username).aggregate(n=Sum("failures_since_start"))["n"] or 0
    return max(get_failure_limit(request, credentials) - failures, 0)


def lock_lifts_at(request, credentials):
    """When the lock on this username and address lifts (the last failure plus the cool-off)."""
    cool_off = get_cool_off(request)
    last = _attempts(request, get_client_username(request, credentials)).aggregate(t=Max("attempt_time"))["t"]
    if cool_off is None or last is None:
        return None
    return last + cool_off


def lockout_response(request, original_response, credentials):
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_timedelta": get_cool_off(request),
        "lifts_at": lock_lifts_at(request, credentials),
    }
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
