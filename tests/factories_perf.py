"""Test helpers of the performance work (issue 17): case events in bulk at one instant."""

import datetime as dt

from applications.services.application import application_send_for_approval, application_submit
from core.services import case_event_record
from organisations.models import Membership
from tests.factories import application_complete, colleague, make_application, municipality, on_day, submission_day


def application_sent_to_imdi():
    """An application the municipality has sent (its case log is IMDi's to read)."""
    application = application_complete(make_application(municipality()))
    with on_day(submission_day(application.call)):
        application_send_for_approval(application=application, user=application.created_by)
        application_submit(application=application, user=colleague(application.organisation, Membership.Role.APPROVER))
    application.refresh_from_db()
    return application


def case_events_on_day(application, *, day: dt.date, count: int, action="attachment_added") -> list:
    """`count` events on the application's case, all with the same timestamp (the clock stopped)."""
    with on_day(day):
        return [
            case_event_record(subject=application, action=action, actor=application.created_by, message=f"Merknad {n}")
            for n in range(count)
        ]
