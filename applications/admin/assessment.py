"""Admin for officers' assessments and the ranking per priority area."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from applications import rules as app_rules
from applications.admin import ranking as ranking_admin
from applications.admin.base import RoleAdmin, ServiceFormMixin
from applications.forms.assessment import AssessmentForm, AssessmentScoreForm
from applications.models import ApplicationAttachment, Assessment, BudgetYear
from applications.selectors.application import budget_years_with_totals
from applications.selectors.assessment import assessment_criteria, assessment_summary
from applications.services import assessment as services
from core.forms import form_errors_from
from core.money import format_nok

# ---------------------------------------------------------------- assessments


@admin.register(Assessment)
class AssessmentAdmin(ServiceFormMixin, RoleAdmin):
    form = AssessmentForm
    add_rule = app_rules.admin_officer
    change_rule = app_rules.admin_officer
    list_display = [
        "application",
        "organisation",
        "officer",
        "score_purpose",
        "score_delivery",
        "score_transfer",
        "total",
        "recommended",
    ]
    list_select_related = ["application__organisation", "officer"]
    list_filter = ["application__call", "application__area__number"]
    search_fields = ["application__case_number", "application__title", "application__organisation__name"]
    ordering = ["-updated_at"]
    change_list_template = "admin/applications/assessment/change_list.html"

    @admin.display(description=_("søker"), ordering="application__organisation__name")
    def organisation(self, obj):
        return obj.application.organisation

    @admin.display(description=_("sum"))
    def total(self, obj):
        return obj.total

    @admin.display(description=_("anbefalt beløp"), ordering="recommended_amount")
    def recommended(self, obj):
        return format_nok(obj.recommended_amount)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class Form(form_class):
            def __init__(inner, *args, **kw):
                kw.setdefault("officer", request.user)
                super().__init__(*args, **kw)

        return Form

    def get_readonly_fields(self, request, obj=None):
        return ["application"] if obj else []

    def has_change_permission(self, request, obj=None):
        # One officer's scores are their own: colleagues add their own assessment.
        allowed = super().has_change_permission(request, obj)
        return allowed and app_rules.may_change_assessment(request.user, obj)

    def service_call(self, request, form, obj):
        data = form.cleaned_data
        return services.assessment_save(
            application=obj.application if obj else data["application"],
            officer=obj.officer if obj else request.user,
            actor=request.user,
            score_purpose=data["score_purpose"],
            score_delivery=data["score_delivery"],
            score_transfer=data["score_transfer"],
            comment=data.get("comment", ""),
            recommended_amount=data.get("recommended_amount"),
        )

    def get_urls(self):
        urls = [
            path(
                "rangering/",
                self.admin_site.admin_view(self.ranking_view),
                name="applications_assessment_ranking",
            ),
            path(
                "rangering.xlsx",
                self.admin_site.admin_view(self.ranking_xlsx_view),
                name="applications_assessment_ranking_xlsx",
            ),
        ]
        urls.append(
            path(
                "vurder/<int:application_id>/",
                self.admin_site.admin_view(self.score_view),
                name="applications_assessment_score",
            )
        )
        return urls + super().get_urls()

    def score_view(self, request, application_id):
        """Score an application with the whole application beside the form. A declared conflict
        of interest shows its reason instead of the form (and the service refuses a POST)."""
        if not (app_rules.admin_officer(request.user) and self.has_add_permission(request)):
            raise PermissionDenied
        application = get_object_or_404(
            app_rules.applications_sent_to_imdi()
            .select_related("call", "area", "organisation", "organisation__county")
            .prefetch_related(
                "partners",
                "earlier_projects",
                # The document type beside each attachment (one query, not one per attachment).
                Prefetch("attachments", queryset=ApplicationAttachment.objects.select_related("requirement")),
                "call__criteria",
                Prefetch("budget_years", queryset=BudgetYear.objects.order_by("year_index").prefetch_related("lines")),
            ),
            pk=application_id,
        )
        mine = Assessment.objects.filter(application=application, officer=request.user).first()
        criteria = assessment_criteria(application.call)
        initial = {}
        if mine is not None:
            initial = {c["field"]: getattr(mine, c["field"]) for c in criteria}
            initial.update(comment=mine.comment, recommended_amount=mine.recommended_amount)
        form = AssessmentScoreForm(
            request.POST if request.method == "POST" else None, criteria=criteria, initial=initial
        )
        conflict = app_rules.conflict_refusal(request.user, application)
        open_for_scoring = application.status in services.OPEN_FOR_ASSESSMENT
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.assessment_save(
                    application=application,
                    officer=request.user,
                    score_purpose=data["score_purpose"],
                    score_delivery=data["score_delivery"],
                    score_transfer=data["score_transfer"],
                    comment=data.get("comment", ""),
                    recommended_amount=data.get("recommended_amount"),
                )
            except (ValidationError, PermissionDenied) as exc:
                if isinstance(exc, PermissionDenied):
                    form.add_error(None, str(exc))
                else:
                    form_errors_from(form, exc)
            else:
                self.message_user(
                    request,
                    _("Vurderingen av %(case)s er lagret.") % {"case": application.case_number},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:applications_assessment_score", args=[application.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Vurder søknad %(case)s") % {"case": application.case_number},
            "application": application,
            "budget_years": budget_years_with_totals(application),
            "criteria": criteria,
            "form": form,
            "mine": mine,
            "conflict": conflict,
            "open_for_scoring": open_for_scoring,
        }
        return TemplateResponse(request, "admin/applications/assessment/score.html", context)

    def ranking_view(self, request):
        return ranking_admin.ranking_view(self, request)

    def ranking_xlsx_view(self, request):
        return ranking_admin.ranking_xlsx(self, request)


class AssessmentInline(admin.TabularInline):
    """Read-only list of the officers' scores, for the application's admin page."""

    model = Assessment
    extra = 0
    can_delete = False
    fields = ["officer", "score_purpose", "score_delivery", "score_transfer", "recommended_amount", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return app_rules.admin_imdi(request.user)


def assessment_summary_html(application):
    """Average per criterion and in total, and the priority factors, for the application admin."""
    if application is None or application.pk is None:
        return "–"
    summary = assessment_summary(application)
    if not summary["count"]:
        scores = _("Ikke vurdert ennå.")
    else:
        scores = format_html(
            "{}: {} · {}: {} · {}: {} · {}: {} ({} {}; {} {})",
            _("Formål"),
            number_format(summary["purpose"], 2),
            _("Gjennomføringsevne"),
            number_format(summary["delivery"], 2),
            _("Overføringsverdi"),
            number_format(summary["transfer"], 2),
            _("Sum"),
            number_format(summary["total"], 2),
            summary["count"],
            _("vurderinger"),
            _("spredning i sum"),
            summary["spread"],
        )
    factors = format_html_join("", "<li>{}</li>", ((f,) for f in summary["factors"]))
    return format_html("<p>{}</p><ul>{}</ul>", scores, factors)
