"""The payments panels on the municipal start page and grant page."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from payments.services import payment_cancel
from tests.factories import member, officer
from tests.payments.helpers import nth_municipality, planned_grant

pytestmark = pytest.mark.django_db


def render(template, user, **context):
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load payments_panels %}" + template).render(Context({"request": request, **context}))


def test_start_panel_lists_own_coming_payments_only():
    own = planned_grant(nth_municipality(0))
    other = planned_grant(nth_municipality(1))
    payment_cancel(payment=own.payments.get(term_number=2), actor=officer(), reason="Avsluttet")
    html = render("{% payments_start_panel %}", member(own.organisation))
    assert own.payments.get(term_number=1).grant.case_number in html
    assert "15.05.2024" in html
    assert "16.09.2024" not in html  # cancelled
    assert other.case_number not in html


def test_grant_panel_shows_plan_and_withheld_reason():
    grant = planned_grant(nth_municipality(0))
    from payments.services import payments_due_update
    from tests.payments.helpers import overdue_report

    overdue_report(grant)
    payments_due_update(today=dt.date(2024, 5, 15))
    html = render("{% payments_grant_panel grant %}", member(grant.organisation), grant=grant)
    assert "Holdt tilbake" in html
    assert "En rapport er ikke levert innen fristen." in html
    assert "250\xa0000\xa0kr" in html


def test_grant_panel_is_empty_for_another_organisation():
    grant = planned_grant(nth_municipality(0))
    stranger = member(nth_municipality(1))
    html = render("{% payments_grant_panel grant %}", stranger, grant=grant)
    assert grant.payments.first().reference not in html
    assert "Utbetalinger" not in html
