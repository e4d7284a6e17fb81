import pytest

from tests.reference import ensure_reference_data


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the circulars' reference data once per test session (committed)."""
    with django_db_blocker.unblock():
        ensure_reference_data()


@pytest.fixture(autouse=True)
def reference_data(request):
    """Every test that touches the database sees the reference data, also after a
    transactional test has flushed the tables."""
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        n in names for n in ("transactional_db", "live_server")
    )
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker is not None or "db" in names:
        request.getfixturevalue("db")
    else:
        return
    ensure_reference_data()


@pytest.fixture
def mailoutbox_clear(mailoutbox):
    mailoutbox.clear()
    return mailoutbox
