"""Appeals against a dismissal, and the day the applicant received a decision (which starts
the appeal window).

An appeal comes by letter (an officer registers it) or in the portal: the applicant's approver
writes it, with reasons and optional attachments, within the window (three weeks from the day
the decision was received, moved to the next working day; Decision.appeal_deadline). IMDi then
forwards it to the appeal body the call names or reverses the dismissal itself
(forvaltningsloven § 33), which sends the application back to assessment."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Appeal, AppealAttachment, Application, Decision
from applications.services.assessment import _require_officer
from core.calendar import today_oslo
from core.services import case_event_record, case_text_checked, history_save
from core.transitions import transition_apply
from core.uploads import attachment_fields, attachment_store

# Attachments to one appeal written in the portal.
APPEAL_ATTACHMENTS_MAX = 5


@transaction.atomic
def decision_received_record(*, decision: Decision, received_on: dt.date, actor=None) -> Decision:
    """Record the day the applicant received the decision (starts the appeal window).

    The first recorded day stands: a later, later date must not lengthen the window."""
    decision = Decision.objects.select_for_update().select_related("application").get(pk=decision.pk)
    if decision.status != Decision.Status.APPROVED:
        raise ValidationError(_("Vedtaket er ikke fattet ennå."))
    if decision.approved_at and received_on < decision.approved_at.date():
        raise ValidationError({"received_on": _("Mottaksdatoen kan ikke være før vedtaksdatoen.")})
    if decision.received_on is not None and decision.received_on <= received_on:
        return decision
    before = decision.received_on
    decision.received_on = received_on
    history_save(decision, actor, update_fields=["received_on"])
    case_event_record(
        subject=decision.application,
        action="decision_received",
        actor=actor,
        data={"decision": decision.pk, "before": before and before.isoformat(), "after": received_on.isoformat()},
    )
    return decision


@transaction.atomic
def appeal_register(*, decision: Decision, received_on: dt.date, actor, notes: str = "") -> Appeal:
    """Register an appeal against a dismissal; flag it if it arrived after the deadline."""
    _require_officer(actor)
    decision = Decision.objects.select_related("application__call").get(pk=decision.pk)
    if decision.outcome != Decision.Outcome.DISMISS or decision.status != Decision.Status.APPROVED:
        raise ValidationError(
            {"decision": _("Bare vedtak om avvisning kan påklages (det er ikke klagerett på tildeling eller avslag).")}
        )
    deadline = decision.appeal_deadline
    # Without a recorded receipt date we cannot say the appeal is late; the officer records it.
    is_late = deadline is not None and received_on > deadline
    appeal = history_save(
        Appeal(decision=decision, received_on=received_on, is_late=is_late, notes=notes or "", registered_by=actor),
        actor,
    )
    case_event_record(
        subject=decision.application,
        action="appeal_registered",
        actor=actor,
        message=_("Klage mottatt etter fristen") if is_late else _("Klage mottatt"),
        data={
            "appeal": appeal.pk,
            "received_on": received_on.isoformat(),
            "deadline": deadline and deadline.isoformat(),
            "is_late": is_late,
        },
    )
    return appeal


def dismissal_appeal_open(decision: Decision) -> bool:
    """The portal takes an appeal against this decision today: an approved dismissal, inside
    its window, not appealed already."""
    deadline = decision.appeal_deadline
    return (
        decision.outcome == Decision.Outcome.DISMISS
        and decision.status == Decision.Status.APPROVED
        and deadline is not None
        and today_oslo() <= deadline
        and not decision.appeals.exists()
    )


@transaction.atomic
def dismissal_appeal_submit(*, decision: Decision, actor, text: str, uploads=()) -> Appeal:
    """The applicant's approver appeals a dismissal in the portal, with reasons and up to
    APPEAL_ATTACHMENTS_MAX attachments (checked like every upload). One appeal per decision;
    none after the deadline (forvaltningsloven § 31 is then IMDi's call, outside the portal)."""
    from applications.notices import dismissal_appeal_notify

    # The decision row is the lock: two submits at once wait here, and the second finds the first.
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("application__call", "application__organisation")
        .get(pk=decision.pk)
    )
    if not actor.has_perm("applications.appeal_dismissal", decision.application):
        raise PermissionDenied(_("Bare godkjenner (direktør eller ansatt med fullmakt) kan klage på vedtaket."))
    if decision.outcome != Decision.Outcome.DISMISS or decision.status != Decision.Status.APPROVED:
        raise ValidationError(
            _("Bare vedtak om avvisning kan påklages (det er ikke klagerett på tildeling eller avslag).")
        )
    if decision.appeals.exists():
        raise ValidationError(_("Det er allerede klaget på dette vedtaket."))
    deadline = decision.appeal_deadline
    today = today_oslo()
    if deadline is None or today > deadline:
        raise ValidationError(
            _("Klagefristen gikk ut %(d)s. Ta kontakt med IMDi (forvaltningsloven § 31).")
            % {"d": f"{deadline:%d.%m.%Y}" if deadline else "–"}
        )
    text = case_text_checked(text, field="text", missing=_("Skriv klagen: hva dere mener er feil, og hvorfor."))
    uploads = [u for u in uploads if u]
    if len(uploads) > APPEAL_ATTACHMENTS_MAX:
        raise ValidationError({"files": _("Legg ved høyst %(n)s filer.") % {"n": APPEAL_ATTACHMENTS_MAX}})
    checked = [(upload, *attachment_fields(upload)) for upload in uploads]
    appeal = history_save(
        Appeal(
            decision=decision,
            received_on=today,
            deadline=deadline,
            is_late=False,
            via_portal=True,
            text=text,
            registered_by=actor,
        ),
        actor,
    )
    for upload, fields, check in checked:
        attachment_store(AppealAttachment(appeal=appeal, uploaded_by=actor, **fields), upload, check)
    case_event_record(
        subject=decision.application,
        action="dismissal_appeal_submitted",
        actor=actor,
        message=_("Klage mottatt"),
        data={
            "appeal": appeal.pk,
            "decision": decision.pk,
            "deadline": deadline.isoformat(),
            "attachments": len(checked),
        },
    )
    appeal_id = appeal.pk
    transaction.on_commit(lambda: dismissal_appeal_notify(appeal_id=appeal_id, step="received"))
    return appeal


