"""The officer's close-out steps on a grant's payment page: propose the repayment claim for
the unused amount, and close the grant after a confirmation page. Thin: the work is in
payments.closeout."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from payments import selectors
from payments.closeout import closeout_figures, grant_closeout_claim_propose, grant_closeout_finish
from payments.views import officer_required


def _refused(request, exc):
    for message in getattr(exc, "messages", [str(exc)]):
        messages.error(request, message)


@officer_required
@require_POST
def closeout_claim(request, grant_pk):
    grant = selectors.grant_for_payment_plan(request.user, grant_pk)
    try:
        grant_closeout_claim_propose(grant=grant, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(
            request, _("Kravet om tilbakebetaling er foreslått. Det gjelder når en budsjettdisponent har godkjent det.")
        )
    return redirect("payments:grant", grant_pk=grant.pk)


@officer_required
def closeout_finish(request, grant_pk):
    """GET: the figures and a confirmation (closing cannot be undone); POST: close."""
    grant = selectors.grant_for_payment_plan(request.user, grant_pk)
    if request.method == "POST":
        try:
            grant_closeout_finish(grant=grant, actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Tilskuddet er avsluttet."))
        return redirect("payments:grant", grant_pk=grant.pk)
    return render(request, "payments/closeout_confirm.html", {"grant": grant, "closeout": closeout_figures(grant)})
