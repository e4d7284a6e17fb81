"""Writes on applications: drafts, attachments, approval, submission, withdrawal.

Every status change goes through the model's guard-only transition and writes a case event."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import notices
from applications.models import Application, ApplicationAttachment, BudgetYear, CaseNumberSequence
from applications.services.allowance import allowance_cap_for_year
from applications.services.area_questions import area_problems
from core.calendar import is_past_deadline, today_oslo
from core.models import Notification
from core.money import format_nok
from core.notifications import notification_send
from core.services import case_event_record, case_events_case_number_assign
from core.transitions import transition_apply
from core.uploads import attachment_check, attachment_download_name, stored_attachment_delete
from schemes.selectors import call_is_published


class ApplicationError(Exception):
    """A refused action on an application; `problems` lists every reason in Norwegian."""

    def __init__(self, message, problems=None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


@dataclass(frozen=True)
class Problem:
    section: str
    field: str
    message: str


# ---------------------------------------------------------------- rules (pure reads)


def allowance_cap_per_year(application, year: int | None = None) -> Decimal | None:
    """The highest participant allowance for one project year (the call's year when `year` is
    None): G for that year × the area's G per participant × participants. 0 when the area gives
    no allowance; None when it cannot be computed yet (no area or no participants)."""
    return allowance_cap_for_year(application, year)


def project_years(application) -> list[int]:
    """The calendar years of the project period (the budget has one year each); at least the call year."""
    if application.project_start and application.project_end and application.project_end >= application.project_start:
        years = list(range(application.project_start.year, application.project_end.year + 1))
        return years[: max(application.call.max_project_years, 1)]
    if application.project_start:
        return [application.project_start.year]
    return [application.call.year]


def period_exceeds_max_years(start: dt.date, end: dt.date, max_years: int) -> bool:
    """A period of `max_years` years runs at most to the day before the same date `max_years` later."""
    try:
        limit = start.replace(year=start.year + max_years)
    except ValueError:  # 29 February
        limit = start.replace(year=start.year + max_years, day=28) + dt.timedelta(days=1)
    return end >= limit


def budget_year_totals(budget_year) -> dict:
    """Costs (the sum of the cost lines) and financing (own contribution + other funding + the
    amount applied for, project and allowance) of one budget year, and the difference."""
    costs = sum((line.amount for line in budget_year.lines.all()), Decimal("0.00"))
    financing = (
        budget_year.own_contribution
        + budget_year.other_funding
        + budget_year.amount_applied
        + budget_year.participant_allowance
    )
    return {"costs": costs, "financing": financing, "difference": financing - costs}


def budget_balance_problem(budget_year) -> str | None:
    """The year's budget must add up (Call.budget_must_balance): named with both totals."""
    totals = budget_year_totals(budget_year)
    if totals["difference"] == 0:
        return None
    return _(
        "Budsjettet for %(year)s går ikke opp: kostnadene er %(costs)s, finansieringen %(financing)s "
        "(egenandel, annen finansiering og søknadsbeløp): differansen er %(difference)s."
    ) % {
        "year": budget_year.year,
        "costs": format_nok(totals["costs"]),
        "financing": format_nok(totals["financing"]),
        "difference": format_nok(abs(totals["difference"])),
    }


