from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from schemes.forms import CallAdminForm
from tests.factories import development_call, make_grant, municipality, with_details


def frame_error(call, frame):
    form = CallAdminForm(instance=call)
    form.cleaned_data = {"frame": Decimal(frame)}
    try:
        form.clean_frame()
    except ValidationError as exc:
        return exc.messages[0]
    return None


def test_call_frame_cannot_be_lowered_below_what_is_awarded(db):
    call = development_call()
    make_grant(municipality("4601"), call=call, amount="700000.00")
    make_grant(with_details(municipality("5001"), seed=2), call=call, amount="300000.50")
    message = frame_error(call, "1000000.49")
    assert message is not None and "allerede er tildelt" in message and "1\u00a0000\u00a0000,50\u00a0kr" in message
    assert frame_error(call, "1000000.50") is None


def test_lapsed_grants_do_not_hold_the_frame(db):
    call = development_call()
    make_grant(municipality("4601"), call=call, amount="700000.00", status="lapsed")
    assert frame_error(call, "0.00") is None


@pytest.mark.parametrize("frame", ["-1"])
def test_negative_frame_is_refused(db, frame):
    assert frame_error(development_call(), frame) == "Rammen kan ikke være negativ."
