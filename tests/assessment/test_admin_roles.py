"""Each IMDi role does exactly its part in the admin; nobody else gets in."""

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from applications.models import Appeal, Application, Assessment, Decision, Grant, ReceptionCentreAgreement
from applications.services.assessment import assessment_save, decision_propose
from tests.assessment.helpers import dismiss, submitted
from tests.factories import (
    UserFactory,
    budget_holder,
    development_call,
    finance,
    member,
    municipality,
    officer,
    reception_call,
)

pytestmark = pytest.mark.django_db

ASSESSMENTS = "/admin/applications/assessment/"
DECISIONS = "/admin/applications/decision/"
APPEALS = "/admin/applications/appeal/"
AGREEMENTS = "/admin/applications/receptioncentreagreement/"


def login(client, user):
    client.force_login(user)
    return client


def test_municipal_user_and_plain_staff_are_kept_out(client):
    login(client, member(municipality()))
    assert client.get(ASSESSMENTS).status_code == 302  # not staff: sent to the admin login
    client.logout()
    login(client, UserFactory(is_staff=True))
    for url in (ASSESSMENTS, DECISIONS, APPEALS, AGREEMENTS, ASSESSMENTS + "rangering/"):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize(
    ("make_user", "expected"),
    [
        (
            officer,
            {ASSESSMENTS + "add/": 200, DECISIONS + "add/": 200, APPEALS + "add/": 200, AGREEMENTS + "add/": 200},
        ),
        (
            budget_holder,
            {ASSESSMENTS + "add/": 403, DECISIONS + "add/": 403, APPEALS + "add/": 403, AGREEMENTS + "add/": 403},
        ),
        (
            finance,
            {ASSESSMENTS + "add/": 403, DECISIONS + "add/": 403, APPEALS + "add/": 403, AGREEMENTS + "add/": 403},
        ),
    ],
)
def test_add_pages_per_role(client, make_user, expected):
    login(client, make_user())
    for url in (ASSESSMENTS, DECISIONS, APPEALS, AGREEMENTS):
        assert client.get(url).status_code == 200, url
    for url, status in expected.items():
        assert client.get(url).status_code == status, url


