"""Browser tests: pytest-playwright on the system Chromium against pytest-django's live server.

Fixtures for every area's e2e tests:
- `live_url(path)`: absolute URL on the live server (static files are served by it).
- `page`: a Chromium page in Norwegian; fails the test if the page reports a Content
  Security Policy violation (inline script/style) or a JavaScript error.
- `login(page, user_or_username, password=PASSWORD)`: logs in through the login form
  (users from tests.factories have PASSWORD).
- `municipal_user` / `imdi_officer`: a caseworker in Bergen kommune / an IMDi officer;
  `municipal_page` / `officer_page`: a page already logged in as one of them.
- `axe_check(page)`: runs axe-core and fails listing serious or critical violations.
"""

import os

import pytest
from playwright.sync_api import Error as PlaywrightError

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told it is safe (the test thread is not async code).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "passord-123"  # UserFactory's password
CHROMIUM = "/usr/bin/chromium"
SERIOUS = {"serious", "critical"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        # CI installs Chromium and sets E2E_REQUIRED: there a missing browser is a failure.
        if os.environ.get("E2E_REQUIRED"):
            pytest.fail(f"E2E_REQUIRED is set but the system Chromium is not at {CHROMIUM}")
        pytest.skip(f"System Chromium not found at {CHROMIUM} (Debian package chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nb-NO", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def live_url(live_server):
    def build(path: str = "/") -> str:
        return live_server.url + path

    return build


@pytest.fixture
def page(page):
    """The pytest-playwright page, watched for CSP violations and script errors."""
    problems = []

    def on_console(msg):
        if msg.type == "error" and "Content Security Policy" in msg.text:
            problems.append(f"CSP: {msg.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"JavaScript error: {exc}"))
    page.set_default_timeout(10_000)
    yield page
    assert not problems, "\n".join(problems)


@pytest.fixture
def login(live_url):
    def do_login(page, user, password: str = PASSWORD):
        username = user if isinstance(user, str) else user.username
        page.goto(live_url("/logg-inn/"))
        page.get_by_label("Brukernavn").fill(username)
        page.get_by_label("Passord").fill(password)
        page.locator("main").get_by_role("button", name="Logg inn").click()
        page.wait_for_load_state()
        return page

    return do_login


@pytest.fixture
def imdi_officer(transactional_db):
    from tests.factories import officer

    return officer(username="e2e-radgiver")


@pytest.fixture
def municipal_user(transactional_db):
    from organisations.models import Membership
    from tests.factories import member, municipality

    return member(municipality("4601"), Membership.Role.CASEWORKER, username="e2e-saksbehandler")


@pytest.fixture(scope="session")
def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def axe_check(_axe):
    def check(page, *, options=None):
        # options: axe-core's run options, e.g. {"preload": False} on a page whose stylesheet
        # has an @import (Django's admin forms.css): axe would re-load it through an inline
        # <style>, which the page's CSP refuses (a fault of the tool, not of the page).
        # A click on a link returns before the next page has loaded: axe may then start on the
        # page being left and lose its document midway. Run it again once the navigation settles
        # (only for that error; any other error, and any violation, fails the test).
        for attempt in range(3):
            page.wait_for_load_state("load")
            try:
                results = _axe.run(page, options=options) if options else _axe.run(page)
                break
            except PlaywrightError as error:
                navigating = "documentElement" in str(error) or "context was destroyed" in str(error)
                if not navigating or attempt == 2:
                    raise
                page.wait_for_timeout(200)
        violations = [v for v in results.response.get("violations", []) if v.get("impact") in SERIOUS]
        lines = []
        for v in violations:
            targets = "; ".join(", ".join(n.get("target", [])) for n in v.get("nodes", [])[:5])
            lines.append(f"[{v['impact']}] {v['id']}: {v['help']} — {targets}")
        assert not violations, f"axe violations on {page.url}:\n" + "\n".join(lines)
        return results

    return check


@pytest.fixture
def municipal_page(page, login, municipal_user):
    """A page logged in as a caseworker in Bergen kommune (`municipal_user`)."""
    login(page, municipal_user)
    return page


@pytest.fixture
def officer_page(page, login, imdi_officer):
    """A page logged in as an IMDi officer (lands in the admin)."""
    login(page, imdi_officer)
    return page
