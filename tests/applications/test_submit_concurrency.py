"""Two approvers (or one double click) submitting the same application at the same moment:
exactly one succeeds and one case number is used. Needs PostgreSQL row locks."""

import pytest

from applications.models import Application, CaseNumberSequence
from applications.services import application as services
from tests.applications.helpers import approver_of, awaiting_approval
from tests.concurrency import run_in_threads, skip_unless_postgres

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def needs_postgres():
    skip_unless_postgres()


def test_two_threads_submitting_the_same_application_give_one_case_number():
    application = awaiting_approval()
    first, second = approver_of(application.organisation), approver_of(application.organisation)
    results = run_in_threads(
        [
            lambda: services.application_submit(application=application, user=first).case_number,
            lambda: services.application_submit(application=application, user=second).case_number,
        ]
    )
    outcomes = sorted(kind for kind, _value in results)
    assert outcomes == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, services.ApplicationError)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.case_number == "24/00001"
    assert CaseNumberSequence.objects.get(year=2024).last_number == 1


def test_different_applications_at_once_get_distinct_numbers():
    from tests.factories import municipality

    applications = [awaiting_approval(municipality(n)) for n in ("4601", "0301", "5001", "1103")]
    approvers = [approver_of(a.organisation) for a in applications]
    results = run_in_threads(
        [
            (lambda a=a, u=u: services.application_submit(application=a, user=u).case_number)
            for a, u in zip(applications, approvers, strict=True)
        ]
    )
    numbers = sorted(value for kind, value in results if kind == "ok")
    assert numbers == ["24/00001", "24/00002", "24/00003", "24/00004"], results
