"""Who may do what with payments, and who may see them (django `rules`).

The permissions are the ones the Payment, PayoutBatch and Reaction state machines declare on
their transitions (payments.models); services apply them through
core.transitions.transition_apply, and the buttons come from core.transitions.available_actions.
Finance runs batches and records payments; officers decide holds, cancellations and
reactions; budget holders approve reactions (four eyes, also checked in the services and the
database). The visibility querysets below are the only way a surface reads payments,
reactions and batches for a user."""

import rules

from applications.rules import grants_visible_to
from organisations.rules import (
    budget_holder,
    finance,
    imdi_staff,
    is_approver_of,
    is_member_of,
    officer,
    organisation_ids_of,
)


@rules.predicate
def proposed_or_changed(user, reaction):
    """Whoever proposed or last changed a reaction (they never review it)."""
    return reaction is not None and user.pk in (reaction.decided_by_id, reaction.changed_by_id)


@rules.predicate
def reaction_of_someone_else(user, reaction):
    # Positive on purpose: django-fsm also asks has_perm without the object, and a negated
    # object predicate would say yes there.
    return reaction is not None and user.pk not in (reaction.decided_by_id, reaction.changed_by_id)


@rules.predicate
def batch_built_by_someone_else(user, batch):
    """Four eyes on payout batches: whoever built a batch never approves it. Positive on
    purpose, like reaction_of_someone_else."""
    return batch is not None and user.pk != batch.created_by_id


# Pages and surfaces.
rules.add_perm("payments.run_payouts", finance)
rules.add_perm("payments.decide_reactions", officer)
rules.add_perm("payments.view_all", finance | officer)
rules.add_perm("payments.review_reactions", budget_holder)
rules.add_perm("payments.review_accounts", finance | officer)
# IMDi's figures for the ministry (payments.figures): every IMDi role reports on them.
rules.add_perm("payments.view_figures", imdi_staff)

# Transitions (payments.models). A withholding takes effect when a budget holder approves
# the reaction; the sweep's condition holds are system work (actor=None).
rules.add_perm("payments.release_payment", officer)
rules.add_perm("payments.withhold_payment", budget_holder)
rules.add_perm("payments.cancel_payment", officer)
rules.add_perm("payments.review_reaction", budget_holder & reaction_of_someone_else)
rules.add_perm("payments.approve_batch", finance & batch_built_by_someone_else)
# Due process (payments.services.reaction_process): the officer sends the notice, proposes the
# decision or closes the case; the municipality replies (any member) and appeals (its
# approver: director or delegated authority, as for submitting); IMDi forwards the appeal.
rules.add_perm("payments.propose_reaction", officer)
rules.add_perm("payments.reply_reaction_notice", is_member_of)
rules.add_perm("payments.appeal_reaction", is_approver_of)
rules.add_perm("payments.forward_reaction_appeal", officer)


# --- visibility -------------------------------------------------------------------------------


def payments_visible_to(user):
    """Payments follow their grant's visibility (applications.rules.grants_visible_to)."""
    from payments.models import Payment

    return Payment.objects.filter(grant__in=grants_visible_to(user))


def payments_of_own_organisations(user):
    """The payments of the user's own organisations (the municipal start page), within what
    they may see."""
    return payments_visible_to(user).filter(grant__organisation_id__in=organisation_ids_of(user))


def reactions_visible_to(user):
    """IMDi staff see every reaction; a municipality sees the reactions on its visible grants
    once they are decided (approved), and those it was given advance notice of (it is a party
    to them from the notice on). A proposal made without notice, and a rejected one, is IMDi's
    own work."""
    from django.db.models import Q

    from payments.models import Reaction

    if imdi_staff(user):
        return Reaction.objects.all()
    return Reaction.objects.filter(grant__in=grants_visible_to(user)).filter(
        Q(status=Reaction.Status.APPROVED) | Q(notice_sent_on__isnull=False)
    )


def batches_visible_to(user):
    """Payout batches are finance's (officers reach a payment's batch through the payment)."""
    from payments.models import PayoutBatch

    if finance(user):
        return PayoutBatch.objects.all()
    return PayoutBatch.objects.none()


def job_readable(user, job) -> bool:
    """A finance export job (core.jobs): finance reads it, whoever of them asked for it."""
    return finance(user)
