"""Two municipalities with a submitted application each, IMDi's roles, and the steps of a
request for more information taken through the services."""

import datetime as dt

from applications.models import Application
from applications.services import information
from tests.casework.helpers import world  # noqa: F401 - re-exported for the tests

REPLY_BY = dt.date(2024, 2, 20)  # a Tuesday: no moving to a working day


def ask(w, side="a", sections=("prosjekt", "budsjett"), question="Hvor mange deltakere er bekreftet?", reply_by=None):
    application = w[side].application
    return information.information_request_create(
        application=application,
        user=w["officer"],
        sections=list(sections),
        question=question,
        reply_by=reply_by or REPLY_BY,
    )


def answer(w, side="a", text="Vi har rettet tittel og budsjett."):
    return information.information_answer(application=w[side].application, user=w[side].caseworker, answer=text)


def resubmit(w, side="a"):
    return information.information_resubmit(application=w[side].application, user=w[side].approver)


def reload(w, side="a") -> Application:
    return Application.objects.get(pk=w[side].application.pk)
