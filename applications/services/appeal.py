"""Appeals against a dismissal, and the day the applicant received a decision (which starts
the appeal window)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Appeal, Decision
from applications.services.assessment import _require_officer
from core.services import case_event_record, history_save


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


@transaction.atomic
def appeal_forward(*, appeal: Appeal, forwarded_on: dt.date, actor) -> Appeal:
    """Record that the appeal was sent to the ministry (AID), the appeal body."""
    _require_officer(actor)
    appeal = Appeal.objects.select_for_update().select_related("decision__application").get(pk=appeal.pk)
    if appeal.forwarded_to_ministry_on is not None:
        raise ValidationError(_("Klagen er allerede oversendt departementet."))
    if forwarded_on < appeal.received_on:
        raise ValidationError({"forwarded_to_ministry_on": _("Klagen kan ikke oversendes før den er mottatt.")})
    appeal.forwarded_to_ministry_on = forwarded_on
    history_save(appeal, actor, update_fields=["forwarded_to_ministry_on"])
    case_event_record(
        subject=appeal.decision.application,
        action="appeal_forwarded",
        actor=actor,
        data={"appeal": appeal.pk, "forwarded_on": forwarded_on.isoformat()},
    )
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
