"""Start-page and grant-page panels: coming deadlines with links to the forms."""

import datetime as dt

import pytest
import time_machine
from django.template import RequestContext, Template
from django.test import RequestFactory

from tests.factories import member, municipality, with_details
from tests.reporting.helpers import accepted_grant, reception_grant, team

pytestmark = pytest.mark.django_db


def render(template, user, **context):
    request = RequestFactory().get("/start/")
    request.user = user
    return Template("{% load reporting_panels %}" + template).render(RequestContext(request, context))


def test_start_panel_lists_own_coming_deadlines_with_state():
    people = team()
    grant = accepted_grant()
    other = with_details(municipality("0301"), seed=80)
    member(other)
    reception_grant(other)
    with time_machine.travel(dt.datetime(2024, 9, 3, 9, tzinfo=dt.UTC), tick=False):
        html = render("{% reporting_start_panel %}", people["caseworker"])
    assert grant.case_number in html
    assert "01.09.2024" in html and "Forfalt" in html  # status report overdue on 03.09.2024
    assert "01.02.2025" in html and "Ikke aktuell ennå" in html
    assert "31.08.2024" not in html  # the other municipality's half-year report
    status = grant.report_obligations.get(kind="status")
    assert f"/rapporter/{status.pk}/" in html


def test_grant_panel_links_every_obligation():
    people = team()
    grant = accepted_grant()
    html = render("{% reporting_grant_panel grant %}", people["caseworker"], grant=grant)
    for obligation in grant.report_obligations.all():
        assert f"/rapporter/{obligation.pk}/" in html
