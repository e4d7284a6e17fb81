"""The admin refuses bad scheme data with Norwegian messages next to the field."""

import datetime as dt
from decimal import Decimal

import pytest
from django.forms import inlineformset_factory
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import translation

from schemes.forms import (
    CallAdminForm,
    PayoutTermForm,
    PriorityAreaInlineFormSet,
    RateAdminForm,
    ReportDeadlineInlineFormSet,
)
from schemes.models import Call, PayoutTerm, PriorityArea, Rate, ReportDeadline
from tests.factories import UserFactory, development_call

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def norwegian():
    with translation.override("nb"):
        yield


def call_data(call, **changes):
    data = {k: v for k, v in model_to_dict(call).items() if v is not None}
    data.update(changes)
    for key in ("acceptance_reminder_days", "report_reminder_days_before", "report_reminder_days_after"):
        data[key] = str(data.get(key, []))
    return data


def test_call_form_accepts_the_loaded_2024_call():
    call = development_call(2024)
    form = CallAdminForm(data=call_data(call), instance=call)
    assert form.is_valid(), form.errors


def test_call_form_refuses_negative_frame():
    # A new call: an existing call's frame changes only through a budget change.
    call = development_call(2024)
    data = call_data(call, frame="-1", year=2031)
    data.pop("id", None)
    form = CallAdminForm(data=data)
    assert not form.is_valid()
    assert form.errors["frame"] == ["Rammen kan ikke være negativ."]


def test_call_form_refuses_deadline_before_publication():
    call = development_call(2024)
    data = call_data(call, published_on="2024-03-01", application_deadline="2024-02-14")
    form = CallAdminForm(data=data, instance=call)
    assert not form.is_valid()
    assert form.errors["application_deadline"] == ["Søknadsfristen kan ikke være før utlysningen er publisert."]


def test_call_form_refuses_deadline_after_grant_year():
    call = development_call(2024)
    form = CallAdminForm(data=call_data(call, application_deadline="2025-01-10"), instance=call)
    assert not form.is_valid()
    assert form.errors["application_deadline"] == ["Søknadsfristen må ligge i eller før tilskuddsåret."]


def test_call_form_refuses_zero_project_years_and_bad_reminder_lists():
    call = development_call(2024)
    form = CallAdminForm(data=call_data(call, max_project_years="0", acceptance_reminder_days="[7, -2]"), instance=call)
    assert not form.is_valid()
    assert form.errors["max_project_years"] == ["Prosjektperioden må være minst ett år."]
    assert "hele dager mellom 0 og 365" in form.errors["acceptance_reminder_days"][0]


