"""Admin for reception-centre agreements and the offers computed from them."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from applications import rules as app_rules
from applications.admin.base import RoleAdmin, ServiceFormMixin, form_errors_from
from applications.forms.assessment import ReceptionCentreAgreementForm, ReceptionComputeForm
from applications.forms.reception import PARTY_CHOICES, ReceptionOfferActionForm
from applications.models import ReceptionCentreAgreement, ReceptionOffer, ReceptionOfferAnswer
from applications.services.reception import reception_agreement_save, reception_grants_compute
from applications.services.reception_offer import (
    reception_four_eyes_refusal,
    reception_grant_approve,
    reception_grant_propose,
    reception_grant_return,
    reception_offer_send,
)
from core.money import format_nok
from core.transitions import available_actions, may
from core.uploads import attachment_response, stored_file_open

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
    list_display = ["grant", "amount", "status", "generated_at", "generated_by", "pdf_link"]
    list_select_related = ["grant__organisation", "generated_by"]
    list_filter = ["status"]
    fields = [
        "grant",
        "amount",
        "status",
        "generated_at",
        "generated_by",
        "sha256",
        "pdf_link",
        "sent_at",
        "sent_by",
        "answer_summary",
        "proposed_by",
        "proposed_at",
        "approved_by",
        "approved_at",
        "return_comment",
    ]
    readonly_fields = fields
    change_form_template = "admin/applications/receptionoffer/change_form.html"

    # The state machine's actions, each taken on its own confirmation page.
    ACTIONS = ("send", "propose", "approve", "return_to_officer")

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
        if not obj.pdf:
            return _("Lages …")  # the documents worker renders it (core.documents)
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:applications_receptionoffer_pdf", args=[obj.pk]), _("Last ned (PDF)")
        )

    @admin.display(description=_("kommunens svar"))
    def answer_summary(self, obj):
        answer = ReceptionOfferAnswer.objects.filter(offer=obj, submitted_at__isnull=False).first()
        if answer is None:
            return _("Ikke besvart")
        parties = ", ".join(str(label) for name, label in PARTY_CHOICES if getattr(answer, name))
        return format_html(
            '<a href="{}">{}</a><br>{}<br>{} {}–{}',
            reverse("admin:applications_receptionoffer_document", args=[obj.pk]),
            answer.original_name,
            parties,
            _("Gjelder"),
            f"{answer.valid_from:%d.%m.%Y}",
            f"{answer.valid_to:%d.%m.%Y}",
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/tilbudsbrev.pdf",
                self.admin_site.admin_view(self.pdf_view),
                name="applications_receptionoffer_pdf",
            ),
            path(
                "<int:pk>/partnerskapsavtale/",
                self.admin_site.admin_view(self.document_view),
                name="applications_receptionoffer_document",
            ),
            path(
                "<int:pk>/handling/<slug:action>/",
                self.admin_site.admin_view(self.action_view),
                name="applications_receptionoffer_act",
            ),
        ] + super().get_urls()

    def pdf_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        offer = get_object_or_404(ReceptionOffer, pk=pk)
        return FileResponse(stored_file_open(offer.pdf), content_type="application/pdf")

    def document_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        answer = get_object_or_404(ReceptionOfferAnswer.objects.exclude(document=""), offer_id=pk)
        return attachment_response(answer.document, filename=answer.original_name, content_type=answer.content_type)

    def offer_links(self, request, offer) -> list[tuple[str, str]]:
        user = request.user
        if not app_rules.admin_imdi(user):
            return []
        links = []
        for action in available_actions(offer, user):
            if action.name not in self.ACTIONS:
                continue
            if action.name == "approve" and reception_four_eyes_refusal(offer=offer, actor=user):
                continue
            links.append((reverse("admin:applications_receptionoffer_act", args=[offer.pk, action.name]), action.label))
        return links

    def change_view(self, request, object_id, form_url="", extra_context=None):
        offer = ReceptionOffer.objects.filter(pk=object_id).first() if str(object_id).isdigit() else None
        extra_context = {**(extra_context or {}), "offer_links": self.offer_links(request, offer) if offer else []}
        return super().change_view(request, object_id, form_url, extra_context)

    def action_view(self, request, pk, action):
        """Confirm, then take one step: send (officer), propose (officer), approve or return
        (a budget holder who had no hand in it). The service checks again."""
        if not self.has_view_permission(request) or action not in self.ACTIONS:
            raise PermissionDenied
        offer = get_object_or_404(ReceptionOffer.objects.select_related("grant__organisation"), pk=pk)
        if not may(offer, request.user, action):
            raise PermissionDenied
        form = ReceptionOfferActionForm(
            request.POST if request.method == "POST" else None, with_comment=action == "return_to_officer"
        )
        if request.method == "POST" and form.is_valid():
            try:
                if action == "send":
                    reception_offer_send(offer=offer, actor=request.user)
                elif action == "propose":
                    reception_grant_propose(offer=offer, actor=request.user)
                elif action == "approve":
                    reception_grant_approve(
                        offer=offer, actor=request.user, expected_version=form.cleaned_data["version"]
                    )
                else:
                    reception_grant_return(offer=offer, actor=request.user, comment=form.cleaned_data["comment"])
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                self.message_user(
                    request, _("Utført: %(label)s.") % {"label": self._label(offer, action)}, messages.SUCCESS
                )
                return redirect("admin:applications_receptionoffer_change", offer.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": self._label(offer, action),
            "offer": offer,
            "action": action,
            "form": form,
            "refusal": reception_four_eyes_refusal(offer=offer, actor=request.user) if action == "approve" else None,
        }
        return TemplateResponse(request, "admin/applications/reception_offer_action.html", context)

    @staticmethod
    def _label(offer, action):
        """The transition's own label (the model's state machine)."""
        transitions = getattr(type(offer), action)._django_fsm.transitions
        return str(next(iter(transitions.values())).custom["label"])
