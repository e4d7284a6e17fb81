"""The Enhetsregisteret client against a stub server on loopback (recorded responses)."""

import time

import pytest
from django.core.cache import cache

from organisations.enhetsregisteret import EnhetsregisteretUnavailable, entity_lookup
from tests.identity.stub_servers import EnhetsregisteretStub


@pytest.fixture
def register(settings):
    cache.clear()
    with EnhetsregisteretStub() as stub:
        settings.ENHETSREGISTERET_URL = stub.url
        settings.ENHETSREGISTERET_TIMEOUT = 0.5
        yield stub
    cache.clear()


def test_a_known_number_gives_name_form_and_municipality(register):
    entity = entity_lookup("964 338 531")
    assert entity.name == "BERGEN KOMMUNE"
    assert entity.organisation_form == "KOMM"
    assert entity.organisation_form_text == "Kommune"
    assert entity.municipality_number == "4601"
    assert register.requests == ["/enhetsregisteret/api/enheter/964338531"]


def test_answers_are_cached(register):
    entity_lookup("964338531")
    entity_lookup("964338531")
    assert entity_lookup("964338531").municipality_number == "4601"
    assert len(register.requests) == 1


def test_an_unknown_number_is_none_and_is_cached(register):
    assert entity_lookup("974829789") is None
    assert entity_lookup("974829789") is None
    assert len(register.requests) == 1


def test_an_invalid_number_never_reaches_the_register(register):
    assert entity_lookup("123456789") is None
    assert entity_lookup("") is None
    assert register.requests == []


def test_a_slow_register_times_out_and_nothing_is_cached(register):
    register.slow["942110464"] = 2.0
    started = time.monotonic()
    with pytest.raises(EnhetsregisteretUnavailable):
        entity_lookup("942110464")
    assert time.monotonic() - started < 1.5
    register.slow.clear()
    assert entity_lookup("942110464").name == "TRONDHEIM KOMMUNE"


def test_a_server_error_is_unavailable_not_unknown(register):
    register.fail.add("942110464")
    with pytest.raises(EnhetsregisteretUnavailable):
        entity_lookup("942110464")
    register.fail.clear()
    assert entity_lookup("942110464").municipality_number == "5001"
