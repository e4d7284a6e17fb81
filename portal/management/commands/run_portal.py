"""Run the embedded default: web server, Celery worker and Celery beat, until Ctrl-C. With no
IDPORTEN_ISSUER set (and settings.DEV_IDPORTEN on, as in settings/dev.py) it also starts the
ID-porten stand-in (organisations.dev_idporten) on 127.0.0.1 and points the portal at it, so the
demo's "Logg inn med ID-porten" works offline."""

import os
import secrets
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from demo.logins import DEMO_USERS, demo_idporten_identities


def dev_idporten_start():
    """The stand-in started on 127.0.0.1 (settings.DEV_IDPORTEN_PORT, 0: a free port) and the
    environment that points the portal's ID-porten settings at it; (None, {}) when ID-porten is
    configured or the stand-in is off (always in production)."""
    if not getattr(settings, "DEV_IDPORTEN", False) or settings.IDPORTEN_ISSUER:
        return None, {}
    from organisations.dev_idporten import OidcProvider

    provider = OidcProvider(
        client_id="imdi-portal-demo",
        client_secret=secrets.token_urlsafe(24),
        choose=True,
        identities=demo_idporten_identities(),
        port=settings.DEV_IDPORTEN_PORT,
    )
    provider.start()
    env = {
        "IDPORTEN_ISSUER": provider.issuer,
        "IDPORTEN_CLIENT_ID": provider.client_id,
        "IDPORTEN_CLIENT_SECRET": provider.client_secret,
    }
    return provider, env


class Command(BaseCommand):
    help = "Start the web server on 127.0.0.1:8000 with a real Celery worker and beat."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args, addr, **options):
        python = sys.executable
        celery = [python, "-m", "celery", "-A", "imdi_portal"]
        idporten, idporten_env = dev_idporten_start()
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **idporten_env}
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
        self._print_banner(addr, idporten)
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
            if idporten is not None:
                idporten.stop()

    def _print_banner(self, addr, idporten=None):
        self.stdout.write("")
        self.stdout.write(f"IMDi tilskuddsportal: http://{addr}/  (admin: http://{addr}/admin/)")
        self.stdout.write(f"Demo logins, password '{settings.DEMO_PASSWORD}':")
        for username, *_rest, description in DEMO_USERS:
            self.stdout.write(f"  {username:<16} {description}")
        if idporten is not None:
            self.stdout.write(
                f"ID-porten (offline stand-in at {idporten.issuer}): 'Logg inn med ID-porten', then pick a demo person."
            )
        mail = getattr(settings, "EMAIL_FILE_PATH", "") or settings.EMAIL_BACKEND
        self.stdout.write(f"E-mail goes to {mail}.")
        self.stdout.write("Ctrl-C stops everything.\n")
