"""Demo cases for the embedded default, so every role has something to look at on a Monday
morning. Everything moves through the real services (submission, assessment, four-eyes
decision, grant letter, acceptance, reception-centre computation); only draft content is
written directly, as a caseworker would type it.

The circulars' calls (2023, 2024) are closed, so the demo adds one clearly marked demo call
that copies the 2024 rules with a deadline in the future."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from applications.models import Application, BudgetLine, BudgetYear, EarlierProject, Grant, ReceptionCentreAgreement
from applications.services.application import application_create, application_send_for_approval, application_submit
from applications.services.assessment import assessment_save, decision_approve, decision_propose
from applications.services.grant import grant_accept, grant_letter_send
from applications.services.reception import reception_grants_compute
from core.calendar import today_oslo
from core.documents import documents_render_pending
from core.money import format_nok
from payments.tasks import payments_due_sweep
from schemes.models import Call, PayoutTerm, PriorityArea, ReportDeadline

DEMO_CALL_MARK = "(demo)"


def _shift(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year + years)


@transaction.atomic
def demo_call_ensure() -> Call:
    """A copy of the 2024 development call for the year after today, marked as demo data."""
    source = Call.objects.get(scheme__code="utvikling", year=2024)
    year = today_oslo().year + 1
    existing = Call.objects.filter(scheme=source.scheme, year=year).first()
    if existing:
        return existing
    shift = year - source.year
    call = Call.objects.get(pk=source.pk)
    call.pk = None
    call.year = year
    call.title = f"Tilskudd til utvikling av kvalifiserings- og integreringstiltak {year} {DEMO_CALL_MARK}"
    call.circular_number = f"demo-{year}"
    call.summary = (
        "Demoutlysning i den lokale demoinstallasjonen: samme regler som rundskriv 08/2024, "
        "med frister flyttet til neste år slik at søknadsflyten kan prøves."
    )
    call.published_on = today_oslo()
    call.application_deadline = _shift(source.application_deadline, shift)
    call.save()
    for area in PriorityArea.objects.filter(call=source):
        area.pk = None
        area.call = call
        area.save()
    for term in PayoutTerm.objects.filter(call=source):
        term.pk = None
        term.call = call
        term.save()
    for deadline in ReportDeadline.objects.filter(call=source):
        deadline.pk = None
        deadline.call = call
        deadline.period_start = _shift(deadline.period_start, shift)
        deadline.period_end = _shift(deadline.period_end, shift)
        deadline.due_date = _shift(deadline.due_date, shift)
        deadline.save()
    return call


def _draft(*, call, org, user, title, area_number, amount, with_partner=None) -> Application:
    application = application_create(user=user, organisation=org, call=call)
    application.area = call.areas.get(number=area_number)
    application.title = title
    application.summary = "Et toårig prosjekt der kommunen prøver ut arbeidsrettet norskopplæring på arbeidsplassen."
    application.goals = "Minst 60 prosent av deltakerne i arbeid eller utdanning ett år etter avsluttet program."
    application.target_group = "Nyankomne innvandrere i introduksjonsprogrammet, særlig kvinner."
    application.activities = "Språkpraksis hos arbeidsgivere, veiledning av arbeidsplassveiledere, digitale læringsløp."
    application.criterion_purpose = "Prosjektet svarer direkte på satsingsområdets mål om overgang til arbeid."
    application.criterion_delivery = "Flyktningtjenesten og voksenopplæringen har gjennomført tre lignende prosjekter."
    application.criterion_transfer = "Modellen dokumenteres i en veileder som andre kommuner kan ta i bruk."
    application.project_start = dt.date(call.year, 3, 1)
    application.project_end = dt.date(call.year, 12, 31)
    application.participants = 24
    application.contact_name = user.get_full_name()
    application.contact_email = user.email
    application.contact_phone = "55 56 00 00"
    application.save()
    if with_partner is not None:
        application.partners.add(with_partner)
    EarlierProject.objects.create(
        application=application,
        description="Jobbspor for kvinner i introduksjonsprogrammet",
        imdi_case_number="22/01234",
        decided_on=dt.date(2022, 5, 10),
    )
    year = BudgetYear.objects.create(
        application=application,
        year_index=1,
        year=call.year,
        own_contribution=Decimal("250000.00"),
        other_funding=Decimal("0.00"),
        amount_applied=amount,
    )
    BudgetLine.objects.create(
        budget_year=year, category=BudgetLine.Category.SALARY, description="Prosjektleder 60 %", amount=amount
    )
    BudgetLine.objects.create(
        budget_year=year,
        category=BudgetLine.Category.SUPERVISION,
        description="Veiledning fra universitet",
        amount=Decimal("250000.00"),
    )
    return application


def demo_cases_seed(*, users: dict, orgs: dict) -> list[str]:
    """Create the demo cases once (a marker: the demo call has applications)."""
    call = demo_call_ensure()
    if Application.objects.filter(call=call).exists():
        return []
    bergen, trondheim = orgs[("kommune", "4601")], orgs[("kommune", "5001")]
    done = []

    # Bergen: one application (with Trondheim as partner) all the way to a grant letter awaiting acceptance.
    awarded = _draft(
        call=call,
        org=bergen,
        user=users["saksbehandler"],
        title="Norsk på jobben",
        area_number=5,
        amount=Decimal("800000.00"),
        with_partner=trondheim,
    )
    application_send_for_approval(application=awarded, user=users["saksbehandler"])
    application_submit(application=awarded, user=users["godkjenner"])
    assessment_save(
        application=awarded,
        officer=users["radgiver"],
        score_purpose=5,
        score_delivery=5,
        score_transfer=4,
        comment="Godt forankret, tydelig overføringsverdi.",
        recommended_amount=Decimal("750000.00"),
    )
    decision = decision_propose(
        application=awarded,
        actor=users["radgiver"],
        outcome="award",
        amount=Decimal("750000.00"),
        special_conditions="Prosjektet skal levere en veileder for arbeidsplassveiledere innen 1. desember.",
    )
    decision_approve(decision=decision, actor=users["budsjett"])
    grant_letter_send(grant=Grant.objects.get(application=awarded), actor=users["budsjett"])
    awarded.refresh_from_db()
    done.append(f"Bergen {awarded.case_number}: innvilget, tilskuddsbrev venter på aksept")

    # Bergen: one waiting for the approver, one draft. Trondheim: one draft.
    waiting = _draft(
        call=call,
        org=bergen,
        user=users["saksbehandler"],
        title="Psykisk helse og kvalifisering",
        area_number=6,
        amount=Decimal("450000.00"),
    )
    application_send_for_approval(application=waiting, user=users["saksbehandler"])
    done.append("Bergen: søknad til godkjenning")
    _draft(
        call=call,
        org=bergen,
        user=users["saksbehandler"],
        title="Mangfold i kommunen som arbeidsgiver",
        area_number=8,
        amount=Decimal("300000.00"),
    )
    _draft(
        call=call,
        org=trondheim,
        user=users["saksbehandler2"],
        title="Arbeidsrettet kvalifisering med sosiale entreprenører",
        area_number=2,
        amount=Decimal("600000.00"),
    )
    done.append("utkast i Bergen og Trondheim")

    # Bergen: an integration reception centre in 2024, computed, sent and accepted, so that
    # reports and payouts exist for the finance and reporting pages.
    reception = Call.objects.get(scheme__code="integreringsmottak", year=2024)
    ReceptionCentreAgreement.objects.get_or_create(
        organisation=bergen,
        centre_name="Bergen integreringsmottak",
        defaults={
            "places": 50,
            "valid_from": dt.date(2023, 9, 1),
            "valid_to": dt.date(2025, 8, 31),
            "partnership_agreement_date": dt.date(2023, 8, 15),
        },
    )
    reception_grants_compute(call=reception, actor=users["radgiver"])
    documents_render_pending()  # the offer letter, which the worker would make in a moment
    grant = Grant.objects.get(call=reception, organisation=bergen)
    _reception_offer_decided(grant, users)
    grant_letter_send(grant=grant, actor=users["budsjett"])
    bergen.refresh_from_db()
    grant_accept(
        grant=grant,
        actor=users["godkjenner"],
        details={
            "organisation_name": bergen.name,
            "address": f"{bergen.address}, {bergen.postal_code} {bergen.postal_place}",
            "phone": bergen.phone,
            "email": bergen.email,
            "org_number": bergen.org_number,
            "bank_account": bergen.bank_account,
            "contact_persons": "Sara Saksbehandler, rådgiver flyktningtjenesten",
            "competence": "Kommunen har drevet integreringsmottak siden 2022 sammen med Nav og karrieresenteret.",
            "earlier_grants": "",
        },
    )
    done.append(f"Bergen: integreringsmottak 2024, {format_nok(grant.amount)}, akseptert")
    done.append(_withheld_in_part(grant=grant, users=users))

    # The later life of a grant: a multi-year project in its second year, and a closed grant.
    from demo.cases_lifecycle import demo_closed_grant_seed, demo_multi_year_seed

    done.append(demo_multi_year_seed(call=call, users=users, orgs=orgs, draft=_draft))
    done.append(demo_closed_grant_seed(call=call, users=users, orgs=orgs, draft=_draft))

    # What the first daily payments sweep would do: due, or withheld while a report is overdue.
    payments_due_sweep()
    documents_render_pending()  # receipts and decision letters, as the worker would
    return done


def _withheld_in_part(*, grant, users) -> str:
    """A withholding of 10 000 kr of the reception grant's payout after due process: advance
    notice, the municipality's reply, the officer's proposal and the budget holder's decision.
    The rest of the payout is paid on time."""
    from payments.models import Reaction
    from payments.services import reaction_approve
    from payments.services.reaction_process import reaction_notice_send, reaction_propose, reaction_reply_submit

    payment = grant.payments.order_by("term_number").first()
    reaction = reaction_notice_send(
        grant=grant,
        actor=users["radgiver"],
        kind=Reaction.Kind.WITHHOLDING,
        amount=Decimal("10000.00"),
        reason="Halvårsrapporten dokumenterer ikke deltakernes aktiviteter for 10 plasser.",
        payment=payment,
    )
    reaction_reply_submit(
        reaction=reaction,
        actor=users["saksbehandler"],
        text="Dokumentasjonen for de siste plassene ettersendes når karrieresenteret har levert oversikten.",
    )
    reaction = reaction_propose(
        reaction=reaction,
        actor=users["radgiver"],
        assessment="Kommunen bekrefter at dokumentasjonen mangler. Beløpet holdes tilbake til den foreligger.",
    )
    reaction = reaction_approve(reaction=reaction, actor=users["budsjett"], version=reaction.version)
    reaction.payment.refresh_from_db()
    return (
        f"Bergen: {format_nok(reaction.amount)} av utbetalingen holdt tilbake etter forhåndsvarsel, "
        f"resten ({format_nok(reaction.payment.amount)}) utbetales som planlagt"
    )


def _reception_offer_decided(grant, users):
    """The offer sent by the officer, answered by Bergen's director with the partnership
    agreement, proposed by the officer and approved by the budget holder (four eyes)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from applications.models import ReceptionOffer
    from applications.services import reception_offer as offers

    offer = ReceptionOffer.objects.get(grant=grant)
    if offer.status == ReceptionOffer.Status.APPROVED:
        return
    if offer.status == ReceptionOffer.Status.COMPUTED:
        offer = offers.reception_offer_send(offer=offer, actor=users["radgiver"])
    if offer.status == ReceptionOffer.Status.SENT:
        document = SimpleUploadedFile("partnerskapsavtale-bergen.pdf", pdf_render_text("Partnerskapsavtale"))
        parties = dict.fromkeys(offers.ReceptionOfferAnswer.PARTY_FIELDS, True)
        offer = offers.reception_offer_answer(
            offer=offer,
            actor=users["godkjenner"],
            upload=document,
            parties=parties,
            valid_from=dt.date(2023, 8, 15),
            valid_to=dt.date(2025, 8, 31),
        )
    if offer.status == ReceptionOffer.Status.ANSWERED:
        offer = offers.reception_grant_propose(offer=offer, actor=users["radgiver"])
    offers.reception_grant_approve(offer=offer, actor=users["budsjett"], expected_version=offer.version)


def pdf_render_text(title: str) -> bytes:
    """A small real PDF for a demo document."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        + f"% {title}\n".encode()
        + b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