def application_problems(application) -> list[Problem]:
    """Everything that keeps the application from being sent for approval or submitted,
    in Norwegian. The same check guards both steps."""
    problems: list[Problem] = []

    def add(section, field, message):
        problems.append(Problem(section, field, message))

    call = application.call
    area = application.area
    org = application.organisation
    if area is None:
        add("grunnlag", "area", _("Velg satsingsområde."))
    elif area.call_id != call.pk:
        add("grunnlag", "area", _("Satsingsområdet hører ikke til denne utlysningen."))
    elif not area.is_open_to(org):
        add(
            "grunnlag",
            "area",
            _("%(org)s kan ikke søke innenfor satsingsområde %(number)s.") % {"org": org.name, "number": area.number},
        )

    required_texts = [
        ("prosjekt", "title", _("Prosjekttittel mangler.")),
        ("prosjekt", "summary", _("Sammendrag mangler.")),
        ("prosjekt", "goals", _("Mål mangler.")),
        ("prosjekt", "target_group", _("Målgruppe mangler.")),
        ("prosjekt", "activities", _("Aktiviteter mangler.")),
        ("prosjekt", "criterion_purpose", _("Beskriv hvordan prosjektet svarer på formålet.")),
        ("prosjekt", "criterion_delivery", _("Beskriv gjennomføringsevnen.")),
        ("prosjekt", "criterion_transfer", _("Beskriv overføringsverdien.")),
        ("kontakt", "contact_name", _("Kontaktperson mangler.")),
        ("kontakt", "contact_email", _("E-post til kontaktperson mangler.")),
        ("kontakt", "contact_phone", _("Telefon til kontaktperson mangler.")),
    ]
    for section, field, message in required_texts:
        if not (getattr(application, field) or "").strip():
            add(section, field, message)

    start, end = application.project_start, application.project_end
    if not start:
        add("gjennomforing", "project_start", _("Prosjektstart mangler."))
    if not end:
        add("gjennomforing", "project_end", _("Prosjektslutt mangler."))
    if start and end:
        if end < start:
            add("gjennomforing", "project_end", _("Prosjektslutt kan ikke være før prosjektstart."))
        elif period_exceeds_max_years(start, end, call.max_project_years):
            add(
                "gjennomforing",
                "project_end",
                _("Prosjektperioden kan være høyst %(years)s år.") % {"years": call.max_project_years},
            )

    if application.participants is None:
        add("gjennomforing", "participants", _("Antall deltakere mangler."))
    elif call.min_participants and application.participants < call.min_participants:
        add(
            "gjennomforing",
            "participants",
            _("Prosjektet må ha minst %(min)s deltakere.") % {"min": call.min_participants},
        )

    if area is not None and area.supervisor_required:
        if not application.supervisor_name.strip():
            add("gjennomforing", "supervisor_name", _("Satsingsområdet krever en veileder. Oppgi veilederens navn."))
        if not application.supervisor_institution.strip():
            add("gjennomforing", "supervisor_institution", _("Oppgi veilederens institusjon."))

    if org.pk in {p.pk for p in application.partners.all()}:
        add("grunnlag", "partners", _("Søkeren kan ikke også være samarbeidskommune."))

    if not application.earlier_projects.exists():
        add(
            "gjennomforing",
            "earlier_projects",
            _("Vis til minst ett tidligere prosjekt av god kvalitet."),
        )

    years = list(application.budget_years.all())
    expected = project_years(application)
    if not years:
        add("budsjett", "budget", _("Budsjettet mangler."))
    else:
        present = sorted(y.year for y in years)
        if start and end and present != expected:
            add(
                "budsjett",
                "budget",
                _("Budsjettet må ha ett år for hvert prosjektår (%(years)s).")
                % {"years": ", ".join(str(y) for y in expected)},
            )
    total_applied = Decimal("0")
    for year in years:
        cap = allowance_cap_per_year(application, year.year)
        total_applied += year.amount_applied + year.participant_allowance
        budget_problem = budget_balance_problem(year) if call.budget_must_balance else None
        if budget_problem:
            add("budsjett", "budget_balance", budget_problem)
        if call.own_contribution_required and year.own_contribution <= 0:
            add(
                "budsjett",
                "own_contribution",
                _("Egenandelen for %(year)s må være større enn null.") % {"year": year.year},
            )
        if year.amount_applied + year.participant_allowance <= 0:
            add("budsjett", "amount_applied", _("Oppgi søknadsbeløp for %(year)s.") % {"year": year.year})
        if cap is not None and year.participant_allowance > cap:
            if cap == 0:
                message = _("Satsingsområdet gir ikke deltakerstønad (%(year)s).") % {"year": year.year}
            else:
                message = _("Deltakerstønaden for %(year)s er over grensen på %(cap)s.") % {
                    "year": year.year,
                    "cap": format_nok(cap),
                }
            add("budsjett", "participant_allowance", message)
    if area is not None and area.per_applicant_cap is not None and total_applied > area.per_applicant_cap:
        add(
            "budsjett",
            "amount_applied",
            _("Samlet søknadsbeløp kan være høyst %(cap)s for dette satsingsområdet.")
            % {"cap": format_nok(area.per_applicant_cap)},
        )
    for section, field, message in area_problems(application):
        add(section, field, message)
    return problems


