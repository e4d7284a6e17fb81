"""Helpers for the job tests (core.jobs): job kinds made for a test, a killed worker, and the
documents worker run by hand."""

from contextlib import contextmanager

from core import jobs as core_jobs


class WorkerKilled(BaseException):  # noqa: N818 - not an error the code may catch: a kill
    """What a worker killed mid-task looks like to the code it ran: nothing after it runs,
    no `except Exception` catches it."""


@contextmanager
def job_kind_for_test(name, run, may_read=lambda user, job: user.pk == job.owner_id):
    core_jobs.job_kind_register(name=name, run=run, may_read=may_read)
    try:
        yield name
    finally:
        core_jobs._KINDS.pop(name, None)


def documents_rendered():
    """Do what the documents worker does once a test's transaction would have committed:
    render and store every receipt and letter still without its PDF (core.documents). The test
    database never commits, so the on-commit enqueue never fires in a test."""
    from core.documents import documents_render_pending

    return documents_render_pending()
