from django.core.management.base import BaseCommand

from core.schedule import periodic_tasks_ensure
from organisations.roles import imdi_groups_ensure
from organisations.services import reference_organisations_load
from schemes.services import reference_schemes_load


class Command(BaseCommand):
    help = "Load municipalities, counties and the circulars' schemes, calls and rates (idempotent)."

    def handle(self, *args, **options):
        orgs = reference_organisations_load()
        schemes = reference_schemes_load()
        imdi_groups_ensure()
        periodic_tasks_ensure()
        self.stdout.write(
            f"Reference data: {orgs['municipalities']} municipalities, {orgs['county_municipalities']} county "
            f"municipalities, {orgs['counties']} counties; {schemes['schemes']} schemes, {schemes['calls']} calls, "
            f"{schemes['areas']} priority areas."
        )
