import os

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
# Each pytest-xdist worker (make test runs one per core) writes to its own media folder.
MEDIA_ROOT = env.path(
    "TEST_MEDIA_ROOT", default=BASE_DIR / "var" / f"test-media-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
)
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Demo and tests sign IMDi staff in with a password; tests/identity turns the second factor on.
IMDI_REQUIRE_SECOND_FACTOR = env.bool("IMDI_REQUIRE_SECOND_FACTOR", default=False)
# The request log is off in tests (tests/ops turn it on where they test it): no line per test
# request, and no case-number lookup inside the query counts the tests assert.
LOGGING["loggers"]["portal.request"] = {"level": "WARNING"}  # noqa: F405
