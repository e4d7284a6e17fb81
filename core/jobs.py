"""Long work off the request path: a generic job (core.models.Job) with progress and a stored
result, run by the Celery task core.tasks.job_run on the documents queue.

An app registers each kind of job it offers (`job_kind_register`, from its AppConfig.ready):
the function that does the work and the rule for who besides the one who asked may read it.
A view calls `job_enqueue` and redirects to the job's page (core/views_jobs.py), which shows
the progress and, when done, the download.

Safe to run twice: the task is acknowledged only when it ends (acks_late, and a worker lost
mid-task puts its message back, CELERY_TASK_REJECT_ON_WORKER_LOST), so a job whose worker was
killed runs again from the start; a finished job is never run again; while one job with a key
is queued or running the same request gets that job back."""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.models import Job

logger = logging.getLogger(__name__)

# A queued or running job older than this has lost its worker and its message: it no longer
# holds its key, and the same request starts a new job.
JOB_STALE_AFTER = dt.timedelta(hours=2)
# The rows between two progress writes: the bar moves without a write per row.
PROGRESS_EVERY = 200


@dataclass(frozen=True)
class JobResult:
    filename: str
    content: bytes
    content_type: str


@dataclass(frozen=True)
class JobKind:
    name: str
    run: Callable  # run(*, job, progress) -> JobResult; progress(done, total)
    may_read: Callable  # may_read(user, job) -> bool, asked for everyone, the one who asked too


_KINDS: dict[str, JobKind] = {}


def job_kind_register(*, name: str, run: Callable, may_read: Callable) -> None:
    _KINDS[name] = JobKind(name=name, run=run, may_read=may_read)


def job_kind(name: str) -> JobKind | None:
    return _KINDS.get(name)


def job_enqueue(*, kind: str, owner, key: str, title: str, params=None, organisation_id=None) -> Job:
    """The job for `key`: the one already queued or running, or a new one, queued to run once
    this transaction commits."""
    if kind not in _KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    key = f"{kind}:{owner.pk}:{key}"[:200]
    with transaction.atomic():
        active = Job.objects.select_for_update().filter(key=key, status__in=Job.ACTIVE).first()
        if active is not None:
            if active.created_at >= timezone.now() - JOB_STALE_AFTER:
                return active
            active.mark_failed(_("Jobben ble avbrutt før den ble ferdig. Bestill den på nytt."))
        try:
            with transaction.atomic():
                job = Job.objects.create(
                    kind=kind,
                    title=title[:200],
                    owner=owner,
                    key=key,
                    params=params or {},
                    organisation_id=organisation_id,
                )
        except IntegrityError:  # another request made it between our read and our write
            return Job.objects.get(key=key, status__in=Job.ACTIVE)
        from core.tasks import job_run as job_run_task

        transaction.on_commit(lambda: job_run_task.delay(job.pk))
    return job


def job_run(*, job_id: int) -> Job | None:
    """Do the job's work and store its result; a failure is recorded on the job with a
    message in Norwegian. A job already done or failed is left as it is."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or not job.is_active:
        return job
    kind = job_kind(job.kind)
    if kind is None:
        job.mark_failed(_("Denne typen jobb finnes ikke lenger."))
        return job
    job.mark_running()
    state = {"written": 0}

    def progress(done: int, total: int) -> None:
        # First, last and every PROGRESS_EVERY rows: the page's bar, not a write per row.
        if done in (0, total) or done - state["written"] >= PROGRESS_EVERY:
            job.progress_set(done, total)
            state["written"] = done

    try:
        with translation.override("nb"):
            result = kind.run(job=job, progress=progress)
            job.result.save(result.filename, ContentFile(result.content), save=False)
    except ValidationError as exc:
        job.mark_failed("; ".join(exc.messages))
        return job
    except Exception:  # the error is the job's; the worker goes on with the next one
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        with translation.override("nb"):
            job.mark_failed(_("Jobben stoppet på grunn av en feil hos oss. Prøv igjen senere."))
        return job
    job.result_name, job.result_content_type = result.filename, result.content_type
    job.mark_done()
    return job


def job_may_read(user, job: Job) -> bool:
    """Whoever the job kind's rule lets read it: the same role, the same organisation's
    members. The one who asked is asked too (someone who left the role or organisation no
    longer reads it); anyone else gets 404."""
    if not getattr(user, "is_authenticated", False):
        return False
    kind = job_kind(job.kind)
    return bool(kind and kind.may_read(user, job))
