"""Each input that used to be a server error is now a field error, a 404 or a quiet refusal
(issue 10, item 7)."""

import datetime as dt
import os

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Application, ApplicationAttachment, ReceptionOffer
from applications.services.assessment import decision_approve, decision_propose
from core.forms import DATE_MAX, FREE_TEXT_MAX_LENGTH
from core.login import axes_username
from core.models import User
from payments.models import PayoutBatch
from reporting.models import ReportAttachment
from tests.applications.files import PDF_BYTES
from tests.assessment.helpers import submitted as submitted_for_assessment
from tests.factories import (
    UserFactory,
    budget_holder,
    documents_rendered,
    finance,
    make_application,
    member,
    municipality,
    officer,
)
from tests.payments.helpers import due_grants
from tests.reporting.helpers import Kind, accepted_grant, reception_grant, report_of, team

pytestmark = pytest.mark.django_db

INVALID_LOGIN = "Skriv inn riktig"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def quiet_client(client):
    client.raise_request_exception = False
    return client


# --- login -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/logg-inn/", "/admin/login/"])
@pytest.mark.parametrize("username", ["a" * 300, "a" * 151, "kari\x00", "x" * 100_000])
def test_absurd_username_is_an_ordinary_failed_login(quiet_client, url, username):
    UserFactory(username="kari", is_staff=True)
    response = quiet_client.post(url, {"username": username, "password": "passord-123"})
    assert response.status_code == 200
    assert response.wsgi_request.user.is_anonymous
    body = response.content.decode()
    assert "brukernavn" in body.lower() and "passord" in body.lower()
    assert not AccessAttempt.objects.filter(username__startswith="a" * 200).exists()


def test_the_lockout_records_a_long_username_cut_to_its_column():
    assert axes_username(None, {"username": "b" * 300}) == "b" * 255
    assert axes_username(None, {"username": "ola\x00"}) == "ola"
    assert axes_username(None, {}) is None


def test_a_wrong_password_still_counts_towards_the_lockout(client):
    UserFactory(username="ola")
    client.post("/logg-inn/", {"username": "ola", "password": "feil"}, REMOTE_ADDR="10.0.0.9")
    assert AccessAttempt.objects.get(username="ola").failures_since_start == 1


# --- numbers -----------------------------------------------------------------------------


def test_25_digit_participants_in_a_status_report_is_a_field_error(client):
    people = team()
    report = report_of(accepted_grant(), Kind.STATUS)
    client.force_login(people["caseworker"])
    response = client.post(reverse("reporting:report", args=[report.obligation_id]), {"report-participants": "9" * 25})
    assert response.status_code == 400
    assert "urimelig høyt" in response.content.decode()
    report.refresh_from_db()
    assert report.participants is None


