"""tests.factories_sweeps itself: a killed sweep whose database backend outlives it must not
hang the test that checks it. Here a process the sweep forked still holds the sweep's socket, so
the backend never reads EOF and keeps the row lock of the transaction the sweep was killed in
(as the report reminder test hung in the full suite); the helper terminates that backend, says
so with a warning, and the row can be locked at once. PostgreSQL."""

import os
import signal
import time
import types

import pytest
from django.db import transaction
from django.utils import timezone

from core.models import SweepRun
from tests.concurrency import skip_unless_postgres
from tests.factories_sweeps import sweep_killed_midway

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_backend_that_outlives_the_killed_sweep_is_ended_and_its_locks_freed(tmp_path):
    skip_unless_postgres()
    run = SweepRun.objects.create(name="tests.sweep", started_at=timezone.now())
    steps = types.SimpleNamespace(item=lambda: None)
    holder = tmp_path / "holder"

    def sweep():
        with transaction.atomic():
            SweepRun.objects.select_for_update().get(pk=run.pk)  # as a claim locks its row
            pid = os.fork()
            if pid == 0:  # keeps the sweep's socket open after the sweep is killed
                time.sleep(60)
                os._exit(0)
            holder.write_text(str(pid))
            steps.item()

    try:
        with pytest.warns(UserWarning, match="outlived it.*terminated"):
            sweep_killed_midway(sweep, module=steps, step="item", items=1, reached=holder.exists)
        with transaction.atomic():  # NOWAIT: the lock is free now, or this fails at once
            assert SweepRun.objects.select_for_update(nowait=True).get(pk=run.pk) == run
    finally:
        if holder.exists():
            os.kill(int(holder.read_text()), signal.SIGKILL)
