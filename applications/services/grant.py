"""Grant letters, acceptance and the acceptance calendar.

A letter is rendered once, as PDF/A: a first letter when the letter job signs it, a correction
by the documents worker after the request saved it; its bytes and SHA-256 are kept and never
regenerated. A correction is a new version naming the one it replaces. Acceptance is made by an
approver of the organisation and creates the report obligations and the payment plan in the
same transaction. The daily sweep sends each reminder exactly once (a unique row per grant,
deadline and day, claimed under a row lock) and flags letters left unanswered."""

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import (
    AcceptanceReminder,
    Grant,
    GrantLetter,
)
from applications.selectors.grant import (
    acceptance_is_late,
    grant_letter_context,
    grants_due_for_sweep,
    latest_letter,
    reminder_days,
)

# Acceptance is its own module; callers reach it through this one too.
from applications.services.acceptance import (  # noqa: F401
    DETAIL_FIELDS,
    DETAIL_MAX_LENGTHS,
    REQUIRED_DETAILS,
    acceptance_details_clean,
    acceptance_draft_save,
    grant_accept,
    grant_acceptance_hook_register,
    grant_decline,
)
from applications.services.grant_common import grant_file_stem, grant_lock
from applications.services.reception_offer import reception_letter_refusal
from core.calendar import OSLO, today_oslo
from core.documents import document_render_enqueue
from core.models import Notification
from core.notifications import notification_send, notifications_enqueue, notifications_unhanded_enqueue
from core.pdf import pdf_render, sha256_hex
from core.services import case_event_record, sweep_run_record
from core.transitions import transition_apply
from organisations.models import Membership

logger = logging.getLogger(__name__)

ACCEPTANCE_SWEEP = "applications.tasks.acceptance_sweep"
GRANT_LETTER_CORRECTION = "applications.grant_letter_correction"  # core.documents kind
OVERDUE_NOTICE = -1  # AcceptanceReminder.days_before of the notice sent when the deadline has passed


# --- rendering -------------------------------------------------------------------------------


def _render_letter(grant: Grant, **context) -> bytes:
    return pdf_render(
        "pdf/grant_letter.html",
        grant_letter_context(grant, **context),
        archival=True,
        language=grant.organisation.written_standard,
    )


def grant_letter_preview(*, grant: Grant, actor) -> bytes:
    """The letter as it would be sent now, marked as a preview and stored nowhere."""
    if not actor.has_perm("applications.handle_grant_letters"):
        raise PermissionDenied(_("Bare rådgivere og budsjettdisponenter i IMDi kan forhåndsvise tilskuddsbrev."))
    grant = Grant.objects.select_related("call__scheme", "organisation", "application__area", "decision").get(
        pk=grant.pk
    )
    sent_on = today_oslo()
    previous = latest_letter(grant)
    return pdf_render(
        "pdf/grant_letter.html",
        grant_letter_context(
            grant,
            signed_by=actor if actor.has_perm("applications.send_grant_letter") else None,
            sent_on=sent_on,
            acceptance_deadline=sent_on + dt.timedelta(days=grant.call.acceptance_period_days),
            version=(previous.version + 1) if previous else 1,
            replaces=previous,
            preview=True,
        ),
        archival=False,
        language=grant.organisation.written_standard,
    )


# --- sending ---------------------------------------------------------------------------------


def _letter_unsaved(*, grant: Grant, actor, version: int, replaces=None, correction_note="") -> GrantLetter:
    """The letter signed by `actor` now, with its deadline: the Oslo date plus the call's period."""
    sent_at = timezone.now()
    return GrantLetter(
        grant=grant,
        version=version,
        replaces=replaces,
        signed_by=actor,
        sent_at=sent_at,
        acceptance_deadline=sent_at.astimezone(OSLO).date() + dt.timedelta(days=grant.call.acceptance_period_days),
        correction_note=correction_note,
    )


def _letter_pdf(grant: Grant, letter: GrantLetter) -> tuple[str, bytes]:
    """The letter's PDF/A with the facts it was signed with, and its file name."""
    pdf = _render_letter(
        grant,
        signed_by=letter.signed_by,
        sent_on=letter.sent_at.astimezone(OSLO).date(),
        acceptance_deadline=letter.acceptance_deadline,
        version=letter.version,
        replaces=letter.replaces,
        correction_note=letter.correction_note,
    )
    return f"{grant_file_stem(grant)}-v{letter.version}-{sha256_hex(pdf)[:12]}.pdf", pdf


