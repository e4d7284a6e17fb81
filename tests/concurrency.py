"""Running service calls in real threads at the same moment, each on its own connection."""

import threading

import pytest
from django.db import connection

POSTGRES_ONLY = "row-lock concurrency needs PostgreSQL (set DATABASE_URL=postgres://...)"


def skip_unless_postgres():
    if connection.vendor != "postgresql":
        pytest.skip(POSTGRES_ONLY)


def run_in_threads(targets, *, timeout=60):
    """Start every callable in `targets` together (a barrier) and return, in order,
    ("ok", result) or ("error", exception) for each."""
    barrier = threading.Barrier(len(targets))
    results = [None] * len(targets)

    def runner(index, target):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", target())
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results
