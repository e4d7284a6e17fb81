"""STORAGE_BACKEND and the S3 settings read by core.storage.default_storage_settings: the local
disk by default; for s3 a private, never-overwriting bucket with the given endpoint, region and
key; wrong or incomplete settings stop the start with a clear message."""

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured

from core.storage import default_storage_settings

S3_VARIABLES = (
    "AWS_STORAGE_BUCKET_NAME",
    "S3_ENDPOINT_URL",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_DEFAULT_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_LOCATION",
    "S3_ADDRESSING_STYLE",
    "AWS_S3_VERIFY",
)


@pytest.fixture
def environment(monkeypatch):
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def given(**values):
        for key, value in values.items():
            monkeypatch.setenv(key, value)
        return environ.Env()

    return given


def test_the_local_disk_is_the_default(environment):
    assert default_storage_settings("filesystem", environment()) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_s3_is_private_signed_and_never_overwrites(environment):
    env = environment(
        AWS_STORAGE_BUCKET_NAME="imdi-filer",
        S3_ENDPOINT_URL="https://s3.example.no",
        AWS_S3_REGION_NAME="eu-north-1",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
        AWS_LOCATION="/tilskudd/",
        S3_ADDRESSING_STYLE="path",
    )
    found = default_storage_settings("s3", env)
    assert found["BACKEND"] == "core.storage_s3.PrivateS3Storage"
    assert found["OPTIONS"] == {
        "bucket_name": "imdi-filer",
        "default_acl": "private",
        "file_overwrite": False,
        "querystring_auth": True,
        "signature_version": "s3v4",
        "location": "tilskudd",
        "verify": True,
        "addressing_style": "path",
        "endpoint_url": "https://s3.example.no",
        "region_name": "eu-north-1",
        "access_key": "key",
        "secret_key": "secret",
    }


def test_s3_without_a_key_leaves_credentials_to_boto3(environment):
    options = default_storage_settings("s3", environment(AWS_STORAGE_BUCKET_NAME="b"))["OPTIONS"]
    assert "access_key" not in options and "secret_key" not in options
    assert "endpoint_url" not in options and "addressing_style" not in options


@pytest.mark.parametrize(
    ("backend", "values", "message"),
    [
        ("ftp", {}, "STORAGE_BACKEND must be one of filesystem, s3"),
        ("s3", {}, "needs AWS_STORAGE_BUCKET_NAME"),
        ("s3", {"AWS_STORAGE_BUCKET_NAME": "   "}, "needs AWS_STORAGE_BUCKET_NAME"),
        ("s3", {"AWS_STORAGE_BUCKET_NAME": "b", "AWS_ACCESS_KEY_ID": "key"}, "go together"),
        ("s3", {"AWS_STORAGE_BUCKET_NAME": "b", "AWS_SECRET_ACCESS_KEY": "s"}, "go together"),
        ("s3", {"AWS_STORAGE_BUCKET_NAME": "b", "S3_ADDRESSING_STYLE": "sideways"}, "S3_ADDRESSING_STYLE"),
    ],
)
def test_wrong_settings_are_refused(environment, backend, values, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        default_storage_settings(backend, environment(**values))
