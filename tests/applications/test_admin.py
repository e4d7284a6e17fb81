"""IMDi officers see submitted applications in the admin, read-only for applicant fields."""

import pytest
from django.urls import reverse

from applications.models import Application
from tests.applications.helpers import complete_application, submitted
from tests.factories import budget_holder, county_municipality, municipality, officer

pytestmark = pytest.mark.django_db

LIST = "admin:applications_application_changelist"


@pytest.fixture
def cases():
    return {
        "draft": complete_application(municipality("4601"), title="Utkastprosjekt"),
        "bergen": submitted(municipality("4601"), title="Bergensprosjekt"),
        "oslo": submitted(municipality("0301"), title="Osloprosjekt", area_number=3),
        "county": submitted(county_municipality("46"), title="Fylkesprosjekt", area_number=1),
    }


def listed(client, **params):
    response = client.get(reverse(LIST), params)
    assert response.status_code == 200
    return {a.title for a in response.context["cl"].result_list}


def test_officer_sees_submitted_but_not_drafts(client, cases):
    client.force_login(officer())
    assert listed(client) == {"Bergensprosjekt", "Osloprosjekt", "Fylkesprosjekt"}
    draft_url = reverse("admin:applications_application_change", args=[cases["draft"].pk])
    assert client.get(draft_url).status_code in (302, 404)


def test_filters_and_search(client, cases):
    client.force_login(officer())
    oslo = cases["oslo"]
    assert listed(client, area__id__exact=oslo.area_id) == {"Osloprosjekt"}
    assert listed(client, status__exact="submitted") == {"Bergensprosjekt", "Osloprosjekt", "Fylkesprosjekt"}
    assert listed(client, call__id__exact=oslo.call_id) == {"Bergensprosjekt", "Osloprosjekt", "Fylkesprosjekt"}
    assert listed(client, organisation__county__id__exact=oslo.organisation.county_id) == {"Osloprosjekt"}
    assert listed(client, q=oslo.case_number) == {"Osloprosjekt"}
    assert "Osloprosjekt" in listed(client, q=oslo.organisation.name)
    assert "Bergensprosjekt" not in listed(client, q=oslo.organisation.name)
    assert listed(client, q="Fylkesprosjekt") == {"Fylkesprosjekt"}


def test_applicant_fields_are_read_only(client, cases):
    client.force_login(officer())
    application = cases["bergen"]
    url = reverse("admin:applications_application_change", args=[application.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
    client.post(url, {"title": "Endret av IMDi", "status": "awarded"})
    application.refresh_from_db()
    assert application.title == "Bergensprosjekt"
    assert application.status == Application.Status.SUBMITTED


def test_no_add_or_delete(client, cases):
    client.force_login(officer())
    assert client.get(reverse("admin:applications_application_add")).status_code == 403
    delete_url = reverse("admin:applications_application_delete", args=[cases["bergen"].pk])
    assert client.get(delete_url).status_code == 403


def test_budget_holder_can_view(client, cases):
    client.force_login(budget_holder())
    assert "Bergensprosjekt" in listed(client)


def test_municipal_user_is_kept_out_of_admin(client, cases):
    client.force_login(cases["draft"].created_by)
    response = client.get(reverse(LIST))
    assert response.status_code == 302
    assert "/admin/login/" in response.url
