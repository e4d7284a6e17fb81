"""A sweep killed midway (issue 17 item 4): run it in a real child process (fork, on the same
test database), let it do some of its items, SIGKILL it, as a worker dies under OOM or a deploy.
The tests then run the sweep again, as Celery redelivers the acks_late message."""

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.db import connection, connections

from core.models import SweepRun
from tests.sweep_child import step_slowed


def sweep_killed_midway(sweep, *, module, step, items=2, reached=None, before=False, timeout=60.0) -> None:
    """Run `sweep()` in a forked child in which `module.<step>` (the sweep's per-item step) is
    slowed: after its `items`-th call (with `before`: just before it) the child sleeps there, as
    good as stopped. The parent waits until the child has made that many calls and `reached()`
    (a database check, if given) holds, polling with a timeout, then kills the child with
    SIGKILL. Only the child is patched."""
    ctx = multiprocessing.get_context("fork")
    calls = ctx.Value("i", 0)

    def child():
        real = getattr(module, step)

        def count() -> int:
            with calls.get_lock():
                calls.value += 1
                return calls.value

        setattr(module, step, step_slowed(real, count, items=items, before=before))
        sweep()

    connections.close_all()  # the child must open its own connection, not share the parent's
    process = ctx.Process(target=child, daemon=True)
    process.start()
    try:
        deadline = time.monotonic() + timeout
        while calls.value < items or (reached is not None and not reached()):
            assert process.is_alive(), f"the sweep ended (exit code {process.exitcode}) before it could be killed"
            assert time.monotonic() < deadline, f"the sweep did not reach item {items} in {timeout} s"
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
        process.join(timeout)
    finally:
        if process.is_alive():
            process.kill()
            process.join(timeout)
        connections.close_all()
    assert process.exitcode == -signal.SIGKILL


ROOT = Path(__file__).resolve().parents[1]
DATABASE_KEYS = ("NAME", "USER", "PASSWORD", "HOST", "PORT")


def sweep_killed_in_fresh_process(
    sweep: str, *, module: str, step: str, items=2, reached=None, before=False, timeout=60.0
) -> None:
    """As `sweep_killed_midway`, with the sweep in a fresh Python interpreter (tests/sweep_child.py)
    instead of a fork: the child shares no connection, socket or lock with the test process, and
    its PostgreSQL backend is known by its application_name. `sweep` is the "module:function" the
    child runs (a module-level function), `module` the dotted path of the step's module. After the
    SIGKILL the test waits for the child's backend to end (its open transaction rolled back and
    its row locks released), and fails, saying what the backend was doing, if it does not."""
    assert connection.vendor == "postgresql", "the fresh process joins the test's PostgreSQL database"
    name = f"killed-sweep-{os.getpid()}-{time.monotonic_ns()}"
    with tempfile.TemporaryDirectory() as folder:
        counter, errors = Path(folder) / "calls", Path(folder) / "stderr"
        config = {
            "database": {
                key: connection.settings_dict.get(key) for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")
            },
            "application_name": name,
            "sweep": sweep,
            "module": module,
            "step": step,
            "items": items,
            "before": before,
            "counter": str(counter),
        }
        with open(errors, "w") as stderr:
            process = subprocess.Popen(  # noqa: S603 - this interpreter, our own module, our own arguments
                [sys.executable, "-m", "tests.sweep_child", json.dumps(config)],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )

        def calls() -> int:
            text = counter.read_text() if counter.exists() else ""
            return int(text) if text.strip().isdigit() else 0

        try:
            deadline = time.monotonic() + timeout
            while calls() < items or (reached is not None and not reached()):
                if process.poll() is not None:
                    raise AssertionError(
                        f"the sweep ended (exit code {process.returncode}) before it could be killed:\n"
                        + errors.read_text()[-3000:]
                    )
                assert time.monotonic() < deadline, f"the sweep did not reach item {items} in {timeout} s"
                time.sleep(0.05)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout)
    assert process.returncode == -signal.SIGKILL
    _backend_gone(name, timeout=timeout)


def _backend_gone(application_name: str, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid, state, wait_event_type, wait_event FROM pg_stat_activity WHERE application_name = %s",
                [application_name],
            )
            rows = cursor.fetchall()
        if not rows:
            return
        assert time.monotonic() < deadline, f"the killed sweep's backend outlived it: {rows}"
        time.sleep(0.05)


def sweep_runs(name) -> list[tuple[bool, str]]:
    """The sweep's runs, oldest first, as (finished, error)."""
    runs = SweepRun.objects.filter(name=name).order_by("started_at", "pk")
    return [(run.finished_at is not None, run.error) for run in runs]
