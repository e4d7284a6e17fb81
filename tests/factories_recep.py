"""Reception-centre offers through their whole flow (helper "recep"): computed, sent by an
officer, answered by the municipality's approver with a partnership agreement, proposed by an
officer and approved by a budget holder (four eyes) — the way a real offer gets there."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from organisations.models import Membership
from tests.factories_jobs import documents_rendered

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
ALL_PARTIES = {
    "party_municipality": True,
    "party_reception_centre": True,
    "party_career_centre": True,
    "party_nav_office": True,
}


def partnership_pdf(name="partnerskapsavtale.pdf", data=PDF_BYTES):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def offer_sent(offer, *, actor=None):
    """The officer sends the offer once the documents worker has made its letter."""
    from applications.services.reception_offer import reception_offer_send
    from tests.factories import officer

    documents_rendered()
    return reception_offer_send(offer=offer, actor=actor or officer())


def offer_answered(offer, *, actor=None, valid_from=None, valid_to=None):
    from applications.services.reception_offer import reception_offer_answer
    from tests.factories import colleague

    year = offer.grant.year
    return reception_offer_answer(
        offer=offer,
        actor=actor or colleague(offer.grant.organisation, Membership.Role.APPROVER),
        upload=partnership_pdf(),
        parties=ALL_PARTIES,
        valid_from=valid_from or dt.date(year - 1, 12, 1),
        valid_to=valid_to or dt.date(year + 1, 12, 31),
    )


def offer_approved(offer, *, proposer=None, holder=None):
    from applications.services.reception_offer import reception_grant_approve, reception_grant_propose
    from tests.factories import budget_holder, officer

    offer = reception_grant_propose(offer=offer, actor=proposer or officer())
    return reception_grant_approve(offer=offer, actor=holder or budget_holder(), expected_version=offer.version)


def offer_through(offer, *, until="approved"):
    """Take a computed offer to `until` (sent, answered, proposed or approved)."""
    from applications.models import ReceptionOffer
    from applications.services.reception_offer import reception_grant_propose
    from tests.factories import officer

    steps = ["sent", "answered", "proposed", "approved"]
    status = offer.status
    if status == ReceptionOffer.Status.COMPUTED:
        offer = offer_sent(offer)
    if until == "sent":
        return offer
    if offer.status == ReceptionOffer.Status.SENT:
        offer = offer_answered(offer)
    if until == "answered":
        return offer
    if until == "proposed":
        return reception_grant_propose(offer=offer, actor=officer())
    assert until == steps[-1]
    return offer_approved(offer)


def reception_grants_compute_approved(*, call, actor):
    """Compute the call's reception grants, then take every new offer through to approval (so a
    factory's decided reception grant is one whose letter may go out)."""
    from applications.models import ReceptionOffer
    from applications.services.reception import reception_grants_compute

    summary = reception_grants_compute(call=call, actor=actor)
    documents_rendered()  # the offer letters, made by the documents worker
    for offer in ReceptionOffer.objects.filter(grant__call=call, status=ReceptionOffer.Status.COMPUTED):
        offer_through(offer)
    return summary
