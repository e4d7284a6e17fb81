"""Run the embedded default: web server, Celery worker and Celery beat, until Ctrl-C."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from demo.logins import DEMO_USERS


class Command(BaseCommand):
    help = "Start the web server on 127.0.0.1:8000 with a real Celery worker and beat."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args, addr, **options):
        python = sys.executable
        celery = [python, "-m", "celery", "-A", "imdi_portal"]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        beat_schedule = str(settings.VAR_DIR / "celerybeat-schedule")
        processes = [
            ("web", [python, "manage.py", "runserver", addr, "--noreload"]),
            (
                "worker",
                [
                    *celery,
                    "worker",
                    "--queues=" + ",".join(settings.CELERY_QUEUE_NAMES),
                    "--loglevel=INFO",
                    "--pool=solo",
                    "--without-heartbeat",
                    "--without-gossip",
                    "--without-mingle",
                ],
            ),
            ("beat", [*celery, "beat", "--loglevel=INFO", "-s", beat_schedule]),
        ]
        # Fixed argument lists built above: no shell, no user input.
        running = [(name, subprocess.Popen(cmd, env=env, cwd=settings.BASE_DIR)) for name, cmd in processes]  # noqa: S603
        self._print_banner(addr)
        try:
            while all(proc.poll() is None for _, proc in running):
                time.sleep(0.5)
            for name, proc in running:
                if proc.poll() is not None:
                    self.stderr.write(f"{name} stopped with exit code {proc.returncode}; stopping the rest.")
        except KeyboardInterrupt:
            self.stdout.write("\nStopping web, worker and beat ...")
        finally:
            for _, proc in running:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            for _, proc in running:
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()

    def _print_banner(self, addr):
        self.stdout.write("")
        self.stdout.write(f"IMDi tilskuddsportal: http://{addr}/  (admin: http://{addr}/admin/)")
        self.stdout.write(f"Demo logins, password '{settings.DEMO_PASSWORD}':")
        for username, *_rest, description in DEMO_USERS:
            self.stdout.write(f"  {username:<16} {description}")
        mail = getattr(settings, "EMAIL_FILE_PATH", "") or settings.EMAIL_BACKEND
        self.stdout.write(f"E-mail goes to {mail}.")
        self.stdout.write("Ctrl-C stops everything.\n")
