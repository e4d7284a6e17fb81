"""The reception-centre offer after it is computed (rundskriv 06/2024 sections 3 and 6).

An officer sends the offer; from then on the municipality sees it in the portal. The
municipality answers with the documentation the circular asks for: the current partnership
agreement between the municipality, the reception centre (asylmottaket), the career centre and
the Nav office, uploaded as a document, with its parties and validity. A caseworker may prepare
the answer; an approver (the director or someone with authority) submits it. Then the grant is
decided like any other: an officer proposes it and a budget holder who had no hand in it
approves it (four eyes), under the call's frame lock. Only then may the grant letter go out
(applications.services.grant.grant_letter_send asks `reception_letter_refusal`)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Grant, ReceptionOffer, ReceptionOfferAnswer
from applications.services.assessment import BudgetExceeded
from applications.services.reception import reception_budget_problems
from core.calendar import today_oslo
from core.services import case_event_record, history_save
from core.transitions import transition_apply
from core.uploads import attachment_check, attachment_download_name
from schemes.services import call_lock

RETURN_COMMENT_MAX = 4000
# An offer in these states holds its grant's letter back.
RECEPTION_OFFER_PENDING = [s for s in ReceptionOffer.Status.values if s != ReceptionOffer.Status.APPROVED]


def _locked(offer) -> ReceptionOffer:
    return (
        ReceptionOffer.objects.select_for_update().select_related("grant__call", "grant__organisation").get(pk=offer.pk)
    )


def reception_letter_refusal(grant) -> str | None:
    """Why the grant letter of a reception-centre grant may not go out yet, or None."""
    if grant.application_id is not None:
        return None
    status = ReceptionOffer.objects.filter(grant=grant).values_list("status", flat=True).first()
    if status is None or status == ReceptionOffer.Status.APPROVED:
        return None
    return _(
        "Tilskuddsbrevet for sak %(case)s kan ikke sendes ennå: kommunen må ha besvart tilbudet, og "
        "tilskuddet må være foreslått og godkjent av en budsjettdisponent (fire øyne)."
    ) % {"case": grant.case_number}


# --- sending the offer ----------------------------------------------------------------------


@transaction.atomic
def reception_offer_send(*, offer, actor) -> ReceptionOffer:
    """An officer sends the computed offer: the municipality sees it from now on."""
    offer = _locked(offer)
    offer.sent_at, offer.sent_by = timezone.now(), actor
    offer = transition_apply(
        obj=offer,
        transition="send",
        actor=actor,
        event="reception_offer_sent",
        subject=offer.grant,
        message=_("Tilbud om å videreføre integreringsmottak sendt til kommunen"),
        data={"offer": offer.pk, "sha256": offer.sha256},
        update_fields=["sent_at", "sent_by"],
        error=ValidationError,
    )
    _notice_on_commit(offer, "reception_offer_sent", "sent")
    return offer


def _notice_on_commit(offer, action: str, step: str) -> None:
    """The step's e-mail (applications.notices.reception_offer_notify) once this commits."""
    from applications.notices import case_event_latest, reception_offer_notify

    offer_id, event_id = offer.pk, case_event_latest(offer.grant, action).pk
    transaction.on_commit(lambda: reception_offer_notify(offer_id=offer_id, event_id=event_id, step=step))


# --- the municipality's answer --------------------------------------------------------------


def paid_period(offer) -> tuple[dt.date, dt.date]:
    """The first and last day of the months the offer pays for (the whole year for a full year)."""
    year = offer.grant.year
    numbers = [int(line["number"]) for line in offer.months or [] if isinstance(line, dict)] or [1, 12]
    first = dt.date(year, min(numbers), 1)
    last_month = max(numbers)
    last = dt.date(year, 12, 31) if last_month == 12 else dt.date(year, last_month + 1, 1) - dt.timedelta(days=1)
    return first, last


