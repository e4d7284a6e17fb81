"""GET /helse/ for the load balancer: database, broker and storage, each checked for real.

200 when every check passes, 503 when any fails; the body is JSON with one entry per check
(`ok` and the time it took; on failure the kind of error, never its text, which may name hosts).
No login, no personal data, never cached. The exception itself goes to the log."""

import logging
import time
import uuid

from celery import current_app
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2
HEALTH_FOLDER = "helse"


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker():
    """One connection to the Celery broker, one try, a short timeout (no retry loop)."""
    with current_app.connection_for_write(connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT_SECONDS)
        conn.default_channel  # noqa: B018 - opening a channel talks to the broker (redis: PING)


def check_storage():
    """Write a small file into the health folder of the default storage and delete it."""
    name = default_storage.save(f"{HEALTH_FOLDER}/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        if not default_storage.exists(name):
            raise OSError("written file not found")
    finally:
        default_storage.delete(name)


CHECKS = {"database": check_database, "broker": check_broker, "storage": check_storage}


@never_cache
@require_safe
def health(request):
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as error:  # every failure is a failed check, never a 500
            logger.exception("health check %s failed", name)
            results[name] = {"ok": False, "error": type(error).__name__}
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    healthy = all(result["ok"] for result in results.values())
    response = JsonResponse({"status": "ok" if healthy else "feil", "checks": results}, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response
