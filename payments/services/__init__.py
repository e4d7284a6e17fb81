"""Every write in payments: payment plans, the due sweep, batches, recording, reactions and
payout accounts. Statuses move only through the models' transitions, applied with
core.transitions.transition_apply (which checks the actor's permission from payments.rules
and writes the case event on the grant's case); four eyes, frames and locks stay here.

Split by lifecycle; import from here (`from payments.services import …`)."""

from payments.services.accounts import (  # noqa: F401
    bank_account_can_review,
    bank_account_change_confirm,
    bank_account_change_refuse,
    bank_account_change_request,
)
from payments.services.bank_returns import bank_return_file_read  # noqa: F401
from payments.services.batches import (  # noqa: F401
    batch_can_approve,
    batch_open_sum,
    payout_batch_approve,
    payout_batch_cancel,
    payout_batch_create,
    payout_batch_line_fail,
    payout_batch_mark_paid,
    payout_batch_payment_file_create,
)
from payments.services.plan import (  # noqa: F401
    ACCOUNT_PENDING_REASON,
    organisation_ids_with_pending_account,
    payment_cancel,
    payment_condition_failures,
    payment_plan_create_for_grant,
    payment_reference,
    payment_reference_reissued,
    payment_release,
    payment_term_date,
    payments_conditions_apply,
    payments_due_update,
)
from payments.services.reactions import (  # noqa: F401
    reaction_approve,
    reaction_can_review,
    reaction_record,
    reaction_reject,
    reaction_update,
    repayment_record_received,
)
