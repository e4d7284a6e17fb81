"""Portal pages for requests about an awarded grant: the list, the request form, the request
with its decision (an officer decides here, after a confirmation) and the decision letter.
Thin: casework.rules decides what is seen (another organisation's request is a 404), the
services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from applications.rules import grants_sent_to
from casework import services_grant_requests as services
from casework.forms_grant_requests import GrantRequestDecideForm, GrantRequestForm
from casework.models import GrantRequest
from casework.rules import grant_requests_visible_to
from core.forms import form_errors_from
from core.transitions import may
from core.uploads import attachment_response
from reporting.rules import obligations_owned_by
from reporting.selectors import OPEN_STATES

K = GrantRequest.Kind


def _askable(user):
    """(grant, [(kind, label, obligation)]) for each grant the user may ask about now."""
    rows = []
    grants = grants_sent_to(user).select_related("application").order_by("-year", "pk")
    obligations = obligations_owned_by(user).filter(status__in=OPEN_STATES).order_by("due_date")
    for grant in grants:
        kinds = []
        if (
            grant.application_id
            and grant.status in services.GRANT_OPEN
            and user.has_perm("casework.ask_grant_change", grant)
        ):
            kinds += [(kind, kind.label, None) for kind in services.CHANGE_KINDS]
        if user.has_perm("casework.ask_deadline_extension", grant):
            if grant.awaits_acceptance and grant.acceptance_deadline:
                kinds.append((K.ACCEPTANCE_DEADLINE, K.ACCEPTANCE_DEADLINE.label, None))
            for obligation in obligations:
                if obligation.grant_id == grant.pk:
                    label = f"{K.REPORT_DEADLINE.label}: {obligation.get_kind_display()} {obligation.due_date:%d.%m.%Y}"
                    kinds.append((K.REPORT_DEADLINE, label, obligation))
        if kinds:
            rows.append((grant, kinds))
    return rows


@login_required
def grant_request_list(request):
    requests = grant_requests_visible_to(request.user).order_by("-requested_at", "-pk")
    return render(
        request, "casework/grant_request_list.html", {"requests": requests, "askable": _askable(request.user)}
    )


@login_required
def grant_request_new(request):
    grant_id, kind = request.GET.get("tilskudd", ""), request.GET.get("type", "")
    if not grant_id.isdigit() or kind not in K.values:
        raise Http404
    grant = get_object_or_404(grants_sent_to(request.user).select_related("application", "call"), pk=int(grant_id))
    obligation = None
    if kind == K.REPORT_DEADLINE:
        report_id = request.GET.get("rapport", "")
        if not report_id.isdigit():
            raise Http404
        obligation = get_object_or_404(obligations_owned_by(request.user).filter(grant=grant), pk=int(report_id))
    initial_budget = services._budget_text(services._grant_year_budget(grant)) if kind == K.BUDGET else ""
    form = GrantRequestForm(
        request.POST or None, kind=kind, grant=grant, initial_budget=initial_budget.replace("–", "")
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = services.grant_request_create(
                    actor=request.user,
                    grant=grant,
                    kind=kind,
                    reason=form.cleaned_data["reason"],
                    obligation=obligation,
                    **form.service_data(),
                )
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("Ønsket er sendt til IMDi."))
                return redirect("casework:grant_request", pk=created.pk)
        status = 400
    context = {"form": form, "grant": grant, "kind_label": K(kind).label, "obligation": obligation}
    return render(request, "casework/grant_request_new.html", context, status=status)


@login_required
def grant_request_detail(request, pk):
    item = get_object_or_404(grant_requests_visible_to(request.user), pk=pk)
    may_decide = may(item, request.user, "approve")
    form = GrantRequestDecideForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            if not data["confirmed"]:
                # The decision is final and goes out as a letter: the page asks first.
                context = {"item": item, "form": form, "rows": services.grant_request_rows(item)}
                return render(request, "casework/grant_request_confirm.html", context)
            try:
                services.grant_request_decide(
                    actor=request.user, request=item, approve=data["decision"] == "approve", comment=data["comment"]
                )
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("Avgjørelsen er sendt til kommunen som brev."))
                return redirect("casework:grant_request", pk=pk)
        status = 400
    context = {"item": item, "form": form, "may_decide": may_decide, "rows": services.grant_request_rows(item)}
    return render(request, "casework/grant_request_detail.html", context, status=status)


@login_required
def grant_request_letter(request, pk):
    item = get_object_or_404(grant_requests_visible_to(request.user).exclude(letter_pdf=""), pk=pk)
    name = f"brev-{item.case_number.replace('/', '-')}-{item.pk}.pdf"
    return attachment_response(item.letter_pdf, filename=name, content_type="application/pdf")
