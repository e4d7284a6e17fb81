import pytest

from applications.models import Application, Decision
from applications.services.assessment import decision_approve, decision_propose
from tests.assessment.helpers import submitted
from tests.factories import budget_holder, member, municipality, officer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("outcome", "status"), [("reject", "rejected"), ("dismiss", "dismissed")])
def test_letter_pdf_mailed_on_commit_and_shown_in_portal(
    outcome, status, mailoutbox, django_capture_on_commit_callbacks, client
):
    org = municipality()
    app = submitted(org)
    user = member(org, email="saksbehandler@bergen.kommune.no")
    decision = decision_propose(application=app, actor=officer(), outcome=outcome, reason="Søknaden kom for sent.")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        decision_approve(decision=decision, actor=budget_holder())
    # The request only enqueues the PDF; its e-mail is enqueued once the PDF is stored.
    assert len(callbacks) == 2
    app.refresh_from_db()
    assert app.status == status
    assert not app.grants.exists()
    decision.refresh_from_db()
    with decision.letter_pdf.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"

    # One message per recipient, each with the letter (issue 11: never several in one To header).
    assert all(len(mail.to) == 1 for mail in mailoutbox)
    mail = next(mail for mail in mailoutbox if mail.to == ["saksbehandler@bergen.kommune.no"])
    assert app.case_number in mail.subject
    name, content, mimetype = mail.attachments[0]
    assert mimetype == "application/pdf" and content[:5] == b"%PDF-"

    client.force_login(user)
    page = client.get("/vedtak/")
    assert page.status_code == 200
    assert app.case_number in page.content.decode()
    detail = client.get(f"/vedtak/{decision.pk}/")
    assert detail.status_code == 200
    text = detail.content.decode()
    assert ("Klagefrist" in text) == (outcome == "dismiss")
    pdf = client.get(f"/vedtak/{decision.pk}/brev.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_other_organisations_get_404(client):
    app = submitted(municipality())
    decision = decision_propose(application=app, actor=officer(), outcome="reject", reason="Svak søknad.")
    decision_approve(decision=decision, actor=budget_holder())
    client.force_login(member(municipality("4627")))
    assert client.get(f"/vedtak/{decision.pk}/").status_code == 404
    assert client.get(f"/vedtak/{decision.pk}/brev.pdf").status_code == 404
    assert app.case_number not in client.get("/vedtak/").content.decode()


def test_proposed_decision_not_visible_to_the_applicant(client):
    org = municipality()
    app = submitted(org)
    decision = decision_propose(application=app, actor=officer(), outcome="reject", reason="Svak søknad.")
    client.force_login(member(org))
    assert client.get(f"/vedtak/{decision.pk}/").status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get("/vedtak/")
    assert response.status_code == 302
    assert "login" in response["Location"] or "logg" in response["Location"]


def test_award_sends_no_rejection_letter(mailoutbox, django_capture_on_commit_callbacks):
    app = submitted()
    decision = decision_propose(application=app, actor=officer(), outcome="award", amount="100000")
    with django_capture_on_commit_callbacks(execute=True):
        decision_approve(decision=decision, actor=budget_holder())
    assert mailoutbox == []
    assert Application.objects.get(pk=app.pk).status == "awarded"
    assert not Decision.objects.get(pk=decision.pk).letter_pdf
