import json
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import format_nok, to_money
from core.services import case_event_record, history_save
from core.transitions import transition_apply
from schemes.models import (
    Appropriation,
    AppropriationShare,
    AreaAttachmentRequirement,
    AreaQuestion,
    AssessmentCriterion,
    BudgetChange,
    Call,
    LetterText,
    PayoutTerm,
    PriorityArea,
    Rate,
    ReportDeadline,
    Scheme,
)
from schemes.selectors import (
    awarded_against_share,
    awarded_in_area,
    awarded_in_call,
    awarded_most_to_one_applicant,
)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "reference_data.json"


def _fields(item, exclude=()):
    return {k: v for k, v in item.items() if k not in exclude and not k.startswith("_")}


@transaction.atomic
def reference_schemes_load(path: Path = FIXTURE) -> dict:
    """Load schemes, rates, appropriations and calls from the circulars' fixture.

    Idempotent: natural keys (scheme code, call scheme+year, area number, ...) identify rows,
    so a rerun updates them in place."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    schemes = {}
    for item in data["schemes"]:
        scheme, _created = Scheme.objects.update_or_create(code=item["code"], defaults=_fields(item, ["code"]))
        schemes[scheme.code] = scheme

    for item in data["rates"]:
        Rate.objects.update_or_create(
            kind=item["kind"],
            scheme=schemes.get(item["scheme"]),
            valid_from=item["valid_from"],
            defaults={"amount": item["amount"], "valid_to": item["valid_to"], "source": item["source"]},
        )

    shares = {}
    for item in data["appropriations"]:
        appropriation, _created = Appropriation.objects.update_or_create(
            year=item["year"],
            chapter=item["chapter"],
            post=item["post"],
            defaults=_fields(item, ["year", "chapter", "post", "shares"]),
        )
        for share_item in item["shares"]:
            share, _created = AppropriationShare.objects.update_or_create(
                appropriation=appropriation,
                label=share_item["label"],
                defaults={"scheme": schemes.get(share_item["scheme"]), "amount": share_item["amount"]},
            )
            shares[(appropriation.year, share.label)] = share

    for item in data["calls"]:
        defaults = _fields(
            item,
            [
                "scheme",
                "year",
                "appropriation",
                "areas",
                "payout_terms",
                "report_deadlines",
                "letter_texts",
                "criteria",
            ],
        )
        defaults["appropriation_share"] = shares[tuple(item["appropriation"])]
        call, _created = Call.objects.update_or_create(
            scheme=schemes[item["scheme"]], year=item["year"], defaults=defaults
        )
        for area in item["areas"]:
            area_row, _created = PriorityArea.objects.update_or_create(
                call=call,
                number=area["number"],
                defaults=_fields(area, ["number", "questions", "attachment_requirements"]),
            )
            for position, question in enumerate(area.get("questions", []), start=1):
                AreaQuestion.objects.update_or_create(
                    area=area_row, text=question["text"], defaults={**_fields(question, ["text"]), "position": position}
                )
            for position, document in enumerate(area.get("attachment_requirements", []), start=1):
                AreaAttachmentRequirement.objects.update_or_create(
                    area=area_row, name=document["name"], defaults={**_fields(document, ["name"]), "position": position}
                )
        for term in item["payout_terms"]:
            PayoutTerm.objects.update_or_create(call=call, number=term["number"], defaults=_fields(term, ["number"]))
        for deadline in item["report_deadlines"]:
            ReportDeadline.objects.update_or_create(
                call=call,
                kind=deadline["kind"],
                period_end=deadline["period_end"],
                defaults=_fields(deadline, ["kind", "period_end"]),
            )
        for text in item.get("letter_texts", []):
            LetterText.objects.update_or_create(call=call, kind=text["kind"], defaults=_fields(text, ["kind"]))
        for position, criterion in enumerate(item.get("criteria", []), start=1):
            AssessmentCriterion.objects.update_or_create(
                call=call, code=criterion["code"], defaults={**_fields(criterion, ["code"]), "position": position}
            )
    return {"schemes": Scheme.objects.count(), "calls": Call.objects.count(), "areas": PriorityArea.objects.count()}


# ---------------------------------------------------------------- budget changes
#
# Frames, caps and appropriation shares are what awards are checked against, so nobody may
# make room alone: a change that raises a limit (or lifts it, or moves a call to another
# share) waits for a second budget holder; a change that only tightens takes effect at once.
# Both are checked and written under the same locks decision_approve takes (the call first,
# then its appropriation share), so a change cannot slip between an approval's check and
# its write.


# What fits in DecimalField(max_digits=14, decimal_places=2).
MONEY_LIMIT = Decimal("1000000000000")


def _require_budget_holder(user):
    if not user.has_perm("schemes.decide_budget_changes"):
        raise PermissionDenied(_("Bare budsjettdisponenter i IMDi kan avgjøre budsjettendringer."))


def call_lock(call_id: int) -> Call:
    """Lock the call row, then its appropriation share: always in this order (no deadlock).
    Every write that checks an award against a frame (decision_approve, reception centre
    agreements, budget changes) takes this lock first."""
    call = Call.objects.select_for_update().get(pk=call_id)
    if call.appropriation_share_id:
        call.appropriation_share = AppropriationShare.objects.select_for_update().get(pk=call.appropriation_share_id)
    return call


def _lock_targets(*, kind, call_id=None, area_id=None, share_id=None, appropriation_id=None, new_share_id=None):
    """Lock what the change touches, calls first and shares after (as decision_approve does)."""
    locked = {}
    if kind in BudgetChange.CALL_KINDS or kind in BudgetChange.AREA_KINDS:
        locked["call"] = call_lock(call_id)
        if new_share_id:
            locked["new_share"] = AppropriationShare.objects.select_for_update().get(pk=new_share_id)
        if area_id:
            locked["area"] = PriorityArea.objects.select_for_update().get(pk=area_id, call_id=call_id)
    elif kind == BudgetChange.Kind.SHARE_AMOUNT:
        list(Call.objects.select_for_update().filter(appropriation_share=share_id).order_by("pk").values_list("pk"))
        locked["share"] = AppropriationShare.objects.select_for_update().get(pk=share_id)
        locked["appropriation"] = Appropriation.objects.select_for_update().get(pk=locked["share"].appropriation_id)
    else:
        locked["appropriation"] = Appropriation.objects.select_for_update().get(pk=appropriation_id)
    return locked


def _current(kind, locked):
    """The value in force now (amount, or the share for a move)."""
    return {
        BudgetChange.Kind.CALL_FRAME: lambda: locked["call"].frame,
        BudgetChange.Kind.CALL_SHARE: lambda: locked["call"].appropriation_share,
        BudgetChange.Kind.AREA_FRAME: lambda: locked["area"].frame,
        BudgetChange.Kind.AREA_CAP: lambda: locked["area"].per_applicant_cap,
        BudgetChange.Kind.SHARE_AMOUNT: lambda: locked["share"].amount,
        BudgetChange.Kind.APPROPRIATION_AMOUNT: lambda: locked["appropriation"].amount,
    }[kind]()


def _makes_room(kind, old, new) -> bool:
    if kind == BudgetChange.Kind.CALL_SHARE:
        return True
    if new is None:
        return old is not None  # lifting a limit
    return old is not None and new > old


def _below_awarded(used):
    return _("Beløpet kan ikke være lavere enn det som allerede er tildelt (%(used)s).") % {"used": format_nok(used)}


def budget_change_problems(*, kind, locked, new_amount=None, new_share=None) -> dict:
    """What is wrong with the change against today's figures (run under the locks)."""
    K = BudgetChange.Kind
    errors = {}
    if kind == K.CALL_SHARE:
        call = locked["call"]
        if new_share is None:
            return {"new_share": _("Velg bevilgningen utlysningen skal flyttes til.")}
        if new_share.pk == call.appropriation_share_id:
            return {"new_share": _("Utlysningen hører allerede til denne bevilgningen.")}
        if new_share.appropriation.year != call.year:
            return {"new_share": _("Bevilgningen må gjelde samme år som utlysningen (%(year)s).") % {"year": call.year}}
        room = new_share.amount - awarded_against_share(new_share)
        if awarded_in_call(call) > room:
            errors["new_share"] = _(
                "Bevilgningen har bare %(room)s igjen, og utlysningen har allerede tildelt %(used)s."
            ) % {"room": format_nok(room), "used": format_nok(awarded_in_call(call))}
        return errors

    if new_amount is not None and new_amount < 0:
        return {"new_amount": _("Beløpet kan ikke være negativt.")}
    if new_amount is None and kind not in (K.AREA_FRAME, K.AREA_CAP):
        return {"new_amount": _("Skriv det nye beløpet.")}

    if kind == K.CALL_FRAME:
        call = locked["call"]
        used = awarded_in_call(call)
        areas = list(call.areas.all())
        if new_amount < used:
            errors["new_amount"] = _below_awarded(used)
        elif sum((a.frame for a in areas if a.frame is not None), Decimal("0")) > new_amount:
            errors["new_amount"] = _("Rammen kan ikke være lavere enn summen av rammene for satsingsområdene.")
        elif any(a.frame is None and a.per_applicant_cap and a.per_applicant_cap > new_amount for a in areas):
            errors["new_amount"] = _("Rammen kan ikke være lavere enn beløpet per søker i et satsingsområde.")
    elif kind == K.AREA_FRAME:
        area, call = locked["area"], locked["call"]
        if new_amount is not None:
            others = sum((a.frame for a in call.areas.exclude(pk=area.pk) if a.frame is not None), Decimal("0"))
            used = awarded_in_area(area)
            if new_amount > call.frame:
                errors["new_amount"] = _("Rammen for området kan ikke være større enn utlysningens samlede ramme.")
            elif others + new_amount > call.frame:
                errors["new_amount"] = _(
                    "Summen av rammene for satsingsområdene blir større enn utlysningens samlede ramme."
                )
            elif new_amount < used:
                errors["new_amount"] = _below_awarded(used)
    elif kind == K.AREA_CAP:
        area, call = locked["area"], locked["call"]
        if new_amount is not None:
            most = awarded_most_to_one_applicant(area)
            if new_amount <= 0:
                errors["new_amount"] = _("Beløpet per søker må være større enn 0, eller stå tomt.")
            elif area.frame is None and new_amount > call.frame:
                errors["new_amount"] = _("Beløpet per søker kan ikke være større enn utlysningens ramme.")
            elif new_amount < most:
                errors["new_amount"] = _(
                    "Beløpet per søker kan ikke være lavere enn det en søker allerede har fått (%(used)s)."
                ) % {"used": format_nok(most)}
    elif kind == K.SHARE_AMOUNT:
        share, appropriation = locked["share"], locked["appropriation"]
        used = awarded_against_share(share)
        others = sum((s.amount for s in appropriation.shares.exclude(pk=share.pk)), Decimal("0"))
        if new_amount < used:
            errors["new_amount"] = _below_awarded(used)
        elif others + new_amount > appropriation.amount:
            errors["new_amount"] = _(
                "Fordelingen blir større enn bevilgningen (%(amount)s; de andre formålene har %(others)s)."
            ) % {"amount": format_nok(appropriation.amount), "others": format_nok(others)}
    elif kind == K.APPROPRIATION_AMOUNT:
        shared = sum((s.amount for s in locked["appropriation"].shares.all()), Decimal("0"))
        if new_amount < shared:
            errors["new_amount"] = _(
                "Bevilgningen kan ikke være lavere enn det som er fordelt på formål (%(shared)s)."
            ) % {"shared": format_nok(shared)}
    return errors


