"""Autocomplete for organisations in the admin (issue 13 item 4): homonyms are told apart by
county, and only IMDi's staff may look organisations up (OrganisationAdmin's view permission,
which Django's autocomplete view asks)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory, member, municipality, officer

pytestmark = pytest.mark.django_db


def _lookup(client, term, *, app_label="applications", model_name="conflictofinterest"):
    return client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": app_label, "model_name": model_name, "field_name": "organisation"},
    )


def test_heroy_is_named_twice_with_its_county(client):
    client.force_login(officer())
    response = _lookup(client, "Herøy")
    assert response.status_code == 200
    texts = sorted(row["text"] for row in response.json()["results"])
    assert texts == ["Herøy kommune (Møre og Romsdal)", "Herøy kommune (Nordland)"]
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {str(municipality("1515").pk), str(municipality("1818").pk)}


def test_valer_is_told_apart_from_the_reception_agreement_form_too(client):
    client.force_login(officer())
    response = _lookup(client, "Våler", model_name="receptioncentreagreement")
    assert response.status_code == 200
    texts = sorted(row["text"] for row in response.json()["results"])
    assert texts == ["Våler kommune (Innlandet)", "Våler kommune (Østfold)"]


def test_the_reception_agreement_form_uses_the_autocomplete(client):
    client.force_login(officer())
    html = client.get(reverse("admin:applications_receptioncentreagreement_add")).content.decode()
    assert "admin-autocomplete" in html and 'name="organisation"' in html


def test_the_lookup_takes_a_fixed_number_of_queries(client):
    client.force_login(officer())
    _lookup(client, "a")  # warm the session and permission caches
    with CaptureQueriesContext(connection) as two:
        assert len(_lookup(client, "Herøy").json()["results"]) == 2
    with CaptureQueriesContext(connection) as page:
        assert len(_lookup(client, "a").json()["results"]) == 20  # a full page
    assert len(page.captured_queries) == len(two.captured_queries)


@pytest.mark.parametrize("term", ["", "'; DROP TABLE organisations_organisation; --", "<script>", "x" * 5000])
def test_hostile_terms_answer_without_error(client, term):
    client.force_login(officer())
    response = _lookup(client, term)
    assert response.status_code == 200
    assert all("<script>" not in row["text"] for row in response.json()["results"])


def test_a_municipal_user_is_sent_to_the_admin_login(client):
    client.force_login(member(municipality()))
    response = _lookup(client, "Herøy")
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_anonymous_is_sent_to_the_admin_login(client):
    response = _lookup(client, "Herøy")
    assert response.status_code == 302 and "results" not in response.content.decode()


def test_staff_outside_imdis_groups_is_refused(client):
    client.force_login(UserFactory(is_staff=True))
    assert _lookup(client, "Herøy").status_code == 403


@pytest.mark.parametrize(
    ("number", "label"), [("1515", "Møre og Romsdal"), ("1818", "Nordland"), ("3419", "Innlandet")]
)
def test_the_chosen_organisation_keeps_its_county_when_a_refused_form_is_shown_again(client, number, label):
    """The declaration form without its confirmation is refused and shown again: the chosen
    organisation in the widget is still named with its county, not just "Herøy kommune"."""
    from applications.models import ConflictOfInterest

    client.force_login(officer())
    organisation = municipality(number)
    response = client.post(
        reverse("admin:applications_conflictofinterest_add"),
        {"organisation": str(organisation.pk), "reason": "Nær familie i prosjektledelsen"},
    )
    assert response.status_code == 200  # refused: the confirmation is missing
    assert not ConflictOfInterest.objects.exists()
    html = response.content.decode()
    assert f'<option value="{organisation.pk}" selected>{organisation.name} ({label})</option>' in html


def test_a_refused_form_with_a_non_numeric_organisation_is_still_the_forms_own_error(client):
    client.force_login(officer())
    response = client.post(
        reverse("admin:applications_conflictofinterest_add"), {"organisation": "abc", "reason": "x", "confirm": "on"}
    )
    assert response.status_code == 200
    assert '<option value="abc"' not in response.content.decode()


def test_the_budget_holders_decision_list_and_bulk_pages_name_the_county(client):
    """Two proposals from the two Herøys: the decision list and the bulk approval and return
    pages tell them apart by county."""
    from applications.services.assessment import decision_propose
    from tests.assessment.helpers import submitted
    from tests.factories import budget_holder

    proposer = officer()
    decisions = [
        decision_propose(application=submitted(municipality(n)), actor=proposer, outcome="award", amount="1000")
        for n in ("1515", "1818")
    ]
    client.force_login(budget_holder())
    changelist = reverse("admin:applications_decision_changelist")
    pages = [client.get(changelist)] + [
        client.post(changelist, {"action": action, "_selected_action": [d.pk for d in decisions]})
        for action in ("approve_selected", "return_selected")
    ]
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert "Herøy kommune (Møre og Romsdal)" in html and "Herøy kommune (Nordland)" in html
