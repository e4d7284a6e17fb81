"""The admin's history pages (django-simple-history) are for reading. Its "revert" form saves
whatever is posted with only a view permission checked, so anyone who may read a record could
rewrite it (a municipality's bank account, a call's frame) outside the services."""

import pytest
from django.urls import reverse

from organisations.models import Organisation
from schemes.models import Call
from tests.factories import budget_holder, development_call, finance, municipality, officer, valid_bank_account

pytestmark = pytest.mark.django_db


def _history_url(obj):
    opts = obj._meta
    history_id = obj.history.latest().history_id
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, history_id])


def _ensure_history(obj):
    if not obj.history.exists():
        obj.save()
    return obj


@pytest.mark.parametrize("make_user", [finance, officer, budget_holder])
def test_view_only_user_cannot_rewrite_organisation_through_history(client, make_user):
    org = _ensure_history(municipality())
    before = org.bank_account
    client.force_login(make_user())
    data = {
        "kind": org.kind,
        "number": org.number,
        "name": org.name,
        "official_name": org.official_name,
        "county": org.county_id,
        "org_number": org.org_number,
        "bank_account": valid_bank_account(777),
        "active": "on",
    }
    response = client.post(_history_url(org), data)
    assert response.status_code == 403
    org.refresh_from_db()
    assert org.bank_account == before


def test_finance_cannot_change_call_frame_through_history(client):
    call = _ensure_history(development_call())
    frame = call.frame
    client.force_login(finance())
    response = client.post(_history_url(call), {"title": call.title, "frame": "999999999.00"})
    assert response.status_code == 403
    assert Call.objects.get(pk=call.pk).frame == frame


def test_history_pages_still_readable(client):
    org = _ensure_history(municipality())
    client.force_login(officer())
    opts = Organisation._meta
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[org.pk])).status_code == 200
    assert client.get(_history_url(org)).status_code == 200
