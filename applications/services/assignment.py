"""Writes on the officers' work queue: who assesses which application."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationAssignment
from applications.rules import admin_officer
from core.services import case_event_record

# Assessment is open while the application is with IMDi and not yet decided.
ASSIGNABLE_STATUSES = (Application.Status.SUBMITTED, Application.Status.IN_ASSESSMENT)


@transaction.atomic
def application_assign(*, applications, officers, actor) -> int:
    """Assign each officer to each application (those already assigned are left as they are);
    one case event per new assignment. Returns the number of new assignments. All or nothing:
    one refused application refuses the whole request."""
    if not admin_officer(actor):
        raise PermissionDenied(_("Bare rådgivere kan fordele søknader."))
    officers = list(officers)
    if not officers:
        raise ValidationError({"officers": _("Velg minst én rådgiver.")})
    not_officers = [user for user in officers if not admin_officer(user)]
    if not_officers:
        raise ValidationError(
            {"officers": _("%(name)s er ikke rådgiver i IMDi.") % {"name": not_officers[0].get_full_name()}}
        )
    ids = [application.pk for application in applications]
    locked = list(Application.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    closed = [application for application in locked if application.status not in ASSIGNABLE_STATUSES]
    if closed:
        raise ValidationError(
            {
                "applications": _("Sak %(case)s kan ikke fordeles nå (status: %(status)s).")
                % {"case": closed[0].case_number or closed[0].pk, "status": closed[0].get_status_display()}
            }
        )
    existing = set(
        ApplicationAssignment.objects.filter(application__in=locked, officer__in=officers).values_list(
            "application_id", "officer_id"
        )
    )
    created = 0
    for application in locked:
        for user in officers:
            if (application.pk, user.pk) in existing:
                continue
            ApplicationAssignment.objects.create(application=application, officer=user, assigned_by=actor)
            case_event_record(
                subject=application,
                action="application_assigned",
                actor=actor,
                message=_("Tildelt %(name)s") % {"name": user.get_full_name() or user.username},
                data={"officer": user.pk},
            )
            created += 1
    return created


@transaction.atomic
def application_unassign(*, application, officer, actor) -> bool:
    """Take an officer off an application (the assessment they may have written stays)."""
    if not admin_officer(actor):
        raise PermissionDenied(_("Bare rådgivere kan fordele søknader."))
    deleted, _rows = ApplicationAssignment.objects.filter(application=application, officer=officer).delete()
    if deleted:
        case_event_record(
            subject=application,
            action="application_unassigned",
            actor=actor,
            message=_("Tildeling fjernet: %(name)s") % {"name": officer.get_full_name() or officer.username},
            data={"officer": officer.pk},
        )
    return bool(deleted)
