"""Requests for more information (issue 15): an officer asks the applicant for named information
with a reply deadline; the named sections reopen for the municipality (only those); its
caseworker answers and sends the answer to the approver; the approver re-submits (or sends the
answer back); the case returns to assessment with the reopened sections' values before and after,
so the officer sees what changed. An unanswered request is reminded once before its deadline
(the daily sweep `information_reminders_sweep_run`). Every step moves the Application's state
machine through core.transitions.transition_apply and sends its notice after the commit."""

import datetime as dt
import logging
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from applications import notices
from applications.models import Application, InformationRequest
from applications.sections import SECTION_FIELDS, SECTION_KEYS, section_label
from core.calendar import next_bank_day, today_oslo
from core.notifications import notifications_enqueue, notifications_unhanded_enqueue
from core.services import case_event_record, sweep_run_record
from core.transitions import transition_apply

logger = logging.getLogger(__name__)

QUESTION_MAX = 4000
ANSWER_MAX = 4000
# The reply deadline: at least tomorrow, at most this many days ahead; moved to a working day.
REPLY_DAYS_MAX = 90
# The one reminder goes out this many days before the reply deadline (or at the first sweep after).
REMINDER_DAYS_BEFORE = 3
INFORMATION_SWEEP = "applications.tasks.information_reminders_sweep"


class InformationError(Exception):
    """A refused step of a request for more information, in Norwegian."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------- reads


def information_request_open(application) -> InformationRequest | None:
    """The application's open request (asked, not yet re-submitted), or None."""
    return (
        InformationRequest.objects.filter(application_id=application.pk, resubmitted_at__isnull=True)
        .select_related("requested_by")
        .first()
    )


def application_sections_open(application) -> list[str]:
    """The sections the municipality may edit now: every section of a draft; the named sections
    while more information is asked for (not while the answer waits for the approver)."""
    if application.status == Application.Status.DRAFT:
        return list(SECTION_KEYS)
    if application.status == Application.Status.INFO_REQUESTED:
        request = information_request_open(application)
        return [key for key in SECTION_KEYS if request and key in request.sections]
    return []


