"""Benchmark: the key pages on gunicorn (3 workers) with the production settings against a
PostgreSQL database filled by `manage.py generate_volume` (ten years), measured with locust.

    createdb imdi_vol && export DATABASE_URL=postgres://postgres@127.0.0.1:5432/imdi_vol
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_reference_data
    .venv/bin/python manage.py seed_demo && .venv/bin/python manage.py generate_volume --years 10 --seed 1
    .venv/bin/python bench/pages.py [--seconds 10] [--pace-seconds 60] [--only dashboard,queue]

Needs the bench extra (requirements/lock-bench.txt: locust). For each page, and for a bare
signed-in view as the ceiling (/bench/tak/, routed only with BENCH_CEILING_VIEW=1), it runs 20
users with no wait for `--seconds` (saturation) and prints requests per second as a share of the
ceiling's, with p50/p95/p99; then 20 users each opening a random page every 2–5 seconds for
`--pace-seconds` (a realistic pace) and prints the percentiles per page. Sessions are made in the
database for the generated users (IMDi staff with a verified second factor, as after signing
in), so no login is measured. Redis is used for cache and sessions when REDIS_URL is set, as
in docker-compose.yml; without it sessions are in the database and the cache per process."""

import argparse
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# BENCH_VENV_BIN: a virtualenv with the bench extra, when the project's .venv lacks locust.
VENV_BIN = Path(os.environ.get("BENCH_VENV_BIN", ROOT / ".venv" / "bin"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
USERS = 20

SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "imdi_portal.settings.prod",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "False",
    "BENCH_CEILING_VIEW": "1",
    "DEMO_PASSWORD": os.environ.get("DEMO_PASSWORD", "imdi-demo-2024"),
    "LOG_FORMAT": "json",
    # The 20 simulated users all come from 127.0.0.1, where real ones come from 20 addresses: the
    # open API's per-address limit would answer most of their requests with 429.
    "OPENDATA_API_RATE_LIMIT": "100000000",
}


def django_setup():
    os.environ.update({k: v for k, v in SERVER_ENV.items() if k not in os.environ or k == "DJANGO_SETTINGS_MODULE"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def session_cookie(username: str) -> str:
    """A signed-in session for `username`, with a verified second factor for IMDi staff."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.utils.module_loading import import_string
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    user = get_user_model().objects.get(username=username)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # The first backend that loads users (axes' and rules' backends do not).
    store[BACKEND_SESSION_KEY] = next(
        b for b in settings.AUTHENTICATION_BACKENDS if hasattr(import_string(b), "get_user")
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if user.is_staff:
        device, _ = StaticDevice.objects.get_or_create(user=user, name="bench")
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def pages() -> list[dict]:
    """The key pages, each with the user who opens it, chosen from the generated data."""
    from django.db.models import Count

    from applications.models import Application, Grant
    from organisations.models import Membership

    year = Application.objects.order_by("-call__year").values_list("call__year", flat=True).first()
    busiest = (
        Membership.objects.filter(user__username__startswith="volum-", role="caseworker")
        .annotate(n=Count("organisation__applications"))
        .order_by("-n", "pk")
        .first()
    )
    caseworker = busiest.user.username
    application = (
        Application.objects.filter(organisation=busiest.organisation).exclude(case_number=None).order_by("-pk").first()
    )
    award = Grant.objects.filter(status__in=["letter_sent", "accepted", "closed"]).order_by("-pk").first()
    officer, finance, holder = "volum-radgiver1", "volum-okonomi1", "volum-budsjett1"
    listed = [
        ("ceiling (bare signed-in view)", "/bench/tak/", officer),
        ("caseworker dashboard", "/soknader/", caseworker),
        ("application page", f"/soknader/{application.pk}/", caseworker),
        ("caseworker reports", "/rapporter/", caseworker),
        ("officer queue", "/admin/applications/application/ko/", officer),
        ("admin applications", "/admin/applications/application/", officer),
        (
            "admin applications, filtered",
            "/admin/applications/application/?status__exact=awarded",
            officer,
        ),
        ("admin applications, search", "/admin/applications/application/?q=Bergen", officer),
        ("admin assessments", "/admin/applications/assessment/", officer),
        ("ranking", "/admin/applications/assessment/rangering/", officer),
        ("admin decisions", "/admin/applications/decision/", officer),
        ("admin grants", "/admin/applications/grant/", officer),
        ("admin grants, filtered", "/admin/applications/grant/?status__exact=accepted", officer),
        ("admin payments", "/admin/payments/payment/", officer),
        ("admin payments, filtered", "/admin/payments/payment/?status__exact=paid", officer),
        ("admin report obligations", "/admin/reporting/reportobligation/", officer),
        ("admin case log", "/admin/core/caseevent/", officer),
        ("admin case log, filtered", "/admin/core/caseevent/?action=payment_paid", officer),
        ("decision list", "/vedtak/", holder),
        ("finance overview", "/utbetalinger/", finance),
        ("finance due", "/utbetalinger/forfall/", finance),
        ("finance batches", "/utbetalinger/bunter/", finance),
        ("public front page", "/", None),
        ("public calls", "/utlysninger/", None),
        ("public awards", "/tilskudd/tildelte/", None),
        ("public awards, filtered", f"/tilskudd/tildelte/?year={year - 1}", None),
        ("public award", f"/tilskudd/{award.case_number.replace('/', '-')}/", None),
        ("API awards", "/api/awards?limit=50", None),
        ("API calls", "/api/calls", None),
    ]
    cookies = {}
    result = []
    for name, path, user in listed:
        if user and user not in cookies:
            cookies[user] = session_cookie(user)
        result.append({"name": name, "path": path, "cookie": cookies.get(user, "")})
    return result


def server_start(log):
    env = {**os.environ, **SERVER_ENV}
    subprocess.run(  # noqa: S603 (our own commands)
        [str(VENV_BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    proc = subprocess.Popen(  # noqa: S603
        [str(VENV_BIN / "gunicorn"), "imdi_portal.wsgi:application", "--bind", f"127.0.0.1:{PORT}", "--workers", "3"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    for _ in range(120):
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=1):
                return proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("gunicorn did not start (see the log)")


def page_check(page) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{page['path']}", headers={"Cookie": page["cookie"], "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (http to our server)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def server_idle(ceiling_page):
    """Wait until the server answers the bare view quickly again (the last run has drained)."""
    for _ in range(60):
        started = time.perf_counter()
        page_check(ceiling_page)
        if time.perf_counter() - started < 0.2:
            return
        time.sleep(1)


def locust_run(pages_run, *, pace, seconds, workdir) -> dict:
    prefix = Path(workdir) / f"run{time.monotonic_ns()}"
    env = {**os.environ, "BENCH_PAGES": json.dumps(pages_run), "BENCH_PACE": pace}
    subprocess.run(  # noqa: S603
        [
            str(VENV_BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--host",
            f"http://127.0.0.1:{PORT}",
            "-u",
            str(USERS),
            "-r",
            str(USERS),
            "--run-time",
            f"{seconds}s",
            "--csv",
            str(prefix),
            "--only-summary",
            # Users finish the request they are in: nothing is left queued for the next page.
            "--stop-timeout",
            "60",
            "--loglevel",
            "ERROR",
        ],
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="per page at saturation")
    parser.add_argument("--pace-seconds", type=int, default=60, help="the realistic-pace run")
    parser.add_argument("--only", default="", help="comma-separated words: only pages whose name has one")
    parser.add_argument("--json", default="", help="also write the figures to this file")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ or not os.environ["DATABASE_URL"].startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to the PostgreSQL database filled by generate_volume.")
    django_setup()
    all_pages = pages()
    if args.only:
        words = args.only.split(",")
        all_pages = [p for p in all_pages if p["name"].startswith("ceiling") or any(w in p["name"] for w in words)]
    workdir = tempfile.mkdtemp(prefix="bench-pages-")
    log = open(Path(workdir) / "gunicorn.log", "w")  # noqa: SIM115 (closed in the finally below)
    server = server_start(log)
    figures = {"saturation": {}, "pace": {}}
    try:
        for page in all_pages:
            status = page_check(page)
            if status != 200:
                print(f"!! {page['name']} {page['path']}: HTTP {status}", flush=True)
        print(f"\nSaturation: {USERS} users, no wait, {args.seconds} s per page", flush=True)
        header = f"{'page':38} {'req/s':>7} {'share':>6} {'p50':>6} {'p95':>6} {'p99':>6} {'fail':>5}"
        print(header + "\n" + "-" * len(header))
        ceiling = None
        for page in all_pages:
            server_idle(all_pages[0])
            stats = locust_run([page], pace="saturate", seconds=args.seconds, workdir=workdir)
            row = stats.get(page["name"]) or stats["Aggregated"]
            rps = float(row["Requests/s"])
            ceiling = ceiling or rps
            figures["saturation"][page["name"]] = {
                "rps": rps,
                "share": rps / ceiling,
                "p50": row["50%"],
                "p95": row["95%"],
                "p99": row["99%"],
                "failures": int(row["Failure Count"]),
            }
            print(
                f"{page['name'][:38]:38} {rps:7.1f} {100 * rps / ceiling:5.0f}% {row['50%']:>6} {row['95%']:>6} "
                f"{row['99%']:>6} {row['Failure Count']:>5}",
                flush=True,
            )
        paced = [p for p in all_pages if not p["name"].startswith("ceiling")]
        print(f"\nRealistic pace: {USERS} users, a random page every 2–5 s each, {args.pace_seconds} s (ms)")
        server_idle(all_pages[0])
        stats = locust_run(paced, pace="realistic", seconds=args.pace_seconds, workdir=workdir)
        header = f"{'page':38} {'reqs':>5} {'p50':>6} {'p95':>6} {'p99':>6} {'fail':>5}"
        print(header + "\n" + "-" * len(header))
        for name, row in stats.items():
            figures["pace"][name] = {k: row[k] for k in ("Request Count", "50%", "95%", "99%", "Failure Count")}
            print(
                f"{name[:38]:38} {row['Request Count']:>5} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6} "
                f"{row['Failure Count']:>5}"
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    print(f"\n(gunicorn log and locust CSV files: {workdir})")


if __name__ == "__main__":
    main()
