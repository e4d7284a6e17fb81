"""The log names who acted: a superuser's edit of an officer's assessment is the superuser's."""

import pytest

from applications.models import Appeal, Assessment
from applications.services.assessment import assessment_save
from core.models import CaseEvent
from tests.assessment.helpers import dismiss, submitted
from tests.factories import UserFactory, budget_holder, officer

pytestmark = pytest.mark.django_db


def test_superuser_edits_officers_assessment_in_the_admin(client):
    o = officer()
    theirs = assessment_save(application=submitted(), officer=o, score_purpose=3, score_delivery=3, score_transfer=3)
    boss = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(boss)
    response = client.post(
        f"/admin/applications/assessment/{theirs.pk}/change/",
        {"score_purpose": 5, "score_delivery": 5, "score_transfer": 5, "comment": "Rettet", "recommended_amount": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    theirs.refresh_from_db()
    assert theirs.officer == o  # still the officer's assessment
    assert theirs.score_purpose == 5
    event = CaseEvent.objects.get(action="assessment_changed")
    assert event.actor == boss
    assert event.data["officer"] == o.pk
    assert theirs.history.latest().history_user == boss
    assert Assessment.objects.count() == 1


def test_service_records_the_actor_not_the_officer():
    o, boss = officer(), UserFactory(is_staff=True, is_superuser=True)
    app = submitted()
    assessment_save(application=app, officer=o, score_purpose=3, score_delivery=3, score_transfer=3)
    assessment = assessment_save(
        application=app, officer=o, actor=boss, score_purpose=4, score_delivery=4, score_transfer=4
    )
    assert assessment.history.latest().history_user == boss
    assert CaseEvent.objects.filter(action="assessment_changed").get().actor == boss
    # The officer's own first save is theirs.
    assert assessment.history.earliest().history_user == o


def test_appeal_notes_edit_is_in_the_history_with_who_wrote_it(client):
    import datetime as dt

    from applications.services.appeal import appeal_register

    o = officer()
    decision = dismiss(submitted(), officer=o, holder=budget_holder())
    appeal = appeal_register(decision=decision, received_on=dt.date(2024, 3, 1), actor=o)
    editor = officer()
    client.force_login(editor)
    response = client.post(
        f"/admin/applications/appeal/{appeal.pk}/change/", {"forwarded_to_ministry_on": "", "notes": "Ny merknad"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    appeal = Appeal.objects.get(pk=appeal.pk)
    assert appeal.notes == "Ny merknad"
    assert appeal.history.latest().history_user == editor
