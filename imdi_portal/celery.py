import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imdi_portal.settings.dev")

app = Celery("imdi_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# One structured log line per task (core.logging).
from core.logging import task_log_connect  # noqa: E402

task_log_connect()
