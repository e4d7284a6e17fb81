"""Portal pages for decision letters (rejection, dismissal) and reception-centre offers."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render

from applications.models import Decision
from applications.selectors.assessment import decisions_visible_to, reception_offers_visible_to
from applications.services.appeal import dismissal_appeal_open
from core.uploads import stored_file_open


@login_required
def decision_list(request):
    return render(
        request,
        "applications/decision_list.html",
        {"decisions": decisions_visible_to(request.user), "offers": reception_offers_visible_to(request.user)},
    )


@login_required
def decision_detail(request, pk):
    decision = get_object_or_404(decisions_visible_to(request.user), pk=pk)
    is_dismissal = decision.outcome == Decision.Outcome.DISMISS
    may_appeal = (
        is_dismissal
        and request.user.has_perm("applications.appeal_dismissal", decision.application)
        and dismissal_appeal_open(decision)
    )
    appeal_closed = is_dismissal and decision.is_approved and not decision.appeals.exists() and not may_appeal
    return render(
        request,
        "applications/decision_detail.html",
        {"decision": decision, "may_appeal": may_appeal, "appeal_closed": appeal_closed},
    )


@login_required
def decision_pdf(request, pk):
    decision = get_object_or_404(decisions_visible_to(request.user).exclude(letter_pdf=""), pk=pk)
    case = (decision.application.case_number or str(decision.application_id)).replace("/", "-")
    return FileResponse(
        stored_file_open(decision.letter_pdf),
        as_attachment=False,
        filename=f"vedtak-{case}.pdf",
        content_type="application/pdf",
    )


@login_required
def reception_offer_pdf(request, pk):
    offer = get_object_or_404(reception_offers_visible_to(request.user), pk=pk)
    case = offer.grant.case_number.replace("/", "-")
    return FileResponse(
        stored_file_open(offer.pdf),
        as_attachment=False,
        filename=f"tilbudsbrev-{case}.pdf",
        content_type="application/pdf",
    )
