from django.urls import reverse

from tests.factories import budget_holder, finance, officer


def shortcuts(client):
    html = client.get(reverse("admin:index")).content.decode()
    return html[html.index('id="snarveier"') : html.index("</section>")]


def test_officer_sees_ranking_and_reporting_shortcuts(db, client):
    client.force_login(officer())
    links = shortcuts(client)
    assert reverse("admin:applications_assessment_ranking") in links
    assert reverse("admin:reporting_reportobligation_dashboard") in links
    assert reverse("payments:overview") not in links


def test_finance_sees_the_payout_pages_shortcut(db, client):
    client.force_login(finance())
    links = shortcuts(client)
    assert reverse("payments:overview") in links
    # Finance reads assessments and report obligations (issues 4 and 6).
    assert reverse("admin:applications_assessment_ranking") in links


def test_budget_holder_sees_decisions_waiting(db, client):
    client.force_login(budget_holder())
    assert reverse("admin:applications_decision_changelist") in shortcuts(client)