def submission_closed(application) -> bool:
    return application.call.application_deadline is not None and is_past_deadline(application.call.application_deadline)


def deadline_message(application) -> str:
    return _("Søknadsfristen %(date)s er passert. Søknaden kan ikke sendes inn, men utkastet er lagret.") % {
        "date": application.call.application_deadline.strftime("%d.%m.%Y")
    }


# ---------------------------------------------------------------- writes


@transaction.atomic
def application_create(*, user, organisation, call) -> Application:
    if not call_is_published(call):
        raise ApplicationError(_("Utlysningen er ikke publisert ennå."))
    application = Application.objects.create(call=call, organisation=organisation, created_by=user)
    case_event_record(subject=application, action="created", actor=user, to_state=application.status)
    return application


def _require_draft(application, section=None):
    """A draft may be changed; while IMDi asks for more information, only the named `section`s."""
    if application.status == Application.Status.DRAFT:
        return
    from applications.services.information import application_sections_open

    if section is not None and section in application_sections_open(application):
        return
    raise ApplicationError(_("Søknaden er ikke et utkast og kan ikke endres."))


@transaction.atomic
def application_draft_save(*, application, user, form=None, formsets=(), section=None) -> Application:
    """Save validated section forms of a draft (or of a `section` IMDi reopened) together: all
    or nothing."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    _require_draft(locked, section)
    if form is not None:
        form.instance = application
        form.save()
    for formset in formsets:
        formset.instance = application
        formset.save()
    return application


@transaction.atomic
def application_budget_save(*, application, user, year_forms) -> Application:
    """Save the budget: `year_forms` is a list of (year_index, year, BudgetYearForm, lines formset),
    all validated. Years outside the project period are removed."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    _require_draft(locked, "budsjett")
    kept = []
    for year_index, year, year_form, lines_formset in year_forms:
        budget_year = year_form.save(commit=False)
        budget_year.application = application
        budget_year.year_index = year_index
        budget_year.year = year
        budget_year.save()
        lines_formset.instance = budget_year
        lines_formset.save()
        kept.append(budget_year.pk)
    BudgetYear.objects.filter(application=application).exclude(pk__in=kept).delete()
    return application


@transaction.atomic
def attachment_add(*, application, user, uploaded_file, requirement=None) -> ApplicationAttachment:
    # A reopened attachment section takes new files; what IMDi has received is never removed.
    locked = Application.objects.select_for_update().get(pk=application.pk)
    _require_draft(locked, "vedlegg")
    if requirement is not None and requirement.area_id != locked.area_id:
        raise ApplicationError(_("Dokumenttypen hører ikke til satsingsområdet søknaden gjelder."))
    checked = attachment_check(uploaded_file)
    attachment = ApplicationAttachment(
        application=application,
        original_name=attachment_download_name(uploaded_file.name, checked.content_type),
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
        requirement=requirement,
    )
    uploaded_file.seek(0)
    attachment.file.save(checked.sha256, ContentFile(uploaded_file.read()), save=False)
    attachment.save()
    case_event_record(
        subject=application, action="attachment_added", actor=user, data={"name": attachment.original_name}
    )
    return attachment


@transaction.atomic
def attachment_delete(*, attachment, user) -> None:
    locked = Application.objects.select_for_update().get(pk=attachment.application_id)
    _require_draft(locked)
    name = attachment.original_name
    stored_attachment_delete(attachment=attachment)
    case_event_record(subject=locked, action="attachment_removed", actor=user, data={"name": name})


@transaction.atomic
def application_send_for_approval(*, application, user) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == Application.Status.AWAITING_APPROVAL:
        raise ApplicationError(_("Søknaden er allerede sendt til godkjenning."))
    if application.is_draft and submission_closed(application):
        raise ApplicationError(deadline_message(application))
    problems = application_problems(application) if application.is_draft else []
    if problems:
        raise ApplicationError(_("Søknaden er ikke fullstendig."), problems)
    application.sent_for_approval_at = timezone.now()
    application.returned_comment = ""
    transition_apply(
        obj=application,
        transition="send_for_approval",
        actor=user,
        event="sent_for_approval",
        update_fields=["sent_for_approval_at", "returned_comment"],
        error=ApplicationError,
    )
    _handoff_notice(application, "sent_for_approval", notices.application_sent_for_approval_notify)
    return application


