"""Structured logs: a JSON formatter (LOG_FORMAT=json), one line per request (RequestLogMiddleware)
and one per Celery task (task_log_connect), and the optional error-tracking hook (SENTRY_DSN).

A request line: method, path (no query string: it may carry search terms), status, duration_ms,
user_id (no name or e-mail), view and, when the URL points into a case, its case_number. The
case number is looked up from the URL's id through settings.LOG_CASE_URLS (one indexed query on
such pages, only while the request log is enabled at INFO)."""

import datetime as dt
import json
import logging
import time

from django.apps import apps
from django.conf import settings

request_logger = logging.getLogger("portal.request")
task_logger = logging.getLogger("portal.task")

# The attributes every LogRecord has; anything else on a record came from `extra=` and is logged.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the `extra` fields,
    and the traceback as `exc` when there is one."""

    def format(self, record):
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def case_number_for(resolver_match) -> str:
    """The case number the resolved URL points into, "" if none (settings.LOG_CASE_URLS maps
    "namespace:url_name" or "namespace" to (model label, URL kwarg, path to the case number))."""
    if resolver_match is None:
        return ""
    rules = getattr(settings, "LOG_CASE_URLS", {})
    rule = rules.get(resolver_match.view_name) or rules.get(resolver_match.namespace)
    if not rule:
        return ""
    label, kwarg, path = rule
    pk = resolver_match.kwargs.get(kwarg)
    if pk is None:
        return ""
    model = apps.get_model(label)
    number = model._default_manager.filter(pk=pk).values_list(path, flat=True).first()
    return number or ""


class RequestLogMiddleware:
    """One line per request on the logger "portal.request" (first in MIDDLEWARE, so the duration
    covers the whole stack). Off when that logger is above INFO (the test settings)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if request_logger.isEnabledFor(logging.INFO):
            self.log(request, response, duration_ms=(time.perf_counter() - started) * 1000)
        return response

    @staticmethod
    def log(request, response, *, duration_ms):
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        match = getattr(request, "resolver_match", None)
        try:
            # Only once the view has let a signed-in user in (a 404 or a login redirect names nothing).
            case_number = case_number_for(match) if signed_in and response.status_code < 400 else ""
        except Exception:  # a log line never breaks a request
            request_logger.warning("case number lookup failed", exc_info=True)
            case_number = ""
        fields = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round(duration_ms, 1),
            "user_id": user.pk if signed_in else None,
            "view": match.view_name if match else "",
            "case_number": case_number,
        }
        request_logger.info(
            "%s %s %s %.0f ms", request.method, request.path, response.status_code, duration_ms, extra=fields
        )


_task_started: dict[str, float] = {}


def _task_prerun(task_id=None, **kwargs):
    _task_started[task_id] = time.perf_counter()


def _task_postrun(task_id=None, task=None, state=None, **kwargs):
    started = _task_started.pop(task_id, None)
    duration_ms = round((time.perf_counter() - started) * 1000, 1) if started is not None else None
    fields = {"task": getattr(task, "name", ""), "task_id": task_id, "duration_ms": duration_ms, "outcome": state}
    level = logging.ERROR if state == "FAILURE" else logging.INFO
    task_logger.log(level, "task %s %s %s ms", fields["task"], state, duration_ms, extra=fields)


def task_log_connect():
    """One line per Celery task on "portal.task": name, id, duration, outcome (SUCCESS, FAILURE,
    RETRY …). Connected by imdi_portal.celery."""
    from celery import signals

    signals.task_prerun.connect(_task_prerun, weak=False, dispatch_uid="portal.task_log.prerun")
    signals.task_postrun.connect(_task_postrun, weak=False, dispatch_uid="portal.task_log.postrun")


def error_tracking_init(dsn: str, *, environment: str = "") -> bool:
    """Send errors to Sentry (or a Sentry-compatible service) if `dsn` is set and sentry-sdk is
    installed; no personal data (send_default_pii off). True when initialised."""
    if not dsn:
        return False
    try:
        import sentry_sdk
        from sentry_sdk.integrations.celery import CeleryIntegration
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError:
        logging.getLogger(__name__).warning("SENTRY_DSN is set but sentry-sdk is not installed: no error tracking")
        return False
    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        traces_sample_rate=0.0,
    )
    return True