def _period_errors(offer, valid_from, valid_to, *, complete: bool) -> dict:
    errors = {}
    if complete and valid_from is None:
        errors["valid_from"] = _("Oppgi datoen partnerskapsavtalen gjelder fra.")
    if complete and valid_to is None:
        errors["valid_to"] = _("Oppgi datoen partnerskapsavtalen gjelder til.")
    if valid_from and valid_to and valid_to < valid_from:
        errors["valid_to"] = _("Sluttdatoen kan ikke være før startdatoen.")
        return errors
    first, last = paid_period(offer)
    if complete and valid_from and valid_from > first:
        errors["valid_from"] = _(
            "Partnerskapsavtalen må gjelde hele tilskuddsperioden %(first)s–%(last)s, men gjelder først fra %(day)s."
        ) % {"first": f"{first:%d.%m.%Y}", "last": f"{last:%d.%m.%Y}", "day": f"{valid_from:%d.%m.%Y}"}
    if complete and valid_to and valid_to < last:
        errors["valid_to"] = _(
            "Partnerskapsavtalen må gjelde hele tilskuddsperioden %(first)s–%(last)s, men gjelder bare til %(day)s."
        ) % {"first": f"{first:%d.%m.%Y}", "last": f"{last:%d.%m.%Y}", "day": f"{valid_to:%d.%m.%Y}"}
    return errors


def _answer_draft_write(*, offer, actor, upload, parties: dict, valid_from, valid_to, complete: bool):
    """Write the answer's fields (the caller holds the offer's lock). Nothing is written when a
    check fails: every error is raised at once, keyed by the form's fields."""
    if offer.status != ReceptionOffer.Status.SENT:
        raise ValidationError(_("Tilbudet er allerede besvart og kan ikke endres."))
    answer = ReceptionOfferAnswer.objects.select_for_update().filter(offer=offer).first()
    errors = _period_errors(offer, valid_from, valid_to, complete=complete)
    checked = None
    if upload is not None:
        try:
            checked = attachment_check(upload)
        except ValidationError as exc:
            errors["document"] = exc.messages
    elif complete and not (answer and answer.document):
        errors["document"] = _("Last opp partnerskapsavtalen.")
    unknown = set(parties) - set(ReceptionOfferAnswer.PARTY_FIELDS)
    if unknown:
        raise ValidationError(_("Ukjent part i avtalen."))
    if complete and not all(parties.get(name) for name in ReceptionOfferAnswer.PARTY_FIELDS):
        errors["parties"] = _(
            "Partnerskapsavtalen skal være mellom kommunen, asylmottaket, karrieresenteret og Nav-kontoret. "
            "Kryss av for alle fire partene."
        )
    if errors:
        raise ValidationError(errors)
    if answer is None:
        answer = ReceptionOfferAnswer(offer=offer, prepared_by=actor)
    old_file = None
    if checked is not None:
        old_file = answer.document.name if answer.document else None
        answer.original_name = attachment_download_name(upload.name, checked.content_type)
        answer.content_type, answer.size, answer.sha256 = checked.content_type, checked.size, checked.sha256
        upload.seek(0)
        answer.document.save(checked.sha256, upload, save=False)
        if old_file == answer.document.name:
            old_file = None
    for name in ReceptionOfferAnswer.PARTY_FIELDS:
        setattr(answer, name, bool(parties.get(name)))
    answer.valid_from, answer.valid_to = valid_from, valid_to
    answer.prepared_by = actor
    history_save(answer, actor)
    if old_file:
        storage = answer.document.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return answer


@transaction.atomic
def reception_answer_save(*, offer, actor, upload=None, parties: dict, valid_from=None, valid_to=None):
    """A member of the municipality prepares the answer (a draft; nothing goes to IMDi)."""
    offer = _locked(offer)
    if not actor.has_perm("applications.prepare_reception_answer", offer.grant):
        raise PermissionDenied(_("Du har ikke tilgang til å svare på dette tilbudet."))
    answer = _answer_draft_write(
        offer=offer,
        actor=actor,
        upload=upload,
        parties=parties,
        valid_from=valid_from,
        valid_to=valid_to,
        complete=False,
    )
    case_event_record(
        subject=offer.grant, action="reception_answer_saved", actor=actor, message=answer.original_name or ""
    )
    return answer


@transaction.atomic
def reception_offer_answer(*, offer, actor, upload=None, parties: dict, valid_from=None, valid_to=None):
    """The municipality's approver submits the answer with the partnership agreement."""
    offer = _locked(offer)
    if not actor.has_perm("applications.answer_reception_offer", offer.grant):
        raise PermissionDenied(_("Bare en godkjenner (direktør eller ansatt med fullmakt) kan sende svaret til IMDi."))
    answer = _answer_draft_write(
        offer=offer,
        actor=actor,
        upload=upload,
        parties=parties,
        valid_from=valid_from,
        valid_to=valid_to,
        complete=True,
    )
    answer.submitted_by, answer.submitted_at = actor, timezone.now()
    history_save(answer, actor, update_fields=["submitted_by", "submitted_at"])
    offer = transition_apply(
        obj=offer,
        transition="answer",
        actor=actor,
        event="reception_offer_answered",
        subject=offer.grant,
        message=_("Partnerskapsavtale %(from)s–%(to)s sendt")
        % {"from": f"{answer.valid_from:%d.%m.%Y}", "to": f"{answer.valid_to:%d.%m.%Y}"},
        data={"document": answer.original_name, "sha256": answer.sha256, "answered_on": today_oslo().isoformat()},
        error=ValidationError,
    )
    _notice_on_commit(offer, "reception_offer_answered", "answered")
    return offer


