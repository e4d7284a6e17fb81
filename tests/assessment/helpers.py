"""Submitted applications and decided awards for the assessment tests."""

import datetime as dt
from decimal import Decimal

from applications.services import assessment as services
from tests.factories import county_municipality, documents_rendered, make_application, municipality, with_details


def submitted(org=None, *, area_number=2, amount="500000.00", years=None, call=None, **fields):
    """A submitted application: sent for approval by its caseworker and submitted by an
    approver before the deadline, with its case number from the sequence."""
    org = org or municipality()
    org = with_details(org, seed=org.pk * 7)
    budget = [Decimal(amount), *(Decimal(y) for y in years or [])]
    return make_application(org, area_number=area_number, call=call, status="submitted", budget=budget, **fields)


def county_application(number="46", **kw):
    return submitted(county_municipality(number), area_number=1, **kw)


def award(app, *, officer, holder, amount, **kw):
    decision = services.decision_propose(application=app, actor=officer, outcome="award", amount=amount, **kw)
    approved = services.decision_approve(decision=decision, actor=holder)
    documents_rendered()
    return approved


def dismiss(app, *, officer, holder, reason="Søknaden kom etter fristen."):
    decision = services.decision_propose(application=app, actor=officer, outcome="dismiss", reason=reason)
    approved = services.decision_approve(decision=decision, actor=holder)
    documents_rendered()
    return approved


def day(y, m, d):
    return dt.date(y, m, d)
