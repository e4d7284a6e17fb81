from django.conf import settings
from django.core.management.base import BaseCommand

from core.demo import demo_seed


class Command(BaseCommand):
    help = "Create demo organisations details and one demo login per role (idempotent)."

    def handle(self, *args, **options):
        logins = demo_seed(password=settings.DEMO_PASSWORD)
        self.stdout.write(f"Demo logins (password: {settings.DEMO_PASSWORD}):")
        for username, description in logins:
            self.stdout.write(f"  {username:<16} {description}")
