from django.contrib import admin

from core.admin import HistoryAdmin
from schemes.forms import (
    CallAdminForm,
    PayoutTermForm,
    PriorityAreaInlineFormSet,
    RateAdminForm,
    ReportDeadlineInlineFormSet,
)
from schemes.models import (
    Appropriation,
    AppropriationShare,
    Call,
    PayoutTerm,
    PriorityArea,
    Rate,
    ReportDeadline,
    Scheme,
)


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "chapter", "post"]


class PriorityAreaInline(admin.StackedInline):
    model = PriorityArea
    formset = PriorityAreaInlineFormSet
    extra = 0


class ReportDeadlineInline(admin.TabularInline):
    model = ReportDeadline
    formset = ReportDeadlineInlineFormSet
    extra = 0


class PayoutTermInline(admin.TabularInline):
    model = PayoutTerm
    form = PayoutTermForm
    extra = 0


@admin.register(Call)
class CallAdmin(HistoryAdmin):
    form = CallAdminForm
    list_display = ["title", "year", "scheme", "application_deadline", "frame"]
    list_filter = ["scheme", "year"]
    list_select_related = ["scheme"]
    inlines = [PriorityAreaInline, PayoutTermInline, ReportDeadlineInline]


class AppropriationShareInline(admin.TabularInline):
    model = AppropriationShare
    extra = 0


@admin.register(Appropriation)
class AppropriationAdmin(HistoryAdmin):
    list_display = ["__str__", "name", "amount"]
    inlines = [AppropriationShareInline]


@admin.register(Rate)
class RateAdmin(HistoryAdmin):
    form = RateAdminForm
    list_display = ["kind", "scheme", "amount", "valid_from", "valid_to"]
    list_filter = ["kind"]
