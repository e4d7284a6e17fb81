"""A sweep killed midway (issue 17 item 4): run it in a real child process (fork, on the same
test database), let it do some of its items, SIGKILL it, as a worker dies under OOM or a deploy.
The tests then run the sweep again, as Celery redelivers the acks_late message.

A killed client's PostgreSQL backend normally ends at once (its socket reads EOF and the open
transaction rolls back), but nothing makes the test wait for that: a backend that outlives its
process (still busy, or its socket still open in some other process) keeps the row locks of the
transaction the child was killed in, and the parent's next locking statement waits on them for
ever (the report reminder test hung so in the full suite). So the child tells the parent its
backend's pid, the parent waits for that backend to end and terminates it if it does not, and
the parent's own checks run under a lock timeout: a lock still held fails the test, it does not
hang it."""

import multiprocessing
import os
import signal
import time
import warnings

from django.db import connection, connections

from core.models import SweepRun

# The parent's statements after the kill give up on a lock after this long (the session's
# setting: Django's transactional test case closes the connection after the test).
LOCK_TIMEOUT = "20s"
BACKEND_GRACE = 2.0  # seconds a killed child's backend may take to end on its own


def sweep_killed_midway(sweep, *, module, step, items=2, reached=None, before=False, timeout=60.0) -> None:
    """Run `sweep()` in a forked child in which `module.<step>` (the sweep's per-item step) is
    slowed: after its `items`-th call (with `before`: just before it) the child sleeps there, as
    good as stopped. The parent waits until the child has made that many calls and `reached()`
    (a database check, if given) holds, polling with a timeout, then kills the child with
    SIGKILL, makes sure the child's database backend has ended (its locks released) and sets a
    lock timeout on its own connection. Only the child is patched."""
    ctx = multiprocessing.get_context("fork")
    calls = ctx.Value("i", 0)
    backend = ctx.Value("i", 0)  # the child's pg_backend_pid(), once it has connected

    def child():
        backend.value = _backend_pid()
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
    if connection.vendor == "postgresql":
        _backend_end(backend.value, timeout=timeout)
        with connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")


def _backend_pid() -> int:
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _backend(pid):
    """The backend `pid` on this test database, other than this connection's, or None."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT state, wait_event_type, wait_event, client_port FROM pg_stat_activity"
            " WHERE pid = %s AND datname = current_database() AND pid <> pg_backend_pid()",
            [pid],
        )
        return cursor.fetchone()


def _backend_end(pid, *, timeout) -> None:
    """Wait for the killed child's backend to end; after BACKEND_GRACE, terminate it (with a
    warning that says what it was doing and which processes still held its socket)."""
    assert pid, "the child was killed before it connected to the database"
    deadline = time.monotonic() + BACKEND_GRACE
    while (row := _backend(pid)) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    if row is None:
        return
    state, wait_type, wait_event, port = row
    warnings.warn(
        f"the killed sweep's backend {pid} outlived it ({state}, waiting on {wait_type}/{wait_event});"
        f" its socket (client port {port}) was still open in processes {_socket_holders(port)}: terminated",
        stacklevel=3,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + timeout
    while _backend(pid) is not None:
        assert time.monotonic() < deadline, f"the killed sweep's backend {pid} did not end in {timeout} s"
        time.sleep(0.05)


def _socket_holders(port) -> list[str]:
    """The processes (pid and command) that hold the TCP socket of local port `port` (Linux,
    /proc; empty where it cannot be read)."""
    if not port:
        return []
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as handle:
                rows = handle.read().splitlines()[1:]
        except OSError:
            continue
        inodes |= {row.split()[9] for row in rows if int(row.split()[1].rsplit(":", 1)[1], 16) == port}
    holders = []
    for pid in filter(str.isdigit, os.listdir("/proc") if os.path.isdir("/proc") else []):
        try:
            sockets = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
            if sockets & {f"socket:[{inode}]" for inode in inodes}:
                with open(f"/proc/{pid}/cmdline", "rb") as handle:
                    command = handle.read().replace(b"\0", b" ").decode(errors="replace")
                holders.append(f"{pid} {command[:60]}")
        except OSError:
            continue
    return holders


def sweep_runs(name) -> list[tuple[bool, str]]:
    """The sweep's runs, oldest first, as (finished, error)."""
    runs = SweepRun.objects.filter(name=name).order_by("started_at", "pk")
    return [(run.finished_at is not None, run.error) for run in runs]
