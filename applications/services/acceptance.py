"""Acceptance of a grant letter: the organisation's caseworkers prepare the details, an
approver accepts or declines.

Accepting creates the report obligations and the payment plan in the same transaction. Those
belong to the apps above this one (reporting, payments), so they are not called from here:
each registers what it does on acceptance (`grant_acceptance_hook_register`, from its
AppConfig.ready()), and `grant_accept` runs the hooks inside its transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Acceptance, AcceptanceDraft, Grant, GrantLetter
from applications.selectors.grant import acceptance_is_late, latest_letter
from applications.services.grant_common import grant_file_stem, grant_lock
from core.documents import document_render_enqueue
from core.pdf import pdf_render, sha256_hex
from core.services import case_event_record
from core.transitions import transition_apply, transition_check
from organisations.validators import normalise_digits, validate_bank_account, validate_org_number

# What runs when an approver has confirmed the details (`details_confirmed`: before the grant
# is accepted, e.g. a payout-account change request) and once it is accepted (`accepted`: the
# report obligations, the payment plan). Each hook takes keyword arguments and runs in the
# acceptance's transaction: a hook that fails undoes the acceptance.
_HOOKS: dict[str, list] = {"details_confirmed": [], "accepted": []}

ACCEPTANCE_RECEIPT = "applications.acceptance_receipt"  # core.documents kind


def grant_acceptance_hook_register(*, phase: str, hook, order: int = 50) -> None:
    """Register `hook` for `phase` ("details_confirmed": hook(grant=, cleaned=, actor=);
    "accepted": hook(grant=, acceptance=, actor=)). Lower `order` runs first; idempotent."""
    hooks = _HOOKS[phase]
    if any(registered is hook for _order, registered in hooks):
        return
    hooks.append((order, hook))
    hooks.sort(key=lambda item: item[0])


def _hooks_run(phase: str, **kwargs) -> None:
    for _order, hook in _HOOKS[phase]:
        hook(**kwargs)


DETAIL_FIELDS = (
    "organisation_name",
    "address",
    "phone",
    "email",
    "org_number",
    "bank_account",
    "contact_persons",
    "competence",
    "earlier_grants",
)
# What fits a letter (and the receipt PDF, rendered in the request): the short fields as the
# columns allow, the free text a page or so each. Checked here, so no caller can store more.
DETAIL_MAX_LENGTHS = {
    "organisation_name": 200,
    "address": 300,
    "phone": 30,
    "email": 254,
    "contact_persons": 2000,
    "competence": 4000,
    "earlier_grants": 2000,
}
REQUIRED_DETAILS = (
    "organisation_name",
    "address",
    "phone",
    "email",
    "org_number",
    "bank_account",
    "contact_persons",
    "competence",
)


def _detail_length_errors(values: dict) -> dict:
    return {
        field: _("Skriv høyst %(max)s tegn (nå %(length)s).") % {"max": limit, "length": len(values[field])}
        for field, limit in DETAIL_MAX_LENGTHS.items()
        if len(values.get(field) or "") > limit
    }


def acceptance_details_clean(details: dict) -> dict:
    """Normalise and validate the details the acceptance letter carries; Norwegian errors per field."""
    cleaned = {field: str(details.get(field) or "").strip() for field in DETAIL_FIELDS}
    cleaned["org_number"] = normalise_digits(cleaned["org_number"])
    cleaned["bank_account"] = normalise_digits(cleaned["bank_account"])
    errors = _detail_length_errors(cleaned)
    if cleaned["email"] and "email" not in errors:
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            errors["email"] = _("Skriv en gyldig e-postadresse.")
    for field in REQUIRED_DETAILS:
        if not cleaned[field] and field not in errors:
            errors[field] = _("Dette feltet må fylles ut.")
    for field, validator in (("org_number", validate_org_number), ("bank_account", validate_bank_account)):
        if cleaned[field] and field not in errors:
            try:
                validator(cleaned[field])
            except ValidationError as exc:
                errors[field] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def acceptance_draft_save(*, grant: Grant, actor, details: dict) -> AcceptanceDraft:
    """Save the details as prepared, incomplete or not; caseworkers prepare, approvers accept."""
    grant = grant_lock(grant)
    if not (grant.awaits_acceptance and actor.has_perm("applications.prepare_acceptance", grant)):
        raise PermissionDenied(_("Du kan ikke forberede akseptet for dette tilskuddet."))
    values = {field: str(details.get(field) or "").strip() for field in DETAIL_FIELDS}
    values["org_number"] = normalise_digits(values["org_number"])[:9]
    values["bank_account"] = normalise_digits(values["bank_account"])[:11]
    errors = _detail_length_errors(values)
    if errors:
        raise ValidationError(errors)
    draft, created = AcceptanceDraft.objects.update_or_create(grant=grant, defaults={**values, "updated_by": actor})
    case_event_record(
        subject=grant,
        action="acceptance_draft_saved",
        actor=actor,
        message=_("Opplysninger til akseptbrevet lagret som utkast"),
    )
    return draft


def acceptance_receipt_render(acceptance: Acceptance) -> tuple[str, bytes]:
    """The receipt of an answer as PDF/A (core.documents renders it off the request path)."""
    acceptance = Acceptance.objects.select_related("grant__organisation", "grant__call__scheme", "decided_by").get(
        pk=acceptance.pk
    )
    pdf = pdf_render("pdf/acceptance_receipt.html", {"acceptance": acceptance, "grant": acceptance.grant})
    kind = "aksept" if acceptance.accepted else "avslag"
    return f"{grant_file_stem(acceptance.grant)}-{kind}-{sha256_hex(pdf)[:12]}.pdf", pdf


def acceptance_receipt_stored(*, obj: Acceptance, digest: str) -> None:
    """The receipt's checksum (stored on the answer with the file) in the grant's case log."""
    case_event_record(
        subject=obj.grant,
        action="acceptance_receipt_stored",
        data={"acceptance": obj.pk, "receipt_sha256": digest},
    )


def _receipt_store(acceptance: Acceptance) -> None:
    document_render_enqueue(kind=ACCEPTANCE_RECEIPT, obj=acceptance)


def _answer_checks(grant: Grant, actor, transition: str) -> GrantLetter:
    if not actor.has_perm("applications.answer_grant", grant):
        raise PermissionDenied(_("Bare en godkjenner (direktør eller med fullmakt) kan svare på tilskuddsbrevet."))
    try:
        transition_check(obj=grant, transition=transition, actor=actor)
    except ValidationError as exc:
        raise ValidationError(_("Tilskuddsbrevet er allerede besvart.")) from exc
    if acceptance_is_late(grant):
        raise ValidationError(
            _("Akseptfristen gikk ut %(deadline)s. Ta kontakt med IMDi.")
            % {"deadline": f"{grant.acceptance_deadline:%d.%m.%Y}"}
        )
    letter = latest_letter(grant)
    if letter is None:
        raise ValidationError(_("Det finnes ikke noe tilskuddsbrev å svare på."))
    if not letter.pdf:
        raise ValidationError(
            _(
                "Det rettede tilskuddsbrevet (versjon %(v)s) lages nå. Les det før du svarer – "
                "det kommer på tilskuddssiden om kort tid."
            )
            % {"v": letter.version}
        )
    return letter


@transaction.atomic
def grant_accept(*, grant: Grant, actor, details: dict) -> Acceptance:
    """An approver confirms the organisation's details and accepts the letter's conditions.
    The report obligations and the payment plan are created in the same transaction."""
    grant = grant_lock(grant)
    letter = _answer_checks(grant, actor, "accept")
    cleaned = acceptance_details_clean(details)
    acceptance = Acceptance.objects.create(
        grant=grant,
        letter=letter,
        accepted=True,
        decided_by=actor,
        decided_at=timezone.now(),
        **cleaned,
    )
    _receipt_store(acceptance)
    _organisation_details_complete(grant.organisation, cleaned, actor)
    _hooks_run("details_confirmed", grant=grant, cleaned=cleaned, actor=actor)
    grant.acceptance_overdue_flagged_at = None
    transition_apply(
        obj=grant,
        transition="accept",
        actor=actor,
        event="grant_accepted",
        message=_("Vilkårene i tilskuddsbrevet (versjon %(version)s) er akseptert") % {"version": letter.version},
        data={"acceptance": acceptance.pk, "letter": letter.pk},
        update_fields=["acceptance_overdue_flagged_at"],
    )
    AcceptanceDraft.objects.filter(grant=grant).delete()
    _hooks_run("accepted", grant=grant, acceptance=acceptance, actor=actor)
    return acceptance


@transaction.atomic
def grant_decline(*, grant: Grant, actor, reason: str) -> Acceptance:
    """An approver declines the grant, with a reason; the money goes back to the frame."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv hvorfor dere takker nei.")})
    grant = grant_lock(grant)
    letter = _answer_checks(grant, actor, "decline")
    org = grant.organisation
    draft = getattr(grant, "acceptance_draft", None)
    acceptance = Acceptance.objects.create(
        grant=grant,
        letter=letter,
        accepted=False,
        decline_reason=reason,
        organisation_name=(draft.organisation_name if draft else "") or org.name,
        address=(draft.address if draft else "") or org.address,
        phone=(draft.phone if draft else "") or org.phone,
        email=(draft.email if draft else "") or org.email,
        org_number=(draft.org_number if draft else "") or org.org_number,
        bank_account=(draft.bank_account if draft else "") or org.bank_account,
        contact_persons=(draft.contact_persons if draft else "") or str(actor),
        decided_by=actor,
        decided_at=timezone.now(),
    )
    _receipt_store(acceptance)
    transition_apply(
        obj=grant,
        transition="decline",
        actor=actor,
        event="grant_declined",
        message=reason,
        data={"acceptance": acceptance.pk, "letter": letter.pk},
    )
    AcceptanceDraft.objects.filter(grant=grant).delete()
    return acceptance


def _organisation_details_complete(org, cleaned: dict, actor) -> None:
    """Keep the organisation's register up to date with what its approver confirmed: contact
    details, and the organisation number only where IMDi had none. (A different payout account
    is only a request, made by payments' `details_confirmed` hook.)"""

    changes = {}
    for field in ("phone", "email"):
        if cleaned[field] and getattr(org, field) != cleaned[field]:
            changes[field] = cleaned[field]
    if not org.org_number:
        changes["org_number"] = cleaned["org_number"]
    if changes:
        before = {field: getattr(org, field) for field in changes}
        for field, value in changes.items():
            setattr(org, field, value)
        org.save(update_fields=list(changes))
        case_event_record(
            subject=org,
            action="organisation_details_confirmed",
            actor=actor,
            data={"before": before, "after": changes},
        )