def test_officer_scores_through_the_admin(client):
    app = submitted(amount="500000")
    o = officer()
    login(client, o)
    data = {
        "application": app.pk,
        "score_purpose": 5,
        "score_delivery": 4,
        "score_transfer": 6,
        "comment": "God modell.",
        "recommended_amount": "400000",
    }
    response = client.post(ASSESSMENTS + "add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assessment = Assessment.objects.get()
    assert assessment.officer == o and assessment.total == 15
    assert Application.objects.get(pk=app.pk).status == Application.Status.IN_ASSESSMENT


def test_bad_input_shows_error_and_saves_nothing(client):
    app = submitted(amount="500000")
    login(client, officer())
    data = {"application": app.pk, "score_purpose": 5, "score_delivery": 4, "score_transfer": 6}
    response = client.post(ASSESSMENTS + "add/", {**data, "recommended_amount": "500000.01"})
    assert response.status_code == 200
    assert "Anbefalt beløp kan ikke være høyere enn søknadsbeløpet." in response.content.decode()
    assert not Assessment.objects.exists()
    assert Application.objects.get(pk=app.pk).status == Application.Status.SUBMITTED


def test_officer_cannot_change_a_colleagues_assessment(client):
    app = submitted()
    theirs = assessment_save(application=app, officer=officer(), score_purpose=3, score_delivery=3, score_transfer=3)
    login(client, officer())
    response = client.post(
        f"{ASSESSMENTS}{theirs.pk}/change/", {"score_purpose": 6, "score_delivery": 6, "score_transfer": 6}
    )
    assert response.status_code in (302, 403)
    theirs.refresh_from_db()
    assert theirs.score_purpose == 3


def test_officer_proposes_in_the_admin_and_cannot_approve(client):
    app = submitted(amount="500000")
    o = officer()
    login(client, o)
    response = client.post(
        DECISIONS + "add/",
        {"application": app.pk, "outcome": "award", "amount": "450000", "reason": "", "special_conditions": "Vilkår."},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = Decision.objects.get()
    assert decision.proposed_by == o and decision.status == Decision.Status.PROPOSED
    # The approve action is not offered to officers, and posting it does nothing.
    page = client.get(DECISIONS)
    assert "approve_selected" not in page.content.decode()
    client.post(DECISIONS, {"action": "approve_selected", ACTION_CHECKBOX_NAME: [decision.pk], "confirm": "yes"})
    decision.refresh_from_db()
    assert decision.status == Decision.Status.PROPOSED


def test_proposal_above_applied_shows_error(client):
    app = submitted(amount="500000")
    login(client, officer())
    response = client.post(DECISIONS + "add/", {"application": app.pk, "outcome": "award", "amount": "600000"})
    assert response.status_code == 200
    assert "Tilskuddet kan ikke være høyere" in response.content.decode()
    assert not Decision.objects.exists()


def test_bulk_approval_confirms_totals_per_area_first(client):
    o = officer()
    d1 = decision_propose(
        application=submitted(area_number=2, amount="500000"), actor=o, outcome="award", amount="400000"
    )
    d2 = decision_propose(
        application=submitted(area_number=2, amount="500000"), actor=o, outcome="award", amount="100000.50"
    )
    d3 = decision_propose(
        application=submitted(area_number=8, amount="500000"), actor=o, outcome="reject", reason="Svak."
    )
    h = budget_holder()
    login(client, h)
    ids = [d1.pk, d2.pk, d3.pk]
    confirm = client.post(DECISIONS, {"action": "approve_selected", ACTION_CHECKBOX_NAME: ids})
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "500\xa0000,50\xa0kr" in text  # area 2: 400 000 + 100 000,50
    assert "Bekreft godkjenning" in text
    assert Decision.objects.filter(status=Decision.Status.APPROVED).count() == 0
    done = client.post(
        DECISIONS,
        {
            "action": "approve_selected",
            ACTION_CHECKBOX_NAME: ids,
            "confirm": "yes",
            **{f"version_{pk}": 1 for pk in ids},
        },
    )
    assert done.status_code == 302
    assert Decision.objects.filter(status=Decision.Status.APPROVED).count() == 3
    assert Grant.objects.count() == 2


def test_finance_reads_but_cannot_approve(client):
    d = decision_propose(application=submitted(), actor=officer(), outcome="award", amount="1000")
    login(client, finance())
    assert client.get(f"{DECISIONS}{d.pk}/change/").status_code == 200
    client.post(DECISIONS, {"action": "approve_selected", ACTION_CHECKBOX_NAME: [d.pk], "confirm": "yes"})
    d.refresh_from_db()
    assert d.status == Decision.Status.PROPOSED


def test_ranking_lists_by_score_with_running_totals(client):
    o = officer()
    low, high = submitted(area_number=8, amount="6000000"), submitted(area_number=8, amount="5000000")
    assessment_save(
        application=low, officer=o, score_purpose=2, score_delivery=2, score_transfer=2, recommended_amount="6000000"
    )
    assessment_save(
        application=high, officer=o, score_purpose=6, score_delivery=5, score_transfer=6, recommended_amount="5000000"
    )
    call = development_call()
    area = call.areas.get(number=8)
    for user in (o, budget_holder(), finance()):
        login(client, user)
        response = client.get(ASSESSMENTS + "rangering/", {"call": call.pk, "area": area.pk})
        assert response.status_code == 200
    rows = response.context["result"]["rows"]
    assert [r["application"].pk for r in rows] == [high.pk, low.pk]
    assert rows[1]["area_running"] == 11000000
    assert rows[1]["over_area"] is True and rows[0]["over_area"] is False
    assert "over rammen" in response.content.decode()


def test_officer_registers_appeal_and_records_receipt(client):
    decision = dismiss(submitted(), officer=officer(), holder=budget_holder())
    o = officer()
    login(client, o)
    today = decision.approved_at.date()
    received = client.post(f"{DECISIONS}{decision.pk}/mottatt/", {"received_on": today.isoformat()})
    assert received.status_code == 302
    decision.refresh_from_db()
    # The day after the deadline: 21 days from receipt, moved past weekends and holidays (a
    # fixed "today + 22" fails in December, when the 21st day is Christmas).
    late_day = decision.appeal_deadline + dt.timedelta(days=1)
    assert late_day > today + dt.timedelta(days=21)
    response = client.post(
        APPEALS + "add/", {"decision": decision.pk, "received_on": late_day.isoformat(), "notes": ""}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    appeal = Appeal.objects.get()
    assert appeal.is_late is True and appeal.registered_by == o


def test_reception_compute_in_the_admin(client):
    ReceptionCentreAgreement.objects.create(
        organisation=municipality(),
        centre_name="Mottak",
        places=10,
        valid_from=dt.date(2024, 1, 1),
        partnership_agreement_date=dt.date(2023, 1, 1),
    )
    login(client, budget_holder())
    assert client.post(AGREEMENTS + "beregn/", {"call": reception_call().pk}).status_code == 403
    login(client, officer())
    response = client.post(AGREEMENTS + "beregn/", {"call": reception_call().pk})
    assert response.status_code == 200
    assert Grant.objects.get().amount == 256920
    assert "256\xa0920\xa0kr" in response.content.decode()


def test_a_stray_permission_without_an_imdi_role_is_not_enough(client):
    from django.contrib.auth.models import Permission

    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_decision", "change_decision"]))
    d = decision_propose(application=submitted(), actor=officer(), outcome="award", amount="1000")
    client.force_login(user)
    assert client.get(DECISIONS).status_code == 403
    client.post(DECISIONS, {"action": "approve_selected", ACTION_CHECKBOX_NAME: [d.pk], "confirm": "yes"})
    assert client.post(f"{DECISIONS}{d.pk}/godkjenn/", {"confirm": "yes"}).status_code == 403
    d.refresh_from_db()
    assert d.status == Decision.Status.PROPOSED
