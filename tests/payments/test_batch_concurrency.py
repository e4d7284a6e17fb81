"""Two finance users building batches at the same moment never put a payment in two open
batches (row locks in the service, partial unique index in the database). PostgreSQL only."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from payments.models import Payment, PayoutBatch, PayoutBatchLine
from payments.services import payout_batch_create
from tests.factories import finance
from tests.payments.helpers import due_grants

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_in_threads(target, n):
    barrier = threading.Barrier(n)
    results = [None] * n

    def worker(index):
        try:
            barrier.wait()
            results[index] = target(index)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL row locks (set DATABASE_URL to a postgres:// database)")


def test_concurrent_batches_never_share_a_payment():
    due_grants(6)
    users = [finance(username=f"fin{i}") for i in range(4)]
    results = run_in_threads(
        lambda i: payout_batch_create(actor=users[i], due_until=dt.date(2024, 5, 31)),
        4,
    )
    batches = [r for r in results if isinstance(r, PayoutBatch)]
    errors = [r for r in results if not isinstance(r, PayoutBatch)]
    assert all(isinstance(e, ValidationError) for e in errors), errors
    assert len(batches) == 1
    lines = PayoutBatchLine.objects.filter(is_open=True)
    assert lines.count() == 6
    assert lines.values("payment").distinct().count() == 6
    assert Payment.objects.filter(status="in_batch").count() == 6


def test_concurrent_inserts_of_the_same_open_line_fail_for_one():
    due_grants(1)
    user = finance()
    payment = Payment.objects.get(status="due")
    batches = [
        PayoutBatch.objects.create(reference=f"T-{i}", execution_date=dt.date(2024, 5, 21), created_by=user)
        for i in range(2)
    ]

    def insert(i):
        with transaction.atomic():
            return PayoutBatchLine.objects.create(batch=batches[i], payment=payment, amount=payment.amount)

    results = run_in_threads(insert, 2)
    assert sum(isinstance(r, PayoutBatchLine) for r in results) == 1
    assert sum(isinstance(r, IntegrityError) for r in results) == 1
