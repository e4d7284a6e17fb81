"""Admin for grants, grant letters, acceptance and acceptance reminders.

Officers preview letters, extend deadlines and let grants lapse; budget holders sign and send
letters (one, a selection, or all of a call as a background job with a progress bar); finance
reads. Each class and action checks the role as well as the model permission; every write goes
through applications.services.grant."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications import rules as app_rules
from applications.admin.base import form_errors_from as _form_errors_from
from applications.admin.letter_job import LetterJobAdminMixin, can_handle_letters, can_sign_letters, error_messages
from applications.forms.grant import DeadlineExtendForm, LapseForm, LetterCorrectionForm
from applications.jobs import grant_letter_preview_enqueue
from applications.models import Acceptance, AcceptanceReminder, Grant, GrantLetter, LetterSendJob
from applications.selectors.grant import acceptance_is_late, latest_letter, letter_job_pending, letters_for_grant
from applications.services import grant as services
from core.admin import HistoryAdmin, KnownValueListFilter, case_timeline_link
from core.money import format_nok
from core.selectors import case_events_for
from core.transitions import may


def _pdf(field_file, filename, *, inline=True):
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="application/pdf", as_attachment=not inline, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response


class GrantRoleMixin:
    """Model permission AND role; case records are never deleted."""

    view_rule = app_rules.admin_imdi
    change_rule = None

    def has_module_permission(self, request):
        return self.view_rule(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.view_rule(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        allowed = self.change_rule is not None and self.change_rule(request.user)
        return allowed and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


class GrantLetterInline(admin.TabularInline):
    model = GrantLetter
    fk_name = "grant"
    extra = 0
    can_delete = False
    fields = ["version", "sent_at", "acceptance_deadline", "signed_by", "sha256", "correction_note", "pdf_link"]
    readonly_fields = fields
    verbose_name_plural = _("sendte tilskuddsbrev")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj):
        if not obj.pdf:
            return gettext("Lages …")  # a correction rendered off the request path (core.documents)
        url = reverse("admin:applications_grantletter_pdf", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Åpne"))


class AcceptanceReminderInline(admin.TabularInline):
    model = AcceptanceReminder
    extra = 0
    can_delete = False
    fields = ["deadline", "days_before", "sent_at"]
    readonly_fields = fields
    verbose_name_plural = _("påminnelser og fristbrudd")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OverdueFilter(KnownValueListFilter):
    title = _("akseptfrist")
    parameter_name = "frist"

    def lookups(self, request, model_admin):
        return [("flagget", _("Oversittet, venter på rådgiver")), ("venter", _("Venter på aksept"))]

    def queryset(self, request, queryset):
        if self.value() == "flagget":
            return queryset.filter(status=Grant.Status.LETTER_SENT, acceptance_overdue_flagged_at__isnull=False)
        if self.value() == "venter":
            return queryset.filter(status=Grant.Status.LETTER_SENT, acceptance_overdue_flagged_at__isnull=True)
        return queryset


@admin.register(Grant)
class GrantAdmin(LetterJobAdminMixin, GrantRoleMixin, HistoryAdmin):
    change_rule = app_rules.admin_officer_or_budget_holder
    list_display = [
        "case_number",
        "organisation",
        "year_display",
        "amount_display",
        "status",
        "acceptance_deadline",
        "overdue",
    ]
    list_filter = ["status", OverdueFilter, "call"]
    list_select_related = ["organisation", "call"]
    search_fields = ["case_number", "organisation__name"]
    actions = ["send_letters", "lapse_grants"]
    inlines = [GrantLetterInline, AcceptanceReminderInline]
    change_form_template = "applications/grant_admin_change_form.html"
    change_list_template = "applications/grant_admin_change_list.html"
    fields = [
        "case_number",
        "organisation",
        "call",
        "application",
        "decision",
        "year_display",
        "amount_display",
        "places",
        "monthly_rate",
        "months",
        "status",
        "special_conditions",
        "acceptance_deadline",
        "acceptance_overdue_flagged_at",
        "timeline",
        "case_log",
    ]

    def get_readonly_fields(self, request, obj=None):
        editable = obj is not None and obj.is_answerable
        return [f for f in self.fields if not (editable and f == "special_conditions")]

    @admin.display(description=_("tilskuddsår"), ordering="year")
    def year_display(self, obj):
        return str(obj.year)

    @admin.display(description=_("tilskudd"), ordering="amount")
    def amount_display(self, obj):
        return format_nok(obj.amount)

    @admin.display(description=_("fristbrudd"), boolean=True)
    def overdue(self, obj):
        return obj.awaits_acceptance and obj.acceptance_overdue_flagged_at is not None

    @admin.display(description=_("saksforløp"))
    def timeline(self, obj):
        return case_timeline_link(obj.case_number)

    @admin.display(description=_("sakslogg"))
    def case_log(self, obj):
        events = list(case_events_for(obj))
        if not events:
            return "–"
        rows = format_html_join(
            "",
            "<li>{} – {}{}{}</li>",
            (
                (
                    f"{timezone.localtime(e.created_at):%d.%m.%Y %H:%M}",
                    e.label,
                    f" ({e.actor})" if e.actor else "",
                    f": {e.message}" if e.message else "",
                )
                for e in events
            ),
        )
        return format_html("<ul>{}</ul>", rows)

    def save_model(self, request, obj, form, change):
        if change and "special_conditions" in form.changed_data:
            services.grant_special_conditions_update(
                grant=obj, actor=request.user, special_conditions=form.cleaned_data["special_conditions"]
            )

    # --- actions -------------------------------------------------------------------------

    @admin.action(description=_("La valgte tilskudd falle bort (akseptfristen er oversittet)"))
    def lapse_grants(self, request, queryset):
        if not can_handle_letters(request.user):
            self.message_user(request, gettext("Du har ikke tilgang til å la tilskudd falle bort."), messages.ERROR)
            return
        lapsed = 0
        for grant in queryset:
            try:
                services.grant_lapse(
                    grant=grant, actor=request.user, reason=gettext("Tilskuddet er ikke akseptert innen fristen.")
                )
                lapsed += 1
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{grant.case_number}: {' '.join(error_messages(exc))}", messages.ERROR)
        if lapsed:
            self.message_user(request, gettext("%(n)s tilskudd har falt bort.") % {"n": lapsed}, messages.SUCCESS)

    # --- extra pages ---------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/forhandsvisning/", wrap(self.preview_view), name="applications_grant_preview"),
            path("<int:pk>/send-brev/", wrap(self.send_view), name="applications_grant_send"),
            path("<int:pk>/rett-brev/", wrap(self.correct_view), name="applications_grant_correct"),
            path("<int:pk>/la-falle-bort/", wrap(self.lapse_view), name="applications_grant_lapse"),
            path("<int:pk>/forleng-frist/", wrap(self.extend_view), name="applications_grant_extend"),
            path("send-alle/", wrap(self.send_all_view), name="applications_grant_send_all"),
            path("send-alle/<int:job_id>/", wrap(self.job_view), name="applications_grant_send_job"),
            path(
                "send-alle/<int:job_id>/status/", wrap(self.job_status_view), name="applications_grant_send_job_status"
            ),
            *super().get_urls(),
        ]

    def _grant(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request).select_related("organisation", "call__scheme"), pk=pk)

    def _change_url(self, grant):
        return reverse("admin:applications_grant_change", args=[grant.pk])

    def _form_page(self, request, grant, form, *, title, intro, submit):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": grant,
            "title": title,
            "intro": intro,
            "form": form,
            "submit": submit,
        }
        return TemplateResponse(request, "applications/grant_admin_form.html", context)

    def preview_view(self, request, pk):
        """The preview is made by the worker (core.jobs): GET asks, POST queues it and goes to
        the job's page, which offers the PDF when it is ready."""
        grant = self._grant(request, pk)
        if not can_handle_letters(request.user):
            raise PermissionDenied
        if request.method == "POST":
            job = grant_letter_preview_enqueue(grant=grant, actor=request.user)
            return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))
        return TemplateResponse(
            request,
            "core/job_start.html",
            {
                "title": gettext("Forhåndsvis tilskuddsbrev – sak %(case)s") % {"case": grant.case_number},
                "back_url": self._change_url(grant),
                "back_label": gettext("Tilbake til sak %(case)s") % {"case": grant.case_number},
            },
        )

    def correct_view(self, request, pk):
        grant = self._grant(request, pk)
        if not can_sign_letters(request.user):
            raise PermissionDenied
        form = LetterCorrectionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                letter = services.grant_letter_correct(
                    grant=grant, actor=request.user, correction_note=form.cleaned_data["correction_note"]
                )
            except ValidationError as exc:
                _form_errors_from(form, exc)
            else:
                self.message_user(
                    request,
                    gettext("Rettet tilskuddsbrev (versjon %(v)s) er sendt.") % {"v": letter.version},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._change_url(grant))
        return self._form_page(
            request,
            grant,
            form,
            title=gettext("Send rettet tilskuddsbrev – sak %(case)s") % {"case": grant.case_number},
            intro=gettext(
                "Det rettede brevet blir en ny versjon som erstatter den forrige, med ny akseptfrist. "
                "Tidligere versjoner blir liggende uendret."
            ),
            submit=gettext("Signer og send rettet brev"),
        )

    def lapse_view(self, request, pk):
        grant = self._grant(request, pk)
        if not can_handle_letters(request.user):
            raise PermissionDenied
        form = LapseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.grant_lapse(grant=grant, actor=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                _form_errors_from(form, exc)
            else:
                self.message_user(request, gettext("Tilskuddet har falt bort."), messages.SUCCESS)
                return HttpResponseRedirect(self._change_url(grant))
        return self._form_page(
            request,
            grant,
            form,
            title=gettext("La tilskuddet falle bort – sak %(case)s") % {"case": grant.case_number},
            intro=gettext(
                "Tilskuddet er ikke akseptert innen fristen. Når det faller bort, blir beløpet frigjort i rammen."
            ),
            submit=gettext("La tilskuddet falle bort"),
        )

    def extend_view(self, request, pk):
        grant = self._grant(request, pk)
        if not can_handle_letters(request.user):
            raise PermissionDenied
        form = DeadlineExtendForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.grant_acceptance_deadline_extend(
                    grant=grant,
                    actor=request.user,
                    new_deadline=form.cleaned_data["new_deadline"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                _form_errors_from(form, exc)
            else:
                self.message_user(request, gettext("Akseptfristen er forlenget."), messages.SUCCESS)
                return HttpResponseRedirect(self._change_url(grant))
        return self._form_page(
            request,
            grant,
            form,
            title=gettext("Forleng akseptfristen – sak %(case)s") % {"case": grant.case_number},
            intro=gettext("Gjeldende frist er %(deadline)s. Kommunen får nye påminnelser før den nye fristen.")
            % {"deadline": f"{grant.acceptance_deadline:%d.%m.%Y}" if grant.acceptance_deadline else "–"},
            submit=gettext("Forleng fristen"),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        grant = self.get_object(request, unquote(object_id))
        if grant is not None:
            latest = latest_letter(grant)
            # A correction whose PDF the documents worker is still making.
            rendering = latest if latest is not None and not latest.pdf else None
            extra_context.update(
                {
                    "can_preview": can_handle_letters(request.user),
                    "can_sign": can_sign_letters(request.user),
                    # The letter, lapse and deadline steps as the state machine allows them now.
                    "can_send": may(grant, request.user, "mark_letter_sent"),
                    "letter_job": letter_job_pending(grant),
                    "can_correct": can_sign_letters(request.user) and grant.awaits_acceptance and rendering is None,
                    "letter_rendering": rendering,
                    "can_lapse": may(grant, request.user, "lapse") and acceptance_is_late(grant),
                    "can_extend": grant.awaits_acceptance
                    and request.user.has_perm("applications.extend_grant_deadline", grant),
                    "letters": letters_for_grant(grant),
                }
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["can_send_all"] = can_sign_letters(request.user)
        return super().changelist_view(request, extra_context)


class ReadOnlyRecordAdmin(GrantRoleMixin, admin.ModelAdmin):
    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GrantLetter)
class GrantLetterAdmin(ReadOnlyRecordAdmin):
    list_display = ["grant", "version", "sent_at", "acceptance_deadline", "signed_by", "short_hash", "replaces"]
    list_select_related = ["grant__organisation", "signed_by", "replaces"]
    list_filter = ["grant__call"]
    search_fields = ["grant__case_number", "grant__organisation__name", "sha256"]
    fields = [
        "grant",
        "version",
        "replaces",
        "correction_note",
        "sent_at",
        "acceptance_deadline",
        "signed_by",
        "sha256",
        "pdf_link",
    ]
    readonly_fields = fields

    @admin.display(description="SHA-256")
    def short_hash(self, obj):
        return obj.sha256[:16] + "…"

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj):
        if not obj.pdf:
            return gettext("Lages …")  # a correction rendered off the request path (core.documents)
        url = reverse("admin:applications_grantletter_pdf", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Åpne tilskuddsbrevet"))

    def get_urls(self):
        return [
            path("<int:pk>/pdf/", self.admin_site.admin_view(self.pdf_view), name="applications_grantletter_pdf"),
            *super().get_urls(),
        ]

    def pdf_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        letter = get_object_or_404(GrantLetter.objects.select_related("grant"), pk=pk)
        return _pdf(letter.pdf, f"tilskuddsbrev-{letter.grant.case_number.replace('/', '-')}-v{letter.version}.pdf")


@admin.register(Acceptance)
class AcceptanceAdmin(ReadOnlyRecordAdmin):
    list_display = ["grant", "accepted", "decided_by", "decided_at", "bank_account", "receipt_link"]
    list_filter = ["accepted", "grant__call"]
    list_select_related = ["grant__organisation", "decided_by"]
    search_fields = ["grant__case_number", "organisation_name", "org_number"]
    fields = [
        "grant",
        "letter",
        "accepted",
        "decline_reason",
        "organisation_name",
        "address",
        "phone",
        "email",
        "org_number",
        "bank_account",
        "contact_persons",
        "competence",
        "earlier_grants",
        "decided_by",
        "decided_at",
        "receipt_sha256",
        "receipt_link",
    ]
    readonly_fields = fields

    @admin.display(description=_("kvittering"))
    def receipt_link(self, obj):
        if not obj.receipt_pdf:
            return gettext("Lages …")  # rendered off the request path (core.documents)
        url = reverse("admin:applications_acceptance_receipt", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("PDF"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/kvittering/",
                self.admin_site.admin_view(self.receipt_view),
                name="applications_acceptance_receipt",
            ),
            *super().get_urls(),
        ]

    def receipt_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        acceptance = get_object_or_404(Acceptance.objects.select_related("grant").exclude(receipt_pdf=""), pk=pk)
        return _pdf(acceptance.receipt_pdf, f"kvittering-{acceptance.grant.case_number.replace('/', '-')}.pdf")


@admin.register(AcceptanceReminder)
class AcceptanceReminderAdmin(ReadOnlyRecordAdmin):
    list_display = ["grant", "deadline", "days_before", "sent_at"]
    list_filter = ["days_before", ("sent_at", admin.EmptyFieldListFilter)]
    list_select_related = ["grant__organisation"]
    search_fields = ["grant__case_number"]


@admin.register(LetterSendJob)
class LetterSendJobAdmin(ReadOnlyRecordAdmin):
    view_rule = app_rules.admin_officer_or_budget_holder
    list_display = ["call", "status", "total", "done", "failed", "started_by", "created_at", "progress_link"]
    list_select_related = ["call", "started_by"]

    @admin.display(description=_("fremdrift"))
    def progress_link(self, obj):
        url = reverse("admin:applications_grant_send_job", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Vis"))
