"""A sweep killed midway (issue 17 item 4): run it in a real child process (fork, on the same
test database), let it do some of its items, SIGKILL it, as a worker dies under OOM or a deploy.
The tests then run the sweep again, as Celery redelivers the acks_late message."""

import multiprocessing
import os
import signal
import time

from django.db import connections

from core.models import SweepRun


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

        def slowed(*args, **kwargs):
            if before and count() >= items:
                time.sleep(600)  # killed here, just before this call
            result = real(*args, **kwargs)
            if not before and count() >= items:
                time.sleep(600)  # killed here, after this call and before the next
            return result

        setattr(module, step, slowed)
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


def sweep_runs(name) -> list[tuple[bool, str]]:
    """The sweep's runs, oldest first, as (finished, error)."""
    runs = SweepRun.objects.filter(name=name).order_by("started_at", "pk")
    return [(run.finished_at is not None, run.error) for run in runs]
