"""The S3 storage class behind STORAGE_BACKEND=s3 (settings: core/storage.py)."""

from urllib.parse import quote

from django.conf import settings
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """S3Storage that never gives out the bucket's address: `url()` is the portal's own unserved
    /media/ path, like FileSystemStorage's, so no template or admin widget can leak an object
    (not even through a signed URL). Files reach users only through the permission-checked views."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        return settings.MEDIA_URL + quote(str(name).replace("\\", "/").lstrip("/"))
