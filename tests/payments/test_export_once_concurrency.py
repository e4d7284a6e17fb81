"""Two finance users at the same moment never put the same payment in two payment files.
PostgreSQL row locks; skipped on SQLite."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from core.models import CaseEvent
from payments.models import Payment, PayoutBatch, PayoutBatchLine
from payments.services import payout_batch_cancel, payout_batch_create, payout_batch_payment_file_create
from tests.concurrency import run_in_threads, skip_unless_postgres
from tests.factories import finance
from tests.payments.helpers import batch_approved, due_grants

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgres_and_clock():
    skip_unless_postgres()
    with time_machine.travel(dt.datetime(2024, 5, 16, 9, 0), tick=False):
        yield


def test_two_users_making_the_file_at_once_make_one_file():
    due_grants(3)
    users = [finance(username=f"fin-file-{i}") for i in range(2)]
    batch = batch_approved(payout_batch_create(actor=users[0], due_until=dt.date(2024, 5, 31)))
    results = run_in_threads([lambda u=u: payout_batch_payment_file_create(batch=batch, actor=u) for u in users])
    assert [kind for kind, _ in results] == ["ok", "ok"], results
    assert len({value.payment_file_sha256 for _, value in results}) == 1
    assert CaseEvent.objects.filter(action="batch_payment_file_created").count() == 1
    assert CaseEvent.objects.filter(action="payment_exported").count() == 3


def test_cancel_racing_the_file_never_gives_both():
    """Either the cancel wins (no file; the payments are due) or the file wins (the cancel is
    refused) — never a file whose payments are free for another batch."""
    due_grants(2)
    users = [finance(username=f"fin-race-{i}") for i in range(2)]
    batch = batch_approved(payout_batch_create(actor=users[0], due_until=dt.date(2024, 5, 31)))
    results = run_in_threads(
        [
            lambda: payout_batch_payment_file_create(batch=batch, actor=users[0]),
            lambda: payout_batch_cancel(batch=batch, actor=users[1]),
        ]
    )
    batch.refresh_from_db()
    outcomes = [kind for kind, _ in results]
    assert outcomes.count("ok") == 1, results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, ValidationError)
    if batch.payment_file_exported:
        assert batch.status == PayoutBatch.Status.APPROVED
        assert Payment.objects.filter(status="in_batch").count() == 2
    else:
        assert batch.status == PayoutBatch.Status.CANCELLED
        assert Payment.objects.filter(status="due").count() == 2


def test_batches_and_files_built_at_once_hold_each_payment_once():
    due_grants(4)
    users = [finance(username=f"fin-build-{i}") for i in range(3)]

    def build_and_export(user):
        batch = payout_batch_create(actor=user, due_until=dt.date(2024, 5, 31))
        return payout_batch_payment_file_create(batch=batch_approved(batch), actor=user)

    results = run_in_threads([lambda u=u: build_and_export(u) for u in users])
    exported = [value for kind, value in results if kind == "ok"]
    assert exported and all(isinstance(v, ValidationError) for kind, v in results if kind == "error"), results
    stamped = PayoutBatchLine.objects.exclude(end_to_end_id="")
    assert stamped.count() == 4
    assert stamped.values("payment").distinct().count() == 4
