from organisations.models import Organisation
from organisations.roles import imdi_groups_ensure
from organisations.services import reference_organisations_load
from schemes.models import Call
from schemes.services import reference_schemes_load


def ensure_reference_data():
    if not Organisation.objects.exists():
        reference_organisations_load()
    if not Call.objects.exists():
        reference_schemes_load()
        imdi_groups_ensure()
