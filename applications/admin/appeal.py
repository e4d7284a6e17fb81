"""Admin for appeals against dismissals: an officer registers one that came by letter, reads
one written in the portal (with its attachments), forwards it to the appeal body the call names,
or reverses the dismissal (asked first, with IMDi's reasons). Every write is a service."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications import rules as app_rules
from applications.admin.base import RoleAdmin, ServiceFormMixin
from applications.forms.appeal import AppealReverseForm
from applications.forms.assessment import AppealForm, AppealForwardForm
from applications.models import Appeal
from applications.services import appeal as appeal_services
from core.forms import form_errors_from


@admin.register(Appeal)
class AppealAdmin(ServiceFormMixin, RoleAdmin):
    add_rule = app_rules.admin_officer
    change_rule = app_rules.admin_officer
    list_display = ["decision", "received_on", "deadline", "is_late", "via_portal", "state"]
    list_select_related = ["decision__application__call"]
    list_filter = ["is_late", "via_portal"]

    @admin.display(description=_("klagefrist"))
    def deadline(self, obj):
        deadline = obj.deadline or obj.decision.appeal_deadline
        return deadline.strftime("%d.%m.%Y") if deadline else _("mottaksdato ikke registrert")

    @admin.display(description=_("status"))
    def state(self, obj):
        return obj.state_label

    @admin.display(description=_("klageinstans"))
    def appeal_body_named(self, obj):
        return obj.appeal_body or obj.decision.application.call.appeal_body

    @admin.display(description=_("vedlegg"))
    def attachment_links(self, obj):
        rows = [
            (reverse("decisions:appeal_file", args=[obj.decision_id, a.pk]), a.download_name)
            for a in obj.attachments.all()
        ]
        return format_html_join(", ", '<a href="{}">{}</a>', rows) if rows else "–"

    @admin.display(description=_("omgjøring"))
    def reverse_link(self, obj):
        if not obj.is_open:
            return obj.state_label
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:applications_appeal_reverse", args=[obj.pk]),
            gettext("Omgjør avvisningen (søknaden vurderes på nytt)"),
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(decision__in=app_rules.decisions_sent_to_imdi().values("pk"))
            .prefetch_related("attachments")
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = AppealForwardForm if obj else AppealForm
        return super().get_form(request, obj, change=change, **kwargs)

    _PORTAL_FIELDS = ["via_portal", "text", "attachment_links", "appeal_body_named", "state", "reverse_link"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        ro = ["decision", "received_on", "is_late", "deadline", "registered_by", *self._PORTAL_FIELDS]
        if not obj.is_open:
            ro += ["forwarded_to_ministry_on", "outcome_note"]
        return ro

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["decision", "received_on", "notes"]
        return [
            "decision",
            "received_on",
            "deadline",
            "is_late",
            "registered_by",
            *self._PORTAL_FIELDS,
            "forwarded_to_ministry_on",
            *(["confirm_forward"] if obj.is_open else []),
            "outcome_note",
            "notes",
        ]

    def service_call(self, request, form, obj):
        data = form.cleaned_data
        if obj is None:
            return appeal_services.appeal_register(
                decision=data["decision"], received_on=data["received_on"], actor=request.user, notes=data.get("notes")
            )
        appeal = obj
        if data.get("forwarded_to_ministry_on") and Appeal.objects.get(pk=obj.pk).is_open:
            appeal = appeal_services.appeal_forward(
                appeal=obj,
                forwarded_on=data["forwarded_to_ministry_on"],
                actor=request.user,
                note=data.get("outcome_note", ""),
            )
        if "notes" in data:
            appeal = appeal_services.appeal_notes_change(appeal=appeal, notes=data["notes"], actor=request.user)
        return appeal

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/omgjor/", wrap(self.reverse_view), name="applications_appeal_reverse"),
            *super().get_urls(),
        ]

    def reverse_view(self, request, pk):
        """GET asks first (what reversing does, and IMDi's reasons); POST reverses."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        appeal = get_object_or_404(self.get_queryset(request).select_related("decision__application"), pk=pk)
        change_url = reverse("admin:applications_appeal_change", args=[appeal.pk])
        form = AppealReverseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                appeal_services.appeal_reverse(
                    appeal=appeal, actor=request.user, note=form.cleaned_data["outcome_note"]
                )
            except ValidationError as exc:
                form_errors_from(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(
                    request, gettext("Avvisningen er omgjort. Søknaden er tilbake til vurdering."), messages.SUCCESS
                )
                return HttpResponseRedirect(change_url)
        application = appeal.decision.application
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": appeal,
            "title": gettext("Omgjør avvisningen i sak %(case)s") % {"case": application.case_number},
            "consequences": [
                gettext("Vedtaket om avvisning blir omgjort, og søknaden går tilbake til vurdering."),
                gettext("Søknaden får et nytt vedtak, som en budsjettdisponent godkjenner som vanlig."),
                gettext("%(org)s får beskjed om omgjøringen og begrunnelsen.") % {"org": application.organisation.name},
            ],
            "form": form,
            "is_open": appeal.is_open,
            "cancel_url": change_url,
        }
        return TemplateResponse(request, "admin/applications/appeal_reverse.html", context)