def test_25_digit_participants_in_a_half_year_activity_is_a_field_error(client):
    people = team()
    report = report_of(reception_grant(), Kind.HALF_YEAR)
    client.force_login(people["caseworker"])
    activity = report.activities.first()
    data = {"report-participants": "3", "income-own_contribution": "0", "income-other_income": "0"}
    data[f"act-{activity.activity}-participants"] = "9" * 25
    response = client.post(reverse("reporting:report", args=[report.obligation_id]), data)
    assert response.status_code == 400
    assert "urimelig høyt" in response.content.decode()
    activity.refresh_from_db()
    report.refresh_from_db()
    assert activity.participants is None and report.participants is None


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["9999-01-01", "0001-01-01", "1899-12-31", "2101-01-01", "-2024-01-01"])
def test_a_project_start_out_of_range_is_a_field_error(client, start):
    org = municipality()
    user = member(org)
    with time_machine.travel("2024-02-01 10:00:00+01:00", tick=True):
        application = make_application(org, created_by=user)
        client.force_login(user)
        response = client.post(
            reverse("applications:section", args=[application.pk, "gjennomforing"]),
            {
                "project_start": start,
                "project_end": "2024-12-31",
                "participants": "12",
                "tidligere-TOTAL_FORMS": "0",
                "tidligere-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Datoen må ligge mellom" in body or "gyldig dato" in body
    assert Application.objects.get(pk=application.pk).project_start == dt.date(2024, 3, 1)


@pytest.mark.parametrize("day", ["9999-12-31", "2101-01-01", "0001-01-01"])
def test_a_batch_date_out_of_range_is_refused(client, day):
    with time_machine.travel(dt.datetime(2024, 5, 16, 9, 0), tick=False):
        due_grants(1)
        client.force_login(finance())
        response = client.post(reverse("payments:batch_create"), {"due_until": day, "execution_date": day}, follow=True)
    assert response.status_code == 200
    assert "Datoen må ligge mellom" in response.content.decode() or "gyldig dato" in response.content.decode()
    assert not PayoutBatch.objects.exists()


def test_the_date_range_reaches_into_the_next_century():
    assert DATE_MAX.year == 2100


# --- text --------------------------------------------------------------------------------


def test_free_text_without_a_column_limit_is_capped_in_the_review_form():
    from reporting.forms import ReviewForm

    form = ReviewForm({"comment": "x" * (FREE_TEXT_MAX_LENGTH + 1)})
    assert not form.is_valid() and "comment" in form.errors


def test_the_withdraw_reason_and_later_years_rows_are_bounded():
    from applications.forms.application import WithdrawForm
    from applications.forms.assessment import DecisionProposeForm

    assert not WithdrawForm({"reason": "x" * 2001}).is_valid()
    form = DecisionProposeForm(
        {"later_year_1": "x" * 5000, "later_amount_1": "-5", "later_year_2": "99999", "later_amount_2": "9" * 40}
    )
    assert not form.is_valid()
    for field in ("later_year_1", "later_amount_1", "later_year_2", "later_amount_2"):
        assert field in form.errors, field


def test_admin_text_fields_get_a_letters_length(client):
    client.force_login(User.objects.create_superuser("root", "root@example.no", "x"))
    page = client.get(reverse("admin:schemes_scheme_add")).content.decode()
    assert f'maxlength="{FREE_TEXT_MAX_LENGTH}"' in page


# --- files -------------------------------------------------------------------------------


def _remove(field_file):
    os.remove(field_file.path)


def test_an_application_attachment_missing_on_disk_is_404(quiet_client):
    with time_machine.travel("2024-02-01 10:00:00+01:00", tick=True):
        draft = make_application(municipality())
        quiet_client.force_login(draft.created_by)
        quiet_client.post(
            reverse("applications:section", args=[draft.pk, "vedlegg"]),
            {"file": SimpleUploadedFile("plan.pdf", PDF_BYTES)},
        )
        attachment = ApplicationAttachment.objects.get(application=draft)
        assert quiet_client.get(reverse("applications:attachment", args=[draft.pk, attachment.pk])).status_code == 200
        _remove(attachment.file)
        response = quiet_client.get(reverse("applications:attachment", args=[draft.pk, attachment.pk]))
    assert response.status_code == 404


def test_a_report_attachment_missing_on_disk_is_404(quiet_client):
    people = team()
    report = report_of(accepted_grant(), Kind.STATUS)
    quiet_client.force_login(people["caseworker"])
    quiet_client.post(
        reverse("reporting:attachment_upload", args=[report.obligation_id]),
        {"file": SimpleUploadedFile("rapport.pdf", PDF_BYTES)},
    )
    attachment = ReportAttachment.objects.get()
    _remove(attachment.file)
    response = quiet_client.get(reverse("reporting:attachment", args=[report.obligation_id, attachment.pk]))
    assert response.status_code == 404


def test_a_decision_letter_missing_on_disk_is_404_in_portal_and_admin(quiet_client):
    org = municipality()
    application = submitted_for_assessment(org)
    user = member(org)
    decision = decision_propose(application=application, actor=officer(), outcome="reject", reason="Svak søknad.")
    decision = decision_approve(decision=decision, actor=budget_holder())
    documents_rendered()
    decision.refresh_from_db()
    assert decision.letter_pdf
    _remove(decision.letter_pdf)
    quiet_client.force_login(user)
    assert quiet_client.get(reverse("decisions:pdf", args=[decision.pk])).status_code == 404
    quiet_client.force_login(officer())
    assert quiet_client.get(reverse("admin:applications_decision_letter", args=[decision.pk])).status_code == 404


# --- admin -------------------------------------------------------------------------------


def test_no_one_can_open_the_reception_offer_add_page(quiet_client):
    quiet_client.force_login(User.objects.create_superuser("root", "root@example.no", "x"))
    assert quiet_client.get(reverse("admin:applications_receptionoffer_add")).status_code == 403
    assert quiet_client.post(reverse("admin:applications_receptionoffer_add"), {}).status_code == 403
    assert not ReceptionOffer.objects.exists()


def test_every_admin_add_page_a_superuser_can_open_works(quiet_client):
    quiet_client.force_login(User.objects.create_superuser("root", "root@example.no", "x"))
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        response = quiet_client.get(url)
        assert response.status_code in (200, 403), (url, response.status_code)
        if response.status_code == 200:
            assert quiet_client.post(url, {}).status_code in (200, 302), url
        assert model_admin is not None


GARBAGE = ["\x00", "abc", "9" * 30, "2024-13-45"]


def _filter_params(model_admin, request):
    changelist = model_admin.get_changelist_instance(request)
    names = {"q", "o", "p"}
    for spec in changelist.filter_specs:
        names.update(spec.expected_parameters())
    return sorted(names)


def test_admin_list_filters_given_garbage_never_crash(quiet_client, rf):
    user = User.objects.create_superuser("root", "root@example.no", "x")
    quiet_client.force_login(user)
    request = rf.get("/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        params = [*_filter_params(model_admin, request), "status", "call", "grant"]
        for name in params:
            for value in GARBAGE:
                response = quiet_client.get(url, {name: value})
                assert response.status_code in (200, 302, 403), (url, name, value, response.status_code)
