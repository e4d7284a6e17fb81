"""Every reporting surface reads through reporting.rules: two municipalities with a report
each (drafts and a submitted one with attachments); each sees its own on every URL and the
other's answers 404; IMDi reads only what was submitted."""

import pytest
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse

from organisations.models import Membership
from reporting.calendar_tokens import calendar_token_replace
from reporting.rules import (
    obligations_owned_by,
    obligations_visible_to,
    reminders_visible_to,
    report_attachments_visible_to,
    reports_visible_to,
)
from reporting.services import report_attachment_add, report_save, report_submit
from tests.applications import files
from tests.factories import budget_holder, finance, member, municipality, officer, with_details
from tests.reporting.helpers import STATUS_REPORT_TEXT, Kind, accepted_grant, report_of

pytestmark = pytest.mark.django_db

ATTACHMENTS = "<h2>Vedlegg</h2>"


def _side(org, seed):
    org = with_details(org, seed=seed)
    caseworker = member(org, Membership.Role.CASEWORKER)
    approver = member(org, Membership.Role.APPROVER)
    grant = accepted_grant(org)
    status = report_of(grant, Kind.STATUS)
    report_save(report=status, actor=caseworker, fields=STATUS_REPORT_TEXT)
    sent = report_attachment_add(report=status, actor=caseworker, upload=files.upload("sendt.pdf", files.PDF_BYTES))
    report_submit(report=status, actor=approver)
    draft = report_of(grant, Kind.ANNUAL)
    report_save(report=draft, actor=caseworker, fields={"goal_contribution": "Utkast"})
    draft_file = report_attachment_add(
        report=draft, actor=caseworker, upload=files.upload("utkast.pdf", files.PDF_BYTES)
    )
    return {
        "caseworker": caseworker,
        "approver": approver,
        "grant": grant,
        "submitted": status.obligation,
        "draft": draft.obligation,
        "sent_file": sent,
        "draft_file": draft_file,
    }


@pytest.fixture
def two():
    return {"a": _side(municipality(), 72), "b": _side(municipality("0301"), 73)}


def obligation_urls(side):
    urls = []
    for key, file_key in [("submitted", "sent_file"), ("draft", "draft_file")]:
        o = side[key]
        urls += [
            reverse("reporting:report", args=[o.pk]),
            reverse("reporting:attachment", args=[o.pk, side[file_key].pk]),
        ]
    return urls


def post_urls(side):
    o = side["draft"]
    return [
        (reverse("reporting:report", args=[o.pk]), {"report-goal_contribution": "Overtatt"}),
        (reverse("reporting:accounts_approve", args=[o.pk]), {"capacity": "lead"}),
        (reverse("reporting:submit", args=[o.pk]), {}),
        (reverse("reporting:attachment_upload", args=[o.pk]), {}),
        (reverse("reporting:attachment_delete", args=[o.pk, side["draft_file"].pk]), {}),
        (reverse("reporting:accounts_upload", args=[o.pk]), {}),
    ]


@pytest.mark.parametrize("role", ["caseworker", "approver"])
def test_each_municipality_reads_its_own_and_gets_404_for_the_other(client, two, role):
    for mine, theirs in [("a", "b"), ("b", "a")]:
        client.force_login(two[mine][role])
        for url in obligation_urls(two[mine]):
            assert client.get(url).status_code == 200, url
        for url in obligation_urls(two[theirs]):
            assert client.get(url).status_code == 404, url
        for url, data in post_urls(two[theirs]):
            assert client.post(url, data).status_code == 404, url
        listing = client.get(reverse("reporting:list")).content.decode()
        assert two[mine]["grant"].case_number in listing
        assert two[theirs]["grant"].case_number not in listing
    two["b"]["draft"].report.refresh_from_db()
    assert two["b"]["draft"].report.goal_contribution == "Utkast"
    assert two["b"]["draft_file"].__class__.objects.filter(pk=two["b"]["draft_file"].pk).exists()


def test_an_attachment_is_not_reached_through_the_other_municipalitys_obligation(client, two):
    client.force_login(two["a"]["caseworker"])
    url = reverse("reporting:attachment", args=[two["a"]["draft"].pk, two["b"]["draft_file"].pk])
    assert client.get(url).status_code == 404


def test_the_calendar_feed_holds_only_own_deadlines(client, two):
    token = calendar_token_replace(user=two["a"]["caseworker"]).token
    body = client.get(reverse("reporting:calendar_feed", args=[token])).content.decode()
    assert two["a"]["grant"].case_number in body
    assert two["b"]["grant"].case_number not in body


def test_the_panels_show_only_what_the_user_may_see(two):
    def render(template, user, **context):
        request = RequestFactory().get("/start/")
        request.user = user
        return Template("{% load reporting_panels %}" + template).render(RequestContext(request, context))

    own = render("{% reporting_grant_panel grant %}", two["a"]["caseworker"], grant=two["a"]["grant"])
    assert f"/rapporter/{two['a']['draft'].pk}/" in own
    foreign = render("{% reporting_grant_panel grant %}", two["a"]["caseworker"], grant=two["b"]["grant"])
    assert f"/rapporter/{two['b']['draft'].pk}/" not in foreign
    start = render("{% reporting_start_panel %}", two["a"]["caseworker"])
    assert two["a"]["grant"].case_number in start and two["b"]["grant"].case_number not in start


@pytest.mark.parametrize("imdi_role", [officer, budget_holder, finance])
def test_imdi_sees_every_obligation_but_only_submitted_reports(two, imdi_role):
    user = imdi_role()
    everything = {o.pk for s in "ab" for o in two[s]["grant"].report_obligations.all()}
    assert set(obligations_visible_to(user).values_list("pk", flat=True)) == everything
    assert not obligations_owned_by(user).exists()
    assert set(reports_visible_to(user).values_list("obligation_id", flat=True)) == {
        two["a"]["submitted"].pk,
        two["b"]["submitted"].pk,
    }
    assert set(report_attachments_visible_to(user).values_list("pk", flat=True)) == {
        two["a"]["sent_file"].pk,
        two["b"]["sent_file"].pk,
    }


def test_a_municipal_user_sees_its_own_reports_drafts_included(two):
    user = two["a"]["caseworker"]
    own = set(two["a"]["grant"].report_obligations.values_list("pk", flat=True))
    assert {two["a"]["submitted"].pk, two["a"]["draft"].pk} <= own
    assert set(obligations_visible_to(user).values_list("pk", flat=True)) == own
    assert set(obligations_owned_by(user).values_list("pk", flat=True)) == own
    assert set(reports_visible_to(user).values_list("obligation_id", flat=True)) == own
    assert set(report_attachments_visible_to(user).values_list("pk", flat=True)) == {
        two["a"]["sent_file"].pk,
        two["a"]["draft_file"].pk,
    }
    assert not reminders_visible_to(user).exists()


def test_the_admin_review_shows_the_draft_of_neither_municipality(client, two):
    client.force_login(officer())
    for side in "ab":
        draft = client.get(reverse("admin:reporting_reportobligation_review", args=[two[side]["draft"].pk]))
        assert draft.status_code == 200
        assert ATTACHMENTS not in draft.content.decode()
        assert "Utkast" not in draft.content.decode().split("Sakslogg")[0]
        sent = client.get(reverse("admin:reporting_reportobligation_review", args=[two[side]["submitted"].pk]))
        assert ATTACHMENTS in sent.content.decode() and "sendt.pdf" in sent.content.decode()