def _text(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nei")
    if isinstance(value, Decimal):
        return formats.number_format(value, 2, use_l10n=True, force_grouping=True)
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _section_rows(application, section) -> list[list[str]]:
    if section in SECTION_FIELDS:
        rows = []
        for name in SECTION_FIELDS[section]:
            field = Application._meta.get_field(name)
            if field.many_to_many:
                value = ", ".join(sorted(str(o) for o in getattr(application, name).all())) or None
            else:
                value = getattr(application, name)
            rows.append([str(field.verbose_name).capitalize(), _text(value)])
        if section == "gjennomforing":
            earlier = [
                " ".join(filter(None, [p.description, p.imdi_case_number, _text(p.decided_on) if p.decided_on else ""]))
                for p in application.earlier_projects.order_by("pk")
            ]
            rows.append([_("Tidligere prosjekter"), "; ".join(earlier) or "–"])
        return rows
    if section == "budsjett":
        rows = []
        for year in application.budget_years.prefetch_related("lines").order_by("year_index"):
            for name in ("own_contribution", "other_funding", "amount_applied", "participant_allowance"):
                label = str(year._meta.get_field(name).verbose_name)
                rows.append([f"{year.year}: {label}", _text(getattr(year, name))])
            lines = [
                f"{line.get_category_display()}: {line.description} ({_text(line.amount)})"
                for line in year.lines.order_by("pk")
            ]
            rows.append([f"{year.year}: {_('kostnader')}", "; ".join(lines) or "–"])
        return rows or [[_("Budsjett"), "–"]]
    if section == "vedlegg":
        names = [a.download_name for a in application.attachments.order_by("uploaded_at", "pk")]
        return [[_("Vedlegg"), "; ".join(names) or "–"]]
    return []


def application_sections_snapshot(application, sections) -> dict:
    """The named sections' values as text, {section: [[label, value], …]} (labels in the
    portal's default language: the record is read by IMDi)."""
    with translation.override(settings.LANGUAGE_CODE):
        return {section: _section_rows(application, section) for section in sections}


def information_changes(request: InformationRequest) -> list[dict]:
    """Per reopened section: its label and rows {label, before, after, changed}. Before the
    re-submission `after` is the application as it is now."""
    after = (
        request.after
        if request.resubmitted_at
        else application_sections_snapshot(request.application, request.sections)
    )
    result = []
    for section in request.sections:
        before_rows = dict(request.before.get(section, []))
        after_rows = dict(after.get(section, []))
        labels = list(dict.fromkeys([*before_rows, *after_rows]))
        rows = [
            {
                "label": label,
                "before": before_rows.get(label, "–"),
                "after": after_rows.get(label, "–"),
                "changed": before_rows.get(label, "–") != after_rows.get(label, "–"),
            }
            for label in labels
        ]
        changed = any(row["changed"] for row in rows)
        result.append({"key": section, "label": section_label(section), "rows": rows, "changed": changed})
    return result


# ---------------------------------------------------------------- writes


def _clean_request(sections, question, reply_by) -> tuple[list[str], str, dt.date]:
    errors = {}
    sections = [key for key in SECTION_KEYS if key in set(sections or [])]
    if not sections or len(sections) != len(set(sections or [])):
        errors["sections"] = _("Velg hvilke deler av søknaden kommunen skal svare på.")
    question = (question or "").strip()
    if not question:
        errors["question"] = _("Skriv hva IMDi ber om.")
    elif len(question) > QUESTION_MAX:
        errors["question"] = _("Teksten er for lang (høyst %(max)s tegn).") % {"max": QUESTION_MAX}
    today = today_oslo()
    if not isinstance(reply_by, dt.date):
        errors["reply_by"] = _("Skriv en gyldig svarfrist.")
    elif reply_by <= today:
        errors["reply_by"] = _("Svarfristen må være etter i dag.")
    elif reply_by > today + dt.timedelta(days=REPLY_DAYS_MAX):
        errors["reply_by"] = _("Svarfristen kan være høyst %(days)s dager fram i tid.") % {"days": REPLY_DAYS_MAX}
    if errors:
        raise ValidationError(errors)
    return sections, question, next_bank_day(reply_by)


def _locked(application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=application.pk)


def _notice_after_commit(notify, application, action):
    event = notices.case_event_latest(application, action)
    application_id, event_id = application.pk, event.pk
    transaction.on_commit(lambda: notify(application_id=application_id, event_id=event_id))


@transaction.atomic
def information_request_create(*, application, user, sections, question, reply_by) -> InformationRequest:
    """The officer asks for named information; the named sections reopen for the municipality."""
    sections, question, reply_by = _clean_request(sections, question, reply_by)
    application = _locked(application)
    if information_request_open(application) is not None:
        raise InformationError(_("Det er allerede bedt om mer informasjon i denne saken."))
    request = InformationRequest.objects.create(
        application=application,
        sections=sections,
        question=question,
        reply_by=reply_by,
        requested_by=user,
        before=application_sections_snapshot(application, sections),
    )
    transition_apply(
        obj=application,
        transition="request_information",
        actor=user,
        event="information_requested",
        message=question,
        data={"request": request.pk, "sections": sections, "reply_by": reply_by.isoformat()},
        error=InformationError,
    )
    _notice_after_commit(notices.information_requested_notify, application, "information_requested")
    return request


@transaction.atomic
def information_answer(*, application, user, answer: str) -> InformationRequest:
    """The caseworker has changed the reopened sections and sends the answer to the approver."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Skriv et svar til IMDi.")})
    if len(answer) > ANSWER_MAX:
        raise ValidationError({"answer": _("Svaret er for langt (høyst %(max)s tegn).") % {"max": ANSWER_MAX}})
    application = _locked(application)
    request = information_request_open(application)
    if request is None:
        raise InformationError(_("IMDi har ikke bedt om mer informasjon i denne saken."))
    request.answer, request.answered_by, request.answered_at = answer, user, timezone.now()
    transition_apply(
        obj=application,
        transition="answer_information",
        actor=user,
        event="information_answered",
        message=answer,
        data={"request": request.pk},
        error=InformationError,
    )
    request.save(update_fields=["answer", "answered_by", "answered_at"])
    _notice_after_commit(notices.information_answered_notify, application, "information_answered")
    return request


@transaction.atomic
def information_answer_return(*, application, user, comment: str) -> InformationRequest:
    """The approver sends the answer back to the caseworker (the sections reopen)."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Skriv hva som må rettes.")})
    if len(comment) > ANSWER_MAX:
        raise ValidationError({"comment": _("Kommentaren er for lang (høyst %(max)s tegn).") % {"max": ANSWER_MAX}})
    application = _locked(application)
    request = information_request_open(application)
    if request is None:
        raise InformationError(_("IMDi har ikke bedt om mer informasjon i denne saken."))
    transition_apply(
        obj=application,
        transition="return_information_answer",
        actor=user,
        event="information_answer_returned",
        message=comment,
        data={"request": request.pk},
        error=InformationError,
    )
    _notice_after_commit(notices.information_answer_returned_notify, application, "information_answer_returned")
    return request


