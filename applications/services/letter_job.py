"""Sending grant letters as a background job (issue 17 item 4): every decided grant's letter of
a call, or a budget holder's selection (one grant from its page, several from the list). The
request queues a LetterSendJob; applications.tasks.grant_letters_send_job sends the letters
one by one through grant_letter_send, each in its own transaction, and a job killed midway
goes on with the letters not yet sent."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Grant, LetterSendJob
from applications.selectors.grant import SEND_JOB_STALE_AFTER
from applications.services import grant as grant_services
from applications.services.reception_offer import RECEPTION_OFFER_PENDING
from core.services import case_event_record

logger = logging.getLogger(__name__)


def letters_ready(call):
    """The call's decided grants whose letter may go out (a reception-centre grant: once its
    offer is answered and the grant approved with four eyes)."""
    return Grant.objects.filter(call=call, status=Grant.Status.DECIDED).exclude(
        reception_offer__status__in=RECEPTION_OFFER_PENDING
    )


@transaction.atomic
def letter_send_job_start(*, call, actor, grants=None) -> LetterSendJob:
    """Queue the sending of every decided grant's letter in `call` as one background job, or of
    the `grants` selected (all of the call), each signed by `actor`."""
    if not actor.has_perm("applications.send_grant_letter"):
        raise PermissionDenied(_("Tilskuddsbrev signeres av en budsjettdisponent."))
    from schemes.models import Call

    Call.objects.select_for_update().get(pk=call.pk)
    # A job whose worker died never finishes; after a while it no longer blocks a new one.
    active = LetterSendJob.objects.filter(
        call=call,
        status__in=[LetterSendJob.Status.QUEUED, LetterSendJob.Status.RUNNING],
        created_at__gte=timezone.now() - SEND_JOB_STALE_AFTER,
    )
    if active.exists():
        raise ValidationError(_("Tilskuddsbrevene for denne utlysningen er allerede under utsending."))
    ready = letters_ready(call)
    selected = None
    if grants is not None:
        selected = sorted({grant.pk for grant in grants})
        if Grant.objects.filter(pk__in=selected).exclude(call=call).exists():
            raise ValueError("every selected grant must belong to the call")
        ready = ready.filter(pk__in=selected)
    total = ready.count()
    if total == 0 and selected is not None and len(selected) == 1:
        grant_services.grant_letter_refusal_raise(Grant.objects.get(pk=selected[0]))
    if total == 0:
        raise ValidationError(_("Det er ingen vedtatte tilskudd med brev som venter på å bli sendt."))
    job = LetterSendJob.objects.create(call=call, started_by=actor, total=total)
    if selected is not None:
        job.grants.set(ready.values_list("pk", flat=True))
    case_event_record(
        subject=call,
        action="grant_letters_send_started",
        actor=actor,
        data={"job": job.pk, "total": total, "selected": selected is not None},
    )
    from applications.tasks import grant_letters_send_job

    transaction.on_commit(lambda: grant_letters_send_job.delay(job.pk))
    return job


def letter_send_jobs_start(*, grants, actor) -> tuple[list[LetterSendJob], list[str]]:
    """Queue the letters of the selected `grants` (from the grant list): one job per call, each
    in its own transaction. Returns the jobs started and, per call that could not start, why."""
    by_call = {}
    for grant in Grant.objects.filter(pk__in=grants).select_related("call").order_by("call_id", "pk"):
        by_call.setdefault(grant.call_id, (grant.call, []))[1].append(grant)
    jobs, refusals = [], []
    for call, selected in by_call.values():
        try:
            jobs.append(letter_send_job_start(call=call, actor=actor, grants=selected))
        except ValidationError as exc:
            refusals.append(f"{call}: {' '.join(exc.messages)}")
    return jobs, refusals


def letter_send_job_run(*, job_id: int) -> LetterSendJob:
    """Send the letters one by one, each in its own transaction, so progress shows as it goes
    and one failing letter does not stop the rest."""
    job = LetterSendJob.objects.select_related("call", "started_by").get(pk=job_id)
    if job.status not in (LetterSendJob.Status.QUEUED, LetterSendJob.Status.RUNNING):
        return job
    ready = letters_ready(job.call)
    if job.grants.exists():
        ready = ready.filter(pk__in=job.grants.values("pk"))
    grant_ids = list(ready.order_by("id").values_list("id", flat=True))
    # A job already running was cut off (its worker killed, the message delivered again):
    # the letters it sent are no longer decided, so it goes on with the rest and counts on.
    # Letters that failed are tried again.
    done_before = job.done if job.status == LetterSendJob.Status.RUNNING else 0
    LetterSendJob.progress_start(job.pk, total=done_before + len(grant_ids), done=done_before)
    errors = []
    for grant_id in grant_ids:
        try:
            # Looked up on the module each time: the resume test stands in for a killed worker there.
            grant_services.grant_letter_send(grant=Grant(pk=grant_id), actor=job.started_by)
        except Exception as exc:  # one letter must not stop the rest; the error is shown on the job
            logger.exception("Grant letter %s failed", grant_id)
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            errors.append({"grant": grant_id, "error": message[:500]})
            LetterSendJob.objects.filter(pk=job.pk).update(failed=F("failed") + 1, errors=errors)
        else:
            LetterSendJob.objects.filter(pk=job.pk).update(done=F("done") + 1)
    LetterSendJob.progress_finish(job.pk, failed=bool(errors) and len(errors) == len(grant_ids) and not done_before)
    job.refresh_from_db()
    return job
