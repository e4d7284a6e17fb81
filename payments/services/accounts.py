"""Payout accounts under a second person's control: a new account waits for someone at IMDi
other than whoever asked for it, and the organisation's payments are held meanwhile."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import today_oslo
from core.services import case_event_record
from core.transitions import may, transition_apply
from organisations.models import BankAccountChange, Organisation
from organisations.rules import requested_the_change
from organisations.validators import normalise_digits, validate_bank_account
from payments.models import Payment
from payments.services.plan import payments_conditions_apply


def bank_account_can_review(user, change) -> bool:
    """Officers and finance (and superusers) at IMDi confirm or refuse account changes; never
    the person who asked for or entered the change (organisations.rules)."""
    # Asked twice on purpose: Django's ModelBackend says yes to every has_perm of a superuser.
    return (
        getattr(user, "is_authenticated", False)
        and not requested_the_change(user, change)
        and may(change, user, "confirm")
    )


def _account_data(change) -> dict:
    return {
        "change": change.pk,
        "old_account": change.old_account,
        "new_account": change.new_account,
        "source": change.source,
        "source_reference": change.source_reference,
        "requested_by": change.requested_by_id,
    }


def _account_transition(change, transition, *, actor, event, organisation, message="", **kwargs):
    """Apply a BankAccountChange transition; the event goes on the organisation's log, where
    the account history of every case of the organisation is read."""
    return transition_apply(
        obj=change,
        transition=transition,
        actor=actor,
        event=event,
        subject=organisation,
        message=message,
        data=_account_data(change),
        update_fields=["decided_by", "decided_at", "note"] if transition != "supersede" else (),
        error=ValidationError,
        **kwargs,
    )


@transaction.atomic
def bank_account_change_request(*, organisation, new_account, actor, source, source_reference=""):
    """Ask for a new payout account. The organisation keeps paying to its confirmed account,
    and its payments are held, until someone else at IMDi confirms the change. A second
    request while one is pending replaces it (the latest word from the organisation counts).
    Returns the pending change, or None when the account is already the confirmed one."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    new_account = normalise_digits(new_account or "")
    try:
        validate_bank_account(new_account)
    except ValidationError as exc:
        raise ValidationError({"bank_account": exc.messages}) from exc
    pending = list(
        organisation.bank_account_changes.select_for_update().filter(status=BankAccountChange.Status.PENDING)
    )
    for change in pending:
        if change.new_account == new_account:
            return change
    if new_account == organisation.bank_account:
        # Back to the confirmed account: the pending change is withdrawn.
        for change in pending:
            _account_transition(
                change, "supersede", actor=actor, event="bank_account_change_withdrawn", organisation=organisation
            )
        if pending:
            _organisation_payments_refresh(organisation, cause="bank_account_change_withdrawn")
        return None
    # The one-pending-per-organisation index needs the old request out of the way first.
    for change in pending:
        _account_transition(
            change, "supersede", actor=actor, event="bank_account_change_superseded", organisation=organisation
        )
    change = BankAccountChange.objects.create(
        organisation=organisation,
        old_account=organisation.bank_account,
        new_account=new_account,
        source=source,
        source_reference=source_reference[:100],
        requested_by=actor,
    )
    case_event_record(
        subject=organisation,
        action="bank_account_change_requested",
        actor=actor,
        to_state=change.status,
        data=_account_data(change),
    )
    _organisation_payments_refresh(organisation, cause="bank_account_change_requested")
    return change


def _organisation_payments_refresh(organisation, *, cause):
    """Hold or release the organisation's payments whose date has come, now rather than at
    the next sweep, so finance and the municipality see the reason at once."""
    payments_conditions_apply(Payment.objects.filter(grant__organisation=organisation), today=today_oslo(), cause=cause)


def _locked_pending_change(change, *, actor, new_account) -> BankAccountChange:
    change = BankAccountChange.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=change.pk)
    if not change.is_pending:
        raise ValidationError(_("Endringen er allerede behandlet."))
    if not bank_account_can_review(actor, change):
        if requested_the_change(actor, change):
            raise PermissionDenied(_("Du kan ikke kontrollere en endring du selv har bedt om eller lagt inn."))
        raise PermissionDenied(_("Bare rådgivere og økonomi i IMDi kan kontrollere kontonummer."))
    if new_account != change.new_account:
        # The confirmation is bound to the number the reviewer saw.
        raise ValidationError(_("Kontonummeret er ikke det samme som du fikk vist. Åpne endringen på nytt."))
    return change


@transaction.atomic
def bank_account_change_confirm(*, change, actor, new_account, note=""):
    """A second person at IMDi confirms the new account: it becomes the payout account and
    the organisation's payments held for it are released."""
    organisation = Organisation.objects.select_for_update().get(pk=change.organisation_id)
    change = _locked_pending_change(change, actor=actor, new_account=new_account)
    note = (note or "").strip()
    organisation.bank_account = change.new_account
    organisation.save(update_fields=["bank_account"])
    _account_transition(
        change,
        "confirm",
        actor=actor,
        event="bank_account_change_confirmed",
        organisation=organisation,
        message=note[:300],
        user=actor,
        at=timezone.now(),
        note=note,
    )
    _organisation_payments_refresh(organisation, cause="bank_account_change_confirmed")
    return change


@transaction.atomic
def bank_account_change_refuse(*, change, actor, new_account, note):
    """A second person at IMDi refuses the new account: the confirmed account stays."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Skriv hvorfor endringen avvises.")})
    organisation = Organisation.objects.select_for_update().get(pk=change.organisation_id)
    change = _locked_pending_change(change, actor=actor, new_account=new_account)
    _account_transition(
        change,
        "refuse",
        actor=actor,
        event="bank_account_change_refused",
        organisation=organisation,
        message=note[:300],
        user=actor,
        at=timezone.now(),
        note=note,
    )
    _organisation_payments_refresh(organisation, cause="bank_account_change_refused")
    return change
