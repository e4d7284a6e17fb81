"""The officers' work queue in the admin: per call, who assesses which application; filters,
search, sort and bulk assignment. Reads through applications.selectors.queue, writes through
applications.services.assignment."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from applications.rules import (
    admin_officer,
    applications_sent_to_imdi,
    conflicted_organisation_ids,
    officers_assignable,
)
from applications.selectors.queue import (
    QUEUE_ORDERINGS,
    WHO_MINE,
    WHO_UNASSIGNED,
    application_queue,
    application_queue_default_call,
)
from applications.services.assignment import application_assign
from schemes.models import Call, PriorityArea

QUEUE_PAGE_SIZE = 100


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class OfficerMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class QueueFilterForm(forms.Form):
    call = forms.ModelChoiceField(label=_("Utlysning"), queryset=Call.objects.none(), empty_label=None)
    area = forms.ModelChoiceField(label=_("Satsingsområde"), queryset=PriorityArea.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    who = forms.ChoiceField(
        label=_("Tildelt"),
        required=False,
        choices=[("", _("Alle")), (WHO_MINE, _("Mine")), (WHO_UNASSIGNED, _("Ikke fordelt"))],
    )
    officer = OfficerChoiceField(
        label=_("Rådgiver"), queryset=officers_assignable(), required=False, empty_label=_("Alle rådgivere")
    )
    q = forms.CharField(label=_("Søk (saksnummer, tittel, søker)"), required=False, max_length=100)
    o = forms.ChoiceField(label=_("Sorter"), required=False)

    def __init__(self, data, *, call):
        super().__init__(data)
        self.fields["call"].queryset = Call.objects.filter(pk__in=applications_sent_to_imdi().values("call")).order_by(
            "-year", "title"
        )
        self.fields["area"].queryset = PriorityArea.objects.filter(call=call).order_by("number")
        self.fields["area"].label_from_instance = lambda area: f"{area.number}. {area.title}"
        self.fields["status"].choices = [("", _("Alle"))] + [
            (value, label)
            for value, label in Application.Status.choices
            if value not in (Application.Status.DRAFT, Application.Status.AWAITING_APPROVAL)
        ]
        self.fields["o"].choices = [("", "")] + [(f"{sign}{key}", key) for key in QUEUE_ORDERINGS for sign in ("", "-")]


class AssignForm(forms.Form):
    applications = forms.ModelMultipleChoiceField(
        label=_("Søknader"),
        queryset=applications_sent_to_imdi(),
        error_messages={"required": _("Kryss av for minst én søknad.")},
    )
    officers = OfficerMultipleChoiceField(
        label=_("Tildel til"),
        queryset=officers_assignable(),
        error_messages={"required": _("Velg minst én rådgiver.")},
    )


def _sort_links(request, current):
    """Each column's link: ascending, or descending when it is already sorted ascending."""
    params = request.GET.copy()
    params.pop("side", None)
    links = {}
    for key in QUEUE_ORDERINGS:
        params["o"] = f"-{key}" if current == key else key
        links[key] = {
            "url": "?" + params.urlencode(),
            "sorted": current.lstrip("-") == key,
            "desc": current == f"-{key}",
        }
    return links


def application_queue_view(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    default_call = application_queue_default_call(user=request.user)
    data = request.GET.copy()
    if "call" not in data and default_call is not None:
        data["call"] = str(default_call.pk)
    call_id = data.get("call") or ""
    call = Call.objects.filter(pk=int(call_id)).first() if call_id.isdigit() else None
    form = QueueFilterForm(data, call=call)
    may_assign = admin_officer(request.user)
    assign_form = AssignForm(request.POST or None) if may_assign else None

    if request.method == "POST":
        if not may_assign:
            raise PermissionDenied
        if assign_form.is_valid():
            try:
                created = application_assign(
                    applications=assign_form.cleaned_data["applications"],
                    officers=assign_form.cleaned_data["officers"],
                    actor=request.user,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    assign_form.add_error(field if field in assign_form.fields else None, errors)
            else:
                messages.success(request, _("%(count)s nye tildelinger.") % {"count": created})
                return HttpResponseRedirect(request.get_full_path())

    rows = page = None
    if form.is_valid():
        cleaned = form.cleaned_data
        rows = application_queue(
            user=request.user,
            call=cleaned["call"],
            area=cleaned["area"],
            status=cleaned["status"],
            who=cleaned["who"],
            officer=cleaned["officer"],
            search=cleaned["q"],
            ordering=cleaned["o"],
        )
        page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("side"))
        conflicts = conflicted_organisation_ids(request.user)
        page.object_list = list(page.object_list)
        for app in page.object_list:
            app.conflict = bool(conflicts & {app.organisation_id, *(p.pk for p in app.partners.all())})
    ordering = form.cleaned_data.get("o", "") if form.is_valid() else ""
    params = request.GET.copy()
    params.pop("side", None)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Arbeidskø: søknader per utlysning"),
        "form": form,
        "call": form.cleaned_data.get("call") if form.is_valid() else None,
        "page": page,
        "assign_form": assign_form,
        "may_assign": may_assign,
        "sort": _sort_links(request, ordering),
        "page_query": params.urlencode(),
        "who_mine": WHO_MINE,
    }
    return TemplateResponse(request, "admin/applications/application/queue.html", context)
