"""In the admin, frames, caps and shares of existing rows cannot be edited directly; budget
changes are asked for on their own page and decided by a second budget holder after a
confirmation page."""

from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from core.models import CaseEvent
from schemes.forms import AppropriationShareForm, CallAdminForm, PriorityAreaForm
from schemes.models import AppropriationShare, BudgetChange, Call
from schemes.services import budget_change_request
from tests.factories import budget_holder, development_call, finance, officer

pytestmark = pytest.mark.django_db

CHANGES = "/admin/schemes/budgetchange/"


def call_post_data(call, page, **changes):
    data = {k: v for k, v in model_to_dict(call).items() if v is not None}
    data.update(changes)
    for key in ("acceptance_reminder_days", "report_reminder_days_before", "report_reminder_days_after"):
        data[key] = str(data.get(key, []))
    for formset in page.context["inline_admin_formsets"]:
        fs = formset.formset
        for name, field in fs.management_form.fields.items():
            data[f"{fs.prefix}-{name}"] = fs.management_form.initial.get(name, field.initial)
        for i, f in enumerate(fs.forms):
            for name in f.fields:
                value = f.initial.get(name)
                if value is None or value is False:
                    continue
                data[f"{fs.prefix}-{i}-{name}"] = "on" if value is True else getattr(value, "pk", value)
            data[f"{fs.prefix}-{i}-id"] = f.instance.pk
            data[f"{fs.prefix}-{i}-call"] = call.pk
    return data


def test_existing_frames_caps_and_shares_are_locked_in_the_forms():
    call = development_call()
    assert CallAdminForm(instance=call).fields["frame"].disabled
    assert CallAdminForm(instance=call).fields["appropriation_share"].disabled
    assert not CallAdminForm().fields["frame"].disabled  # a new call gets its frame
    area = call.areas.get(number=8)
    assert PriorityAreaForm(instance=area).fields["frame"].disabled
    assert PriorityAreaForm(instance=area).fields["per_applicant_cap"].disabled
    share = AppropriationShare.objects.get(appropriation__year=2023)
    assert AppropriationShareForm(instance=share).fields["amount"].disabled


def test_officer_posting_a_higher_frame_to_the_call_page_changes_nothing(client):
    call = development_call()
    client.force_login(officer())
    url = reverse("admin:schemes_call_change", args=[call.pk])
    page = client.get(url)
    assert page.status_code == 200
    other_share = AppropriationShare.objects.get(appropriation__year=2024, label="Områdesatsing")
    data = call_post_data(call, page, frame="99000000", appropriation_share=other_share.pk, title="Ny tittel")
    for key in list(data):  # area 8's frame too
        if key.endswith("-frame") and data[key] == Decimal("10000000.00"):
            data[key] = "50000000"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    call = Call.objects.get(pk=call.pk)
    assert call.title == "Ny tittel"
    assert call.frame == Decimal("60400000.00")
    assert call.appropriation_share.label != "Områdesatsing"
    assert call.areas.get(number=8).frame == Decimal("10000000.00")


def test_request_page_decide_page_and_four_eyes(client):
    call, requester, second = development_call(), budget_holder(), budget_holder()
    client.force_login(requester)
    page = client.get(f"{CHANGES}add/?kind=call_frame&call={call.pk}")
    assert page.status_code == 200
    assert "Be om budsjettendring" in page.content.decode()
    refused = client.post(f"{CHANGES}add/", {"kind": "call_frame", "call": call.pk, "new_amount": "1", "reason": "x"})
    assert refused.status_code == 200
    assert "lavere enn summen av rammene for satsingsområdene" in refused.content.decode()
    assert not BudgetChange.objects.exists()
    response = client.post(
        f"{CHANGES}add/", {"kind": "call_frame", "call": call.pk, "new_amount": "62 000 000", "reason": "RNB."}
    )
    change = BudgetChange.objects.get(status=BudgetChange.Status.PENDING)
    assert response.status_code == 302
    assert change.new_amount == Decimal("62000000.00")
    # The requester sees no decide buttons and is refused on the decide page.
    detail = client.get(f"{CHANGES}{change.pk}/change/").content.decode()
    assert "Godkjenn endringen" not in detail
    client.post(f"{CHANGES}{change.pk}/godkjenn/", {"comment": ""})
    assert Call.objects.get(pk=call.pk).frame == Decimal("60400000.00")
    # A second budget holder sees the confirmation page, then approves.
    client.force_login(second)
    assert "Godkjenn endringen" in client.get(f"{CHANGES}{change.pk}/change/").content.decode()
    confirm = client.get(f"{CHANGES}{change.pk}/godkjenn/").content.decode()
    assert "62\xa0000\xa0000\xa0kr" in confirm and "60\xa0400\xa0000\xa0kr" in confirm
    assert Call.objects.get(pk=call.pk).frame == Decimal("60400000.00")
    assert client.post(f"{CHANGES}{change.pk}/godkjenn/", {"comment": "OK"}).status_code == 302
    assert Call.objects.get(pk=call.pk).frame == Decimal("62000000.00")
    assert CaseEvent.objects.get(action="budget_change_approved").actor == second


def test_requests_with_bad_input_show_field_errors_and_save_nothing(client):
    client.force_login(officer())
    call = development_call()
    for data in (
        {"kind": "call_frame", "call": call.pk, "new_amount": "-5", "reason": "x"},
        {"kind": "call_frame", "call": call.pk, "new_amount": "1e30", "reason": "x"},
        {"kind": "call_frame", "call": "abc", "new_amount": "5", "reason": "x"},
        {"kind": "area_frame", "new_amount": "5", "reason": "x"},
        {"kind": "call_share", "call": call.pk, "reason": "x"},
        {"kind": "nonsense", "reason": "x"},
        {"kind": "call_frame", "call": call.pk, "new_amount": "70000000", "reason": ""},
    ):
        response = client.post(f"{CHANGES}add/", data)
        assert response.status_code == 200, data
    assert not BudgetChange.objects.exists()


def test_who_may_do_what(client):
    change = budget_change_request(
        actor=officer(), kind="call_frame", call=development_call(), new_amount="70000000", reason="x"
    )
    client.force_login(finance())
    assert client.get(CHANGES).status_code == 200
    assert client.get(f"{CHANGES}add/").status_code == 403
    assert client.get(f"{CHANGES}{change.pk}/godkjenn/").status_code == 403
    client.force_login(officer())
    assert client.get(f"{CHANGES}{change.pk}/godkjenn/").status_code == 403
    assert client.get(f"{CHANGES}{change.pk}/delete/").status_code == 403
    client.force_login(budget_holder())
    assert client.get(f"{CHANGES}{change.pk}/godkjenn/").status_code == 200
    assert client.post(f"{CHANGES}{change.pk}/avvis/", {"comment": ""}).status_code == 200  # reason required
    assert BudgetChange.objects.get(pk=change.pk).status == BudgetChange.Status.PENDING
