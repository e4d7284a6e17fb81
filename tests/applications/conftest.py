import pytest
import time_machine


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Attachments land in a throwaway MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def before_deadline():
    """The 2024 development call is open; tests that need another moment travel again inside."""
    with time_machine.travel("2024-02-01 10:00:00+01:00", tick=True):
        yield