def _letter_store(*, grant: Grant, actor) -> GrantLetter:
    """The first letter, rendered and stored with its SHA-256 (the letter job's worker)."""
    letter = _letter_unsaved(grant=grant, actor=actor, version=1)
    filename, pdf = _letter_pdf(grant, letter)
    letter.sha256 = sha256_hex(pdf)
    letter.pdf.save(filename, ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError as exc:
        letter.pdf.delete(save=False)
        raise ValidationError(_("Tilskuddsbrevet er allerede sendt.")) from exc
    return letter


@transaction.atomic
def grant_letter_send(*, grant: Grant, actor) -> GrantLetter:
    """Sign and send the grant letter of a decided grant: render it once as PDF/A, store it
    with its SHA-256, start the acceptance deadline and tell the organisation's users."""
    if not actor.has_perm("applications.send_grant_letter"):
        raise PermissionDenied(_("Tilskuddsbrev signeres av en budsjettdisponent."))
    grant = grant_lock(grant)
    grant_letter_refusal_raise(grant)
    letter = _letter_store(grant=grant, actor=actor)
    grant.acceptance_deadline = letter.acceptance_deadline
    transition_apply(
        obj=grant,
        transition="mark_letter_sent",
        actor=actor,
        event="grant_letter_sent",
        message=_("Tilskuddsbrev sendt, akseptfrist %(deadline)s")
        % {"deadline": f"{letter.acceptance_deadline:%d.%m.%Y}"},
        data={"letter": letter.pk, "version": 1, "sha256": letter.sha256},
        update_fields=["acceptance_deadline"],
    )
    _notify_on_commit(letter)
    return letter


def grant_letter_refusal_raise(grant: Grant) -> None:
    """Why the first letter of `grant` cannot go out now, as the error the budget holder sees."""
    if not grant.is_decided or grant.letters.exists():
        raise ValidationError(
            _("Tilskuddsbrevet for sak %(case)s er allerede sendt. Send en rettet versjon i stedet.")
            % {"case": grant.case_number}
        )
    refusal = reception_letter_refusal(grant)
    if refusal:
        raise ValidationError(refusal)


@transaction.atomic
def grant_letter_correct(*, grant: Grant, actor, correction_note: str) -> GrantLetter:
    """Send a corrected letter: a new version that replaces the latest one, with a new
    acceptance deadline. The earlier versions stay as they were sent.

    The request saves the letter with every fact it states (version, date, deadline, who
    signed, what was corrected) and moves the deadline; the PDF/A is rendered off the request
    path (core.documents kind GRANT_LETTER_CORRECTION) and the organisation is told once it
    is stored. Until then the letter cannot be answered."""
    if not actor.has_perm("applications.send_grant_letter"):
        raise PermissionDenied(_("Tilskuddsbrev signeres av en budsjettdisponent."))
    correction_note = (correction_note or "").strip()
    if not correction_note:
        raise ValidationError({"correction_note": _("Skriv hva som er rettet.")})
    grant = grant_lock(grant)
    if not grant.awaits_acceptance:
        raise ValidationError(_("Bare et tilskuddsbrev som ikke er besvart, kan rettes."))
    previous = latest_letter(grant)
    if previous is None:
        raise ValidationError(_("Det finnes ikke noe sendt tilskuddsbrev å rette."))
    if not previous.pdf:
        raise ValidationError(
            _("Det forrige rettede brevet (versjon %(v)s) lages fortsatt. Vent til det er sendt, og prøv igjen.")
            % {"v": previous.version}
        )
    letter = _letter_unsaved(
        grant=grant, actor=actor, version=previous.version + 1, replaces=previous, correction_note=correction_note
    )
    letter.save()
    old_deadline = grant.acceptance_deadline
    grant.acceptance_deadline = letter.acceptance_deadline
    grant.acceptance_overdue_flagged_at = None
    grant.save(update_fields=["acceptance_deadline", "acceptance_overdue_flagged_at"])
    case_event_record(
        subject=grant,
        action="grant_letter_corrected",
        actor=actor,
        from_state=grant.status,
        to_state=grant.status,
        message=correction_note,
        data={
            "letter": letter.pk,
            "version": letter.version,
            "replaces": previous.pk,
            "old_deadline": old_deadline.isoformat() if old_deadline else None,
            "new_deadline": letter.acceptance_deadline.isoformat(),
        },
    )
    document_render_enqueue(kind=GRANT_LETTER_CORRECTION, obj=letter)
    return letter


def grant_letter_correction_render(letter: GrantLetter) -> tuple[str, bytes]:
    """The corrected letter as PDF/A, with the facts saved when it was signed."""
    letter = GrantLetter.objects.select_related("signed_by", "replaces").get(pk=letter.pk)
    grant = Grant.objects.select_related("call__scheme", "organisation", "application__area", "decision").get(
        pk=letter.grant_id
    )
    return _letter_pdf(grant, letter)


def grant_letter_correction_stored(*, obj: GrantLetter, digest: str) -> None:
    """The organisation hears of the corrected letter once its PDF is stored."""
    _notify_on_commit(obj)


def _notify_on_commit(letter: GrantLetter) -> None:
    from applications.tasks import grant_letter_notify

    transaction.on_commit(lambda: grant_letter_notify.delay(letter.pk))


def _recipients(grant: Grant) -> list:
    """The organisation's users (core.notifications mails the active ones with an address)."""
    return [
        m.user
        for m in Membership.objects.filter(organisation_id=grant.organisation_id)
        .select_related("user")
        .order_by("user__email", "user_id")
    ]


def _grant_url(grant: Grant) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse("grants:detail", args=[grant.pk])


def _mail_each(*, grant: Grant, kind: str, key: str, subject, template: str, context: dict, deliver=True):
    """One notification per recipient through core.notifications, so no municipal user sees
    another's address. `subject` is evaluated in each recipient's language."""
    return notification_send(
        kind=kind,
        key=key,
        case_number=grant.case_number,
        users=_recipients(grant),
        subject=subject,
        template=template,
        context={"grant": grant, "url": _grant_url(grant), **context},
        deliver=deliver,
        written_standard=grant.organisation.written_standard,
    )


def grant_letter_notify(*, letter_id: int) -> int:
    """E-mail the organisation's users that a grant letter is ready in the portal."""
    letter = GrantLetter.objects.select_related("grant__organisation", "grant__call__scheme").get(pk=letter_id)
    grant = letter.grant

    def subject():
        if letter.version > 1:
            return _("Rettet tilskuddsbrev fra IMDi – sak %(case)s") % {"case": grant.case_number}
        return _("Tilskuddsbrev fra IMDi – sak %(case)s") % {"case": grant.case_number}

    return len(
        _mail_each(
            grant=grant,
            kind=Notification.Kind.GRANT_LETTER,
            key=f"grant_letter:letter:{letter.pk}",
            subject=subject,
            template="applications/letter_notify_email.txt",
            context={"letter": letter},
        )
    )


# --- sending all letters of a call -----------------------------------------------------------


@transaction.atomic
def grant_special_conditions_update(*, grant: Grant, actor, special_conditions: str) -> Grant:
    """Officers set the special conditions before the letter goes out, or before a correction;
    letters already sent keep the wording they had."""
    if not actor.has_perm("applications.handle_grant_letters"):
        raise PermissionDenied(_("Bare rådgivere og budsjettdisponenter i IMDi kan endre særskilte vilkår."))
    grant = grant_lock(grant)
    if not grant.is_answerable:
        raise ValidationError(_("Særskilte vilkår kan ikke endres etter at tilskuddsbrevet er besvart."))
    before = grant.special_conditions
    grant.special_conditions = (special_conditions or "").strip()
    grant.save(update_fields=["special_conditions"])
    case_event_record(
        subject=grant,
        action="special_conditions_changed",
        actor=actor,
        data={"before": before, "after": grant.special_conditions},
    )
    return grant


# --- lapse and extension ---------------------------------------------------------------------


@transaction.atomic
def grant_lapse(*, grant: Grant, actor, reason: str = "") -> Grant:
    """The officer lets a grant lapse after an unanswered deadline; it no longer holds money
    in the frame (lapsed grants are released)."""
    if not actor.has_perm("applications.lapse_grant"):
        raise PermissionDenied(_("Bare rådgivere og budsjettdisponenter i IMDi kan la et tilskudd falle bort."))
    grant = grant_lock(grant)
    if not grant.awaits_acceptance:
        raise ValidationError(_("Sak %(case)s venter ikke på aksept.") % {"case": grant.case_number})
    if not acceptance_is_late(grant):
        raise ValidationError(_("Akseptfristen for sak %(case)s er ikke passert ennå.") % {"case": grant.case_number})
    return transition_apply(
        obj=grant,
        transition="lapse",
        actor=actor,
        event="grant_lapsed",
        message=reason or _("Ikke akseptert innen fristen"),
        data={"deadline": grant.acceptance_deadline.isoformat(), "amount": str(grant.amount)},
    )


@transaction.atomic
def grant_close(*, grant: Grant, actor, reason: str = "") -> Grant:
    """An officer closes an accepted grant when the project is done (accepted → closed)."""
    grant = grant_lock(grant)
    return transition_apply(
        obj=grant,
        transition="close",
        actor=actor,
        event="grant_closed",
        message=(reason or "").strip()[:2000],
    )


@transaction.atomic
def grant_acceptance_deadline_extend(*, grant: Grant, actor, new_deadline: dt.date, reason: str = "") -> Grant:
    """Give the organisation a new acceptance deadline; reminders follow the new date."""
    if not actor.has_perm("applications.extend_grant_deadline", grant):
        raise PermissionDenied(_("Bare rådgivere og budsjettdisponenter i IMDi kan forlenge akseptfristen."))
    grant = grant_lock(grant)
    if not grant.awaits_acceptance:
        raise ValidationError(_("Sak %(case)s venter ikke på aksept.") % {"case": grant.case_number})
    if new_deadline < today_oslo():
        raise ValidationError({"new_deadline": _("Den nye fristen kan ikke være før i dag.")})
    if grant.acceptance_deadline and new_deadline <= grant.acceptance_deadline:
        raise ValidationError({"new_deadline": _("Den nye fristen må være etter den gjeldende fristen.")})
    old = grant.acceptance_deadline
    grant.acceptance_deadline = new_deadline
    grant.acceptance_overdue_flagged_at = None
    grant.save(update_fields=["acceptance_deadline", "acceptance_overdue_flagged_at"])
    case_event_record(
        subject=grant,
        action="acceptance_deadline_extended",
        actor=actor,
        from_state=grant.status,
        to_state=grant.status,
        message=reason,
        data={"old_deadline": old.isoformat() if old else None, "new_deadline": new_deadline.isoformat()},
    )
    from applications.tasks import grant_deadline_extended_notify

    transaction.on_commit(lambda: grant_deadline_extended_notify.delay(grant.pk))
    return grant


def grant_deadline_extended_notify(*, grant_id: int) -> int:
    """Tell the organisation's users about their new acceptance deadline."""
    grant = Grant.objects.select_related("organisation", "call__scheme").get(pk=grant_id)
    deadline = grant.acceptance_deadline
    notifications = _mail_each(
        grant=grant,
        kind=Notification.Kind.DEADLINE_EXTENDED,
        key=f"deadline_extended:grant:{grant.pk}:{deadline.isoformat()}",
        subject=lambda: (
            _("Ny frist for aksept %(deadline)s – sak %(case)s")
            % {"deadline": f"{deadline:%d.%m.%Y}", "case": grant.case_number}
        ),
        template="applications/letter_extended_email.txt",
        context={},
    )
    return len(notifications)


# --- the daily sweep -------------------------------------------------------------------------


def _reminder_create(grant: Grant, days_before: int) -> bool:
    """Insert the reminder row; the unique constraint makes a second insert (by a rerun or a
    concurrent sweep) fail, so the row exists once."""
    try:
        with transaction.atomic():
            AcceptanceReminder.objects.create(grant=grant, deadline=grant.acceptance_deadline, days_before=days_before)
    except IntegrityError:
        return False
    return True


def _overdue_flag(grant: Grant) -> bool:
    with transaction.atomic():
        locked = (
            Grant.objects.select_for_update()
            .filter(
                pk=grant.pk,
                status=Grant.Status.LETTER_SENT,
                acceptance_overdue_flagged_at__isnull=True,
                acceptance_deadline=grant.acceptance_deadline,
            )
            .first()
        )
        if locked is None:
            return False
        locked.acceptance_overdue_flagged_at = timezone.now()
        locked.save(update_fields=["acceptance_overdue_flagged_at"])
        case_event_record(
            subject=locked,
            action="acceptance_overdue_flagged",
            message=_("Akseptfristen %(deadline)s er passert uten svar")
            % {"deadline": f"{locked.acceptance_deadline:%d.%m.%Y}"},
            data={"deadline": locked.acceptance_deadline.isoformat()},
        )
    return True


def _reminder_send(reminder_id: int) -> tuple[bool, list]:
    """Claim one unsent reminder under a row lock (skipping rows another sweep holds), queue its
    notifications and mark it sent in the same transaction. Returns whether it was claimed and
    the notifications, which the caller hands to the delivery task after the commit."""
    with transaction.atomic():
        reminder = (
            AcceptanceReminder.objects.select_for_update(skip_locked=True)
            .filter(
                pk=reminder_id,
                sent_at__isnull=True,
                grant__status=Grant.Status.LETTER_SENT,
                deadline=F("grant__acceptance_deadline"),
            )
            .first()
        )
        if reminder is None:
            return False, []
        grant = Grant.objects.select_related("organisation", "call__scheme").get(pk=reminder.grant_id)
        if reminder.days_before == OVERDUE_NOTICE:
            kind = Notification.Kind.ACCEPTANCE_OVERDUE

            def subject():
                return _("Akseptfristen er passert – sak %(case)s") % {"case": grant.case_number}

            template = "applications/letter_overdue_email.txt"
        else:
            kind = Notification.Kind.ACCEPTANCE_REMINDER

            def subject():
                return _("Påminnelse: akseptfrist %(deadline)s – sak %(case)s") % {
                    "deadline": f"{reminder.deadline:%d.%m.%Y}",
                    "case": grant.case_number,
                }

            template = "applications/letter_reminder_email.txt"
        notifications = _mail_each(
            grant=grant,
            kind=kind,
            key=f"acceptance_reminder:{reminder.pk}",
            subject=subject,
            template=template,
            context={"reminder": reminder},
            deliver=False,
        )
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])
        case_event_record(
            subject=grant,
            action="acceptance_overdue_notice_sent"
            if reminder.days_before == OVERDUE_NOTICE
            else "acceptance_reminder_sent",
            data={"deadline": reminder.deadline.isoformat(), "recipients": len(notifications)},
        )
    # Sent, as far as the sweep goes: delivery (with its retries) is the notification's.
    return True, notifications


