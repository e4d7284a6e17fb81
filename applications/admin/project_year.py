"""Admin for the later years of multi-year awards: what each binds, the officer's proposal
(confirm, reduce or stop, with a reason based on the status report) and the budget holder's
decision (four eyes). Every write goes through applications.services.project_year."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from applications import rules as app_rules
from applications.admin.base import RoleAdmin, ServiceFormMixin
from applications.forms import project_year as forms
from applications.models import ProjectYear
from applications.selectors.project_year import project_year_call, status_reports_for
from applications.services import project_year as services
from core.admin import case_timeline_link
from core.money import format_nok
from core.transitions import may

PROPOSE = {
    forms.ACTION_CONFIRM: "propose_confirm",
    forms.ACTION_REDUCE: "propose_reduce",
    forms.ACTION_STOP: "propose_stop",
}


def project_year_actions(obj, user) -> list[str]:
    """The form's choices: what the state machine lets this user do with the year now."""
    if obj is None:
        return []
    actions = [action for action, transition in PROPOSE.items() if may(obj, user, transition)]
    if obj.is_proposed and (may(obj, user, "approve") or may(obj, user, "approve_stop")):
        actions.append(forms.ACTION_APPROVE)
    if may(obj, user, "return_to_officer"):
        actions.append(forms.ACTION_RETURN)
    return actions


@admin.register(ProjectYear)
class ProjectYearAdmin(ServiceFormMixin, RoleAdmin):
    form = forms.ProjectYearForm
    change_rule = app_rules.admin_officer_or_budget_holder
    list_display = ["case_number", "organisation", "year", "year_index", "amount_display", "status", "proposal"]
    list_filter = ["status", "year"]
    list_select_related = ["organisation"]
    search_fields = ["case_number", "organisation__name", "application__title"]
    readonly_fields = [
        "case_number",
        "organisation",
        "application",
        "year",
        "year_index",
        "amount_display",
        "year_call",
        "status",
        "status_reports",
        "proposal",
        "proposed_amount",
        "reason",
        "proposed_by",
        "proposed_at",
        "decided_by",
        "decided_at",
        "grant_link",
        "timeline",
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(None, {"fields": self.readonly_fields})]
        if obj is not None and project_year_actions(obj, request.user):
            fieldsets.append(
                (
                    _("Videreføring"),
                    {"fields": ["action", "new_amount", "new_allowance", "note", "confirmed", "version"]},
                )
            )
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        actions = project_year_actions(obj, request.user)

        class Form(form_class):
            def __init__(inner, *args, **kw):
                super().__init__(*args, actions=actions, **kw)

        return Form

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or bool(project_year_actions(obj, request.user)))

    def service_call(self, request, form, obj):
        data, actor = form.cleaned_data, request.user
        action, note = data["action"], data.get("note", "")
        if action == forms.ACTION_CONFIRM:
            return services.grant_year_confirm(project_year=obj, actor=actor, reason=note)
        if action == forms.ACTION_REDUCE:
            return services.grant_year_reduce(
                project_year=obj,
                actor=actor,
                amount=data["new_amount"],
                allowance=data.get("new_allowance"),
                reason=note,
            )
        if action == forms.ACTION_STOP:
            return services.grant_year_stop(project_year=obj, actor=actor, reason=note)
        if action == forms.ACTION_APPROVE:
            return services.grant_year_approve(project_year=obj, actor=actor, expected_version=data.get("version"))
        return services.grant_year_return(project_year=obj, actor=actor, comment=note)

    @admin.display(description=_("bundet beløp"), ordering="amount")
    def amount_display(self, obj):
        if obj.allowance:
            return _("%(amount)s (herav deltakerstønad %(allowance)s)") % {
                "amount": format_nok(obj.amount),
                "allowance": format_nok(obj.allowance),
            }
        return format_nok(obj.amount)

    @admin.display(description=_("utlysning og bevilgning for året"))
    def year_call(self, obj):
        call = project_year_call(obj)
        if call is None:
            return _("Ikke registrert ennå: året kan ikke videreføres før utlysningen og bevilgningen finnes.")
        share = call.appropriation_share
        # Each on its own line: a link inside running text needs more than colour (axe).
        return format_html(
            '<div><a href="{}">{}</a></div><div>{}</div>',
            reverse("admin:schemes_call_change", args=[call.pk]),
            call,
            share or _("ingen bevilgning registrert"),
        )

    @admin.display(description=_("rapporter for årene før"))
    def status_reports(self, obj):
        reports = status_reports_for(obj)
        if not reports:
            return _("Ingen rapporter ennå.")
        return format_html_join(
            "",
            "<div>{} {} – {} ({} {})</div>",
            (
                (o.grant.year, o.get_kind_display(), o.get_status_display(), _("frist"), f"{o.due_date:%d.%m.%Y}")
                for o in reports
            ),
        )

    @admin.display(description=_("tilskudd for året"))
    def grant_link(self, obj):
        if obj.grant_id is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:applications_grant_change", args=[obj.grant_id]), obj.grant
        )

    @admin.display(description=_("saksforløp"))
    def timeline(self, obj):
        return case_timeline_link(obj.case_number)
