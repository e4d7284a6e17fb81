"""Where the private files live: the local disk (the embedded default) or S3-compatible storage.

STORAGE_BACKEND=filesystem keeps files under MEDIA_ROOT. STORAGE_BACKEND=s3 keeps them in one
private bucket through django-storages (AWS S3, MinIO, Ceph, a cloud provider's object store):
every web and worker node then sees the same files. The settings read here (README,
"Configuration"):

    AWS_STORAGE_BUCKET_NAME   the bucket (required)
    S3_ENDPOINT_URL           the service's address; unset: AWS itself
    AWS_S3_REGION_NAME        region (e.g. eu-north-1; MinIO: us-east-1)
    AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
                              the key; unset: boto3's own chain (instance role, ~/.aws)
    AWS_LOCATION              a folder inside the bucket for this installation (default: none)
    S3_ADDRESSING_STYLE       `path` (MinIO and most stand-ins) or `virtual`; default auto
    AWS_S3_VERIFY             `false` only for a test service with a self-signed certificate

Objects are written with the `private` ACL and never overwritten (a name in use gets a suffix,
as on disk). The portal never hands out a bucket URL, signed or not: downloads go through its
own permission-checked views (core.uploads.attachment_response), which read the object and
stream it (core/storage_s3.py: `url()` answers the same unserved /media/ address the disk
storage gives).

This module is imported by the settings: it must not import Django models, django-storages or
read settings at import time.
"""

from django.core.exceptions import ImproperlyConfigured

FILESYSTEM = "filesystem"
S3 = "s3"
BACKENDS = (FILESYSTEM, S3)
FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
S3_BACKEND = "core.storage_s3.PrivateS3Storage"
ADDRESSING_STYLES = ("auto", "path", "virtual")


def default_storage_settings(backend: str, env) -> dict:
    """STORAGES["default"] for STORAGE_BACKEND `backend`, read from the environment `env`
    (django-environ). A wrong or incomplete setting stops the start with a clear message."""
    if backend == FILESYSTEM:
        return {"BACKEND": FILESYSTEM_BACKEND}
    if backend != S3:
        raise ImproperlyConfigured(f"STORAGE_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}")
    bucket = env("AWS_STORAGE_BUCKET_NAME", default="").strip()
    if not bucket:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME")
    addressing = env("S3_ADDRESSING_STYLE", default="auto").strip().lower()
    if addressing not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(f"S3_ADDRESSING_STYLE must be one of {', '.join(ADDRESSING_STYLES)}")
    options = {
        "bucket_name": bucket,
        "default_acl": "private",
        "file_overwrite": False,
        "querystring_auth": True,  # even a URL built by mistake is never a public one
        "signature_version": "s3v4",
        "location": env("AWS_LOCATION", default="").strip().strip("/"),
        "verify": env.bool("AWS_S3_VERIFY", default=True),
    }
    if addressing != "auto":
        options["addressing_style"] = addressing
    endpoint = env("S3_ENDPOINT_URL", default="") or env("AWS_S3_ENDPOINT_URL", default="")
    if endpoint:
        options["endpoint_url"] = endpoint.strip()
    region = env("AWS_S3_REGION_NAME", default="") or env("AWS_DEFAULT_REGION", default="")
    if region:
        options["region_name"] = region.strip()
    access_key = env("AWS_ACCESS_KEY_ID", default="")
    secret_key = env("AWS_SECRET_ACCESS_KEY", default="")
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together")
    if access_key:
        options["access_key"] = access_key
        options["secret_key"] = secret_key
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