def acceptance_sweep_run() -> dict:
    """The daily acceptance sweep: create the reminders that are due, flag deadlines passed
    without an answer, and send every reminder not yet sent. Safe to run any number of times,
    also two at once."""
    with sweep_run_record(ACCEPTANCE_SWEEP) as run:
        today = today_oslo()
        summary = {
            "date": today.isoformat(),
            "reminders_created": 0,
            "reminders_sent": 0,
            "flagged_overdue": 0,
        }
        for grant in grants_due_for_sweep():
            deadline = grant.acceptance_deadline
            if today > deadline:
                if _overdue_flag(grant):
                    summary["flagged_overdue"] += 1
                summary["reminders_created"] += _reminder_create(grant, OVERDUE_NOTICE)
                continue
            # Only the nearest reminder whose day has come: after a pause in the sweeps the
            # municipality gets one reminder, not every one it missed.
            due = [days for days in reminder_days(grant.call) if deadline - dt.timedelta(days=days) <= today]
            if due:
                summary["reminders_created"] += _reminder_create(grant, min(due))
        unsent = AcceptanceReminder.objects.filter(
            sent_at__isnull=True, grant__status=Grant.Status.LETTER_SENT, deadline=F("grant__acceptance_deadline")
        ).values_list("pk", flat=True)
        failures = []
        for reminder_id in list(unsent.order_by("pk")):
            try:
                claimed, notifications = _reminder_send(reminder_id)
                notifications_enqueue(notifications)
                summary["reminders_sent"] += claimed
            except Exception as exc:  # one failing mail must not hold back the others; retried next run
                logger.exception("Acceptance reminder %s could not be sent", reminder_id)
                failures.append(f"påminnelse {reminder_id}: {exc!r}")
        # Reminders claimed by a run killed before it handed their notices to delivery.
        notifications_unhanded_enqueue(key_prefix="acceptance_reminder:", before=run.started_at)
        summary["send_failures"] = len(failures)
        run.summary = summary
        run.error = "; ".join(failures)[:2000]
    return summary
