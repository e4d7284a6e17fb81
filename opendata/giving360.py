"""The published awards as a 360Giving data package (JSON) and flat CSV, schema 1.4.3.

Identifiers (the choices are documented in the README, "Åpne data"):
- grant: `360G-imdi-<case number with - for />-<grant year>`, e.g. `360G-imdi-24-00123-2024`.
  360Giving prefixes are `360G-` plus the publisher's registered short name; `imdi` is the one
  used here until IMDi registers its own with 360Giving (the prefix is a setting).
- organisations: `NO-BRC-<organisation number>` (org-id.guide's list for the Norwegian
  Brønnøysund Register Centre); IMDi as funder with its own organisation number.
One grant record per grant year: the amounts in the files sum to the awarded total of the same
query (opendata.selectors.awards_total)."""

import csv
import io
import json
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from opendata.awards import award_public

SCHEMA_VERSION = "1.4"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
FUNDER_NAME = "Integrerings- og mangfoldsdirektoratet (IMDi)"


def grant_prefix() -> str:
    return getattr(settings, "OPENDATA_360G_PREFIX", "360G-imdi")


def funder_org_id() -> str:
    return f"NO-BRC-{getattr(settings, 'IMDI_ORG_NUMBER', '987879696')}"


def grant_identifier(award) -> str:
    return f"{grant_prefix()}-{award.slug}-{award.year}"


def recipient_org_id(award) -> str:
    if award.recipient_org_number:
        return f"NO-BRC-{award.recipient_org_number}"
    # No organisation number registered: an identifier from IMDi's own records (360Giving's
    # rule for organisations without a registered number).
    return f"{grant_prefix()}-org-{award.county_number}-{award.recipient}"


def _money(amount: Decimal) -> float | int:
    # 360Giving's amountAwarded is a JSON number; whole kroner stay integers.
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def grant_record(award, *, base_url: str) -> dict:
    from django.urls import reverse

    record = {
        "id": grant_identifier(award),
        "title": award.title,
        "description": f"{award.scheme}: {award.title} ({award.recipient}, tilskuddsår {award.year})",
        "currency": "NOK",
        "amountAwarded": _money(award.amount),
        "awardDate": award.award_date.isoformat(),
        "url": base_url + reverse("opendata:award", args=[award.slug]),
        "plannedDates": [{"startDate": award.period_start.isoformat(), "endDate": award.period_end.isoformat()}],
        "recipientOrganization": [
            {
                "id": recipient_org_id(award),
                "name": award.recipient,
                **({"companyNumber": award.recipient_org_number} if award.recipient_org_number else {}),
                "addressCountry": "NO",
                "addressRegion": award.county,
            }
        ],
        "beneficiaryLocation": [
            {
                "id": f"NO-{award.county_number}",
                "name": award.county,
                "countryCode": "NO",
                "geoCode": award.county_number,
            }
        ],
        "fundingOrganization": [{"id": funder_org_id(), "name": FUNDER_NAME}],
        "grantProgramme": [{"code": award.scheme_code, "title": award.call_title}],
        "fromOpenCall": "Yes" if award.from_open_call else "No",
    }
    if award.area:
        record["classifications"] = [
            {"vocabulary": "imdi-satsingsomrade", "code": str(award.area_number), "title": award.area}
        ]
    return record


def package_build(queryset, *, base_url: str | None = None) -> dict:
    """The 360Giving package of a queryset of published awards."""
    base_url = (base_url or settings.PORTAL_BASE_URL).rstrip("/")
    now = timezone.now().replace(microsecond=0)
    grants = [grant_record(award_public(grant), base_url=base_url) for grant in queryset]
    return {
        "version": SCHEMA_VERSION,
        "title": "Tilskudd tildelt av IMDi",
        "description": "Tilskudd IMDi har tildelt kommuner og fylkeskommuner, ett tilskuddsår per post.",
        "identifier": f"{grant_prefix()}-tildelte-tilskudd",
        "issued": now.isoformat(),
        "modified": now.isoformat(),
        "publisher": {"identifier": funder_org_id(), "name": FUNDER_NAME, "website": "https://www.imdi.no/"},
        "license": LICENSE,
        "grants": grants,
    }


CSV_COLUMNS = [
    ("Identifier", lambda g: g["id"]),
    ("Title", lambda g: g["title"]),
    ("Description", lambda g: g["description"]),
    ("Currency", lambda g: g["currency"]),
    ("Amount Awarded", lambda g: g["amountAwarded"]),
    ("Award Date", lambda g: g["awardDate"]),
    ("URL", lambda g: g["url"]),
    ("Planned Dates:Start Date", lambda g: g["plannedDates"][0]["startDate"]),
    ("Planned Dates:End Date", lambda g: g["plannedDates"][0]["endDate"]),
    ("Recipient Org:Identifier", lambda g: g["recipientOrganization"][0]["id"]),
    ("Recipient Org:Name", lambda g: g["recipientOrganization"][0]["name"]),
    ("Recipient Org:Company Number", lambda g: g["recipientOrganization"][0].get("companyNumber", "")),
    ("Recipient Org:Country", lambda g: g["recipientOrganization"][0]["addressCountry"]),
    ("Recipient Org:Region", lambda g: g["recipientOrganization"][0]["addressRegion"]),
    ("Beneficiary Location:Name", lambda g: g["beneficiaryLocation"][0]["name"]),
    ("Beneficiary Location:Country Code", lambda g: g["beneficiaryLocation"][0]["countryCode"]),
    ("Funding Org:Identifier", lambda g: g["fundingOrganization"][0]["id"]),
    ("Funding Org:Name", lambda g: g["fundingOrganization"][0]["name"]),
    ("Grant Programme:Code", lambda g: g["grantProgramme"][0]["code"]),
    ("Grant Programme:Title", lambda g: g["grantProgramme"][0]["title"]),
    ("From An Open Call?", lambda g: g["fromOpenCall"]),
    ("Classifications:Code", lambda g: g.get("classifications", [{}])[0].get("code", "")),
    ("Classifications:Title", lambda g: g.get("classifications", [{}])[0].get("title", "")),
]


def package_json(package: dict) -> bytes:
    return json.dumps(package, ensure_ascii=False, indent=1).encode("utf-8")


def package_csv(package: dict) -> bytes:
    """360Giving's flat CSV (the column titles of its spreadsheet template), UTF-8 with BOM."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title for title, _ in CSV_COLUMNS])
    for grant in package["grants"]:
        writer.writerow([value(grant) for _, value in CSV_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