def _handoff_notice(application, action, notify):
    """Tell the one who has the case now, once the hand-off is committed (issue 15)."""
    event = notices.case_event_latest(application, action)
    application_id, event_id = application.pk, event.pk
    transaction.on_commit(lambda: notify(application_id=application_id, event_id=event_id))


@transaction.atomic
def application_send_back(*, application, user, comment: str) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    comment = (comment or "").strip()
    if not comment:
        raise ApplicationError(_("Skriv en kommentar om hva som må rettes."))
    application.returned_comment = comment
    transition_apply(
        obj=application,
        transition="send_back",
        actor=user,
        event="sent_back",
        message=comment,
        update_fields=["returned_comment"],
        error=ApplicationError,
    )
    _handoff_notice(application, "sent_back", notices.application_sent_back_notify)
    return application


def case_number_next(*, year: int) -> str:
    """The next case number for `year` (`24/00123`); call inside a transaction."""
    short_year = year % 100
    try:
        sequence = CaseNumberSequence.objects.select_for_update().get(year=year)
    except CaseNumberSequence.DoesNotExist:
        try:
            with transaction.atomic():
                sequence = CaseNumberSequence.objects.create(year=year)
        except IntegrityError:
            pass
        sequence = CaseNumberSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{short_year:02d}/{sequence.last_number:05d}"


@transaction.atomic
def application_submit(*, application, user) -> Application:
    """Approve and submit. The row lock makes a double click or two approvers at once give
    exactly one submission and one case number."""
    application = (
        # of=("self",): lock the application row only; the area join is nullable (an outer join).
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "area", "organisation")
        .get(pk=application.pk)
    )
    if application.status == Application.Status.SUBMITTED:
        raise ApplicationError(
            _("Søknaden er allerede sendt inn med saksnummer %(case)s.") % {"case": application.case_number}
        )
    if application.status != Application.Status.AWAITING_APPROVAL:
        raise ApplicationError(_("Søknaden må være sendt til godkjenning før den kan sendes inn."))
    if submission_closed(application):
        raise ApplicationError(deadline_message(application))
    problems = application_problems(application)
    if problems:
        raise ApplicationError(_("Søknaden er ikke fullstendig."), problems)
    application.case_number = case_number_next(year=today_oslo().year)
    application.submitted_at = timezone.now()
    application.submitted_by = user
    case_events_case_number_assign(application=application)
    transition_apply(
        obj=application,
        transition="submit",
        actor=user,
        event="submitted",
        data={"case_number": application.case_number},
        update_fields=["case_number", "submitted_at", "submitted_by"],
        error=ApplicationError,
    )
    from applications.tasks import application_receipt_send as receipt_task

    application_id = application.pk
    transaction.on_commit(lambda: receipt_task.delay(application_id))
    return application


@transaction.atomic
def application_withdraw(*, application, user, reason: str = "") -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status in (
        Application.Status.AWARDED,
        Application.Status.REJECTED,
        Application.Status.DISMISSED,
    ):
        raise ApplicationError(_("Søknaden kan ikke trekkes etter at vedtak er fattet."))
    return transition_apply(
        obj=application,
        transition="withdraw",
        actor=user,
        event="withdrawn",
        message=(reason or "").strip()[:2000],
        error=ApplicationError,
    )


def application_receipt_send(*, application_id: int) -> int:
    """E-mail the receipt to every active user of the applicant organisation, one message each.
    Returns the number of notifications."""
    application = Application.objects.select_related("call", "area", "organisation").get(pk=application_id)
    users = [m.user for m in application.organisation.memberships.select_related("user").order_by("user__email")]
    notifications = notification_send(
        kind=Notification.Kind.RECEIPT,
        key=f"receipt:application:{application.pk}",
        case_number=application.case_number or "",
        users=users,
        subject=lambda: _("Kvittering: søknad %(case)s er mottatt") % {"case": application.case_number},
        template="applications/email/receipt.txt",
        context={"application": application, "portal_url": settings.PORTAL_BASE_URL},
        written_standard=application.organisation.written_standard,
    )
    return len(notifications)
