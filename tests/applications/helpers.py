"""Applications in each state, for the tests of this area."""

from applications.models import Application
from applications.services import application as services
from tests.factories import application_complete, approver, make_application, municipality


def complete_application(org=None, *, area_number=2, created_by=None, **fields):
    """A draft that passes the completeness check."""
    org = org or municipality()
    application = make_application(org, area_number=area_number, created_by=created_by, **fields)
    return application_complete(application)


def awaiting_approval(org=None, **kwargs):
    application = complete_application(org, **kwargs)
    return services.application_send_for_approval(application=application, user=application.created_by)


def approver_of(org, **kw):
    return approver(org, **kw)


def submitted(org=None, **kwargs):
    application = awaiting_approval(org, **kwargs)
    return services.application_submit(application=application, user=approver_of(application.organisation))


def reload(application) -> Application:
    return Application.objects.get(pk=application.pk)
