from celery import shared_task

from core.services import sweep_run_record
from payments.services import payments_due_update


@shared_task(name="payments.tasks.payments_due_sweep")
def payments_due_sweep():
    """Daily: mark payments due or withheld (see payments.services.payments_due_update)."""
    with sweep_run_record("payments.tasks.payments_due_sweep") as run:
        run.summary = payments_due_update()
    return run.summary
