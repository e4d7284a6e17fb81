"""Each role against each reporting page: 200, redirect to login, 403 or 404."""

import pytest
from django.urls import reverse

from organisations.models import Membership
from tests.factories import budget_holder, finance, member, municipality, officer, with_details
from tests.reporting.helpers import Kind, development_grant_with_budget, report_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    grant = development_grant_with_budget()
    accounts = report_of(grant, Kind.ACCOUNTS).obligation
    other = with_details(municipality("0301"), seed=50)
    return {
        "grant": grant,
        "obligation": accounts,
        "users": {
            "anonymous": None,
            "caseworker": member(grant.organisation, Membership.Role.CASEWORKER),
            "approver": member(grant.organisation, Membership.Role.APPROVER),
            "other_municipality": member(other, Membership.Role.APPROVER),
            "officer": officer(),
            "finance": finance(),
            "budget_holder": budget_holder(),
        },
    }


PORTAL_PAGES = {
    "report": lambda o: reverse("reporting:report", args=[o.pk]),
    "accounts_template": lambda o: reverse("reporting:accounts_template", args=[o.pk]),
}
LOGIN = "login"
EXPECTED_PORTAL = {
    "anonymous": LOGIN,
    "caseworker": 200,
    "approver": 200,
    "other_municipality": 404,
    "officer": 404,
    "finance": 404,
    "budget_holder": 404,
}


@pytest.mark.parametrize("page", list(PORTAL_PAGES))
@pytest.mark.parametrize("role", list(EXPECTED_PORTAL))
def test_portal_report_pages(client, world, page, role):
    user = world["users"][role]
    if user:
        client.force_login(user)
    response = client.get(PORTAL_PAGES[page](world["obligation"]))
    expected = EXPECTED_PORTAL[role]
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", list(EXPECTED_PORTAL))
def test_portal_posts_answer_404_to_outsiders_and_change_nothing(client, world, role):
    user = world["users"][role]
    if user:
        client.force_login(user)
    obligation = world["obligation"]
    for name, data in [
        ("reporting:report", {"report-progress": "x"}),
        ("reporting:accounts_approve", {"capacity": "lead"}),
        ("reporting:submit", {}),
    ]:
        response = client.post(reverse(name, args=[obligation.pk]), data)
        expected = EXPECTED_PORTAL[role]
        if expected == LOGIN:
            assert response.status_code == 302 and reverse("login") in response["Location"]
        elif expected == 404:
            assert response.status_code == 404
        else:
            assert response.status_code in (302, 400)
    obligation.report.refresh_from_db()
    approved_by = obligation.report.accounts_lead_approved_by
    assert (approved_by is not None) == (role in ("caseworker", "approver"))


@pytest.mark.parametrize("role", list(EXPECTED_PORTAL))
def test_report_list_shows_only_own_organisations(client, world, role):
    user = world["users"][role]
    if user:
        client.force_login(user)
    response = client.get(reverse("reporting:list"))
    if user is None:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert (world["grant"].case_number in response.content.decode()) == (role in ("caseworker", "approver"))


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", LOGIN), ("caseworker", 200), ("approver", 200), ("other_municipality", 200), ("officer", 404)],
)
def test_calendar_page(client, world, role, expected):
    user = world["users"][role]
    if user:
        client.force_login(user)
    response = client.get(reverse("reporting:calendar"))
    if expected == LOGIN:
        assert response.status_code == 302
    else:
        assert response.status_code == expected


ADMIN_EXPECTED = {
    # role: (changelist, dashboard, review, move)
    "anonymous": ("login", "login", "login", "login"),
    "caseworker": ("login", "login", "login", "login"),
    "approver": ("login", "login", "login", "login"),
    "other_municipality": ("login", "login", "login", "login"),
    "officer": (200, 200, 200, 200),
    "finance": (200, 200, 200, 403),
    "budget_holder": (200, 200, 200, 403),
}


@pytest.mark.parametrize("role", list(ADMIN_EXPECTED))
def test_admin_pages(client, world, role):
    user = world["users"][role]
    if user:
        client.force_login(user)
    obligation = world["obligation"]
    urls = [
        reverse("admin:reporting_reportobligation_changelist"),
        reverse("admin:reporting_reportobligation_dashboard"),
        reverse("admin:reporting_reportobligation_review", args=[obligation.pk]),
        reverse("admin:reporting_reportobligation_move", args=[obligation.grant.call_id]),
    ]
    for url, expected in zip(urls, ADMIN_EXPECTED[role], strict=True):
        response = client.get(url)
        if expected == "login":
            assert response.status_code == 302 and "/admin/login/" in response["Location"], url
        else:
            assert response.status_code == expected, url


def test_a_stray_model_permission_without_an_imdi_role_does_not_open_the_admin(client, world):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_reportobligation"))
    client.force_login(staff)
    assert client.get(reverse("admin:reporting_reportobligation_changelist")).status_code == 403
    assert client.get(reverse("admin:reporting_reportobligation_dashboard")).status_code == 403
    review = reverse("admin:reporting_reportobligation_review", args=[world["obligation"].pk])
    assert client.get(review).status_code == 403