# --- the decision: proposal and four eyes ---------------------------------------------------


def reception_offer_hands(offer) -> set[int]:
    """Who computed the offer, proposed it, or changed it while proposed: none may approve."""
    hands = {offer.generated_by_id, offer.proposed_by_id}
    hands |= set(
        ReceptionOffer.history.filter(id=offer.pk, status=ReceptionOffer.Status.PROPOSED, version=offer.version)
        .exclude(history_user=None)
        .values_list("history_user_id", flat=True)
    )
    hands.discard(None)
    return hands


def reception_four_eyes_refusal(*, offer, actor) -> str | None:
    if actor.pk in reception_offer_hands(offer):
        return _("Du kan ikke godkjenne et tilskudd du selv har beregnet eller foreslått (fire øyne).")
    return None


@transaction.atomic
def reception_grant_propose(*, offer, actor) -> ReceptionOffer:
    """An officer proposes the grant once the municipality has answered."""
    offer = _locked(offer)
    offer.proposed_by, offer.proposed_at = actor, timezone.now()
    offer.version += 1
    offer.return_comment = ""
    return transition_apply(
        obj=offer,
        transition="propose",
        actor=actor,
        event="reception_grant_proposed",
        subject=offer.grant,
        data={"amount": str(offer.grant.amount), "version": offer.version},
        update_fields=["proposed_by", "proposed_at", "version", "return_comment"],
        error=ValidationError,
    )


@transaction.atomic
def reception_grant_approve(*, offer, actor, expected_version=None) -> ReceptionOffer:
    """A budget holder who had no hand in the offer approves the grant, within the frames."""
    if not actor.has_perm("applications.approve_reception_grant"):
        raise PermissionDenied(_("Bare budsjettdisponenter i IMDi kan godkjenne tilskuddet."))
    # The call first (the lock every award against its frames takes), then the offer.
    call_id = Grant.objects.values_list("call_id", flat=True).get(pk=offer.grant_id)
    call = call_lock(call_id)
    offer = _locked(offer)
    if offer.status != ReceptionOffer.Status.PROPOSED:
        raise ValidationError(_("Tilskuddet har ikke noe forslag som venter på godkjenning."))
    refusal = reception_four_eyes_refusal(offer=offer, actor=actor)
    if refusal:
        raise ValidationError(refusal)
    if expected_version is not None:
        try:
            seen = int(expected_version)
        except (TypeError, ValueError):
            seen = None
        if seen != offer.version:
            raise ValidationError(
                _("Forslaget er endret etter at du åpnet siden. Ingenting er godkjent. Åpne det på nytt.")
            )
    problems = reception_budget_problems(
        call=call, year=offer.grant.year, replaced_ids=[offer.grant_id], new_total=offer.grant.amount
    )
    if problems:
        raise BudgetExceeded(problems)
    offer.approved_by, offer.approved_at = actor, timezone.now()
    return transition_apply(
        obj=offer,
        transition="approve",
        actor=actor,
        event="reception_grant_approved",
        subject=offer.grant,
        data={"amount": str(offer.grant.amount), "version": offer.version},
        update_fields=["approved_by", "approved_at"],
        error=ValidationError,
    )


@transaction.atomic
def reception_grant_return(*, offer, actor, comment: str = "") -> ReceptionOffer:
    """A budget holder sends the proposal back to the officer, with a comment."""
    offer = _locked(offer)
    offer.return_comment = (comment or "").strip()[:RETURN_COMMENT_MAX]
    offer.version += 1
    return transition_apply(
        obj=offer,
        transition="return_to_officer",
        actor=actor,
        event="reception_grant_returned",
        subject=offer.grant,
        message=offer.return_comment,
        data={"version": offer.version},
        update_fields=["return_comment", "version"],
        error=ValidationError,
    )
