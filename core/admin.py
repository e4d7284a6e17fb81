from django import forms
from django.contrib import admin
from django.contrib.admin import options as admin_options
from django.contrib.admin import widgets as admin_widgets
from django.contrib.admin.templatetags import admin_list as admin_list_tags
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_case_log import CaseEventActionFilter, KeysetChangeList
from core.admin_lists import FastActionCheckboxMixin
from core.forms import BoundedDateField, BoundedSplitDateTimeField, FreeTextField
from core.login import AdminLoginForm
from core.models import CaseEvent, Job, Notification, SweepRun, User
from core.rules import acts_as_imdi_staff

# Every admin form: dates in range, free text within a letter's length. The defaults serve the
# admins registered after this module; those registered before it (auth, celery beat) are
# given the same form classes below, unless they chose their own.
_BOUNDED_FORM_CLASSES = {
    models.DateField: (forms.DateField, BoundedDateField),
    models.DateTimeField: (forms.SplitDateTimeField, BoundedSplitDateTimeField),
    models.TextField: (None, FreeTextField),
}


def admin_input_bounds_apply(overrides):
    for db_class, (plain, bounded) in _BOUNDED_FORM_CLASSES.items():
        current = overrides.setdefault(db_class, {})
        if current.get("form_class") in (None, plain):
            current["form_class"] = bounded


admin_input_bounds_apply(admin_options.FORMFIELD_FOR_DBFIELD_DEFAULTS)
for _model_admin in admin.site._registry.values():
    admin_input_bounds_apply(_model_admin.formfield_overrides)


# Django's autocomplete widget looks up the posted ids to re-render a refused form, and a
# non-numeric id ("abc") is then a server error instead of the form's own "invalid choice".
_autocomplete_optgroups = admin_widgets.AutocompleteMixin.optgroups


def _autocomplete_optgroups_of_valid_ids(self, name, value, attr=None):
    remote = self.field.remote_field
    field_name = getattr(remote, "field_name", None)
    target = remote.model._meta.get_field(field_name) if field_name else remote.model._meta.pk

    def valid(item):
        try:
            target.get_prep_value(target.to_python(item))
        except (ValidationError, ValueError, TypeError):
            return False
        return True

    return _autocomplete_optgroups(self, name, [item for item in value if valid(item)], attr)


admin_widgets.AutocompleteMixin.optgroups = _autocomplete_optgroups_of_valid_ids


# Django's yes/no icons in lists and read-only fields carry the Python value as their text
# ("True", "False", "None"), untranslated; a screen reader reads it out.
def _boolean_icon_in_words(field_val):
    from django.templatetags.static import static

    icon = {True: "yes", False: "no", None: "unknown"}[field_val]
    words = {True: _("Ja"), False: _("Nei"), None: _("Ukjent")}[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), words)


admin_list_tags._boolean_icon = _boolean_icon_in_words


class KnownValueListFilter(admin.SimpleListFilter):
    """A list filter that ignores any value it does not offer (`?call=abc` shows the whole
    list instead of a server error)."""

    def value(self):
        value = super().value()
        if value is None or value not in {str(key) for key, _label in self.lookup_choices}:
            return None
        return value


