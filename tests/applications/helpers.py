"""Applications in each state, for the tests of this area."""

import datetime as dt

from applications.models import Application, EarlierProject
from applications.services import application as services
from organisations.models import Membership
from tests.factories import make_application, member, municipality


def complete_application(org=None, *, area_number=2, created_by=None, **fields):
    """A draft that passes the completeness check."""
    org = org or municipality()
    application = make_application(org, area_number=area_number, created_by=created_by, **fields)
    EarlierProject.objects.create(
        application=application,
        description="Språkpraksis 2022",
        imdi_case_number="22/01234",
        decided_on=dt.date(2022, 3, 1),
    )
    if application.area and application.area.supervisor_required and not application.supervisor_name:
        application.supervisor_name = "Vera Veileder"
        application.supervisor_institution = "OsloMet"
        application.save()
    return application


def awaiting_approval(org=None, **kwargs):
    application = complete_application(org, **kwargs)
    return services.application_send_for_approval(application=application, user=application.created_by)


def approver_of(org, **kw):
    return member(org, Membership.Role.APPROVER, **kw)


def submitted(org=None, **kwargs):
    application = awaiting_approval(org, **kwargs)
    return services.application_submit(application=application, user=approver_of(application.organisation))


def reload(application) -> Application:
    return Application.objects.get(pk=application.pk)
