"""A reaction's due process (forvaltningsloven chapters IV-VI, issue 12 item 5): IMDi sends an
advance notice with a reply deadline (§ 16), the municipality replies in the portal, the
officer proposes the decision with IMDi's assessment of the reply, a budget holder approves it
(four eyes, payments.services.reactions) and the written decision goes out with its appeal
window (§ 29), and the municipality may appeal within it; IMDi forwards the appeal (§ 33).

Deadlines that end on a weekend or public holiday move to the next working day
(core.calendar.next_bank_day)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.calendar import next_bank_day, today_oslo
from core.services import case_event_record, case_text_checked
from core.transitions import transition_apply, transition_check
from core.uploads import attachment_fields, attachment_store
from payments.models import APPEAL_INFO_DEFAULT, Reaction, ReactionAppeal, ReactionReply
from payments.services.reactions import _locked_grant, _reaction_checked
from schemes.models import LetterText
from schemes.selectors import letter_text


def reply_deadline_for(*, call, sent_on: dt.date) -> dt.date:
    return next_bank_day(sent_on + dt.timedelta(days=call.reaction_reply_days))


def _locked_reaction(reaction) -> Reaction:
    return (
        Reaction.objects.select_for_update(of=("self",))
        .select_related("grant__call", "grant__organisation")
        .get(pk=reaction.pk)
    )


@transaction.atomic
def reaction_notice_send(*, grant, actor, kind, amount=None, reason, payment=None):
    """An officer gives the municipality advance notice of a planned withholding, repayment
    claim or stop of later years, with the grounds and a reply deadline (the call's
    reaction_reply_days, moved to the next working day)."""
    from payments.services.reaction_notices import reaction_notice_notify

    if not actor.has_perm("payments.decide_reactions"):
        raise PermissionDenied(_("Bare rådgivere i IMDi kan varsle reaksjoner."))
    grant = _locked_grant(grant)
    amount, reason, payment = _reaction_checked(grant=grant, kind=kind, amount=amount, reason=reason, payment=payment)
    sent_on = today_oslo()
    deadline = reply_deadline_for(call=grant.call, sent_on=sent_on)
    reaction = Reaction.objects.create(
        grant=grant,
        kind=kind,
        amount=amount,
        reason=reason,
        payment=payment,
        status=Reaction.Status.NOTICE,
        decided_on=sent_on,
        decided_by=actor,
        changed_by=actor,
        notice_sent_on=sent_on,
        reply_deadline=deadline,
        appeal_info=_appeal_info(grant.call),
    )
    case_event_record(
        subject=grant,
        action="reaction_notice_sent",
        actor=actor,
        to_state=reaction.status,
        message=reason,
        data={
            "reaction": reaction.pk,
            "kind": kind,
            "amount": str(amount),
            "reply_deadline": deadline.isoformat(),
            "payment": getattr(payment, "reference", None),
        },
    )
    reaction_id = reaction.pk
    transaction.on_commit(lambda: reaction_notice_notify(reaction_id=reaction_id))
    return reaction


def _appeal_info(call) -> str:
    legal = letter_text(call, LetterText.Kind.REACTION)
    return legal.text if legal else str(APPEAL_INFO_DEFAULT)


@transaction.atomic
def reaction_reply_submit(*, reaction, actor, text, upload=None):
    """The municipality's reply to the advance notice (text, one optional attachment). Taken
    while IMDi has not yet proposed the decision; one that comes after the deadline is marked
    late (IMDi still reads it before deciding)."""
    from payments.services.reaction_notices import reaction_reply_notify

    reaction = _locked_reaction(reaction)
    if not actor.has_perm("payments.reply_reaction_notice", reaction):
        raise PermissionDenied(_("Du kan ikke svare på dette varselet."))
    if not reaction.is_notice:
        raise ValidationError(_("IMDi har allerede behandlet varselet. Ta kontakt med IMDi."))
    text = case_text_checked(text, field="text", missing=_("Skriv merknadene deres."))
    fields, checked = attachment_fields(upload)
    reply = ReactionReply(
        reaction=reaction, text=text, uploaded_by=actor, is_late=today_oslo() > reaction.reply_deadline, **fields
    )
    attachment_store(reply, upload, checked)
    case_event_record(
        subject=reaction.grant,
        action="reaction_notice_replied",
        actor=actor,
        message=_("Merknader mottatt etter fristen") if reply.is_late else _("Merknader mottatt"),
        data={"reaction": reaction.pk, "reply": reply.pk, "is_late": reply.is_late, "attachment": bool(checked)},
    )
    reply_id = reply.pk
    transaction.on_commit(lambda: reaction_reply_notify(reply_id=reply_id))
    return reply


@transaction.atomic
def reaction_propose(*, reaction, actor, assessment, amount=None, reason=None):
    """After the reply (or the reply deadline), the officer proposes the decision with IMDi's
    assessment of what the municipality said; it then waits for a budget holder (four eyes).
    The amount and grounds may be changed in light of the reply."""
    grant = _locked_grant(reaction.grant)
    reaction = _locked_reaction(reaction)
    transition_check(obj=reaction, transition="propose", actor=actor)
    if not reaction.replies.exists() and today_oslo() <= reaction.reply_deadline:
        raise ValidationError(
            _("Fristen for merknader går ut %(d)s. Vedtak kan foreslås når kommunen har svart eller fristen er ute.")
            % {"d": f"{reaction.reply_deadline:%d.%m.%Y}"}
        )
    assessment = case_text_checked(assessment, field="assessment", missing=_("Skriv IMDis vurdering av merknadene."))
    amount, reason, payment = _reaction_checked(
        grant=grant,
        kind=reaction.kind,
        amount=reaction.amount if amount is None else amount,
        reason=reaction.reason if reason is None else reason,
        payment=reaction.payment,
        exclude=reaction,
    )
    reaction.amount, reaction.reason, reaction.payment = amount, reason, payment
    reaction.version += 1
    reaction.decided_on = today_oslo()
    transition_apply(
        obj=reaction,
        transition="propose",
        actor=actor,
        event="reaction_proposed",
        subject=grant,
        message=assessment,
        data={"reaction": reaction.pk, "amount": str(amount), "version": reaction.version},
        update_fields=["reply_assessment", "changed_by", "amount", "reason", "payment", "version", "decided_on"],
        error=ValidationError,
        assessment=assessment,
        user=actor,
    )
    return reaction


@transaction.atomic
def reaction_withdraw(*, reaction, actor, note):
    """The notice leads to no reaction (the reply explained it): the case is closed."""
    reaction = _locked_reaction(reaction)
    note = case_text_checked(note, field="note", missing=_("Skriv hvorfor saken henlegges."))
    return transition_apply(
        obj=reaction,
        transition="withdraw",
        actor=actor,
        event="reaction_withdrawn",
        subject=reaction.grant,
        message=note,
        data={"reaction": reaction.pk},
        update_fields=["reply_assessment", "changed_by"],
        error=ValidationError,
        note=note,
        user=actor,
    )


@transaction.atomic
def reaction_appeal_submit(*, reaction, actor, text, upload=None):
    """The municipality appeals an approved reaction in the portal within the appeal window
    (three weeks from the decision, moved to the next working day). One appeal per decision."""
    from payments.services.reaction_notices import reaction_appeal_notify

    reaction = _locked_reaction(reaction)
    if not actor.has_perm("payments.appeal_reaction", reaction):
        raise PermissionDenied(_("Bare godkjenner (direktør eller ansatt med fullmakt) kan klage på vedtaket."))
    if not reaction.is_approved or reaction.appeal_deadline is None:
        raise ValidationError(_("Det er ikke noe vedtak å klage på."))
    if ReactionAppeal.objects.filter(reaction=reaction).exists():
        raise ValidationError(_("Det er allerede klaget på dette vedtaket."))
    today = today_oslo()
    if today > reaction.appeal_deadline:
        raise ValidationError(
            _("Klagefristen gikk ut %(d)s. Ta kontakt med IMDi (forvaltningsloven § 31).")
            % {"d": f"{reaction.appeal_deadline:%d.%m.%Y}"}
        )
    text = case_text_checked(text, field="text", missing=_("Skriv klagen: hva dere mener er feil, og hvorfor."))
    fields, checked = attachment_fields(upload)
    appeal = ReactionAppeal(
        reaction=reaction, text=text, uploaded_by=actor, received_on=today, deadline=reaction.appeal_deadline, **fields
    )
    attachment_store(appeal, upload, checked)
    case_event_record(
        subject=reaction.grant,
        action="reaction_appeal_registered",
        actor=actor,
        to_state=appeal.status,
        data={"reaction": reaction.pk, "appeal": appeal.pk, "deadline": appeal.deadline.isoformat()},
    )
    appeal_id = appeal.pk
    transaction.on_commit(lambda: reaction_appeal_notify(appeal_id=appeal_id))
    return appeal


@transaction.atomic
def reaction_appeal_forward(*, appeal, actor, note):
    """IMDi upholds the decision and forwards the appeal, with its assessment, to the ministry."""
    from payments.services.reaction_notices import reaction_appeal_notify

    appeal = ReactionAppeal.objects.select_for_update(of=("self",)).select_related("reaction__grant").get(pk=appeal.pk)
    transition_check(obj=appeal, transition="forward", actor=actor)
    note = case_text_checked(note, field="note", missing=_("Skriv IMDis vurdering av klagen."))
    transition_apply(
        obj=appeal,
        transition="forward",
        actor=actor,
        event="reaction_appeal_forwarded",
        subject=appeal.reaction.grant,
        message=note,
        data={"reaction": appeal.reaction_id, "appeal": appeal.pk},
        update_fields=["forwarded_on", "forwarded_by", "forward_note"],
        error=ValidationError,
        on=today_oslo(),
        user=actor,
        note=note,
    )
    appeal_id = appeal.pk
    transaction.on_commit(lambda: reaction_appeal_notify(appeal_id=appeal_id, forwarded=True))
    return appeal
