from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.cases import demo_cases_seed
from demo.logins import DEMO_PIDS, demo_seed


class Command(BaseCommand):
    help = "Create demo organisation details, one demo login per role and a few demo cases (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--no-cases", action="store_true", help="Only users and organisations, no demo cases.")

    def handle(self, *args, no_cases=False, **options):
        if not settings.DEMO_PASSWORD:
            # Demo logins include a superuser; never create them with an empty or known password.
            raise CommandError("Set DEMO_PASSWORD in the environment before creating demo logins.")
        logins, users, orgs = demo_seed(password=settings.DEMO_PASSWORD)
        if not no_cases:
            for line in demo_cases_seed(users=users, orgs=orgs):
                self.stdout.write(f"Demo case: {line}")
        self.stdout.write(f"Demo logins (password: {settings.DEMO_PASSWORD}):")
        for username, description in logins:
            self.stdout.write(f"  {username:<16} {description}")
        self.stdout.write(
            "ID-porten demo login (offline stand-in started by `make run`): 'Logg inn med ID-porten', then pick "
            + ", ".join(f"{username} ({pid})" for username, pid in DEMO_PIDS.items())
            + "; synthetic numbers, never real."
        )
