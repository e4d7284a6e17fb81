from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.rules import grants_visible_to
from core.admin import KnownValueListFilter
from core.admin_lists import FastActionCheckboxMixin
from core.calendar import today_oslo
from core.forms import form_errors_from
from core.selectors import case_events_for
from core.transitions import available_actions
from organisations.rules import imdi_staff, officer
from reporting import services
from reporting.accounts import accounts_totals
from reporting.forms import ObligationAddForm, ReviewForm, report_forms_build
from reporting.models import ReportObligation, ReportReminder
from reporting.rules import obligations_visible_to, reminders_visible_to, reports_visible_to
from reporting.selectors import (
    State,
    call_report_counts,
    obligation_state,
    open_window_days,
    pending_moves_per_call,
    report_rows,
    state_q,
)
from schemes.models import Call

CHART_WIDTH = 520
# The review form's buttons: posted value → (transition, service, message when done).
REVIEW = {
    "approve": ("approve", services.report_approve, gettext_lazy("Rapporten er godkjent.")),
    "return": ("return_to_organisation", services.report_return, gettext_lazy("Rapporten er returnert til kommunen.")),
}


class StateFilter(KnownValueListFilter):
    title = gettext_lazy("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return State.CHOICES

    def queryset(self, request, queryset):
        if self.value() in State.LABELS:
            return queryset.filter(state_q(self.value(), today=today_oslo()))
        return queryset


class CallFilter(KnownValueListFilter):
    title = gettext_lazy("utlysning")
    parameter_name = "call"

    def lookups(self, request, model_admin):
        return [(c.pk, c.title) for c in Call.objects.order_by("-year", "title")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(grant__call_id=self.value())
        return queryset


@admin.register(ReportObligation)
class ReportObligationAdmin(FastActionCheckboxMixin, admin.ModelAdmin):
    list_display = ["case_number", "organisation", "kind", "period", "due_date", "state_display", "review_link"]
    list_filter = [CallFilter, StateFilter, "kind"]
    list_select_related = ["grant__organisation", "grant__call"]
    search_fields = ["grant__case_number", "grant__organisation__name"]
    date_hierarchy = None
    ordering = ["due_date", "id"]
    readonly_fields = ["grant", "deadline", "kind", "period_start", "period_end", "due_date", "status", "created_at"]
    fields = readonly_fields
    change_list_template = "admin/reporting/reportobligation/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Status moves only through the review page (services); the record itself is read-only.
        return False

    def has_view_permission(self, request, obj=None):
        # A stray model permission is not enough: only IMDi roles see reports here.
        return imdi_staff(request.user) and super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return imdi_staff(request.user) and super().has_module_permission(request)

    def get_queryset(self, request):
        return obligations_visible_to(request.user).select_related("grant__organisation", "grant__call")

    @admin.display(description=gettext_lazy("saksnummer"), ordering="grant__case_number")
    def case_number(self, obj):
        return obj.grant.case_number

    @admin.display(description=gettext_lazy("mottaker"), ordering="grant__organisation__name")
    def organisation(self, obj):
        return obj.grant.organisation.name

    @admin.display(description=gettext_lazy("periode"))
    def period(self, obj):
        return f"{obj.period_start:%d.%m.%Y}–{obj.period_end:%d.%m.%Y}"

    @admin.display(description=gettext_lazy("status"))
    def state_display(self, obj):
        return State.LABELS[obligation_state(obj, today=today_oslo(), window_days=open_window_days(obj.grant.call))]

    @admin.display(description="")
    def review_link(self, obj):
        url = reverse("admin:reporting_reportobligation_review", args=[obj.pk])
        label = _("Behandle") if obj.is_submitted else _("Vis rapport")
        return format_html('<a href="{}">{}</a>', url, label)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("oversikt/", wrap(self.dashboard_view), name="reporting_reportobligation_dashboard"),
            path("<int:pk>/behandle/", wrap(self.review_view), name="reporting_reportobligation_review"),
            path("flytt-frister/<int:call_id>/", wrap(self.move_view), name="reporting_reportobligation_move"),
            path(
                "ny-plikt/<int:grant_id>/", wrap(self.add_to_grant_view), name="reporting_reportobligation_add_to_grant"
            ),
            *super().get_urls(),
        ]

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = today_oslo()
        rows = call_report_counts(today=today)
        pending = pending_moves_per_call()
        order = [s for s, _label in State.CHOICES]
        bar_height, gap, label_width = 22, 34, 0
        for i, row in enumerate(rows):
            x = label_width
            segments = []
            total = row["total"] or 1
            for state in order:
                n = row["counts"][state]
                if not n:
                    continue
                width = round(CHART_WIDTH * n / total, 1)
                segments.append({"state": state, "x": x, "width": width, "n": n, "label": State.LABELS[state]})
                x += width
            row["segments"] = segments
            row["y"] = i * (bar_height + gap) + 18
            row["bar_y"] = row["y"] + 6
            row["pending_moves"] = pending.get(row["call"].pk, 0)
            row["changelist_url"] = reverse("admin:reporting_reportobligation_changelist") + f"?call={row['call'].pk}"
        context = {
            **self.admin_site.each_context(request),
            "title": _("Rapporter per utlysning"),
            "rows": rows,
            "states": State.CHOICES,
            "chart_width": CHART_WIDTH,
            "chart_height": max(len(rows), 1) * (bar_height + gap) + 10,
            "bar_height": bar_height,
            "today": today,
            "opts": self.model._meta,
            "can_move": request.user.has_perm("reporting.move_report_deadlines"),
        }
        return TemplateResponse(request, "admin/reporting/dashboard.html", context)

    def review_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        obligation = get_object_or_404(self.get_queryset(request), pk=pk)
        # A draft is the organisation's own: not read (nor created) here until it is submitted.
        report = reports_visible_to(request.user).filter(obligation=obligation).first()
        visible = report is not None
        # The buttons: the review transitions this user may take now.
        allowed = {a.name: a for a in available_actions(obligation, request.user)}
        buttons = [(value, allowed[t]) for value, (t, _service, _done) in REVIEW.items() if t in allowed]
        form = ReviewForm(request.POST or None)
        if request.method == "POST":
            if not buttons:
                raise PermissionDenied
            if form.is_valid():
                action = request.POST.get("action")
                try:
                    if action not in dict(buttons):
                        raise ValidationError(_("Velg godkjenn eller returner."))
                    _transition, service, done = REVIEW[action]
                    extra = {"new_due_date": form.cleaned_data.get("new_due_date")} if action == "return" else {}
                    service(obligation=obligation, actor=request.user, comment=form.cleaned_data["comment"], **extra)
                except ValidationError as exc:
                    if hasattr(exc, "error_dict"):
                        for field, errors in exc.message_dict.items():
                            form.add_error(field if field in form.fields else None, errors)
                    else:
                        form.add_error(None, exc.messages)
                else:
                    messages.success(request, done)
                    return redirect("admin:reporting_reportobligation_review", pk=obligation.pk)
        text_form, activity_forms = None, None
        if visible:
            text_form, _income_form, _line_forms, activity_forms = report_forms_build(obligation, report)
        state = obligation_state(obligation, today=today_oslo())
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(kind)s %(case)s")
            % {"kind": obligation.get_kind_display(), "case": obligation.grant.case_number},
            "obligation": obligation,
            "grant": obligation.grant,
            "report": report,
            "report_visible": visible,
            "state_label": State.LABELS[state],
            "text_form": text_form,
            "activity_rows": [(f.activity, f) for f in activity_forms or []],
            "totals": accounts_totals(report, report_rows(report)[0]) if visible and obligation.has_accounts else None,
            "attachments": list(report.attachments.all()) if visible else [],
            "events": case_events_for(obligation),
            "form": form,
            "buttons": buttons,
            "can_review": bool(buttons),
            "return_due_date": services.report_return_due_date_default(obligation)
            if "return" in dict(buttons)
            else None,
            "may_add_obligation": request.user.has_perm("reporting.add_report_obligation"),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reporting/review.html", context)

    def move_view(self, request, call_id):
        if not request.user.has_perm("reporting.move_report_deadlines"):
            raise PermissionDenied
        call = get_object_or_404(Call, pk=call_id)
        if request.method == "POST":
            result = services.report_obligations_move(call=call, actor=request.user)
            messages.success(
                request,
                _("%(moved)s åpne rapporteringsplikter er flyttet, %(created)s nye er opprettet.") % result,
            )
            return redirect("admin:reporting_reportobligation_move", call_id=call.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Flytt åpne rapportfrister: %(call)s") % {"call": call.title},
            "call": call,
            "pending": services.report_obligations_pending_moves(call),
            "deadlines": list(call.report_deadlines.all()),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reporting/move.html", context)

    def add_to_grant_view(self, request, grant_id):
        """An extra report obligation or a document request (bevilgningsreglementet § 10)."""
        if not request.user.has_perm("reporting.add_report_obligation"):
            raise PermissionDenied
        grant = get_object_or_404(grants_visible_to(request.user).select_related("organisation"), pk=grant_id)
        form = ObligationAddForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                obligation = services.report_obligation_add(grant=grant, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(
                    request,
                    _("%(kind)s er lagt til med frist %(date)s.")
                    % {"kind": obligation.get_kind_display(), "date": f"{obligation.due_date:%d.%m.%Y}"},
                )
                return redirect("admin:reporting_reportobligation_add_to_grant", grant_id=grant.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Ny rapporteringsplikt i sak %(case)s") % {"case": grant.case_number},
            "grant": grant,
            "form": form,
            "obligations": list(grant.report_obligations.order_by("due_date", "id")),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reporting/obligation_add.html", context)


@admin.register(ReportReminder)
class ReportReminderAdmin(admin.ModelAdmin):
    list_display = ["obligation", "case_number", "due_date", "days_before", "sent_at", "recipients"]
    list_select_related = ["obligation__grant"]
    list_filter = ["sent_at"]
    readonly_fields = ["obligation", "due_date", "days_before", "created_at", "sent_at", "recipients"]

    def has_view_permission(self, request, obj=None):
        return officer(request.user) and super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return officer(request.user) and super().has_module_permission(request)

    def get_queryset(self, request):
        return reminders_visible_to(request.user).select_related("obligation__grant")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("saksnummer"))
    def case_number(self, obj):
        return obj.obligation.grant.case_number