def _apply(change, locked, actor):
    K = BudgetChange.Kind
    if change.kind == K.CALL_SHARE:
        call = locked["call"]
        call.appropriation_share = locked["new_share"]
        history_save(call, actor, update_fields=["appropriation_share"])
    elif change.kind == K.CALL_FRAME:
        locked["call"].frame = change.new_amount
        history_save(locked["call"], actor, update_fields=["frame"])
    elif change.kind == K.AREA_FRAME:
        locked["area"].frame = change.new_amount
        history_save(locked["area"], actor, update_fields=["frame"])
    elif change.kind == K.AREA_CAP:
        locked["area"].per_applicant_cap = change.new_amount
        history_save(locked["area"], actor, update_fields=["per_applicant_cap"])
    elif change.kind == K.SHARE_AMOUNT:
        locked["share"].amount = change.new_amount
        history_save(locked["share"], actor, update_fields=["amount"])
    else:
        locked["appropriation"].amount = change.new_amount
        history_save(locked["appropriation"], actor, update_fields=["amount"])


def _case_subject(change):
    return change.call or change.share or change.appropriation


def _event_data(change):
    def money(value):
        return None if value is None else str(value)

    return {
        "budget_change": change.pk,
        "kind": change.kind,
        "area": change.area_id,
        "before": change.old_share_id if change.kind == BudgetChange.Kind.CALL_SHARE else money(change.old_amount),
        "after": change.new_share_id if change.kind == BudgetChange.Kind.CALL_SHARE else money(change.new_amount),
        "requested_by": change.requested_by_id,
        "reason": change.reason,
    }


