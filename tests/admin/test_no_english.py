"""The admin and finance pages render no English strings when the language is Norwegian
(issue 13 item 4): every admin index, list, add and change page each IMDi role may open, the
custom admin pages and the finance pages, scanned for Django's and the libraries' English UI
phrases and for English words that are never Norwegian."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from applications.services.assessment import decision_propose
from core.models import SweepRun
from payments.models import PayoutBatch
from tests.assessment.helpers import submitted
from tests.factories import budget_holder, finance, make_grant, municipality, officer
from tests.factories_closeout import paid_grant

pytestmark = pytest.mark.django_db

# Phrases Django's admin, django-simple-history, django-celery-beat, axes and our own
# summaries have been seen to leave in English.
KNOWN_PHRASES = [
    "Show counts",
    "Hide counts",
    "Please correct the error below",
    "Please correct the errors below",
    "Created by",
    "Submitted by",
    "View site",
    "Change password",
    "Log out",
    "Recent actions",
    "My actions",
    "Select all",
    "Clear selection",
    "Save and add another",
    "Save and continue editing",
    "By ",
    "Change history",
    "History",
    "Add ",
    "Search",
    "Filter",
    "Run the selected action",
    "was added successfully",
    "due: ",
    "withheld: ",
    "released: ",
    "reminders_sent",
]
# English words that are not also Norwegian words (so "by", "for", "in", "on" are left out, and
# "Time", a municipality in Rogaland).
ENGLISH_WORDS = re.compile(
    r"\b(the|and|Show|Hide|Please|correct|Change|Delete|Save|Select|selected|Clear|Created|Submitted|"
    r"Home|Actions|Unknown|Today|Yesterday|Choose|Remove|Previous|Next|results|items|Date|"
    r"None|True|False|Yes|Enter|Password|Username|Email|View|Edit|Reset|Revert|Object|Action|"
    r"Summary|Reason|Amount|Application)\b"
)
TEXT_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}


class VisibleText(HTMLParser):
    """The text a reader sees or hears: element text (not scripts or styles), the text
    attributes and the labels of buttons."""

    def __init__(self):
        super().__init__()
        self.parts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        attrs = dict(attrs)
        for name in TEXT_ATTRIBUTES & attrs.keys():
            self.parts.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
            self.parts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def english_data() -> list[str]:
    """Content that is English on purpose: a scheme's English name."""
    from schemes.models import Scheme

    return [name for name in Scheme.objects.values_list("name_en", flat=True) if name]


def english_in(text: str, allowed=()) -> list[str]:
    for value in allowed:
        text = text.replace(value, "")
    found = [phrase.strip() for phrase in KNOWN_PHRASES if phrase in text]
    found += sorted({match.group(0) for match in ENGLISH_WORDS.finditer(text)})
    return found


def test_the_scanner_finds_english():
    found = english_in(visible_text('<p>Show counts</p><input type="submit" value="Save">'))
    assert found == ["Show counts", "Save", "Show"]
    assert english_in(visible_text("<p>Vis antall, lagre, søk</p><script>var Show = 1;</script>")) == []


def _admin_urls(user):
    """Every admin page the user may open: the index, each model's list, add page and the
    change page of its first visible object, and the custom pages."""
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if not model_admin.has_view_permission(request):
            continue
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        first = model_admin.get_queryset(request).order_by("pk").first()
        if first is not None:
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]))
    for name in ("admin:applications_application_queue", "admin:applications_assessment_ranking"):
        urls.append(reverse(name))
    return urls


def _refused_add_form(client, user):
    """Post an empty add form the user may open; the admin refuses it with its error note."""
    request = RequestFactory().get("/admin/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if opts.label_lower in ("core.user", "auth.group") or not model_admin.has_add_permission(request):
            continue
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        with translation.override("nb"):
            return url, client.post(url, {}, HTTP_ACCEPT_LANGUAGE="nb")
    return None


FINANCE_PAGES = ["payments:overview", "payments:due", "payments:batches", "payments:account_changes"]


def _finance_urls(world):
    """The finance pages beside the lists: a batch, the figures, a grant's payment plan with
    its close-out, the close-out confirmation (an officer's)."""
    closing = world["closing"]
    return [
        *(reverse(name) for name in FINANCE_PAGES),
        reverse("payments:batch", args=[PayoutBatch.objects.order_by("pk").first().pk]),
        reverse("payments:figures") + "?count_date=2024-12-31",
        reverse("payments:grant", args=[closing.pk]),
    ]


def _budget_holder_urls(world):
    """The budget holder's own pages: a proposal, its approval, the bulk approval and return."""
    decision = world["decision"]
    return [
        reverse("admin:applications_decision_change", args=[decision.pk]),
        reverse("admin:applications_decision_approve", args=[decision.pk]),
    ]


def _bulk_pages(client, world):
    changelist = reverse("admin:applications_decision_changelist")
    for action in ("approve_selected", "return_selected"):
        response = client.post(
            changelist, {"action": action, "_selected_action": [world["decision"].pk]}, HTTP_ACCEPT_LANGUAGE="nb"
        )
        assert response.status_code == 200, action  # the confirmation page, nothing done yet
        yield f"POST {changelist} {action}", response


@pytest.fixture
def world():
    application = submitted()
    grant = make_grant(status="accepted")
    proposed = decision_propose(
        application=submitted(municipality("1515")), actor=officer(), outcome="award", amount="1000"
    )
    closing = paid_grant(municipality("3114"))
    SweepRun.objects.create(
        name="payments.tasks.payments_due_sweep",
        started_at=timezone.now(),
        finished_at=timezone.now(),
        summary={"due": 0, "withheld": 1},
    )
    return {"application": application, "grant": grant, "decision": proposed, "closing": closing}


@pytest.mark.parametrize("make_user", [officer, budget_holder, finance], ids=["officer", "budget_holder", "finance"])
def test_admin_and_finance_pages_have_no_english(client, world, make_user):
    user = make_user()
    client.force_login(user)
    client.cookies["django_language"] = "nb"
    urls = _admin_urls(user)
    # The budget holder's and finance's own pages must open (not be skipped as refused).
    must_open = {
        finance: _finance_urls(world),
        budget_holder: _budget_holder_urls(world),
        officer: [reverse("payments:closeout_finish", args=[world["closing"].pk]), *_finance_urls(world)[-2:]],
    }[make_user]
    urls += must_open
    offences = {}
    allowed = english_data()
    with translation.override("nb"):
        for url in urls:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="nb")
            if response.status_code != 200:
                assert url not in must_open, (url, response.status_code)
                continue
            found = english_in(visible_text(response.content.decode()), allowed)
            if found:
                offences[url] = found
    if make_user is budget_holder:
        with translation.override("nb"):
            for label, response in _bulk_pages(client, world):
                found = english_in(visible_text(response.content.decode()), allowed)
                if found:
                    offences[label] = found
    refused = _refused_add_form(client, user)
    if refused is not None:
        url, response = refused
        assert response.status_code == 200 and "errornote" in response.content.decode()
        found = english_in(visible_text(response.content.decode()), allowed)
        if found:
            offences[f"POST {url}"] = found
    assert not offences, "\n".join(f"{url}: {found}" for url, found in offences.items())
