"""Thin Celery tasks: take ids, call a service."""

from celery import shared_task  # noqa: E402


@shared_task(name="applications.tasks.application_receipt_send")
def application_receipt_send(application_id: int) -> int:
    """E-mail the submission receipt to the applicant organisation's users."""
    from applications.services.application import application_receipt_send as receipt_send

    return receipt_send(application_id=application_id)


@shared_task(name="applications.tasks.decision_letter_send")
def decision_letter_send(decision_id):
    """E-mail an approved rejection or dismissal letter to the organisation (assessment helper)."""
    from applications.services.decision_letter import decision_letter_email

    return decision_letter_email(decision_id=decision_id)


# --- grant letters, acceptance and the acceptance calendar (letters issue) ---


@shared_task(name="applications.tasks.acceptance_sweep")
def acceptance_sweep() -> dict:
    """Daily: acceptance reminders, and deadlines passed without an answer."""
    from applications.services.grant import acceptance_sweep_run

    return acceptance_sweep_run()


@shared_task(name="applications.tasks.grant_letter_notify")
def grant_letter_notify(letter_id: int) -> int:
    """E-mail the organisation's users that a grant letter is ready in the portal."""
    from applications.services.grant import grant_letter_notify as notify

    return notify(letter_id=letter_id)


@shared_task(name="applications.tasks.grant_letters_send_job")
def grant_letters_send_job(job_id: int) -> int:
    """Send every decided grant's letter of one call, recording progress on the job."""
    from applications.services.letter_job import letter_send_job_run

    return letter_send_job_run(job_id=job_id).done


@shared_task(name="applications.tasks.grant_deadline_extended_notify")
def grant_deadline_extended_notify(grant_id: int) -> int:
    """E-mail the organisation's users their new acceptance deadline."""
    from applications.services.grant import grant_deadline_extended_notify as notify

    return notify(grant_id=grant_id)


@shared_task(name="applications.tasks.information_reminders_sweep")
def information_reminders_sweep() -> dict:
    """Daily: remind each unanswered request for more information once before its deadline."""
    from applications.services.information import information_reminders_sweep_run

    return information_reminders_sweep_run()
