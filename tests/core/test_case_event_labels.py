"""Every case event a service writes has a Norwegian name: users never see a raw code."""

import re
from pathlib import Path

from core.case_event_labels import EVENT_LABELS, UNKNOWN_EVENT
from core.models import CaseEvent

ROOT = Path(__file__).resolve().parents[2]
LITERAL_ACTION = re.compile(r'action="([a-z_]+)"')
# Codes built at run time in the services, listed here with the values they can take.
COMPUTED = {
    "reaction_repayment_claim",
    "reaction_withholding",
    "reaction_stop_years",
    "reaction_withholding_released",
    "reaction_withholding_cancelled",
    "accounts_approved_by_lead",
    "accounts_approved_by_superior",
}


def service_actions():
    codes = set()
    for app in ("applications", "reporting", "payments", "core", "organisations", "schemes"):
        for path in (ROOT / app).rglob("services*.py"):
            codes |= set(LITERAL_ACTION.findall(path.read_text(encoding="utf-8")))
        for path in (ROOT / app).rglob("services/*.py"):
            codes |= set(LITERAL_ACTION.findall(path.read_text(encoding="utf-8")))
    return codes | COMPUTED


def test_every_action_written_by_a_service_has_a_label():
    codes = service_actions()
    assert len(codes) > 20  # the scan found the services
    missing = sorted(code for code in codes if code not in EVENT_LABELS)
    assert missing == []


def test_unknown_codes_get_a_neutral_name():
    assert CaseEvent(action="something_new").label == UNKNOWN_EVENT
    assert str(CaseEvent(action="grant_accepted").label) == "Tilskudd akseptert"
