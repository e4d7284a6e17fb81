"""Writes of the open-data app: the 360Giving files, generated into storage so a download is
ready (a daily Celery task; opendata.tasks)."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from opendata.giving360 import package_build, package_csv, package_json
from opendata.selectors import awards_filter, awards_total

STORAGE_DIR = "opendata/360giving"
FILES = {
    "json": ("tildelte-tilskudd-360giving.json", "application/json"),
    "csv": ("tildelte-tilskudd-360giving.csv", "text/csv; charset=utf-8"),
}


def published_file_path(kind: str) -> str:
    return f"{STORAGE_DIR}/{FILES[kind][0]}"


@dataclass(frozen=True)
class PublishResult:
    grants: int
    total: Decimal


def giving360_files_publish() -> PublishResult:
    """Build the 360Giving package of every published award and store it as JSON and CSV,
    replacing the previous files.
    No file is written while nothing is published (a package needs at least one grant)."""
    queryset = awards_filter()
    package = package_build(queryset)
    total = awards_total(queryset)
    if not package["grants"]:
        return PublishResult(grants=0, total=total)
    for kind, content in (("json", package_json(package)), ("csv", package_csv(package))):
        path = published_file_path(kind)
        if default_storage.exists(path):
            default_storage.delete(path)
        default_storage.save(path, ContentFile(content))
    return PublishResult(grants=len(package["grants"]), total=total)