@transaction.atomic
def budget_change_request(
    *,
    actor,
    kind: str,
    reason: str,
    call=None,
    area=None,
    share=None,
    appropriation=None,
    new_amount=None,
    new_share=None,
) -> BudgetChange:
    """Ask for a change to a frame, cap or share. Making room waits for a second budget holder;
    tightening (never below what is awarded) takes effect at once."""
    K = BudgetChange.Kind
    if kind not in K.values:
        raise ValidationError({"kind": _("Velg hva som skal endres.")})
    if not actor.has_perm("schemes.request_budget_change", kind):
        raise PermissionDenied(_("Du kan ikke be om denne budsjettendringen."))
    if area is not None:
        call = area.call
    targets = {
        K.CALL_FRAME: call,
        K.CALL_SHARE: call,
        K.AREA_FRAME: area,
        K.AREA_CAP: area,
        K.SHARE_AMOUNT: share,
        K.APPROPRIATION_AMOUNT: appropriation,
    }
    if targets[kind] is None:
        raise ValidationError(_("Velg hva endringen gjelder."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Skriv hvorfor endringen trengs.")})
    try:
        new_amount = to_money(new_amount) if new_amount not in (None, "") else None
    except (TypeError, ValueError, ArithmeticError):
        raise ValidationError({"new_amount": _("Skriv et beløp i kroner, for eksempel 125 000,50.")}) from None
    if new_amount is not None and abs(new_amount) >= MONEY_LIMIT:
        raise ValidationError({"new_amount": _("Beløpet er for stort.")})

    locked = _lock_targets(
        kind=kind,
        call_id=call.pk if call is not None and kind in (*BudgetChange.CALL_KINDS, *BudgetChange.AREA_KINDS) else None,
        area_id=area.pk if area is not None and kind in BudgetChange.AREA_KINDS else None,
        share_id=share.pk if share is not None and kind == K.SHARE_AMOUNT else None,
        appropriation_id=appropriation.pk if appropriation is not None and kind == K.APPROPRIATION_AMOUNT else None,
        new_share_id=new_share.pk if new_share is not None and kind == K.CALL_SHARE else None,
    )
    if kind == K.CALL_SHARE:
        new_share = locked.get("new_share")
    current = _current(kind, locked)
    if kind != K.CALL_SHARE and current == new_amount:
        raise ValidationError({"new_amount": _("Det nye beløpet er det samme som det som gjelder nå.")})
    errors = budget_change_problems(kind=kind, locked=locked, new_amount=new_amount, new_share=new_share)
    if errors:
        raise ValidationError(errors)
    target_field = {K.AREA_FRAME: "area", K.AREA_CAP: "area", K.SHARE_AMOUNT: "share"}.get(kind, "call")
    if kind == K.APPROPRIATION_AMOUNT:
        target_field = "appropriation"
    tightening = not _makes_room(kind, current, new_amount)
    # A tightening is always safe, even with a raise pending (that one then goes stale).
    if (
        not tightening
        and BudgetChange.objects.filter(
            status=BudgetChange.Status.PENDING, kind=kind, **{target_field: targets[kind]}
        ).exists()
    ):
        raise ValidationError(
            _("Det finnes allerede en forespørsel om denne endringen som venter på godkjenning. Avgjør den først.")
        )

    if kind == K.CALL_SHARE:
        values = {"old_share": current, "new_share": new_share}
    else:
        values = {"old_amount": current, "new_amount": new_amount}
    if tightening:  # never pending: a tightening is created applied
        values |= {"status": BudgetChange.Status.APPLIED, "decided_at": timezone.now()}
    change = BudgetChange(
        kind=kind,
        call=locked.get("call") if kind in (*BudgetChange.CALL_KINDS, *BudgetChange.AREA_KINDS) else None,
        area=locked.get("area"),
        share=locked.get("share"),
        appropriation=locked.get("appropriation") if kind == K.APPROPRIATION_AMOUNT else None,
        reason=reason.strip(),
        requested_by=actor,
        **values,
    )
    history_save(change, actor)
    if tightening:
        _apply(change, locked, actor)
    case_event_record(
        subject=_case_subject(change),
        action="budget_change_applied" if tightening else "budget_change_requested",
        actor=actor,
        to_state=change.status,
        message=change.get_kind_display(),
        data=_event_data(change),
    )
    return change


DECISION_FIELDS = ("decided_by", "decided_at", "decision_comment")


def _decide_locked(change, actor):
    """Lock the targets and the request; refuse what the second budget holder may not decide."""
    _require_budget_holder(actor)
    change = BudgetChange.objects.get(pk=change.pk)
    locked = _lock_targets(
        kind=change.kind,
        call_id=change.call_id,
        area_id=change.area_id,
        share_id=change.share_id,
        appropriation_id=change.appropriation_id,
        new_share_id=change.new_share_id,
    )
    change = BudgetChange.objects.select_for_update().get(pk=change.pk)
    if change.status != BudgetChange.Status.PENDING:
        raise ValidationError(_("Forespørselen er allerede avgjort."))
    if change.requested_by_id == actor.pk:
        raise ValidationError(_("Du kan ikke avgjøre en budsjettendring du selv har bedt om (fire øyne)."))
    return change, locked


@transaction.atomic
def budget_change_approve(*, change: BudgetChange, actor, comment: str = "") -> BudgetChange:
    """A second budget holder approves a pending change; it takes effect now, if it still fits."""
    change, locked = _decide_locked(change, actor)
    current = _current(change.kind, locked)
    before = change.old_share if change.kind == BudgetChange.Kind.CALL_SHARE else change.old_amount
    if current != before:
        raise ValidationError(
            _("Verdien er endret siden forespørselen ble sendt. Avvis den og be om endringen på nytt.")
        )
    errors = budget_change_problems(
        kind=change.kind, locked=locked, new_amount=change.new_amount, new_share=locked.get("new_share")
    )
    if errors:
        raise ValidationError(list(errors.values()))
    transition_apply(
        obj=change,
        transition="approve",
        actor=actor,
        event="budget_change_approved",
        subject=_case_subject(change),
        message=comment or change.get_kind_display(),
        data=_event_data(change),
        update_fields=DECISION_FIELDS,
        user=actor,
        at=timezone.now(),
        comment=comment,
    )
    _apply(change, locked, actor)
    return change


@transaction.atomic
def budget_change_refuse(*, change: BudgetChange, actor, comment: str = "") -> BudgetChange:
    change, _locked = _decide_locked(change, actor)
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Skriv hvorfor endringen avvises.")})
    return transition_apply(
        obj=change,
        transition="refuse",
        actor=actor,
        event="budget_change_refused",
        subject=_case_subject(change),
        message=comment.strip(),
        data=_event_data(change),
        update_fields=DECISION_FIELDS,
        user=actor,
        at=timezone.now(),
        comment=comment.strip(),
    )
