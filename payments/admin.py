"""Read-only admin views of payments; every change goes through the pages under
/utbetalinger/ (which call the services), linked from here."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_lists import queryset_within
from organisations.rules import imdi_staff
from payments.models import Payment, PayoutBatch, PayoutBatchLine, Reaction
from payments.rules import batches_visible_to, payments_visible_to, reactions_visible_to


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # Each admin reads through its lifecycle's visibility rule (payments.rules).
    visible_to = None

    def get_queryset(self, request):
        return queryset_within(super().get_queryset(request), self.visible_to(request.user))

    def has_view_permission(self, request, obj=None):
        return imdi_staff(request.user) and super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return imdi_staff(request.user) and super().has_module_permission(request)


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    visible_to = staticmethod(payments_visible_to)
    list_display = [
        "reference",
        "grant",
        "term_label",
        "planned_date",
        "amount",
        "status",
        "withheld_reason",
        "plan_link",
    ]
    list_filter = ["status", "grant__call__scheme", "grant__year"]
    search_fields = ["reference", "grant__case_number", "grant__organisation__name"]
    date_hierarchy = "planned_date"
    list_select_related = ["grant__organisation"]

    @admin.display(description=_("Utbetalingsside"))
    def plan_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("payments:grant", args=[obj.grant_id]), _("Åpne"))


class PayoutBatchLineInline(admin.TabularInline):
    model = PayoutBatchLine
    fields = ["payment", "amount", "outcome", "failure_reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PayoutBatch)
class PayoutBatchAdmin(ReadOnlyAdmin):
    visible_to = staticmethod(batches_visible_to)
    list_display = ["reference", "status", "execution_date", "paid_on", "bank_reference", "created_by", "batch_link"]
    list_filter = ["status"]
    inlines = [PayoutBatchLineInline]

    @admin.display(description=_("Buntside"))
    def batch_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("payments:batch", args=[obj.pk]), _("Åpne"))


@admin.register(Reaction)
class ReactionAdmin(ReadOnlyAdmin):
    visible_to = staticmethod(reactions_visible_to)
    list_display = ["grant", "kind", "amount", "status", "decided_on", "decided_by", "approved_by", "repaid_on"]
    list_filter = ["kind", "status"]
    search_fields = ["grant__case_number", "grant__organisation__name"]
    list_select_related = ["grant__organisation", "decided_by", "approved_by"]
