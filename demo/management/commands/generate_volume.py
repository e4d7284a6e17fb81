"""Fill the database with N years of generated development-scheme cases (demo.volume)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo.volume import DEFAULT_ORGANISATIONS, DEFAULT_PER_YEAR, VOLUME_MARK, volume_generate


class Command(BaseCommand):
    help = (
        "Generate N years of realistic, consistent cases for benchmarks and query-budget tests, "
        "through bulk inserts of the rows the services produce: per call year about 450 "
        "applications with budgets, two assessments each, four-eyes decisions within every "
        "frame and cap, grants, letters (rows, no PDF), acceptances, payment plans paid in "
        "payout batches, report obligations with reports, closed grants and their case events. "
        "Every status is reached through the model's own transitions. The newest year is in "
        "progress (drafts, queue, proposals, letters awaiting acceptance); nothing is dated after "
        "today. Deterministic for a seed (and today's date). Run after load_reference_data; users "
        f"are `volum-…` with DEMO_PASSWORD; copied calls are marked {VOLUME_MARK}. "
        "Example: manage.py generate_volume --years 10 --seed 1"
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--per-year", type=int, default=DEFAULT_PER_YEAR)
        parser.add_argument("--organisations", type=int, default=DEFAULT_ORGANISATIONS)

    def handle(self, *args, years, seed, per_year, organisations, **options):
        if not 1 <= years <= 30 or not 1 <= per_year <= 5000 or not 20 <= organisations <= 400:
            raise CommandError("--years 1–30, --per-year 1–5000, --organisations 20–400.")
        password = getattr(settings, "DEMO_PASSWORD", "")
        if not password:
            raise CommandError("Set DEMO_PASSWORD: the generated users sign in with it.")
        totals = volume_generate(
            years=years,
            seed=seed,
            per_year=per_year,
            organisations=organisations,
            password=password,
            stdout=self.stdout,
        )
        if connection.vendor == "postgresql":
            # Fresh planner statistics, as autovacuum would gather them a while after a bulk load.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(", ".join(f"{k}: {v}" for k, v in totals.items())))
