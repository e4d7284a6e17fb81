"""The municipality sees all years of its project on one grant page: the first year's grant,
the later years as bound, confirmed (with their own letter, once sent) or stopped. Another
municipality gets 404."""

import pytest
from django.urls import reverse

from applications.services.grant import grant_letter_send
from applications.services.project_year import grant_year_approve, grant_year_stop
from organisations.models import Membership
from tests.factories import budget_holder, development_call, grant_advance, member, municipality, officer
from tests.factories_years import call_for_year, multi_year_award, year_confirmed

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    org = municipality()
    grant, years = multi_year_award(call=development_call(2023), amounts=["1000000", "900000", "800000"], org=org)
    return org, grant_advance(grant, "accepted"), years


def _page(client, user, grant):
    client.force_login(user)
    return client.get(reverse("grants:detail", args=[grant.pk]))


def test_year_one_page_lists_the_bound_later_years(client, project):
    org, grant, _years = project
    page = _page(client, member(org, Membership.Role.CASEWORKER), grant).content.decode().replace("\xa0", " ")
    assert "Alle år i prosjektet" in page
    assert "900 000 kr" in page and "800 000 kr" in page
    assert page.count("Bundet – venter på bevilgning og IMDis bekreftelse") == 2


def test_a_confirmed_year_links_to_its_own_grant_once_its_letter_is_sent(client, project):
    org, grant, [year_2024, year_2025] = project
    second = year_confirmed(year_2024)
    user = member(org, Membership.Role.APPROVER)
    page = _page(client, user, grant).content.decode()
    # Decided but not sent: the municipality sees that it comes, not the grant itself.
    assert "Videreført – tilskuddsbrevet kommer" in page
    assert reverse("grants:detail", args=[second.pk]) not in page
    grant_letter_send(grant=second, actor=budget_holder())
    page = _page(client, user, grant).content.decode()
    assert reverse("grants:detail", args=[second.pk]) in page
    # The year's own page shows the whole project too.
    second_page = _page(client, user, second).content.decode()
    assert "Alle år i prosjektet" in second_page and reverse("grants:detail", args=[grant.pk]) in second_page
    call_for_year(development_call(2024), 2025)
    stopped = grant_year_stop(project_year=year_2025, actor=officer(), reason="Ingen deltakere høsten 2024.")
    grant_year_approve(project_year=stopped, actor=budget_holder())
    page = _page(client, user, grant).content.decode()
    assert "Stanset: Ingen deltakere høsten 2024." in page


def test_an_internal_proposal_is_not_shown_to_the_municipality(client, project):
    from applications.services.project_year import grant_year_reduce
    from tests.factories_years import REASON

    org, grant, [year_2024, _] = project
    grant_year_reduce(project_year=year_2024, actor=officer(), amount="456789", reason=REASON)
    page = _page(client, member(org, Membership.Role.APPROVER), grant).content.decode().replace("\xa0", " ")
    assert "456 789 kr" not in page and "900 000 kr" in page
    assert "Foreslått" not in page


def test_another_municipality_gets_404(client, project):
    _org, grant, _ = project
    assert _page(client, member(municipality("0301"), Membership.Role.APPROVER), grant).status_code == 404


def test_the_page_has_a_fixed_number_of_queries(client, project, django_assert_max_num_queries):
    org, grant, [year_2024, year_2025] = project
    user = member(org, Membership.Role.APPROVER)
    _page(client, user, grant)
    client.force_login(user)
    with django_assert_max_num_queries(60) as before:
        client.get(reverse("grants:detail", args=[grant.pk]))
    grant_letter_send(grant=year_confirmed(year_2024), actor=budget_holder())
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(reverse("grants:detail", args=[grant.pk]))