def _locked_open_appeal(appeal: Appeal) -> Appeal:
    appeal = (
        Appeal.objects.select_for_update(of=("self",)).select_related("decision__application__call").get(pk=appeal.pk)
    )
    if appeal.is_forwarded:
        raise ValidationError(_("Klagen er allerede oversendt klageinstansen."))
    if appeal.is_reversed:
        raise ValidationError(_("Vedtaket er allerede omgjort."))
    return appeal


@transaction.atomic
def appeal_forward(*, appeal: Appeal, forwarded_on: dt.date, actor, note: str = "") -> Appeal:
    """IMDi upholds the dismissal and sends the appeal to the appeal body the call names
    (Call.appeal_body, as in the letters)."""
    from applications.notices import dismissal_appeal_notify

    _require_officer(actor)
    appeal = _locked_open_appeal(appeal)
    if forwarded_on < appeal.received_on:
        raise ValidationError({"forwarded_to_ministry_on": _("Klagen kan ikke oversendes før den er mottatt.")})
    appeal.forwarded_to_ministry_on = forwarded_on
    appeal.appeal_body = appeal.decision.application.call.appeal_body
    appeal.handled_by = actor
    fields = ["forwarded_to_ministry_on", "appeal_body", "handled_by"]
    if note:
        appeal.outcome_note = case_text_checked(note, field="outcome_note", missing="")
        fields.append("outcome_note")
    history_save(appeal, actor, update_fields=fields)
    case_event_record(
        subject=appeal.decision.application,
        action="appeal_forwarded",
        actor=actor,
        message=appeal.outcome_note,
        data={"appeal": appeal.pk, "forwarded_on": forwarded_on.isoformat(), "appeal_body": appeal.appeal_body},
    )
    if appeal.via_portal:
        appeal_id = appeal.pk
        transaction.on_commit(lambda: dismissal_appeal_notify(appeal_id=appeal_id, step="forwarded"))
    return appeal


@transaction.atomic
def appeal_reverse(*, appeal: Appeal, actor, note: str) -> Appeal:
    """IMDi finds the appeal justified and reverses the dismissal (forvaltningsloven § 33
    andre ledd): the dismissal is marked reversed and the application returns to assessment
    through its state machine, to be decided anew."""
    from applications.notices import dismissal_appeal_notify

    _require_officer(actor)
    appeal = _locked_open_appeal(appeal)
    note = case_text_checked(note, field="outcome_note", missing=_("Skriv hvorfor avvisningen omgjøres."))
    decision = Decision.objects.select_for_update(of=("self",)).get(pk=appeal.decision_id)
    application = Application.objects.select_for_update(of=("self",)).get(pk=decision.application_id)
    transition_apply(
        obj=decision,
        transition="reverse",
        actor=actor,
        event="dismissal_reversed",
        subject=application,
        message=note,
        data={"decision": decision.pk, "appeal": appeal.pk},
        error=ValidationError,
    )
    transition_apply(
        obj=application,
        transition="reverse_dismissal",
        actor=actor,
        event="application_reassessment",
        message=note,
        data={"decision": decision.pk, "appeal": appeal.pk},
        error=ValidationError,
    )
    appeal.reversed_on = today_oslo()
    appeal.outcome_note = note
    appeal.handled_by = actor
    history_save(appeal, actor, update_fields=["reversed_on", "outcome_note", "handled_by"])
    if appeal.via_portal:
        appeal_id = appeal.pk
        transaction.on_commit(lambda: dismissal_appeal_notify(appeal_id=appeal_id, step="reversed"))
    return appeal


@transaction.atomic
def appeal_notes_change(*, appeal: Appeal, notes: str, actor) -> Appeal:
    """The officer's notes on an appeal; recorded in the history with who wrote them."""
    _require_officer(actor)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.notes != (notes or ""):
        appeal.notes = notes or ""
        history_save(appeal, actor, update_fields=["notes"])
    return appeal
