"""IMDi's control of a grant's reporting (bevilgningsreglementet § 10 andre ledd; issue 12
item 9): an extra report obligation or a document request added from the admin, and the new
due date a returned report gets. Re-exported by reporting.services."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Grant
from core.calendar import next_bank_day, today_oslo
from core.services import case_event_record
from reporting.models import ReportObligation


@transaction.atomic
def report_obligation_add(*, grant, actor, kind, period_start, period_end, due_date, request_text):
    """IMDi adds an extra report obligation or a document request to an accepted grant (the
    control of bevilgningsreglementet § 10 andre ledd). Reminders and the payments' overdue
    check follow it like any obligation."""
    if not actor.has_perm("reporting.add_report_obligation"):
        raise PermissionDenied(_("Bare rådgivere i IMDi kan legge til rapporteringsplikter."))
    grant = Grant.objects.select_for_update(of=("self",)).get(pk=grant.pk)
    if grant.status != Grant.Status.ACCEPTED:
        raise ValidationError(_("Rapporteringsplikter kan bare legges til et akseptert tilskudd."))
    if kind not in ReportObligation.Kind.values:
        raise ValidationError({"kind": _("Ukjent type.")})
    request_text = (request_text or "").strip()
    if not request_text:
        raise ValidationError({"request_text": _("Skriv hva IMDi ber om.")})
    if period_end < period_start:
        raise ValidationError({"period_end": _("Perioden kan ikke slutte før den begynner.")})
    today = today_oslo()
    if due_date <= today:
        raise ValidationError({"due_date": _("Fristen må være etter i dag.")})
    if due_date > today + dt.timedelta(days=RETURN_DUE_MAX_DAYS):
        raise ValidationError({"due_date": _("Fristen kan ikke være mer enn ett år fram i tid.")})
    due_date = next_bank_day(due_date)
    if grant.report_obligations.filter(kind=kind, period_end=period_end).exists():
        raise ValidationError({"period_end": _("Tilskuddet har allerede en slik plikt for denne perioden.")})
    obligation = ReportObligation.objects.create(
        grant=grant,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        due_date=due_date,
        request_text=request_text,
        added_by=actor,
    )
    case_event_record(
        subject=obligation,
        action="report_obligation_added",
        actor=actor,
        message=request_text,
        data={"kind": kind, "due_date": due_date.isoformat()},
    )
    return obligation


def report_return_due_date_default(obligation, *, today=None):
    """The new due date a returned report gets unless the officer sets one: the call's
    returned_report_days from today, moved to the next working day."""
    today = today or today_oslo()
    return next_bank_day(today + dt.timedelta(days=obligation.grant.call.returned_report_days))


# A returned report's new due date lies after today and within a year.
RETURN_DUE_MAX_DAYS = 366
