"""«Erklær inhabilitet»: an IMDi employee declares themselves disqualified in cases from one
applicant organisation, with the reason. The declaration blocks scoring, proposing and
approving in those cases (applications.rules.is_conflicted); colleagues see it, so the case
can go to someone else. A declaration stands: it is never changed or deleted here."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from applications import rules as app_rules
from applications.admin.base import RoleAdmin, ServiceFormMixin
from applications.models import ConflictOfInterest
from applications.services.decision_bulk import conflict_declare
from core.forms import InputBoundsMixin


class ConflictOfInterestForm(InputBoundsMixin, forms.ModelForm):
    # The declaration cannot be withdrawn here: the user confirms that before it is saved.
    confirm = forms.BooleanField(
        label=_("Jeg bekrefter at jeg er inhabil i saker fra denne søkeren. Erklæringen kan ikke trekkes tilbake."),
        error_messages={"required": _("Kryss av for at du bekrefter erklæringen.")},
    )

    class Meta:
        model = ConflictOfInterest
        fields = ["organisation", "reason"]
        help_texts = {
            "organisation": _("Søkeren (kommunen eller fylkeskommunen) du er inhabil overfor."),
            "reason": _("Hvorfor du er inhabil, for eksempel nær familie i prosjektledelsen (forvaltningsloven § 6)."),
        }

    def validate_unique(self):
        # The user is set by the service, which refuses a second declaration itself.
        pass


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(ServiceFormMixin, RoleAdmin):
    form = ConflictOfInterestForm
    add_rule = app_rules.admin_imdi
    change_rule = None
    list_display = ["user_name", "organisation", "reason", "declared_at"]
    list_select_related = ["user", "organisation", "organisation__county"]
    search_fields = ["organisation__name", "user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["user", "organisation", "reason", "declared_at"]

    @admin.display(description=_("saksbehandler"), ordering="user__last_name")
    def user_name(self, obj):
        return obj.user.get_full_name() or obj.user.username

    def get_fields(self, request, obj=None):
        return ["organisation", "reason", "confirm"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def service_call(self, request, form, obj):
        data = form.cleaned_data
        return conflict_declare(user=request.user, organisation=data.get("organisation"), reason=data.get("reason"))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {})}
        if object_id is None:
            extra_context["title"] = _("Erklær inhabilitet")
        return super().changeform_view(request, object_id, form_url, extra_context)
