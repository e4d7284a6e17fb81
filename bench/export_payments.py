"""Benchmark: export 10 000 payments as CSV, XLSX and ISO 20022 pain.001 and print the time
for each.

    .venv/bin/python bench/export_payments.py [--payments 10000]

Uses its own SQLite database under var/bench/ (rebuilt on every run, tables made straight
from the models) so it never touches the development database."""

import argparse
import datetime as dt
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
BENCH_DIR.mkdir(parents=True, exist_ok=True)
DB_PATH = BENCH_DIR / "export_payments.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imdi_portal.settings.test")


class _NoMigrations:
    """Build tables from the models, as `pytest --nomigrations` does."""

    def __contains__(self, item):
        return True

    def __getitem__(self, item):
        return None


def setup_database():
    import django
    from django.conf import settings

    if DB_PATH.exists():
        DB_PATH.unlink()
    django.setup()
    settings.MIGRATION_MODULES = _NoMigrations()
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)
    from tests.reference import ensure_reference_data

    ensure_reference_data()


def make_payments(count: int):
    """Accepted grants for every municipality and call, and `count` payments in one open batch."""
    from applications.models import Grant
    from core.models import User
    from organisations.models import Organisation
    from payments.models import Payment, PayoutBatch, PayoutBatchLine
    from schemes.models import Call
    from tests.factories import valid_bank_account, valid_org_number

    orgs = list(Organisation.objects.order_by("pk"))
    for index, org in enumerate(orgs):
        org.org_number = valid_org_number(10 * index + 3)
        org.bank_account = valid_bank_account(10 * index + 3)
    Organisation.objects.bulk_update(orgs, ["org_number", "bank_account"])
    calls = list(Call.objects.order_by("pk"))
    grants = [
        Grant(
            call=call,
            organisation=org,
            year=call.year,
            amount=Decimal("1000000.00"),
            status=Grant.Status.ACCEPTED,
            case_number=f"{str(call.year)[2:]}/{n:05d}",
        )
        for n, (call, org) in enumerate(((c, o) for c in calls for o in orgs), start=1)
    ]
    Grant.objects.bulk_create(grants, batch_size=1000)
    grants = list(Grant.objects.order_by("pk"))
    terms_per_grant = -(-count // len(grants))
    payments = []
    for grant in grants:
        for term in range(1, terms_per_grant + 1):
            if len(payments) == count:
                break
            payments.append(
                Payment(
                    grant=grant,
                    term_number=term,
                    term_label=f"Termin {term}",
                    planned_date=dt.date(grant.year, 5, 15),
                    amount=Decimal("12345.67") + term,
                    status=Payment.Status.IN_BATCH,
                    reference=f"IMDI-{grant.year}-{grant.pk:07d}-{term}",
                )
            )
    Payment.objects.bulk_create(payments, batch_size=2000)
    user = User.objects.create(username="bench-finance")
    batch = PayoutBatch.objects.create(reference="IMDI-B000001", execution_date=dt.date(2024, 5, 21), created_by=user)
    PayoutBatchLine.objects.bulk_create(
        # Stamped with their end-to-end ids, as payout_batch_payment_file_create does.
        (
            PayoutBatchLine(batch=batch, payment=p, amount=p.amount, end_to_end_id=p.reference)
            for p in Payment.objects.only("id", "amount", "reference")
        ),
        batch_size=2000,
    )
    return batch


def timed(label, func):
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    print(f"{label:<28} {elapsed:7.2f} s")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payments", type=int, default=10_000)
    args = parser.parse_args()

    setup_database()
    from payments.exports import batch_pain001, schedule_csv_stream, schedule_xlsx_file
    from payments.iso20022 import pain001_validate
    from payments.models import Payment

    batch = make_payments(args.payments)
    payments = Payment.objects.filter(batch_lines__batch=batch, batch_lines__is_open=True).order_by(
        "planned_date", "id"
    )
    n = payments.count()
    total = sum(p for p in payments.values_list("amount", flat=True))
    print(f"{n} payments, total {total} NOK (SQLite, {DB_PATH.relative_to(ROOT)})")

    csv_bytes = timed("CSV (streamed)", lambda: sum(len(chunk.encode()) for chunk in schedule_csv_stream(payments)))
    xlsx = timed("XLSX (write-only)", lambda: schedule_xlsx_file(payments, title=batch.reference))
    xlsx_bytes = len(xlsx.read())
    xml = timed("pain.001 (build)", lambda: batch_pain001(batch))
    timed("pain.001 (XSD validation)", lambda: pain001_validate(xml))
    print(f"sizes: CSV {csv_bytes / 1e6:.1f} MB, XLSX {xlsx_bytes / 1e6:.1f} MB, pain.001 {len(xml) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
