"""The caseworker's start page: organisations, open calls by area and kind, applications."""

import pytest
import time_machine
from django.urls import reverse

from organisations.models import Membership
from tests.applications.helpers import submitted
from tests.factories import county_municipality, make_application, member, municipality

pytestmark = pytest.mark.django_db


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("applications:dashboard"))
    assert response.status_code == 200
    return response


def open_areas(response, org):
    return {
        item["call"].year: [a.number for a in item["areas"]]
        for item in response.context["open_calls"]
        if item["organisation"] == org
    }


def test_municipality_sees_open_call_without_area_1(client):
    org = municipality()
    response = dashboard(client, member(org))
    assert open_areas(response, org) == {2024: [2, 3, 4, 5, 6, 8]}
    assert org.name in response.content.decode()


def test_county_municipality_sees_only_area_1(client):
    org = county_municipality()
    response = dashboard(client, member(org))
    assert open_areas(response, org) == {2024: [1]}


def test_user_in_two_organisations_sees_both(client):
    first, second = municipality("4601"), county_municipality("46")
    user = member(first)
    Membership.objects.create(user=user, organisation=second, role=Membership.Role.APPROVER)
    response = dashboard(client, user)
    assert [m.organisation for m in response.context["memberships"]] == sorted([first, second], key=lambda o: o.name)
    assert open_areas(response, first) == {2024: [2, 3, 4, 5, 6, 8]}
    assert open_areas(response, second) == {2024: [1]}


def test_no_open_calls_after_the_deadline(client):
    org = municipality()
    user = member(org)
    with time_machine.travel("2024-02-15 00:00:01+01:00", tick=False):
        response = dashboard(client, user)
    assert response.context["open_calls"] == []
    assert "Ingen åpne utlysninger" in response.content.decode()


def test_applications_with_status_case_number_and_deadline(client):
    org = municipality()
    draft = make_application(org, title="Utkastet")
    done = submitted(org, title="Innsendt")
    other = make_application(municipality("0301"), title="Annen kommune")
    response = dashboard(client, draft.created_by)
    rows = {a.title: a for a in response.context["applications"]}
    assert set(rows) == {"Utkastet", "Innsendt"}
    assert rows["Utkastet"].next_deadline == draft.call.application_deadline
    assert rows["Innsendt"].next_deadline is None
    page = response.content.decode()
    assert done.case_number in page
    assert "14.02.2024" in page
    assert other.title not in page


def test_partner_sees_application_naming_it(client):
    partner = municipality("4602")
    application = make_application(municipality("4601"), title="Felles prosjekt")
    application.partners.add(partner)
    response = dashboard(client, member(partner))
    assert [a.title for a in response.context["applications"]] == ["Felles prosjekt"]
    assert "samarbeidspartner" in response.content.decode()


def test_approver_sees_queue_count(client):
    org = municipality()
    approver = member(org, Membership.Role.APPROVER)
    from tests.applications.helpers import awaiting_approval

    awaiting_approval(org)
    response = dashboard(client, approver)
    assert len(response.context["awaiting_approval"]) == 1
    assert "1 søknad venter på din godkjenning." in response.content.decode()
