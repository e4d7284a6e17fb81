"""The officer's side of a request for more information, in the admin: ask for named information
with a reply deadline (the button on the application), and read what the municipality changed
(the reopened sections before and after). The view asks the state machine whether the user may
ask now; the service writes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from applications.forms.information import InformationRequestForm
from applications.services import information as services
from core.forms import form_errors_from
from core.transitions import may


def information_link_html(obj) -> str:
    """The application page's link to its requests for more information (and to ask one)."""
    url = reverse("admin:applications_application_information", args=[obj.pk])
    latest = obj.information_requests.order_by("-pk").first()
    if latest is None:
        return format_html('<a class="button" href="{}">{}</a>', url, _("Be om mer informasjon"))
    state = _("sendt inn på nytt – se endringene") if latest.resubmitted_at else _("venter på svar fra kommunen")
    return format_html('<a class="button" href="{}">{}</a> ({})', url, _("Mer informasjon"), state)


def information_view(model_admin, request, pk):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    application = get_object_or_404(model_admin.get_queryset(request).select_related("organisation"), pk=pk)
    may_request = may(application, request.user, "request_information")
    form = InformationRequestForm(request.POST or None)
    if request.method == "POST":
        if not may_request:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.information_request_create(
                    application=application,
                    user=request.user,
                    sections=form.cleaned_data["sections"],
                    question=form.cleaned_data["question"],
                    reply_by=form.cleaned_data["reply_by"],
                )
            except ValidationError as exc:
                form_errors_from(form, exc)
            except services.InformationError as exc:
                form.add_error(None, exc.message)
            else:
                model_admin.message_user(
                    request, _("Kommunen er bedt om mer informasjon og har fått beskjed."), messages.SUCCESS
                )
                return HttpResponseRedirect(reverse("admin:applications_application_information", args=[pk]))
    requests = list(application.information_requests.select_related("requested_by", "answered_by").order_by("-pk"))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": application,
        "title": _("Mer informasjon i sak %(case)s") % {"case": application.case_number},
        "application": application,
        "form": form if may_request else None,
        "requests": [(item, services.information_changes(item)) for item in requests],
        "change_url": reverse("admin:applications_application_change", args=[pk]),
    }
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "admin/applications/application/information.html", context, status=status)
