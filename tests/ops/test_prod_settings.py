"""The production settings, loaded in a subprocess with the environment .ci/run gives them:
persistent connections with health checks, Redis cache and cached_db sessions when REDIS_URL or
CACHE_URL is set, JSON logs, the manifest static storage, and /helse/ answered over plain HTTP
(the load balancer's probe) while every other page is redirected to HTTPS."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.s3_standin import ACCESS_KEY, REGION, SECRET_KEY, s3_client

SCRIPT = """
import json
import django
django.setup()
from django.conf import settings as s
from django.test import Client
client = Client(HTTP_HOST="portal.example.no")
health = client.get("/helse/")
print(json.dumps({
    "conn_max_age": s.DATABASES["default"]["CONN_MAX_AGE"],
    "health_checks": s.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "cache": s.CACHES["default"]["BACKEND"],
    "cache_location": s.CACHES["default"].get("LOCATION"),
    "sessions": s.SESSION_ENGINE,
    "formatter": s.LOGGING["handlers"]["console"]["formatter"],
    "staticfiles": s.STORAGES["staticfiles"]["BACKEND"],
    "default_storage": s.STORAGES["default"]["BACKEND"],
    "storage_ok": health.json()["checks"]["storage"]["ok"],
    "middleware": s.MIDDLEWARE[:3],
    "health_status": health.status_code,
    "home_status": client.get("/").status_code,
}))
"""


def prod(tmp_path, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "REDIS_", "CACHE_", "DB_", "AWS_", "S3_", "STORAGE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="imdi_portal.settings.prod",
        SECRET_KEY="prod-settings-test-" + "k" * 50,
        ALLOWED_HOSTS="portal.example.no",
        DATABASE_URL=os.environ.get("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}"),
        CELERY_BROKER_URL="memory://",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    env.pop("LOG_FORMAT", None)
    env.update(extra)
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_production_defaults(tmp_path):
    found = prod(tmp_path)
    assert found["conn_max_age"] == 60 and found["health_checks"] is True
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"  # no Redis configured
    assert found["sessions"] == "django.contrib.sessions.backends.db"
    assert found["formatter"] == "json"
    assert found["staticfiles"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert found["default_storage"] == "django.core.files.storage.FileSystemStorage"  # the embedded default
    assert found["storage_ok"] is True
    assert found["middleware"] == [
        "core.logging.RequestLogMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    assert found["home_status"] == 301  # to HTTPS
    assert found["health_status"] in (200, 503)  # answered, not redirected


def test_redis_cache_and_sessions_and_tunable_connections(tmp_path):
    found = prod(tmp_path, REDIS_URL="redis://127.0.0.1:6379/3", DB_CONN_MAX_AGE="0", LOG_FORMAT="text")
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["cache_location"] == "redis://127.0.0.1:6379/3"
    assert found["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert found["conn_max_age"] == 0
    assert found["formatter"] == "text"
    # CACHE_URL wins over REDIS_URL.
    found = prod(tmp_path, REDIS_URL="redis://127.0.0.1:6379/3", CACHE_URL="redis://127.0.0.1:6379/4")
    assert found["cache_location"] == "redis://127.0.0.1:6379/4"


def test_development_and_tests_open_a_connection_per_request():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 0
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_an_unknown_log_format_is_refused(tmp_path):
    with pytest.raises(AssertionError, match="LOG_FORMAT must be json or text"):
        prod(tmp_path, LOG_FORMAT="xml")


def test_s3_storage_from_the_environment_passes_the_health_check(tmp_path, s3_server):
    bucket = "imdi-prod-settings"
    s3_client(s3_server).create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    found = prod(
        tmp_path,
        STORAGE_BACKEND="s3",
        AWS_STORAGE_BUCKET_NAME=bucket,
        S3_ENDPOINT_URL=s3_server,
        AWS_S3_REGION_NAME=REGION,
        AWS_ACCESS_KEY_ID=ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY=SECRET_KEY,
        S3_ADDRESSING_STYLE="path",
        # The health check also asks the database: a file of its own, since the suite's
        # DATABASE_URL names a server database that need not exist (pytest uses test_<name>).
        DATABASE_URL=f"sqlite:///{tmp_path / 'health.sqlite3'}",
    )
    assert found["default_storage"] == "core.storage_s3.PrivateS3Storage"
    assert found["staticfiles"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"  # static stays local
    assert found["storage_ok"] is True
    assert found["health_status"] == 200
    assert not (tmp_path / "media").exists()  # nothing written to the local disk


def test_s3_storage_without_a_bucket_is_refused_at_start(tmp_path):
    with pytest.raises(AssertionError, match="STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME"):
        prod(tmp_path, STORAGE_BACKEND="s3")
