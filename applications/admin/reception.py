"""Admin for reception-centre agreements and the offers computed from them."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from applications import rules as app_rules
from applications.admin.base import RoleAdmin, ServiceFormMixin, form_errors_from
from applications.forms.assessment import ReceptionCentreAgreementForm, ReceptionComputeForm
from applications.models import ReceptionCentreAgreement, ReceptionOffer
from applications.services.reception import reception_agreement_save, reception_grants_compute
from core.money import format_nok
from core.uploads import stored_file_open

# ---------------------------------------------------------------- reception centres


@admin.register(ReceptionCentreAgreement)
class ReceptionCentreAgreementAdmin(ServiceFormMixin, RoleAdmin):
    form = ReceptionCentreAgreementForm
    add_rule = app_rules.admin_officer
    change_rule = app_rules.admin_officer
    list_display = ["centre_name", "organisation", "places", "valid_from", "valid_to", "partnership_agreement_date"]
    list_select_related = ["organisation"]
    search_fields = ["centre_name", "organisation__name"]
    autocomplete_fields = ["organisation"]
    change_list_template = "admin/applications/receptioncentreagreement/change_list.html"

    def service_call(self, request, form, obj):
        return reception_agreement_save(agreement=form.instance, actor=request.user)

    def get_urls(self):
        urls = [
            path(
                "beregn/",
                self.admin_site.admin_view(self.compute_view),
                name="applications_receptioncentreagreement_compute",
            ),
        ]
        return urls + super().get_urls()

    def compute_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ReceptionComputeForm(request.POST or None)
        summary = None
        if request.method == "POST" and form.is_valid():
            try:
                summary = reception_grants_compute(call=form.cleaned_data["call"], actor=request.user)
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                self.message_user(
                    request,
                    _("Beregnet: %(c)s nye, %(u)s endret, %(s)s uendret, %(f)s allerede sendt (ikke endret).")
                    % {
                        "c": len(summary["created"]),
                        "u": len(summary["updated"]),
                        "s": len(summary["unchanged"]),
                        "f": len(summary["frozen"]),
                    },
                    messages.SUCCESS,
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Beregn årets tilskudd til integreringsmottak"),
            "form": form,
            "summary": summary,
        }
        return TemplateResponse(request, "admin/applications/reception_compute.html", context)


@admin.register(ReceptionOffer)
class ReceptionOfferAdmin(RoleAdmin):
    list_display = ["grant", "amount", "generated_at", "generated_by", "pdf_link"]
    list_select_related = ["grant__organisation", "generated_by"]
    fields = ["grant", "amount", "generated_at", "generated_by", "sha256", "pdf_link"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return app_rules.admin_imdi(request.user) and request.user.has_perm(
            "applications.view_receptioncentreagreement"
        )

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        # Offers are made only by the reception-centre computation (a service), never by hand.
        return False

    @admin.display(description=_("tilskudd"))
    def amount(self, obj):
        return format_nok(obj.grant.amount)

    @admin.display(description=_("tilbudsbrev"))
    def pdf_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:applications_receptionoffer_pdf", args=[obj.pk]), _("Last ned (PDF)")
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/tilbudsbrev.pdf",
                self.admin_site.admin_view(self.pdf_view),
                name="applications_receptionoffer_pdf",
            )
        ] + super().get_urls()

    def pdf_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        offer = get_object_or_404(ReceptionOffer, pk=pk)
        return FileResponse(stored_file_open(offer.pdf), content_type="application/pdf")
