"""Send for approval, submit with a case number, receipt by e-mail, deadline, withdraw, case log."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from applications.models import Application, CaseNumberSequence
from applications.services import application as services
from core.selectors import case_events_for
from tests.applications.helpers import approver_of, awaiting_approval, complete_application, reload, submitted
from tests.factories import member, municipality

pytestmark = pytest.mark.django_db


def test_send_for_approval_refuses_incomplete_and_lists_all_problems():
    application = complete_application(title="", participants=5)
    with pytest.raises(services.ApplicationError) as excinfo:
        services.application_send_for_approval(application=application, user=application.created_by)
    messages = [p.message for p in excinfo.value.problems]
    assert "Prosjekttittel mangler." in messages
    assert "Prosjektet må ha minst 10 deltakere." in messages
    assert reload(application).status == Application.Status.DRAFT


def test_submit_gives_case_number_and_receipt_on_commit(django_capture_on_commit_callbacks, mailoutbox):
    org = municipality()
    application = awaiting_approval(org)
    colleague = member(org, email="kollega@example.no")
    approver = approver_of(org, email="leder@example.no")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = services.application_submit(application=application, user=approver)
    assert len(callbacks) == 1
    assert result.case_number == "24/00001"
    assert result.status == Application.Status.SUBMITTED
    assert result.submitted_by == approver
    # One message per recipient (issue 11: no municipal user sees the others' addresses).
    assert all(len(mail.to) == 1 and "24/00001" in mail.subject for mail in mailoutbox)
    recipients = [mail.to[0] for mail in mailoutbox]
    assert len(recipients) == len(set(recipients))
    assert {"kollega@example.no", "leder@example.no", application.created_by.email} <= set(recipients)
    assert colleague.email in recipients


def test_no_mail_before_commit(django_capture_on_commit_callbacks, mailoutbox):
    application = awaiting_approval()
    with django_capture_on_commit_callbacks(execute=False):
        services.application_submit(application=application, user=approver_of(application.organisation))
    assert mailoutbox == []


def test_case_numbers_follow_the_sequence():
    first = submitted()
    second = submitted(member(municipality("0301")).memberships.first().organisation)
    assert (first.case_number, second.case_number) == ("24/00001", "24/00002")
    assert CaseNumberSequence.objects.get(year=2024).last_number == 2


def test_case_number_year_follows_submission_date():
    CaseNumberSequence.objects.create(year=2024, last_number=122)
    assert submitted().case_number == "24/00123"


def test_double_submit_gives_one_case_number():
    application = awaiting_approval()
    approver = approver_of(application.organisation)
    services.application_submit(application=application, user=approver)
    with pytest.raises(services.ApplicationError, match="allerede sendt inn med saksnummer 24/00001"):
        services.application_submit(application=application, user=approver)
    assert CaseNumberSequence.objects.get(year=2024).last_number == 1


def test_submit_needs_approval_step_first():
    application = complete_application()
    with pytest.raises(services.ApplicationError):
        services.application_submit(application=application, user=approver_of(application.organisation))
    assert reload(application).case_number is None


def test_send_back_with_comment_returns_to_draft():
    application = awaiting_approval()
    approver = approver_of(application.organisation)
    with pytest.raises(services.ApplicationError):
        services.application_send_back(application=application, user=approver, comment="  ")
    services.application_send_back(application=application, user=approver, comment="Budsjettet må forklares.")
    application = reload(application)
    assert application.status == Application.Status.DRAFT
    assert application.returned_comment == "Budsjettet må forklares."
    event = list(case_events_for(application))[-1]
    assert (event.action, event.actor, event.message) == ("sent_back", approver, "Budsjettet må forklares.")


def test_case_log_records_every_transition_with_who():
    application = submitted()
    events = list(case_events_for(application))
    assert [e.action for e in events] == ["created", "sent_for_approval", "submitted"]
    assert events[0].actor == events[1].actor == application.created_by
    assert events[2].actor == application.submitted_by
    assert (events[2].from_state, events[2].to_state) == ("awaiting_approval", "submitted")


@pytest.mark.parametrize("status", ["draft", "awaiting_approval", "submitted", "in_assessment"])
def test_withdraw_before_decision(status):
    application = complete_application()
    Application.objects.filter(pk=application.pk).update(status=status)
    # Once sent, withdrawing takes an approver; before that any member may.
    sent = status in ("submitted", "in_assessment")
    user = approver_of(application.organisation) if sent else application.created_by
    services.application_withdraw(application=application, user=user, reason="Ikke aktuelt")
    assert reload(application).status == Application.Status.WITHDRAWN


@pytest.mark.parametrize("status", ["submitted", "in_assessment"])
def test_caseworker_cannot_withdraw_sent_application(status):
    application = complete_application()
    Application.objects.filter(pk=application.pk).update(status=status)
    with pytest.raises(PermissionDenied):
        services.application_withdraw(application=application, user=application.created_by)
    assert reload(application).status == status


@pytest.mark.parametrize("status", ["awarded", "rejected", "dismissed", "withdrawn"])
def test_withdraw_refused_after_decision(status):
    application = complete_application()
    Application.objects.filter(pk=application.pk).update(status=status)
    with pytest.raises(services.ApplicationError):
        services.application_withdraw(application=application, user=application.created_by)
    assert reload(application).status == status


class TestDeadline:
    def test_submission_at_2359_oslo_on_deadline_day_is_accepted(self):
        application = awaiting_approval()
        with time_machine.travel("2024-02-14 23:59:00+01:00", tick=False):
            result = services.application_submit(application=application, user=approver_of(application.organisation))
        assert result.status == Application.Status.SUBMITTED

    def test_submission_at_midnight_after_deadline_is_refused_and_draft_stays(self):
        application = awaiting_approval()
        approver = approver_of(application.organisation)
        with (
            time_machine.travel("2024-02-15 00:00:00+01:00", tick=False),
            pytest.raises(services.ApplicationError, match="Søknadsfristen 14.02.2024 er passert"),
        ):
            services.application_submit(application=application, user=approver)
        application = reload(application)
        assert application.status == Application.Status.AWAITING_APPROVAL
        assert application.case_number is None
        assert application.title

    def test_utc_evening_is_already_next_day_in_oslo(self):
        application = awaiting_approval()
        # 23:30 UTC on 14 Feb is 00:30 on 15 Feb in Oslo.
        approver = approver_of(application.organisation)
        with time_machine.travel("2024-02-14 23:30:00+00:00", tick=False), pytest.raises(services.ApplicationError):
            services.application_submit(application=application, user=approver)

    def test_sending_for_approval_after_deadline_is_refused(self):
        application = complete_application()
        with (
            time_machine.travel("2024-02-15 00:00:00+01:00", tick=False),
            pytest.raises(services.ApplicationError, match="passert"),
        ):
            services.application_send_for_approval(application=application, user=application.created_by)
        assert reload(application).status == Application.Status.DRAFT
