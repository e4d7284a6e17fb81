"""Submitted applications and decided awards for the assessment tests."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from applications.models import Application, BudgetYear
from applications.services import assessment as services
from tests.factories import county_municipality, make_application, municipality, with_details

_counter = {"n": 0}


def submitted(org=None, *, area_number=2, amount="500000.00", years=None, call=None, **fields):
    """A submitted application (status and case number set directly: the submission service
    belongs to the applications issue)."""
    org = org or municipality()
    org = with_details(org, seed=org.pk * 7)
    app = make_application(org, area_number=area_number, call=call, **fields)
    _counter["n"] += 1
    app.status = Application.Status.SUBMITTED
    app.case_number = f"{app.call.year % 100}/{_counter['n'] + 9000:05d}"
    app.submitted_at = timezone.now()
    app.save()
    BudgetYear.objects.filter(application=app, year_index=1).update(amount_applied=Decimal(amount))
    for index, year_amount in enumerate(years or [], start=2):
        BudgetYear.objects.create(
            application=app, year_index=index, year=app.call.year + index - 1, amount_applied=Decimal(year_amount)
        )
    return app


def county_application(number="46", **kw):
    return submitted(county_municipality(number), area_number=1, **kw)


def award(app, *, officer, holder, amount, **kw):
    decision = services.decision_propose(application=app, actor=officer, outcome="award", amount=amount, **kw)
    return services.decision_approve(decision=decision, actor=holder)


def dismiss(app, *, officer, holder, reason="Søknaden kom etter fristen."):
    decision = services.decision_propose(application=app, actor=officer, outcome="dismiss", reason=reason)
    return services.decision_approve(decision=decision, actor=holder)


def day(y, m, d):
    return dt.date(y, m, d)
