"""The child process of tests.factories_sweeps.sweep_killed_in_fresh_process: a fresh Python
interpreter (not a fork of the test process: it shares no connection, socket or lock with it)
that sets Django up on the test's own database, slows the sweep's per-item step and runs the
sweep until the test kills it.

Run as `python -m tests.sweep_child '<json>'` with the database settings, the sweep ("module:
function"), the step ("module" and "step"), after how many calls it stops (`items`, `before`),
and the file it writes its call count to."""

import importlib
import json
import os
import sys
import time
from urllib.parse import quote


def _database_url(database: dict) -> str:
    user = quote(database.get("USER") or "")
    password = quote(database.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{quote(database['NAME'])}"


def step_slowed(real, count, *, items: int, before: bool):
    """`real` that, at its `items`-th call (`count()` counts the calls), sleeps as good as
    stopped: just before that call with `before`, else just after it. The test kills it there."""

    def slowed(*args, **kwargs):
        if before and count() >= items:
            time.sleep(600)  # killed here, just before this call
        result = real(*args, **kwargs)
        if not before and count() >= items:
            time.sleep(600)  # killed here, after this call and before the next
        return result

    return slowed


def main(config: dict) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "imdi_portal.settings.test"
    os.environ["DATABASE_URL"] = _database_url(config["database"])
    import django

    django.setup()
    from django.db import connection

    assert connection.settings_dict["NAME"] == config["database"]["NAME"], "not the test's database"
    # The test finds this process's backend by its name, to wait for it to end after the kill.
    connection.settings_dict.setdefault("OPTIONS", {})["application_name"] = config["application_name"]
    module = importlib.import_module(config["module"])
    real = getattr(module, config["step"])
    items, before, counter = config["items"], config["before"], config["counter"]
    calls = {"n": 0}

    def count() -> int:
        calls["n"] += 1
        with open(counter, "w") as handle:
            handle.write(str(calls["n"]))
        return calls["n"]

    setattr(module, config["step"], step_slowed(real, count, items=items, before=before))
    sweep_module, sweep_name = config["sweep"].split(":")
    getattr(importlib.import_module(sweep_module), sweep_name)()


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
