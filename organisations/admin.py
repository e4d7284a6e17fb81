from django.contrib import admin, messages
from django.contrib.admin import widgets as admin_widgets
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin, ReadOnlyAdmin
from organisations import rules as org_rules
from organisations.models import BankAccountChange, County, Membership, Organisation
from organisations.services import organisation_bank_account_request


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    search_fields = ["name", "number"]


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "kind", "number", "county", "org_number", "written_standard", "active"]
    list_filter = ["kind", "county", "written_standard", "active", "is_demo_data"]
    search_fields = ["name", "number", "org_number"]
    list_select_related = ["county"]
    inlines = [MembershipInline]
    readonly_fields = ["pending_bank_account"]

    def has_view_permission(self, request, obj=None):
        # Also the autocomplete's check: only IMDi's staff look organisations up.
        return org_rules.imdi_staff(request.user) and super().has_view_permission(request, obj)

    @admin.display(description=_("Kontonummer til kontroll"))
    def pending_bank_account(self, obj):
        change = obj.bank_account_changes.filter(status=BankAccountChange.Status.PENDING).first() if obj.pk else None
        if change is None:
            return "–"
        return format_html(
            '{} <a href="{}">{}</a>',
            change.new_account,
            reverse("payments:account_change_review", args=[change.pk]),
            _("Kontroller"),
        )

    def save_model(self, request, obj, form, change):
        """A new payout account entered here is a request like any other: the confirmed
        account stays until someone else at IMDi confirms it on the finance pages."""
        new_account = obj.bank_account
        if change and "bank_account" in form.changed_data:
            obj.bank_account = form.initial.get("bank_account", "")
        elif not change:
            obj.bank_account = ""
        super().save_model(request, obj, form, change)
        if new_account and new_account != obj.bank_account:
            organisation_bank_account_request(
                organisation=obj,
                new_account=new_account,
                actor=request.user,
                source=BankAccountChange.Source.ADMIN,
            )
            messages.warning(
                request,
                _("Det nye kontonummeret gjelder først når en annen person i IMDi har kontrollert og bekreftet det."),
            )


@admin.register(BankAccountChange)
class BankAccountChangeAdmin(ReadOnlyAdmin, HistoryAdmin):
    """Read-only: a change is confirmed or refused on the finance pages (payments)."""

    list_display = ["organisation", "old_account", "new_account", "status", "source", "requested_by", "decided_by"]
    list_filter = ["status", "source"]
    search_fields = ["organisation__name", "organisation__org_number", "new_account"]
    list_select_related = ["organisation", "requested_by", "decided_by"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


def organisation_label(organisation) -> str:
    """An organisation named with its county, so homonyms (Herøy in Møre og Romsdal and in
    Nordland, Våler in Innlandet and in Østfold) are told apart where one is picked."""
    return f"{organisation.name} ({organisation.county.name})"


class OrganisationAutocompleteJsonView(AutocompleteJsonView):
    """Django's autocomplete, with organisations labelled by county. Who may look up is still
    Django's check: the source field must be an autocomplete field of an admin the user may use,
    and the user must may view organisations (OrganisationAdmin.has_view_permission)."""

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.select_related("county") if queryset.model is Organisation else queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Organisation):
            result["text"] = organisation_label(obj)
        return result


def _organisation_autocomplete_view(request):
    return OrganisationAutocompleteJsonView.as_view(admin_site=admin.site)(request)


admin.site.autocomplete_view = _organisation_autocomplete_view


# The widget's chosen option, when a refused form is shown again, is labelled by Django with
# str(organisation) (the name only): relabel organisations with their county there too, in one
# query whatever the number chosen.
_autocomplete_optgroups = admin_widgets.AutocompleteMixin.optgroups


def _autocomplete_optgroups_with_county(self, name, value, attr=None):
    groups = _autocomplete_optgroups(self, name, value, attr)
    if self.field.remote_field.model is not Organisation:
        return groups
    options = [option for _group, group_options, _index in groups for option in group_options if option["value"]]
    if not options:
        return groups
    to_field = getattr(self.field.remote_field, "field_name", None) or "pk"
    chosen = Organisation.objects.select_related("county").filter(
        **{f"{to_field}__in": [str(option["value"]) for option in options]}
    )
    labels = {str(getattr(organisation, to_field)): organisation_label(organisation) for organisation in chosen}
    for option in options:
        option["label"] = labels.get(str(option["value"]), option["label"])
    return groups


admin_widgets.AutocompleteMixin.optgroups = _autocomplete_optgroups_with_county


# The admin is IMDi's: an IMDi account signed in with a password only is kept out of it until
# it has verified its second factor (a superuser's has_perm would otherwise answer yes to all),
# and its login page sends such a user on to the second factor.
_admin_has_permission = admin.site.has_permission
_admin_login = admin.site.login


def _admin_has_permission_verified(request):
    return _admin_has_permission(request) and not org_rules.second_factor_needed(request.user)


def _admin_login_second_factor(request, extra_context=None):
    if org_rules.second_factor_needed(request.user):
        return redirect_to_login(request.get_full_path(), reverse("second_factor_verify"), "next")
    return _admin_login(request, extra_context)


admin.site.has_permission = _admin_has_permission_verified
admin.site.login = _admin_login_second_factor

from organisations import admin_join  # noqa: E402, F401 - registers JoinRequestAdmin
