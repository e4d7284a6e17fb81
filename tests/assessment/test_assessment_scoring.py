from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from applications.models import Application, Assessment
from applications.selectors.assessment import assessment_summary
from applications.services.assessment import assessment_save, assessment_start
from core.models import CaseEvent
from tests.assessment.helpers import submitted
from tests.factories import budget_holder, finance, make_application, member, municipality, officer, with_details

pytestmark = pytest.mark.django_db


def _score(app, who, p, d, t, amount=None, comment=""):
    return assessment_save(
        application=app,
        officer=who,
        score_purpose=p,
        score_delivery=d,
        score_transfer=t,
        recommended_amount=amount,
        comment=comment,
    )


def test_first_score_starts_assessment_and_is_logged():
    app = submitted()
    o = officer()
    _score(app, o, 5, 4, 6, "400000")
    app.refresh_from_db()
    assert app.status == Application.Status.IN_ASSESSMENT
    actions = list(CaseEvent.objects.filter(object_id=app.pk).values_list("action", flat=True))
    # The municipality's steps (opened, sent for approval, submitted), then the officer's.
    assert actions == ["created", "sent_for_approval", "submitted", "assessment_started", "assessment_scored"]


@pytest.mark.parametrize("state", ["draft", "awaiting_approval"])
def test_start_assessment_only_from_submitted(state):
    app = make_application(with_details(municipality()), status=state)
    with pytest.raises(ValidationError):
        assessment_start(application=app, actor=officer())


def test_several_officers_one_each_and_averages():
    app = submitted(years=["300000.00"], supervisor_is_academic=True)
    app.partners.add(municipality("4627"))
    a, b = officer(), officer()
    _score(app, a, 5, 4, 6, "400000")
    _score(app, b, 4, 4, 3, "300000")
    summary = assessment_summary(app)
    assert summary["count"] == 2
    assert summary["purpose"] == Decimal("4.50")
    assert summary["delivery"] == Decimal("4.00")
    assert summary["transfer"] == Decimal("4.50")
    assert summary["total"] == Decimal("13.00")
    assert summary["recommended"] == Decimal("350000")
    factors = " ".join(summary["factors"])
    assert "Flerårig (2 år)" in factors
    assert "universitet eller høyskole" in factors
    assert "Interkommunalt samarbeid (1" in factors


def test_same_officer_updates_own_assessment_with_before_and_after():
    app = submitted()
    o = officer()
    _score(app, o, 3, 3, 3, "100000")
    _score(app, o, 5, 3, 3, "200000")
    assert Assessment.objects.filter(application=app).count() == 1
    event = CaseEvent.objects.get(object_id=app.pk, action="assessment_changed")
    assert event.data["before"]["score_purpose"] == 3
    assert event.data["after"]["score_purpose"] == 5
    assert event.data["before"]["recommended_amount"] == "100000.00"
    assert event.data["after"]["recommended_amount"] == "200000.00"
    assert Assessment.history.filter(application=app).count() == 2


@pytest.mark.parametrize("bad", [0, 7])
def test_scores_outside_the_scale_refused(bad):
    app = submitted()
    with pytest.raises(ValidationError) as exc:
        _score(app, officer(), bad, 3, 3)
    assert "score_purpose" in exc.value.message_dict
    assert not Assessment.objects.exists()


def test_recommendation_above_applied_refused():
    app = submitted(amount="500000.00")
    with pytest.raises(ValidationError) as exc:
        _score(app, officer(), 3, 3, 3, "500000.01")
    assert "recommended_amount" in exc.value.message_dict


@pytest.mark.parametrize("who", [budget_holder, finance, lambda: member(municipality())])
def test_only_officers_score(who):
    app = submitted()
    with pytest.raises(PermissionDenied):
        _score(app, who(), 3, 3, 3)
