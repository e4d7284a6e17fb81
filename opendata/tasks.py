from celery import shared_task

from core.services import sweep_run_record


@shared_task(name="opendata.tasks.giving360_publish")
def giving360_publish():
    """Daily: regenerate the 360Giving files of the published awards (opendata.services)."""
    from opendata.services import giving360_files_publish

    with sweep_run_record("opendata.tasks.giving360_publish") as run:
        result = giving360_files_publish()
        run.summary = {"grants": result.grants, "total": str(result.total)}
    return run.summary
