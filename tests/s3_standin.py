"""A real local S3 stand-in for the storage tests: moto's S3 in server mode (ThreadedMotoServer)
on 127.0.0.1 and a free port, spoken to over HTTP by boto3 exactly as a real service would be.

`s3_server` (session) starts it once; `s3_storage` (per test) creates a fresh private bucket
and points the default storage at it (STORAGE_BACKEND=s3 settings built by core.storage, so the
tests use the same options as production)."""

import socket
import uuid

import boto3
import environ
import pytest
from moto.server import ThreadedMotoServer

from core.storage import default_storage_settings

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"
REGION = "eu-north-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def s3_client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


class Bucket:
    """The test's bucket, read directly (not through the portal) to check what was stored."""

    def __init__(self, endpoint: str, name: str):
        self.endpoint = endpoint
        self.name = name
        self.client = s3_client(endpoint)

    def names(self) -> list[str]:
        answer = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in answer.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def grants(self, key: str) -> list[dict]:
        return self.client.get_object_acl(Bucket=self.name, Key=key)["Grants"]

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.name, Key=key)


@pytest.fixture
def s3_storage(s3_server, settings, monkeypatch, tmp_path):
    """The default storage is a fresh private bucket on the stand-in; MEDIA_ROOT is an empty
    folder that must stay empty (nothing may fall back to the local disk)."""
    name = f"imdi-test-{uuid.uuid4().hex[:12]}"
    bucket = Bucket(s3_server, name)
    bucket.client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    for key, value in {
        "AWS_STORAGE_BUCKET_NAME": name,
        "S3_ENDPOINT_URL": s3_server,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "S3_ADDRESSING_STYLE": "path",
    }.items():
        monkeypatch.setenv(key, value)
    settings.MEDIA_ROOT = tmp_path / "must-stay-empty"
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_settings("s3", environ.Env())}
    return bucket
