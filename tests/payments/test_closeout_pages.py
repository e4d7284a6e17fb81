"""The close-out on the pages: the officer proposes the claim and closes after a confirmation
page; the municipality and the admin see the figures; finance's overview lists the grant."""

import datetime as dt

import pytest
from django.urls import reverse

from applications.models import Grant
from organisations.models import Membership
from payments.models import Reaction
from payments.services import reaction_approve, repayment_record_received
from tests.factories import budget_holder, finance, member, municipality, officer
from tests.factories_closeout import final_accounts_approved, paid_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def grant():
    grant = paid_grant(amount="500000.00")
    final_accounts_approved(grant, used="420000.00")
    return grant


def _text(response):
    return response.content.decode().replace("\xa0", " ")


def test_officer_proposes_the_claim_then_closes_after_confirming(client, grant):
    client.force_login(officer())
    page = _text(client.get(reverse("payments:grant", args=[grant.pk])))
    assert "Sluttoppgjør" in page and "Foreslå krav om tilbakebetaling av 80 000 kr" in page
    # Closing now is refused with the reason, nothing changes.
    refused = client.post(reverse("payments:closeout_finish", args=[grant.pk]), follow=True)
    assert "kan ikke avsluttes ennå" in _text(refused)
    assert client.post(reverse("payments:closeout_claim", args=[grant.pk])).status_code == 302
    claim = Reaction.objects.get(grant=grant)
    reaction_approve(reaction=claim, actor=budget_holder(), version=claim.version)
    repayment_record_received(reaction=claim, actor=finance(), repaid_on=dt.date(2025, 3, 20))

    confirm = client.get(reverse("payments:closeout_finish", args=[grant.pk]))
    assert "Bekreft: avslutt tilskuddet" in _text(confirm) and "80 000 kr" in _text(confirm)
    grant.refresh_from_db()
    assert grant.status == Grant.Status.ACCEPTED  # a GET closes nothing
    assert client.post(reverse("payments:closeout_finish", args=[grant.pk])).status_code == 302
    grant.refresh_from_db()
    assert grant.status == Grant.Status.CLOSED


def test_a_second_claim_post_is_refused_with_a_message(client, grant):
    client.force_login(officer())
    client.post(reverse("payments:closeout_claim", args=[grant.pk]))
    again = client.post(reverse("payments:closeout_claim", args=[grant.pk]), follow=True)
    assert "Det er ikke noe ubrukt beløp å kreve tilbake nå" in _text(again)
    assert Reaction.objects.filter(grant=grant).count() == 1


def test_the_municipality_sees_the_figures_but_no_buttons(client, grant):
    client.force_login(member(grant.organisation, Membership.Role.APPROVER))
    page = _text(client.get(reverse("grants:detail", args=[grant.pk])))
    assert "Sluttoppgjør" in page and "Utbetalt, men ikke brukt (skal betales tilbake)" in page
    assert "80 000 kr" in page and "Foreslå krav" not in page
    assert client.post(reverse("payments:closeout_claim", args=[grant.pk])).status_code == 403
    assert client.get(reverse("payments:closeout_finish", args=[grant.pk])).status_code == 403


def test_another_municipality_and_bad_ids(client, grant):
    client.force_login(officer())
    assert client.get(reverse("payments:closeout_finish", args=[999999])).status_code == 404
    client.force_login(member(municipality("0301"), Membership.Role.APPROVER))
    assert client.get(reverse("grants:detail", args=[grant.pk])).status_code == 404


def test_admin_grant_page_and_finance_overview_show_the_figures(client, grant):
    client.force_login(officer())
    admin_page = _text(client.get(reverse("admin:applications_grant_change", args=[grant.pk])))
    assert "Sluttoppgjør" in admin_page and "420 000 kr" in admin_page
    client.force_login(finance())
    overview = _text(client.get(reverse("payments:overview") + "?year=2024"))
    assert grant.case_number in overview and "Krav om tilbakebetaling må foreslås" in overview


def test_finance_overview_has_a_fixed_number_of_queries(client, grant, django_assert_max_num_queries):
    client.force_login(finance())
    url = reverse("payments:overview") + "?year=2024"
    client.get(url)
    with django_assert_max_num_queries(40) as first:
        client.get(url)
    other = paid_grant(municipality("0301"), amount="300000.00")
    final_accounts_approved(other, used="300000.00")
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert other.case_number in client.get(url).content.decode()
