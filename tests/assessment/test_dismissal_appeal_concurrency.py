"""Two submits of the same appeal at the same moment (a double click, two tabs) make one
appeal: the decision's row lock serialises them and the second is refused (PostgreSQL)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from applications.models import Appeal
from applications.services.appeal import dismissal_appeal_submit
from tests.concurrency import run_in_threads, skip_unless_postgres
from tests.factories import on_day
from tests.factories_appeal import applicant_approver, dismissal_decided

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    skip_unless_postgres()


def test_a_double_submit_makes_one_appeal():
    decision = dismissal_decided()
    user = applicant_approver(decision)
    with on_day(dt.date(2024, 3, 5)):
        results = run_in_threads(
            [
                lambda: dismissal_appeal_submit(decision=decision, actor=user, text="Klage"),
                lambda: dismissal_appeal_submit(decision=decision, actor=user, text="Klage"),
            ]
        )
    kinds = sorted(kind for kind, _value in results)
    assert kinds == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, ValidationError) and "allerede klaget" in " ".join(error.messages)
    assert Appeal.objects.filter(decision=decision).count() == 1
