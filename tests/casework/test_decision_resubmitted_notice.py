"""A returned decision proposal revised and sent again tells the budget holder who returned it
(issue 13 item 3, issue 15 item 5): through the one notification path, exactly one notice per
recipient per resubmission, also when the notice runs twice; a second return and resubmission
is a new event and a new notice."""

import pytest
from django.core.exceptions import ValidationError

from applications import notices as application_notices
from applications.services import assessment, decision_bulk
from core.models import CaseEvent, Notification
from tests.factories import budget_holder, make_application, municipality, officer, with_details

pytestmark = pytest.mark.django_db

K = Notification.Kind


@pytest.fixture
def returned(django_capture_on_commit_callbacks):
    application = make_application(with_details(municipality("4601"), seed=82), status="submitted")
    proposer, holder, bystander = officer(), budget_holder(), budget_holder()
    decision = assessment.decision_propose(application=application, actor=proposer, outcome="award", amount="1000")
    with django_capture_on_commit_callbacks(execute=True):
        assessment.decision_return(decision=decision, actor=holder, comment="Beløpet må begrunnes.")
    return {"decision": decision, "proposer": proposer, "holder": holder, "bystander": bystander}


def _resubmit(case, callbacks, amount="900"):
    with callbacks(execute=True):
        decision_bulk.decision_resubmit(
            decision=case["decision"], actor=case["proposer"], outcome="award", amount=amount
        )


def test_the_budget_holder_who_returned_it_is_told_once(returned, django_capture_on_commit_callbacks, mailoutbox):
    _resubmit(returned, django_capture_on_commit_callbacks)
    sent = Notification.objects.filter(kind=K.DECISION_RESUBMITTED)
    assert [n.user for n in sent] == [returned["holder"]]  # not the other budget holder, not the officer
    notice = sent.get()
    assert notice.case_number == returned["decision"].application.case_number
    assert "Beløpet må begrunnes." in notice.body and "sendt det til godkjenning på nytt" in notice.body
    assert f"/admin/applications/decision/{returned['decision'].pk}/change/" in notice.body
    assert notice.get_kind_display() == "Returnert vedtaksforslag sendt på nytt"
    assert [m.to for m in mailoutbox if "sendt på nytt" in m.subject] == [[returned["holder"].email]]
    # The task run twice for the same event: still one notice.
    event = CaseEvent.objects.filter(action="decision_resubmitted").latest("pk")
    application_notices.decision_resubmitted_notify(decision_id=returned["decision"].pk, event_id=event.pk)
    assert sent.count() == 1


def test_returned_and_resubmitted_again_is_a_new_notice(returned, django_capture_on_commit_callbacks):
    _resubmit(returned, django_capture_on_commit_callbacks)
    other = returned["bystander"]
    with django_capture_on_commit_callbacks(execute=True):
        assessment.decision_return(decision=returned["decision"], actor=other, comment="Fortsatt for høyt.")
    _resubmit(returned, django_capture_on_commit_callbacks, amount="800")
    sent = Notification.objects.filter(kind=K.DECISION_RESUBMITTED).order_by("pk")
    assert [n.user for n in sent] == [returned["holder"], other]  # each time the one who returned it
    assert "Fortsatt for høyt." in sent.last().body


def test_a_refused_resubmission_tells_nobody(returned, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True):
        decision_bulk.decision_resubmit(
            decision=returned["decision"], actor=returned["proposer"], outcome="award", amount="-5"
        )
    assert not Notification.objects.filter(kind=K.DECISION_RESUBMITTED).exists()
