"""Three Celery queues (issue 17 item 4): mail, documents and sweeps. Every task of the project
is routed by name, Celery's own router sends it there, and the workers of `make run` and
docker-compose.yml between them listen to every queue (a task on a queue nobody reads would
wait forever)."""

from pathlib import Path

import pytest
import yaml
from celery import current_app
from django.conf import settings

from portal.management.commands import run_portal

ROOT = Path(settings.BASE_DIR)
QUEUES = {"mail", "documents", "sweeps"}


def project_tasks() -> list[str]:
    current_app.loader.import_default_modules()  # autodiscovery, as a worker does at start
    return sorted(name for name in current_app.tasks if not name.startswith(("celery.", "tests.")))


def routed_queue(name: str) -> str:
    return current_app.amqp.router.route({}, name, (), {})["queue"].name


def test_the_three_queues_and_a_default_among_them():
    assert set(settings.CELERY_QUEUE_NAMES) == QUEUES
    assert settings.CELERY_TASK_DEFAULT_QUEUE in QUEUES


def test_every_project_task_is_routed_to_one_of_the_queues():
    tasks = project_tasks()
    assert len(tasks) >= 12  # the apps' tasks were found (not an empty pass)
    assert set(tasks) == set(settings.CELERY_TASK_ROUTES), "route each new task in CELERY_TASK_ROUTES"
    for name in tasks:
        assert routed_queue(name) in QUEUES, name


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("core.tasks.notification_deliver", "mail"),
        ("reporting.tasks.report_reminder_deliver", "mail"),
        ("applications.tasks.grant_letters_send_job", "documents"),
        ("core.tasks.job_run", "documents"),
        ("applications.tasks.acceptance_sweep", "sweeps"),
        ("payments.tasks.payments_due_sweep", "sweeps"),
        ("reporting.tasks.report_reminders_sweep", "sweeps"),
    ],
)
def test_mail_documents_and_sweeps_go_to_their_queue(task, queue):
    assert routed_queue(task) == queue


def test_every_sweep_runs_on_the_sweeps_queue():
    sweeps = [name for name in project_tasks() if name.endswith("_sweep")]
    assert sweeps
    assert {routed_queue(name) for name in sweeps} == {"sweeps"}


def _queues_of(command: str) -> set[str]:
    for part in command.split():
        if part.startswith("--queues="):
            return set(part.removeprefix("--queues=").split(","))
    return {"celery"}  # no --queues: Celery's default queue only


def test_the_compose_workers_listen_to_every_queue():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    workers = {name: s["command"] for name, s in services.items() if " worker" in str(s.get("command", ""))}
    assert len(workers) >= 2
    listened = set().union(*(_queues_of(command) for command in workers.values()))
    assert listened == QUEUES
    assert _queues_of(workers["worker-documents"]) == {"documents"}  # documents never hold up mail


def test_make_runs_worker_listens_to_every_queue(monkeypatch):
    started = []

    class Stop(Exception):
        pass

    def popen(cmd, **kwargs):
        started.append(cmd)
        if len(started) == 3:
            raise Stop
        return None

    monkeypatch.setattr(run_portal.subprocess, "Popen", popen)
    with pytest.raises(Stop):
        run_portal.Command().handle(addr="127.0.0.1:0")
    worker = next(cmd for cmd in started if "worker" in cmd)
    assert _queues_of(" ".join(worker)) == QUEUES
