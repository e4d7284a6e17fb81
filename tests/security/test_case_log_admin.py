"""The admin's case log must not show what happens to an application before the municipality
has sent it: drafts and applications awaiting approval are hidden from IMDi everywhere else."""

import pytest
from django.urls import reverse

from applications.services.application import application_send_for_approval, application_submit
from core.services import case_event_record
from organisations.models import Membership
from tests.factories import (
    application_complete,
    colleague,
    make_application,
    municipality,
    officer,
    on_day,
    submission_day,
)

pytestmark = pytest.mark.django_db


def test_case_log_hides_events_of_unsent_applications(client):
    application = make_application(municipality())
    event = case_event_record(
        subject=application, action="sent_back", actor=application.created_by, message="Intern merknad fra rådmannen"
    )
    client.force_login(officer())
    changelist = client.get(reverse("admin:core_caseevent_changelist"))
    assert changelist.status_code == 200
    assert reverse("admin:core_caseevent_change", args=[event.pk]) not in changelist.content.decode()
    assert client.get(reverse("admin:core_caseevent_change", args=[event.pk])).status_code == 302  # "does not exist"

    application = application_complete(application)
    with on_day(submission_day(application.call)):
        application_send_for_approval(application=application, user=application.created_by)
        application_submit(application=application, user=colleague(application.organisation, Membership.Role.APPROVER))
    assert client.get(reverse("admin:core_caseevent_change", args=[event.pk])).status_code == 200
