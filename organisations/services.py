import csv
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from organisations.models import County, Organisation

DATA_DIR = Path(__file__).resolve().parent / "data"
OSLO_COUNTY_NUMBER = "03"


@transaction.atomic
def reference_organisations_load() -> dict:
    """Load the 15 counties, the 357 municipalities and the 14 county municipalities of the
    2024 structure. Idempotent: reruns update names and never touch contact details.

    Oslo is both municipality and county; its county duties are carried by Oslo kommune,
    so no separate fylkeskommune is created for county 03."""
    counties = {}
    with open(DATA_DIR / "fylker-2024.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            county, _ = County.objects.update_or_create(
                number=row["fylkesnummer"], defaults={"name": row["fylkesnavn"]}
            )
            counties[county.number] = county

    existing = {(o.kind, o.number): o for o in Organisation.objects.all()}
    to_create, to_update = [], []

    def upsert(kind, number, name, official_name, county):
        org = existing.get((kind, number))
        if org is None:
            to_create.append(
                Organisation(kind=kind, number=number, name=name, official_name=official_name, county=county)
            )
        elif (org.name, org.official_name, org.county_id) != (name, official_name, county.pk):
            org.name, org.official_name, org.county = name, official_name, county
            to_update.append(org)

    with open(DATA_DIR / "kommuner-2024.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            upsert(
                Organisation.Kind.MUNICIPALITY,
                row["kommunenummer"],
                f"{row['kommunenavn']} kommune",
                row["kommunenavn_offisielt"],
                counties[row["fylkesnummer"]],
            )
    for number, county in counties.items():
        if number == OSLO_COUNTY_NUMBER:
            continue
        upsert(Organisation.Kind.COUNTY_MUNICIPALITY, number, f"{county.name} fylkeskommune", "", county)

    Organisation.objects.bulk_create(to_create)
    if to_update:
        Organisation.objects.bulk_update(to_update, ["name", "official_name", "county"])
    return {
        "counties": County.objects.count(),
        "municipalities": Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).count(),
        "county_municipalities": Organisation.objects.filter(kind=Organisation.Kind.COUNTY_MUNICIPALITY).count(),
        "created": len(to_create),
        "updated": len(to_update),
    }


# A new payout account is only a request: a second person at IMDi confirms it, and the
# organisation's payments are held until then. Payments holds the money, above organisations,
# so it registers how a request is made (PaymentsConfig.ready()); organisations' own surfaces
# (the organisation admin) ask through here.
_BANK_ACCOUNT_REQUEST = []


def bank_account_request_register(request) -> None:
    """`request(*, organisation, new_account, actor, source, source_reference="")`."""
    _BANK_ACCOUNT_REQUEST[:] = [request]


def organisation_bank_account_request(*, organisation, new_account, actor, source, source_reference=""):
    if not _BANK_ACCOUNT_REQUEST:
        raise ImproperlyConfigured("No app has registered the bank account request (payments does, in ready()).")
    return _BANK_ACCOUNT_REQUEST[0](
        organisation=organisation,
        new_account=new_account,
        actor=actor,
        source=source,
        source_reference=source_reference,
    )
