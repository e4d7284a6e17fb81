"""The case log on the portal's application page shows the municipality's own steps. IMDi's
internal processing (scores, a proposed outcome, a budget holder's comment on a returned
proposal) is not shown to the applicant or its partners before the decision letter."""

import pytest
from django.urls import reverse

from core.services import case_event_record
from tests.factories import make_application, member, municipality, officer

pytestmark = pytest.mark.django_db


def test_portal_case_log_hides_imdi_internal_events(client):
    application = make_application(municipality(), status="in_assessment")
    case_event_record(subject=application, action="submitted", actor=application.created_by)
    imdi = officer(first_name="Intern", last_name="Rådgiversen")
    case_event_record(subject=application, action="assessment_scored", actor=imdi, message="Vurdering registrert")
    case_event_record(subject=application, action="decision_proposed", actor=imdi, message="Forslag til vedtak: Avslag")
    case_event_record(subject=application, action="decision_returned", actor=imdi, message="Intern merknad om rammen")
    client.force_login(member(application.organisation))
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "Godkjent og sendt inn" in page
    assert "Forslag til vedtak" not in page
    assert "Intern merknad om rammen" not in page
    assert "Rådgiversen" not in page