class HistoryAdmin(FastActionCheckboxMixin, SimpleHistoryAdmin):
    """Model history to read, never to revert: simple-history's revert form saves whatever is
    posted after checking only the view permission, and a revert would bypass the services."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_view(self, request, object_id, extra_context=None):
        # simple-history filters on the raw id: "x" would be a 500 instead of a 404.
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = DjangoUserAdmin.fieldsets + (("IMDi", {"fields": ("title", "phone", "language")}),)
    list_display = ["username", "first_name", "last_name", "email", "is_staff"]


class ReadOnlyAdmin(FastActionCheckboxMixin, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def case_timeline_link(case_number):
    """A link to the case's timeline page, for the application and grant admin pages."""
    if not case_number:
        return "–"
    return format_html(
        '<a href="{}">{}</a>',
        reverse("admin:core_caseevent_timeline", args=[case_number]),
        _("Saksforløp for sak %(case)s") % {"case": case_number},
    )


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "case", "content_type", "object_id", "event", "from_state", "to_state", "actor"]
    # Ten years of events: no date hierarchy (its year links are a DISTINCT over the whole log on
    # every page) but a date filter that costs nothing to draw, the event filter from the labels,
    # no count, newest first on the (created_at, id) indexes, a page at a time by key ("Eldre" /
    # "Nyere", core.admin_case_log.KeysetChangeList): no sorting by other columns.
    list_filter = [("created_at", admin.DateFieldListFilter), CaseEventActionFilter, "content_type"]
    list_select_related = ["actor", "content_type"]
    search_fields = ["case_number"]
    show_full_result_count = False
    ordering = ["-created_at", "-id"]
    sortable_by = ()
    change_list_template = "admin/core/caseevent/change_list.html"

    def get_changelist(self, request, **kwargs):
        return KeysetChangeList

    @admin.display(description=_("hendelse"), ordering="action")
    def event(self, obj):
        return obj.label

    @admin.display(description=_("saksnummer"), ordering="case_number")
    def case(self, obj):
        return case_timeline_link(obj.case_number)

    def get_queryset(self, request):
        from core.selectors import case_events_imdi_may_see

        return case_events_imdi_may_see(super().get_queryset(request))

    def get_urls(self):
        timeline = path(
            "sak/<path:case_number>/",
            self.admin_site.admin_view(self.timeline_view),
            name="core_caseevent_timeline",
        )
        return [timeline, *super().get_urls()]

    def timeline_view(self, request, case_number):
        """One case, application to last payment, with the notices sent on it."""
        from core.selectors import case_notifications, case_timeline

        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Saksforløp for sak %(case)s") % {"case": case_number},
            "case_number": case_number,
            "events": case_timeline(case_number=case_number, user=request.user),
            "notifications": list(case_notifications(case_number=case_number, user=request.user)),
        }
        return TemplateResponse(request, "admin/core/caseevent/timeline.html", context)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "case_number", "kind", "address", "user", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["user"]
    search_fields = ["case_number", "address"]
    date_hierarchy = "created_at"
    fields = [
        "kind",
        "case_number",
        "user",
        "address",
        "language",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    readonly_fields = fields

    # The role is the rules' (organisations.rules: "organisations.act_as_imdi_staff").
    def has_module_permission(self, request):
        return acts_as_imdi_staff(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return acts_as_imdi_staff(request.user) and super().has_view_permission(request, obj)


class SweepOutcomeFilter(admin.SimpleListFilter):
    title = _("utfall")
    parameter_name = "utfall"

    def lookups(self, request, model_admin):
        return [("feil", _("Feilet")), ("ok", _("Uten feil")), ("kjorer", _("Kjører"))]

    def queryset(self, request, queryset):
        if self.value() == "feil":
            return queryset.exclude(error="")
        if self.value() == "ok":
            return queryset.filter(error="", finished_at__isnull=False)
        if self.value() == "kjorer":
            return queryset.filter(finished_at__isnull=True)
        return queryset


# Who may start a sweep by hand is the rules' (organisations.rules: "core.run_sweep").
RUN_SWEEP_PERMISSION = "core.run_sweep"


@admin.register(SweepRun)
class SweepRunAdmin(ReadOnlyAdmin):
    list_display = ["name_display", "started_at", "finished_at", "outcome", "summary_display", "error_display"]
    list_filter = [SweepOutcomeFilter, "name"]
    change_list_template = "admin/core/sweeprun/change_list.html"

    @admin.display(description=_("jobb"), ordering="name")
    def name_display(self, obj):
        from core.schedule import DAILY_SWEEPS

        labels = {task: label for label, task, _hour, _minute in DAILY_SWEEPS}
        return labels.get(obj.name, obj.name)

    @admin.display(description=_("utfall"))
    def outcome(self, obj):
        if obj.error:
            return _("Feilet")
        return _("OK") if obj.finished_at else _("Kjører")

    @admin.display(description=_("hva den gjorde"))
    def summary_display(self, obj):
        from core.schedule import sweep_summary_lines

        return ", ".join(sweep_summary_lines(obj.summary)) or "–"

    @admin.display(description=_("feil"))
    def error_display(self, obj):
        return obj.error[:200] if obj.error else "–"

    def get_urls(self):
        run = path("kjor/<str:task>/", self.admin_site.admin_view(self.run_view), name="core_sweeprun_run")
        return [run, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        # Above the list: each scheduled sweep's last run, what it did and its last failure.
        from core.selectors import sweep_last_runs

        context = {"last_runs": sweep_last_runs(), "may_run": request.user.has_perm(RUN_SWEEP_PERMISSION)}
        return super().changelist_view(request, {**(extra_context or {}), **context})

    def run_view(self, request, task):
        """Start a scheduled sweep now (it is idempotent: it does what the morning run would)."""
        from django.contrib import messages
        from django.db import transaction
        from django.http import HttpResponseNotAllowed, HttpResponseRedirect
        from django.utils.module_loading import import_string

        from core.schedule import sweep_by_task

        if not (self.has_view_permission(request) and request.user.has_perm(RUN_SWEEP_PERMISSION)):
            raise PermissionDenied
        sweep = sweep_by_task(task)
        if sweep is None:
            raise Http404
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        # The task path is the schedule's data (core.schedule), as for Celery beat.
        celery_task = import_string(task)
        transaction.on_commit(celery_task.delay)
        messages.success(
            request, _("«%(name)s» er startet. Resultatet vises her når jobben er ferdig.") % {"name": sweep[0]}
        )
        return HttpResponseRedirect(reverse("admin:core_sweeprun_changelist"))


admin.site.login_form = AdminLoginForm
admin.site.site_header = _("IMDi tilskuddsportal – saksbehandling")
admin.site.site_title = _("IMDi tilskuddsportal")
admin.site.index_title = _("Saksbehandling")


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    """IMDi's long jobs (exports) with their progress. A municipality's jobs (its application
    PDFs) are its own: they are not listed here."""

    list_display = ["title_link", "owner", "status", "progress_display", "created_at", "finished_at", "error"]
    list_filter = ["status", "kind"]
    list_select_related = ["owner"]
    search_fields = ["title", "owner__username"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(organisation_id__isnull=True)

    @admin.display(description=_("jobb"), ordering="title")
    def title_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("jobs:detail", args=[obj.pk]), obj.title)

    @admin.display(description=_("fremdrift"))
    def progress_display(self, obj):
        if obj.is_done:
            return "100 %"
        if not obj.progress_total:
            return "–"
        return _("%(done)s av %(total)s (%(percent)s %%)") % {
            "done": obj.progress_done,
            "total": obj.progress_total,
            "percent": obj.percent,
        }
