"""The municipal start page puts the urgent first (letters awaiting acceptance, drafts sent
back with the approver's comment, reports due or overdue) and its list takes search and
filters from GET, ignoring bad values with a message. Fixed number of queries."""

import pytest
from django.urls import reverse

from tests.factories import make_application, make_grant, member, municipality
from tests.payments.helpers import nth_municipality, overdue_report, planned_grant

pytestmark = pytest.mark.django_db


def urgent_world(org):
    letter = make_grant(org, status="letter_sent")
    returned = make_application(org, status="returned", title="Språkkafé for nyankomne")
    report = overdue_report(planned_grant(org))
    return letter, returned, report


def test_the_urgent_come_first_with_deadlines_and_the_approvers_comment(client):
    org = municipality()
    letter, returned, report = urgent_world(org)
    make_application(nth_municipality(5), status="returned", title="Andres søknad")  # not ours
    client.force_login(member(org))
    body = client.get(reverse("applications:dashboard")).content.decode()
    urgent = body[body.index('id="urgent-heading"') : body.index('id="orgs-heading"')]
    assert "Tilskuddsbrev venter på aksept" in urgent and letter.case_number in urgent
    assert "Søknad sendt tilbake av godkjenner" in urgent and "Språkkafé for nyankomne" in urgent
    assert "Kommentar fra godkjenner:" in urgent and "Rett budsjettet." in urgent
    assert "Rapport er forfalt" in urgent and report.grant.case_number in urgent
    assert "fristen gikk ut" in urgent
    assert "Andres søknad" not in body
    assert body.index('id="urgent-heading"') < body.index('id="apps-heading"')


def test_nothing_urgent_says_so(client):
    client.force_login(member(municipality()))
    assert "Ingenting haster akkurat nå." in client.get(reverse("applications:dashboard")).content.decode()


def test_the_start_page_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    org = municipality()
    user = member(org)
    urgent_world(org)
    client.force_login(user)
    with django_assert_max_num_queries(60) as small:
        client.get(reverse("applications:dashboard"))
    for _ in range(3):
        urgent_world(org)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("applications:dashboard"))
    assert response.content.decode().count("Kommentar fra godkjenner:") == 4


def test_search_and_status_filter(client):
    org = municipality()
    make_application(org, title="Språkkafé for nyankomne")
    make_application(org, status="submitted", title="Arbeidstrening")
    client.force_login(member(org))
    url = reverse("applications:dashboard")
    body = client.get(url, {"status": "draft"}).content.decode()
    apps = body[body.index('id="apps-heading"') :]
    assert "Språkkafé for nyankomne" in apps and "Arbeidstrening" not in apps
    apps = client.get(url, {"q": "arbeidstren"}).content.decode()
    apps = apps[apps.index('id="apps-heading"') :]
    assert "Arbeidstrening" in apps and "Språkkafé" not in apps
    body = client.get(url, {"q": "finnes ikke"}).content.decode()
    assert "Ingen søknader passer med søket." in body


@pytest.mark.parametrize(
    "params",
    [
        {"status": "bogus"},
        {"status": "' OR 1=1 --"},
        {"q": "x" * 5000},
        {"q": "<script>alert(1)</script>", "status": "nope"},
        {"status": ["draft", "submitted"]},
    ],
    ids=["unknown-status", "sql", "huge", "hostile", "repeated"],
)
def test_bad_filters_are_ignored_with_a_message(client, params):
    org = municipality()
    make_application(org, title="Språkkafé for nyankomne")
    client.force_login(member(org))
    response = client.get(reverse("applications:dashboard"), params)
    assert response.status_code == 200
    body = response.content.decode()
    if params.get("status") not in (["draft", "submitted"],):
        assert "Et ugyldig søk eller filter ble ignorert." in body
    assert "<script>alert(1)</script>" not in body


def test_a_report_due_soon_is_urgent_with_its_deadline_after_the_overdue(client):
    """A report in its open window (due in a few days) is listed as due, with its deadline;
    the overdue one comes before it."""
    import datetime as dt

    from core.calendar import today_oslo
    from core.templatetags.formatting import date_no

    org = municipality()
    grant = planned_grant(org)
    overdue = overdue_report(grant)
    soon = overdue_report(grant, due_date=today_oslo() + dt.timedelta(days=3))
    client.force_login(member(org))
    body = client.get(reverse("applications:dashboard")).content.decode()
    urgent = body[body.index('id="urgent-heading"') : body.index('id="orgs-heading"')]
    assert "Rapport skal leveres" in urgent and date_no(soon.due_date) in urgent
    assert urgent.index("Rapport er forfalt") < urgent.index("Rapport skal leveres")
    assert overdue.grant.case_number in urgent
