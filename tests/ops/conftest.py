# The local S3 stand-in (moto in server mode on loopback) for the storage tests.
from tests.s3_standin import s3_server, s3_storage  # noqa: F401 - fixtures
