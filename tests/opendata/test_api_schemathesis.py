"""Issue 16 item 3: the public API against its own published OpenAPI document (schemathesis,
property-based; kept short with few examples per operation)."""

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tests.opendata.helpers import awards_build

# The document as the API serves it, through the Django WSGI application (no server).
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def published_awards(db, settings):
    settings.OPENDATA_API_RATE = (100_000, 60)  # the limit itself is tested in test_public_api
    cache.clear()
    awards = awards_build()
    # Django's test client keeps the test's database connection open across a request; the
    # WSGI application called directly would close it at the end of each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield awards
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    case.call_and_validate()