def area_formset(call, rows):
    FormSet = inlineformset_factory(Call, PriorityArea, formset=PriorityAreaInlineFormSet, fields="__all__", extra=0)
    data = {
        "areas-TOTAL_FORMS": str(len(rows)),
        "areas-INITIAL_FORMS": "0",
        "areas-MIN_NUM_FORMS": "0",
        "areas-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        base = {"number": str(i + 1), "title": f"Område {i + 1}", "open_to_municipalities": "on"}
        base.update(row)
        data.update({f"areas-{i}-{k}": v for k, v in base.items()})
    return FormSet(data=data, instance=call, prefix="areas")


def new_call(frame="1000000"):
    scheme = development_call(2024).scheme
    return Call(scheme=scheme, year=2030, title="Ny", circular_number="1/2030", frame=Decimal(frame))


def test_area_frames_within_the_call_frame_are_accepted():
    formset = area_formset(new_call(), [{"frame": "400000"}, {"frame": "600000"}, {}])
    assert formset.is_valid(), formset.errors


def test_area_frame_above_call_frame_is_refused():
    formset = area_formset(new_call(), [{"frame": "1000001"}])
    assert not formset.is_valid()
    assert formset.forms[0].errors["frame"] == [
        "Rammen for området kan ikke være større enn utlysningens samlede ramme."
    ]


def test_negative_area_frame_is_refused():
    formset = area_formset(new_call(), [{"frame": "-5"}])
    assert not formset.is_valid()
    assert formset.forms[0].errors["frame"] == ["Rammen kan ikke være negativ."]


def test_area_frames_together_above_call_frame_are_refused():
    formset = area_formset(new_call(), [{"frame": "600000"}, {"frame": "600000"}])
    assert not formset.is_valid()
    assert formset.non_form_errors() == [
        "Summen av rammene for satsingsområdene er større enn utlysningens samlede ramme."
    ]


def test_area_cap_and_allowance_must_be_positive():
    formset = area_formset(new_call(), [{"per_applicant_cap": "0", "allowance_cap_g": "-1"}])
    assert not formset.is_valid()
    errors = formset.forms[0].errors
    assert errors["per_applicant_cap"] == ["Beløpet per søker må være større enn 0, eller stå tomt."]
    assert errors["allowance_cap_g"] == ["Deltakerstønaden må være mer enn 0 G, eller stå tom."]


def report_formset(call, rows):
    FormSet = inlineformset_factory(
        Call, ReportDeadline, formset=ReportDeadlineInlineFormSet, fields="__all__", extra=0
    )
    data = {
        "report_deadlines-TOTAL_FORMS": str(len(rows)),
        "report_deadlines-INITIAL_FORMS": "0",
        "report_deadlines-MIN_NUM_FORMS": "0",
        "report_deadlines-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"report_deadlines-{i}-{k}": v for k, v in row.items()})
    return FormSet(data=data, instance=call, prefix="report_deadlines")


def test_report_deadlines_out_of_order_are_refused():
    call = new_call()
    call.application_deadline = dt.date(2030, 2, 14)
    formset = report_formset(
        call,
        [
            {"kind": "status", "period_start": "2030-01-01", "period_end": "2030-08-31", "due_date": "2030-08-01"},
            {"kind": "annual", "period_start": "2030-12-31", "period_end": "2030-01-01", "due_date": "2031-02-01"},
            {"kind": "accounts", "period_start": "2029-01-01", "period_end": "2029-12-31", "due_date": "2030-01-31"},
        ],
    )
    assert not formset.is_valid()
    assert formset.forms[0].errors["due_date"] == ["Rapportfristen kan ikke være før rapportperioden er slutt."]
    assert formset.forms[1].errors["period_end"] == ["Perioden kan ikke slutte før den begynner."]
    assert formset.forms[2].errors["due_date"] == ["Rapportfristen må være etter søknadsfristen."]


def test_report_deadlines_in_order_are_accepted():
    call = new_call()
    call.application_deadline = dt.date(2030, 2, 14)
    formset = report_formset(
        call, [{"kind": "status", "period_start": "2030-01-01", "period_end": "2030-08-31", "due_date": "2030-09-01"}]
    )
    assert formset.is_valid(), formset.errors


def test_payout_term_month_and_day_are_checked():
    call = development_call(2024)
    form = PayoutTermForm(data={"call": call.pk, "number": 3, "label": "Vinter", "month": 13, "day": 30})
    assert not form.is_valid()
    assert form.errors["month"] == ["Måneden må være et tall fra 1 til 12."]
    assert form.errors["day"] == ["Dagen må være et tall fra 1 til 28."]
    assert PayoutTerm.objects.filter(call=call).count() == 2


def test_rate_period_and_amount_are_checked():
    form = RateAdminForm(data={"kind": "G", "amount": "0", "valid_from": "2025-05-01", "valid_to": "2025-04-30"})
    assert not form.is_valid()
    assert form.errors["amount"] == ["Satsen må være større enn 0."]
    assert form.errors["valid_to"] == ["Sluttdatoen kan ikke være før startdatoen."]


def test_admin_change_view_shows_error_and_saves_nothing(client):
    """Through the real admin: a negative frame is refused on the page, not with a 500."""
    admin_user = UserFactory(username="superbruker", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    call = development_call(2024)
    url = reverse("admin:schemes_call_change", args=[call.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = call_data(call, frame="-100", max_project_years="0")
    for formset in page.context["inline_admin_formsets"]:
        fs = formset.formset
        mgmt = fs.management_form
        for name, field in mgmt.fields.items():
            data[f"{fs.prefix}-{name}"] = mgmt.initial.get(name, field.initial)
        for i, f in enumerate(fs.forms):
            for name in f.fields:
                value = f.initial.get(name)
                if value is None:
                    continue
                if isinstance(value, bool):
                    if value:
                        data[f"{fs.prefix}-{i}-{name}"] = "on"
                    continue
                data[f"{fs.prefix}-{i}-{name}"] = value.pk if hasattr(value, "pk") else value
            data[f"{fs.prefix}-{i}-id"] = f.instance.pk
            data[f"{fs.prefix}-{i}-call"] = call.pk
    assert form.instance == call
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Prosjektperioden må være minst ett år." in response.content.decode()
    call.refresh_from_db()
    assert call.frame == Decimal("60400000.00")


def test_loaded_rates_are_accepted_by_the_rate_form():
    rate = Rate.objects.filter(kind="G").first()
    data = {k: v for k, v in model_to_dict(rate).items() if v is not None}
    assert RateAdminForm(data=data, instance=rate).is_valid()
