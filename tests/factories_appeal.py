"""Dismissals to appeal in the portal (issue 15 item 4), built through the services."""

import datetime as dt

from applications.services.appeal import decision_received_record
from tests.assessment.helpers import dismiss, submitted
from tests.factories import approver, budget_holder, municipality, officer, on_day


def dismissal_decided(*, org=None, decided_on=dt.date(2024, 3, 1), received_on=None):
    """An approved dismissal of a submitted application from `org`, decided on `decided_on`
    (its letter sent that day) and, if given, received by the applicant on `received_on`."""
    application = submitted(org or municipality())
    with on_day(decided_on):
        decision = dismiss(application, officer=officer(), holder=budget_holder())
    if received_on is not None:
        decision = decision_received_record(decision=decision, received_on=received_on)
    return decision


def applicant_approver(decision):
    return approver(decision.application.organisation)
