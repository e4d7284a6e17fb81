import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Letters and receipts go to a fresh directory per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_BASE_URL = "https://tilskudd.example.no"
    return settings.MEDIA_ROOT
