"""Municipal pages for a request for more information: the request, the reopened sections, what
has changed so far, the caseworker's answer and the approver's re-submission. Thin: the
application is read through the selectors (another organisation's case is a 404), the state
machine says who may take which step, the services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications.forms.information import InformationAnswerForm, InformationReturnForm
from applications.models import Application
from applications.sections import SECTIONS
from applications.selectors import application as selectors
from applications.services import information as services
from core.forms import form_errors_from
from core.transitions import may


def _readable(request, pk):
    try:
        return selectors.application_detail(pk, request.user)
    except Application.DoesNotExist:
        raise Http404 from None


def _page(request, application, *, answer_form=None, return_form=None, status=200):
    information = application.information_requests.select_related("requested_by").order_by("-pk").first()
    if information is None:
        raise Http404
    open_keys = services.application_sections_open(application)
    may_edit = selectors.is_applicant_member(request.user, application)
    context = {
        "application": application,
        "information": information,
        "open_sections": [(key, label) for key, label in SECTIONS if key in open_keys] if may_edit else [],
        "changes": services.information_changes(information),
        "may_answer": may(application, request.user, "answer_information"),
        "may_resubmit": may(application, request.user, "resubmit"),
        "may_return": may(application, request.user, "return_information_answer"),
        "answer_form": answer_form or InformationAnswerForm(),
        "return_form": return_form or InformationReturnForm(),
    }
    return render(request, "applications/information.html", context, status=status)


@login_required
def information_detail(request, pk):
    return _page(request, _readable(request, pk))


@login_required
@require_POST
def information_answer(request, pk):
    application = get_object_or_404(selectors.applications_owned_by(request.user), pk=pk)
    form = InformationAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.information_answer(application=application, user=request.user, answer=form.cleaned_data["answer"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        except (services.InformationError, PermissionDenied) as exc:
            form.add_error(None, getattr(exc, "message", "") or _("Du har ikke tilgang til å gjøre dette i saken."))
        else:
            messages.success(request, _("Svaret er sendt til godkjenner."))
            return redirect("applications:information", pk=pk)
    return _page(request, _readable(request, pk), answer_form=form, status=400)


@login_required
@require_POST
def information_return(request, pk):
    application = get_object_or_404(selectors.applications_owned_by(request.user), pk=pk)
    form = InformationReturnForm(request.POST)
    if form.is_valid():
        try:
            services.information_answer_return(
                application=application, user=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        except (services.InformationError, PermissionDenied) as exc:
            form.add_error(None, getattr(exc, "message", "") or _("Du har ikke tilgang til å gjøre dette i saken."))
        else:
            messages.success(request, _("Svaret er sendt tilbake til saksbehandler."))
            return redirect("applications:information", pk=pk)
    return _page(request, _readable(request, pk), return_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def information_resubmit(request, pk):
    application = get_object_or_404(selectors.applications_owned_by(request.user), pk=pk)
    if not may(application, request.user, "resubmit"):
        if request.method == "POST":
            messages.error(request, _("Det er ikke noe svar du kan godkjenne i denne saken."))
        return redirect("applications:information", pk=pk)
    if request.method == "GET":
        # Re-submission is final: the page says what it does and asks first.
        information = services.information_request_open(application)
        return render(
            request,
            "applications/information_resubmit_confirm.html",
            {"application": application, "information": information},
        )
    try:
        services.information_resubmit(application=application, user=request.user)
    except (services.InformationError, PermissionDenied) as exc:
        messages.error(request, getattr(exc, "message", "") or _("Du har ikke tilgang til å gjøre dette i saken."))
        return redirect("applications:information", pk=pk)
    messages.success(request, _("Svaret er godkjent og sendt til IMDi. Saken er tilbake til vurdering."))
    return redirect("applications:information", pk=pk)
