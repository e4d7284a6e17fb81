"""Issue 16 item 2: the published awards as 360Giving 1.4.3 JSON and CSV, generated daily."""

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from core.schedule import DAILY_SWEEPS
from opendata.giving360 import LICENSE, package_build, package_csv
from opendata.selectors import AwardFilter, awards_filter, awards_total
from opendata.services import giving360_files_publish, published_file_path
from opendata.tasks import giving360_publish
from tests.opendata.helpers import awards_build

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "360giving"


def package_validator() -> Draft202012Validator:
    grant = json.loads((SCHEMAS / "360-giving-schema-1.4.3.json").read_text())
    package = json.loads((SCHEMAS / "360-giving-package-schema-1.4.3.json").read_text())
    # The schemas name their dialect with http:// (the registry knows https://): say it directly.
    resource = DRAFT202012.create_resource(grant)
    # The 1.4.3 package schema names the grant schema by its 1.4.2 address.
    registry = Registry().with_resources(
        [
            (grant["$id"], resource),
            (grant["$id"].replace("1.4.3", "1.4.2"), resource),
        ]
    )
    return Draft202012Validator(package, registry=registry, format_checker=FormatChecker())


def errors_of(package) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in package_validator().iter_errors(package)]


@pytest.fixture
def awards():
    return awards_build()


def test_package_validates_against_the_schema(awards):
    package = package_build(awards_filter())
    assert errors_of(package) == []
    assert package["license"] == LICENSE == "https://creativecommons.org/licenses/by/4.0/"


def test_the_validator_rejects_a_broken_package(awards):
    # The schema test could fail: a grant without its funder and with an amount as text does not validate.
    package = package_build(awards_filter())
    del package["grants"][0]["fundingOrganization"]
    package["grants"][1]["amountAwarded"] = "mye"
    assert len(errors_of(package)) >= 2


def test_identifiers_funder_and_recipients(awards):
    grant = awards.accepted
    package = package_build(awards_filter())
    record = next(g for g in package["grants"] if g["title"] == grant.application.title)
    assert record["id"] == f"360G-imdi-{grant.case_number.replace('/', '-')}-2024"
    assert record["recipientOrganization"][0]["id"] == f"NO-BRC-{grant.organisation.org_number}"
    assert record["fundingOrganization"] == [
        {"id": "NO-BRC-987879696", "name": "Integrerings- og mangfoldsdirektoratet (IMDi)"}
    ]
    assert record["currency"] == "NOK"
    assert record["url"].endswith(reverse("opendata:award", args=[grant.case_number.replace("/", "-")]))
    assert record["fromOpenCall"] == "Yes"
    reception = next(g for g in package["grants"] if g["grantProgramme"][0]["code"] == "integreringsmottak")
    assert reception["fromOpenCall"] == "No"
    assert len({g["id"] for g in package["grants"]}) == len(package["grants"])


@pytest.mark.parametrize("params", [{}, {"year": "2024"}, {"county": "46"}, {"scheme": "utvikling"}])
def test_amounts_sum_to_the_awarded_total_of_the_same_query(awards, params):
    queryset = awards_filter(AwardFilter.from_params(params))
    package = package_build(queryset)
    assert sum(Decimal(str(g["amountAwarded"])) for g in package["grants"]) == awards_total(queryset)
    rows = list(csv.DictReader(io.StringIO(package_csv(package).decode("utf-8-sig"))))
    assert sum(Decimal(r["Amount Awarded"]) for r in rows) == awards_total(queryset)
    assert len(rows) == queryset.count()


def test_unpublished_grants_and_personal_data_are_not_in_the_files(awards):
    package = package_build(awards_filter())
    text = json.dumps(package, ensure_ascii=False) + package_csv(package).decode("utf-8-sig")
    for grant in (awards.decided, awards.declined):
        assert grant.organisation.name not in text
        assert grant.case_number.replace("/", "-") not in text
    application = awards.accepted.application
    for personal in (application.contact_name, application.contact_email, awards.accepted.acceptance.contact_persons):
        assert personal not in text


def test_daily_task_writes_the_files_and_the_download_page_links_them(awards, client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    assert ("Åpne data: 360Giving-filer", "opendata.tasks.giving360_publish", 5, 30) in DAILY_SWEEPS
    page = client.get(reverse("opendata:downloads"))
    assert "ikke laget ennå" in page.content.decode()

    summary = giving360_publish.delay().get()
    assert summary["grants"] == 4
    assert Decimal(summary["total"]) == sum(g.amount for g in awards.published)
    assert default_storage.exists(published_file_path("json"))

    page = client.get(reverse("opendata:downloads")).content.decode()
    assert reverse("opendata:download", args=["json"]) in page
    assert reverse("opendata:download", args=["csv"]) in page
    response = client.get(reverse("opendata:download", args=["json"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    package = json.loads(b"".join(response.streaming_content))
    assert errors_of(package) == []
    csv_response = client.get(reverse("opendata:download", args=["csv"]))
    assert b"".join(csv_response.streaming_content).decode("utf-8-sig").startswith("Identifier,Title")


def test_publishing_twice_replaces_the_files(awards, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    giving360_files_publish()
    giving360_files_publish()
    assert sorted(p.name for p in (tmp_path / "opendata" / "360giving").iterdir()) == [
        "tildelte-tilskudd-360giving.csv",
        "tildelte-tilskudd-360giving.json",
    ]


def test_download_before_generation_is_not_found(client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    assert client.get(reverse("opendata:download", args=["json"])).status_code == 404
