"""IMDi's view of submitted applications. Drafts and applications awaiting the
municipality's approval are the municipality's own business and never shown here.
Everything the applicant wrote is read-only; statuses move only through services."""

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from applications.admin.assessment import AssessmentInline, assessment_summary_html
from applications.admin.information import information_link_html, information_view
from applications.admin.queue import application_queue_view
from applications.models import Application, ApplicationAttachment, BudgetYear, EarlierProject
from applications.rules import admin_imdi, admin_officer, applications_sent_to_imdi
from applications.services.application import budget_year_totals
from core.admin import case_timeline_link
from core.admin_lists import FastActionCheckboxMixin, queryset_within
from core.money import format_nok

# Fields the applicant owns: IMDi may read but never change them.
APPLICANT_FIELDS = (
    "call",
    "area",
    "organisation",
    "partners",
    "status",
    "case_number",
    "created_by",
    "submitted_at",
    "submitted_by",
    "title",
    "summary",
    "goals",
    "target_group",
    "activities",
    "criterion_purpose",
    "criterion_delivery",
    "criterion_transfer",
    "project_start",
    "project_end",
    "participants",
    "voluntary_cooperation",
    "supervisor_name",
    "supervisor_institution",
    "supervisor_is_academic",
    "contact_name",
    "contact_email",
    "contact_phone",
)


def budget_overview_html(application) -> str:
    """Each budget year's cost lines and totals (costs, financing, difference), for the officer
    beside the scores."""
    years = application.budget_years.prefetch_related("lines").order_by("year_index")
    parts = []
    for year in years:
        totals = budget_year_totals(year)
        lines = format_html_join(
            "",
            '<tr><td>{}</td><td>{}</td><td class="text-end">{}</td></tr>',
            ((line.get_category_display(), line.description, format_nok(line.amount)) for line in year.lines.all()),
        )
        parts.append(
            format_html(
                '<table class="budget-overview"><caption>{} {}</caption>'
                '<thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead>'
                "<tbody>{}</tbody><tfoot>"
                '<tr><th scope="row" colspan="2">{}</th><td>{}</td></tr>'
                '<tr><th scope="row" colspan="2">{}</th><td>{}</td></tr>'
                '<tr><th scope="row" colspan="2">{}</th><td>{}</td></tr>'
                '<tr><th scope="row" colspan="2">{}</th><td>{}</td></tr>'
                "</tfoot></table>",
                _("Budsjett"),
                year.year,
                _("Kategori"),
                _("Beskrivelse"),
                _("Beløp"),
                lines,
                _("Sum kostnader"),
                format_nok(totals["costs"]),
                _("Finansiering (egenandel, annen finansiering, søknadsbeløp og deltakerstønad)"),
                format_nok(totals["financing"]),
                _("Herav deltakerstønad det søkes om"),
                format_nok(year.participant_allowance),
                _("Differanse"),
                format_nok(totals["difference"]),
            )
        )
    if not parts:
        return _("Budsjettet mangler.")
    return format_html_join("", "{}", ((part,) for part in parts))


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BudgetYearInline(ReadOnlyInline):
    model = BudgetYear
    fields = ["year", "own_contribution", "other_funding", "amount_applied", "participant_allowance"]
    readonly_fields = fields


class EarlierProjectInline(ReadOnlyInline):
    model = EarlierProject
    fields = ["description", "imdi_case_number", "decided_on"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = ApplicationAttachment
    fields = ["download", "content_type", "size", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("fil"))
    def download(self, obj):
        url = reverse("applications:attachment", kwargs={"pk": obj.application_id, "attachment_id": obj.pk})
        return format_html('<a href="{}">{}</a>', url, obj.download_name)


@admin.register(Application)
class ApplicationAdmin(FastActionCheckboxMixin, admin.ModelAdmin):
    list_display = [
        "case_number",
        "title",
        "organisation",
        "county",
        "call_year",
        "area_number",
        "status",
        "submitted_at",
    ]
    list_display_links = ["case_number", "title"]
    list_filter = ["call", "area", "status", "organisation__county"]
    search_fields = ["case_number", "organisation__name", "title"]
    list_select_related = ["organisation", "organisation__county", "call", "area"]
    readonly_fields = (*APPLICANT_FIELDS, "information", "assessment_summary", "budget_overview", "timeline")
    fields = (*APPLICANT_FIELDS, "information", "assessment_summary", "budget_overview", "timeline")
    inlines = [BudgetYearInline, EarlierProjectInline, AttachmentInline, AssessmentInline]
    date_hierarchy = None
    show_full_result_count = False

    def get_queryset(self, request):
        return queryset_within(super().get_queryset(request), applications_sent_to_imdi())

    def get_urls(self):
        queue = path("ko/", self.admin_site.admin_view(self.queue_view), name="applications_application_queue")
        information = path(
            "<int:pk>/mer-informasjon/",
            self.admin_site.admin_view(self.information_view),
            name="applications_application_information",
        )
        return [queue, information, *super().get_urls()]

    def queue_view(self, request):
        return application_queue_view(self, request)

    def information_view(self, request, pk):
        return information_view(self, request, pk)

    @admin.display(description=_("mer informasjon"))
    def information(self, obj):
        return information_link_html(obj)

    @admin.display(description=_("vurdering (snitt) og prioriteringer"))
    def assessment_summary(self, obj):
        link = format_html(
            '<p><a class="button" href="{}">{}</a></p>',
            reverse("admin:applications_assessment_score", args=[obj.pk]),
            _("Vurder søknaden (søknaden ved siden av skjemaet)"),
        )
        return format_html("{}{}", link, assessment_summary_html(obj))

    @admin.display(description=_("budsjett: kostnader og finansiering"))
    def budget_overview(self, obj):
        return budget_overview_html(obj)

    @admin.display(description=_("saksforløp"))
    def timeline(self, obj):
        return case_timeline_link(obj.case_number)

    @admin.display(description=_("fylke"), ordering="organisation__county__number")
    def county(self, obj):
        return obj.organisation.county.name

    @admin.display(description=_("år"), ordering="call__year")
    def call_year(self, obj):
        # The call's year: its full name is too long for the list (the filter names it).
        return obj.call.year

    @admin.display(description=_("område"), ordering="area__number")
    def area_number(self, obj):
        return obj.area.number if obj.area else "–"

    def has_module_permission(self, request):
        return admin_imdi(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return admin_imdi(request.user) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return admin_officer(request.user) and super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
