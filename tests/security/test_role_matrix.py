"""Every URL pattern × every role, each cell asserted: 200, 302 to a login page, 403, 404, 405
or the exact redirect the rule names. GET only; a refused GET (and every GET to a POST-only
page) must write nothing. The URLs come from the resolver and the world (tests/security/
matrix_world.py); the expectations from the rules (tests/security/matrix.py, matrix_pages.py).
A failing cell's id names the URL, the variant of its arguments and the role."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.reference import ensure_reference_data
from tests.security import matrix
from tests.security.matrix_world import ROLE_BY_NAME, build_world

NOW = dt.datetime(2024, 6, 3, 10, 0, tzinfo=dt.UTC)  # after the world's last step (15.05.2024)
CELLS = matrix.cells()
WRITE = re.compile(r'^\s*(?P<verb>INSERT INTO|UPDATE|DELETE FROM)\s+"(?P<table>[a-z0-9_]+)"', re.I)
# Tables a request may write to without it being a write of the page: the session itself.
BOOKKEEPING = ("django_session",)

# Cells where the code falls short of the rule today, each with the work that closes it. These
# fail loudly (strict) once fixed, so the entry is removed with the fix.
# Cells that are known to fail, each with the issue that fixes it (strict: they fail once fixed).
KNOWN_GAPS: dict[str, str] = {}


def _params():
    for cell in CELLS:
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[cell.id])] if cell.id in KNOWN_GAPS else []
        yield pytest.param(cell, id=cell.id, marks=marks)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world is built once for the module inside a transaction that is rolled back at the
    end; each cell runs in its own savepoint on top, so a GET that writes leaves no trace."""
    media = tmp_path_factory.mktemp("matrix-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        time_machine.travel(NOW, tick=True),
        transaction.atomic(),
    ):
        ensure_reference_data()
        built = build_world()
        sessions = {}
        for name, user in built.users.items():
            if user is not None:
                login = Client()
                login.force_login(user)
                sessions[name] = login.cookies[settings.SESSION_COOKIE_NAME].value
        yield built, sessions
        transaction.set_rollback(True)


def _writes(queries):
    tables = []
    for query in queries:
        match = WRITE.match(query["sql"])
        if match and match.group("table") not in BOOKKEEPING:
            tables.append(f"{match.group('verb').upper()} {match.group('table')}")
    return tables


def _describe(response):
    if response.status_code in (301, 302):
        return f"{response.status_code}→{response['Location']}"
    return str(response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("cell", list(_params()))
def test_cell(client, world, cell):
    if cell.error:
        pytest.fail(cell.error)
    built, sessions = world
    role = ROLE_BY_NAME[cell.role]
    if not role.anonymous:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role.name]
    url = cell.url(built)
    expected = cell.expect(built, role)
    assert expected is not None, f"{cell.id}: the rule gave no outcome"
    with time_machine.travel(NOW, tick=True), CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.streaming:
        # Read to the end: the test client closes a streamed response (and its file) then.
        b"".join(response.streaming_content)
    assert expected.matches(response), f"GET {url} as {role.name}: {_describe(response)}, expected {expected}"
    if expected.refused:
        writes = _writes(queries.captured_queries)
        assert not writes, f"GET {url} as {role.name} was refused ({expected}) but wrote: {writes}"


def test_every_url_pattern_has_a_rule():
    assert not [cell.error for cell in CELLS if cell.error]
    assert not matrix.stale_page_rules(), "rules for URL names that no longer exist"


def test_the_matrix_covers_every_role_on_every_pattern():
    covered = {}
    for cell in CELLS:
        covered.setdefault(cell.route.route, set()).add(cell.role)
    roles = {role.name for role in matrix.ROLES}
    assert all(seen == roles for seen in covered.values())
    assert len(covered) == len(matrix.routes())
