"""The officers' view of case messages in the admin: every thread IMDi may see (casework.rules),
read-only, with its messages and internal notes; replies and notes are written on the thread's
portal page (linked), through the same service as the municipality's."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from applications.rules import admin_officer_or_budget_holder
from casework.models import Message, Thread
from casework.rules import threads_visible_to


class MessageInline(admin.TabularInline):
    model = Message
    fields = ("created_at", "author", "from_imdi", "internal", "body")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return admin_officer_or_budget_holder(request.user)


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ("subject", "case_number", "organisation", "last_message_at", "portal_link")
    list_filter = ("organisation",)
    search_fields = ("case_number", "subject", "organisation__name")
    fields = ("subject", "case_number", "organisation", "application", "grant", "obligation", "portal_link")
    readonly_fields = fields
    inlines = [MessageInline]

    @admin.display(description=_("Svar i portalen"))
    def portal_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("casework:thread", args=[obj.pk]), _("Åpne tråden"))

    def get_queryset(self, request):
        return threads_visible_to(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return admin_officer_or_budget_holder(request.user) and super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return admin_officer_or_budget_holder(request.user) and super().has_module_permission(request)
