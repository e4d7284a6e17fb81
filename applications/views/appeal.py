"""The applicant's appeal against a dismissal in the portal, and its attachments. Thin: the
form in, applications.services.appeal does the work; visibility from the selectors (another
organisation's decision answers 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from applications.forms.appeal import DismissalAppealForm
from applications.models import AppealAttachment, Decision
from applications.selectors.assessment import decisions_visible_to
from applications.services import appeal as services
from core.forms import form_errors_from
from core.uploads import attachment_response


@login_required
def decision_appeal(request, pk):
    """The form while the window is open and no appeal is made; after that a message and no
    form (the service refuses a late post all the same)."""
    decision = get_object_or_404(decisions_visible_to(request.user).filter(outcome=Decision.Outcome.DISMISS), pk=pk)
    if not request.user.has_perm("applications.appeal_dismissal", decision.application):
        raise PermissionDenied
    form = DismissalAppealForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dismissal_appeal_submit(
                decision=decision,
                actor=request.user,
                text=form.cleaned_data["text"],
                uploads=form.cleaned_data["files"],
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Klagen er registrert og sendt til IMDi."))
            return redirect("decisions:detail", pk=decision.pk)
    return render(
        request,
        "applications/decision_appeal.html",
        {"decision": decision, "form": form, "is_open": services.dismissal_appeal_open(decision)},
    )


@login_required
def decision_appeal_file(request, pk, file_pk):
    """An appeal's attachment: for the applicant's members and IMDi's officers."""
    if request.user.has_perm("applications.handle_appeal"):
        decisions = Decision.objects.filter(outcome=Decision.Outcome.DISMISS)
    else:
        decisions = decisions_visible_to(request.user)
    decision = get_object_or_404(decisions, pk=pk)
    row = get_object_or_404(AppealAttachment.objects.filter(appeal__decision=decision), pk=file_pk)
    if not row.file:
        raise Http404
    return attachment_response(row.file, filename=row.download_name, content_type=row.content_type)
