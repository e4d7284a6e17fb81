"""Thin Celery tasks: take ids, call a service."""

from celery import shared_task

# Waits between attempts: 1, 2, 4, 8 and 16 minutes; then the notification stays failed (and
# visible as such on the case and in the notification admin).
MAX_RETRIES = 5


@shared_task(bind=True, name="core.tasks.notification_deliver", max_retries=MAX_RETRIES)
def notification_deliver(self, notification_id: int) -> str:
    """Deliver one notification; retried with back-off while it fails."""
    from core.notifications import notification_deliver as deliver

    outcome = deliver(notification_id=notification_id)
    if outcome in ("failed", "missing") and self.request.retries < self.max_retries:
        countdown = 60 * 2**self.request.retries
        if self.request.is_eager:
            # Run eagerly (tests, CELERY_TASK_ALWAYS_EAGER): Celery re-applies a returned Retry
            # at once, where a raised one would propagate to the caller.
            return self.retry(countdown=countdown, throw=False)
        raise self.retry(countdown=countdown)
    return outcome


@shared_task(name="core.tasks.notification_digest_sweep")
def notification_digest_sweep() -> dict:
    """Daily: one digest e-mail per user who chose it, with the notices held for it."""
    from core.notifications import notification_digests_send

    return notification_digests_send()


@shared_task(name="core.tasks.job_run", acks_late=True, reject_on_worker_lost=True)
def job_run(job_id: int) -> str:
    """Run one long job (core.jobs): an export, a heavy PDF. Safe to run twice."""
    from core.jobs import job_run as run

    job = run(job_id=job_id)
    return job.status if job else "missing"


@shared_task(name="core.tasks.document_render", acks_late=True, reject_on_worker_lost=True)
def document_render(kind: str, pk: int) -> str:
    """Render and store one receipt or letter (core.documents). Safe to run twice."""
    from core.documents import document_render_run

    return document_render_run(kind=kind, pk=pk)


@shared_task(name="core.tasks.document_render_sweep")
def document_render_sweep() -> dict:
    """Daily: enqueue again every receipt or letter whose PDF was never made (a lost task)."""
    from core.documents import documents_unrendered_enqueue
    from core.services import sweep_run_record

    with sweep_run_record("core.tasks.document_render_sweep") as run:
        run.summary = {"documents": documents_unrendered_enqueue()}
    return run.summary
