"""The municipality's page for a reception-centre offer: read it once sent, answer it with the
partnership agreement (a caseworker prepares, an approver sends). Another municipality's offer,
or one not yet sent, answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applications.forms.reception import ACTION_SAVE, ACTION_SUBMIT, PARTY_CHOICES, ReceptionAnswerForm
from applications.models import ReceptionOffer, ReceptionOfferAnswer
from applications.selectors.assessment import reception_offers_visible_to
from applications.services.reception_offer import paid_period, reception_answer_save, reception_offer_answer
from core.forms import form_errors_from
from core.uploads import attachment_response


def _initial(answer):
    if answer is None:
        return {}
    return {
        "parties": [name for name, _label in PARTY_CHOICES if getattr(answer, name)],
        "valid_from": answer.valid_from,
        "valid_to": answer.valid_to,
    }


@login_required
@require_http_methods(["GET", "POST"])
def reception_offer_detail(request, pk):
    offer = get_object_or_404(reception_offers_visible_to(request.user), pk=pk)
    grant = offer.grant
    answer = ReceptionOfferAnswer.objects.filter(offer=offer).select_related("submitted_by").first()
    may_prepare = request.user.has_perm("applications.prepare_reception_answer", grant)
    is_approver = request.user.has_perm("applications.answer_reception_offer", grant)
    answerable = offer.status == ReceptionOffer.Status.SENT and may_prepare
    form = None
    if answerable:
        if request.method == "POST":
            action = ACTION_SUBMIT if request.POST.get("action") == ACTION_SUBMIT else ACTION_SAVE
            if action == ACTION_SUBMIT and not is_approver:
                raise PermissionDenied(_("Bare en godkjenner kan sende svaret til IMDi."))
            form = ReceptionAnswerForm(request.POST, request.FILES, action=action)
            if form.is_valid():
                values = {
                    "offer": offer,
                    "actor": request.user,
                    "upload": form.cleaned_data.get("document"),
                    "parties": form.parties_dict(),
                    "valid_from": form.cleaned_data.get("valid_from"),
                    "valid_to": form.cleaned_data.get("valid_to"),
                }
                try:
                    if action == ACTION_SUBMIT:
                        reception_offer_answer(**values)
                        messages.success(request, _("Svaret er sendt til IMDi."))
                    else:
                        reception_answer_save(**values)
                        messages.success(request, _("Svaret er lagret som utkast."))
                    return redirect("decisions:reception_offer", pk=offer.pk)
                except ValidationError as exc:
                    form_errors_from(form, exc)
        else:
            form = ReceptionAnswerForm(initial=_initial(answer))
    elif request.method == "POST":
        messages.info(request, _("Tilbudet er allerede besvart og kan ikke endres."))
        return redirect("decisions:reception_offer", pk=offer.pk)
    first, last = paid_period(offer)
    return render(
        request,
        "applications/reception_offer_detail.html",
        {
            "offer": offer,
            "grant": grant,
            "answer": answer,
            "form": form,
            "is_approver": is_approver,
            "period_first": first,
            "period_last": last,
            "parties": [(label, getattr(answer, name, False)) for name, label in PARTY_CHOICES],
        },
    )


@login_required
def reception_agreement_document(request, pk):
    offer = get_object_or_404(reception_offers_visible_to(request.user), pk=pk)
    answer = get_object_or_404(ReceptionOfferAnswer.objects.exclude(document=""), offer=offer)
    return attachment_response(answer.document, filename=answer.original_name, content_type=answer.content_type)