@transaction.atomic
def information_resubmit(*, application, user) -> InformationRequest:
    """The approver re-submits: the case is back in assessment, and the values of the reopened
    sections are recorded beside those IMDi asked about."""
    from applications.services.application import application_problems

    application = _locked(application)
    request = information_request_open(application)
    if request is None or application.status != Application.Status.INFO_ANSWERED:
        raise InformationError(_("Det er ikke noe svar som venter på godkjenning."))
    problems = application_problems(application)
    if problems:
        raise InformationError(
            _("Søknaden er ikke fullstendig: %(problems)s") % {"problems": " ".join(p.message for p in problems)}
        )
    request.after = application_sections_snapshot(application, request.sections)
    request.resubmitted_by, request.resubmitted_at = user, timezone.now()
    transition_apply(
        obj=application,
        transition="resubmit",
        actor=user,
        event="information_resubmitted",
        data={"request": request.pk},
        error=InformationError,
    )
    request.save(update_fields=["after", "resubmitted_by", "resubmitted_at"])
    _notice_after_commit(notices.information_resubmitted_notify, application, "information_resubmitted")
    return request


# ---------------------------------------------------------------- the daily reminder sweep


def _reminder_due(today):
    return InformationRequest.objects.filter(
        resubmitted_at__isnull=True,
        reminded_at__isnull=True,
        application__status=Application.Status.INFO_REQUESTED,
        reply_by__gte=today,
        reply_by__lte=today + dt.timedelta(days=REMINDER_DAYS_BEFORE),
    ).order_by("pk")


@transaction.atomic
def _reminder_send(request_id, today) -> list:
    """Claim the request's one reminder under its row lock and queue the notices."""
    request = (
        _reminder_due(today)
        .select_for_update(of=("self",), skip_locked=True)
        .select_related("application__organisation")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        return []
    request.reminded_at = timezone.now()
    request.save(update_fields=["reminded_at"])
    case_event_record(
        subject=request.application,
        action="information_reminder_sent",
        data={"request": request.pk, "reply_by": request.reply_by.isoformat()},
    )
    return notices.information_reminder_notify(request=request, deliver=False)


def information_reminders_sweep_run() -> dict:
    """Daily: remind each unanswered request once, in the days before its reply deadline. A second
    run (or two at once) finds the reminder claimed and sends nothing new."""
    with sweep_run_record(INFORMATION_SWEEP) as run:
        today = today_oslo()
        summary = {"date": today.isoformat(), "reminders_sent": 0}
        failures = []
        for request_id in list(_reminder_due(today).values_list("pk", flat=True)):
            try:
                notifications = _reminder_send(request_id, today)
            except Exception as exc:  # one failing request must not hold back the others
                logger.exception("Information reminder %s could not be sent", request_id)
                failures.append(f"forespørsel {request_id}: {exc!r}")
                continue
            if notifications:
                summary["reminders_sent"] += 1
                notifications_enqueue(notifications)
        # Reminders claimed by a run killed before it handed their notices to delivery.
        notifications_unhanded_enqueue(key_prefix="info-reminder:", before=run.started_at)
        summary["send_failures"] = len(failures)
        run.summary = summary
        run.error = "; ".join(failures)[:2000]
    return summary
