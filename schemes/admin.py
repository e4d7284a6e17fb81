from urllib.parse import urlencode

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin
from core.money import format_nok
from core.transitions import may
from schemes import services
from schemes.forms import (
    AppropriationAdminForm,
    AppropriationShareForm,
    AppropriationShareInlineFormSet,
    AreaAttachmentRequirementForm,
    AreaQuestionForm,
    BudgetChangeDecideForm,
    BudgetChangeRequestForm,
    CallAdminForm,
    PayoutTermForm,
    PriorityAreaForm,
    PriorityAreaInlineFormSet,
    RateAdminForm,
    ReportDeadlineInlineFormSet,
)
from schemes.models import (
    Appropriation,
    AppropriationShare,
    AreaAttachmentRequirement,
    AreaQuestion,
    AssessmentCriterion,
    BudgetChange,
    Call,
    LetterText,
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
    form = PriorityAreaForm
    formset = PriorityAreaInlineFormSet
    extra = 0
    # The area's own questions and documents are edited on the area's page.
    show_change_link = True


class AreaQuestionInline(admin.TabularInline):
    model = AreaQuestion
    form = AreaQuestionForm
    extra = 0


class AreaAttachmentRequirementInline(admin.TabularInline):
    model = AreaAttachmentRequirement
    form = AreaAttachmentRequirementForm
    extra = 0


@admin.register(PriorityArea)
class PriorityAreaAdmin(HistoryAdmin):
    """One area of a call: the circular's texts, its own questions and required documents.
    Areas are added on the call's page."""

    form = PriorityAreaForm
    list_display = ["__str__", "call"]
    list_filter = ["call"]
    list_select_related = ["call"]
    inlines = [AreaQuestionInline, AreaAttachmentRequirementInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReportDeadlineInline(admin.TabularInline):
    model = ReportDeadline
    formset = ReportDeadlineInlineFormSet
    extra = 0


class PayoutTermInline(admin.TabularInline):
    model = PayoutTerm
    form = PayoutTermForm
    extra = 0


class LetterTextInline(admin.StackedInline):
    model = LetterText
    extra = 0


class AssessmentCriterionInline(admin.StackedInline):
    model = AssessmentCriterion
    extra = 0


def _pending_html(changes):
    from django.utils.html import format_html_join

    if not changes:
        return _("Ingen forespørsler venter.")
    return format_html_join(
        "",
        '<div><a href="{}">{}</a></div>',
        ((reverse("admin:schemes_budgetchange_change", args=[c.pk]), str(c)) for c in changes),
    )


@admin.register(Call)
class CallAdmin(HistoryAdmin):
    form = CallAdminForm
    list_display = ["title", "year", "scheme", "application_deadline", "frame"]
    list_filter = ["scheme", "year"]
    list_select_related = ["scheme"]
    inlines = [PriorityAreaInline, PayoutTermInline, ReportDeadlineInline, LetterTextInline, AssessmentCriterionInline]

    def get_readonly_fields(self, request, obj=None):
        return ["frame_summary", "budget_changes"] if obj else []

    @admin.display(description=_("rammer: tildelt, bundet og igjen"))
    def frame_summary(self, obj):
        from django.utils.html import format_html_join

        from schemes.selectors import frame_summary

        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    r["label"],
                    format_nok(r["frame"]) if r["frame"] is not None else "–",
                    format_nok(r["awarded"]),
                    format_nok(r["bound"]),
                    format_nok(r["left"]) if r["left"] is not None else "–",
                )
                for r in frame_summary(obj)
            ),
        )
        return format_html(
            "<table><thead><tr><th scope='col'>{}</th><th scope='col'>{}</th><th scope='col'>{}</th>"
            "<th scope='col'>{}</th><th scope='col'>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("Ramme"),
            _("Beløp"),
            _("Tildelt"),
            _("Bundet (senere år av flerårige tilskudd)"),
            _("Igjen"),
            rows,
        )

    @admin.display(description=_("budsjettendringer"))
    def budget_changes(self, obj):
        from schemes.selectors import budget_changes_pending

        links = format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            budget_change_link(BudgetChange.Kind.CALL_FRAME, call=obj.pk),
            _("Endre rammen"),
            budget_change_link(BudgetChange.Kind.CALL_SHARE, call=obj.pk),
            _("Flytt til en annen bevilgning"),
            budget_change_link(BudgetChange.Kind.AREA_FRAME, call=obj.pk),
            _("Endre rammen for et satsingsområde"),
            budget_change_link(BudgetChange.Kind.AREA_CAP, call=obj.pk),
            _("Endre høyeste tilskudd per søker"),
        )
        return format_html("<p>{}</p>{}", links, _pending_html(list(budget_changes_pending().filter(call=obj))))


class AppropriationShareInline(admin.TabularInline):
    model = AppropriationShare
    form = AppropriationShareForm
    formset = AppropriationShareInlineFormSet
    extra = 0


@admin.register(Appropriation)
class AppropriationAdmin(HistoryAdmin):
    form = AppropriationAdminForm
    list_display = ["__str__", "name", "amount"]
    inlines = [AppropriationShareInline]

    def get_readonly_fields(self, request, obj=None):
        return ["budget_changes"] if obj else []

    @admin.display(description=_("budsjettendringer"))
    def budget_changes(self, obj):
        from django.db.models import Q

        from schemes.selectors import budget_changes_pending

        links = format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            budget_change_link(BudgetChange.Kind.APPROPRIATION_AMOUNT, appropriation=obj.pk),
            _("Endre bevilgningens beløp"),
            budget_change_link(BudgetChange.Kind.SHARE_AMOUNT),
            _("Endre beløpet i en fordeling"),
        )
        pending = budget_changes_pending().filter(Q(appropriation=obj) | Q(share__appropriation=obj))
        return format_html("<p>{}</p>{}", links, _pending_html(list(pending)))


@admin.register(Rate)
class RateAdmin(HistoryAdmin):
    form = RateAdminForm
    list_display = ["kind", "scheme", "amount", "valid_from", "valid_to"]
    list_filter = ["kind"]


# ---------------------------------------------------------------- budget changes


def _staff(user) -> bool:
    return user.is_active and user.is_staff


def _amount_or_no_limit(value):
    return _("ingen egen grense") if value is None else format_nok(value)


@admin.register(BudgetChange)
class BudgetChangeAdmin(HistoryAdmin):
    """Requests to raise, lift or move a frame, cap or share; a second budget holder decides."""

    list_display = ["kind", "target_display", "before", "after", "status", "requested_by", "requested_at", "decided_by"]
    list_filter = ["status", "kind"]
    list_select_related = [
        "call",
        "area",
        "share__appropriation",
        "appropriation",
        "old_share__appropriation",
        "new_share__appropriation",
        "requested_by",
        "decided_by",
    ]
    fields = [
        "kind",
        "target_display",
        "before",
        "after",
        "reason",
        "status",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
        "decision_comment",
        "next_steps",
    ]
    readonly_fields = fields

    @admin.display(description=_("gjelder"))
    def target_display(self, obj):
        return str(obj.target)

    @admin.display(description=_("fra"))
    def before(self, obj):
        if obj.kind == BudgetChange.Kind.CALL_SHARE:
            return str(obj.old_share) if obj.old_share else "–"
        return _amount_or_no_limit(obj.old_amount)

    @admin.display(description=_("til"))
    def after(self, obj):
        if obj.kind == BudgetChange.Kind.CALL_SHARE:
            return str(obj.new_share) if obj.new_share else "–"
        return _amount_or_no_limit(obj.new_amount)

    @admin.display(description=_("neste steg"))
    def next_steps(self, obj):
        if obj is None or obj.pk is None or not hasattr(self, "_request"):
            return "–"
        if not self.may_decide(self._request, obj):
            return "–"
        return format_html(
            '<a class="button" href="{}">{}</a> <a class="button" href="{}">{}</a>',
            reverse("admin:schemes_budgetchange_approve", args=[obj.pk]),
            _("Godkjenn endringen"),
            reverse("admin:schemes_budgetchange_refuse", args=[obj.pk]),
            _("Avvis"),
        )

    # Role and model permission both, as in the rest of the IMDi admin.
    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        user = request.user
        return (
            _staff(user) and user.has_perm("schemes.see_budget_changes") and user.has_perm("schemes.view_budgetchange")
        )

    def has_add_permission(self, request):
        user = request.user
        return (
            _staff(user)
            and user.has_perm("schemes.request_budget_change")
            and user.has_perm("schemes.add_budgetchange")
        )

    def has_change_permission(self, request, obj=None):
        return False  # decided through the approve/refuse pages, never edited

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request):
        user = request.user
        return (
            _staff(user)
            and user.has_perm("schemes.decide_budget_changes")
            and user.has_perm("schemes.change_budgetchange")
        )

    def may_decide(self, request, change) -> bool:
        # The state machine (pending, someone else's request) and the admin's own permission;
        # the requester is named again because a superuser's has_perm says yes to everything.
        return (
            self.has_decide_permission(request)
            and may(change, request.user, "approve")
            and change.requested_by_id != request.user.pk
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        self._request = request
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        decide = self.admin_site.admin_view(self.decide_view)
        return [
            path("<int:pk>/godkjenn/", decide, {"verdict": "godkjenn"}, name="schemes_budgetchange_approve"),
            path("<int:pk>/avvis/", decide, {"verdict": "avvis"}, name="schemes_budgetchange_refuse"),
        ] + super().get_urls()

    def add_view(self, request, form_url="", extra_context=None):
        """Ask for a change (the add page): prefilled from ?kind=…&call=… links."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        initial = {k: v for k, v in request.GET.items() if k in BudgetChangeRequestForm.base_fields}
        form = BudgetChangeRequestForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            target = BudgetChangeRequestForm.TARGET_FIELD[data["kind"]]
            try:
                change = services.budget_change_request(
                    actor=request.user,
                    kind=data["kind"],
                    reason=data["reason"],
                    new_amount=data.get("new_amount"),
                    new_share=data.get("new_share"),
                    **{target: data[target]},
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc.messages)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                if change.is_pending:
                    message = _("Endringen venter nå på godkjenning fra en annen budsjettdisponent.")
                else:
                    message = _("Innstrammingen er gjennomført.")
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:schemes_budgetchange_change", args=[change.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Be om budsjettendring"),
            "form": form,
        }
        return TemplateResponse(request, "admin/schemes/budgetchange_request.html", context)

    def decide_view(self, request, pk, verdict):
        """Confirmation page for a second budget holder: approve or refuse."""
        if verdict not in ("godkjenn", "avvis") or not self.has_decide_permission(request):
            raise PermissionDenied
        change = get_object_or_404(self.get_queryset(request), pk=pk)
        change_url = reverse("admin:schemes_budgetchange_change", args=[pk])
        form = BudgetChangeDecideForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            service = services.budget_change_approve if verdict == "godkjenn" else services.budget_change_refuse
            try:
                service(change=change, actor=request.user, comment=form.cleaned_data["comment"])
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and "comment" in exc.error_dict:
                    form.add_error("comment", exc.error_dict["comment"])
                else:
                    self.message_user(request, " ".join(exc.messages), messages.ERROR)
                    return HttpResponseRedirect(change_url)
            else:
                done = (
                    _("Endringen er godkjent og gjennomført.") if verdict == "godkjenn" else _("Endringen er avvist.")
                )
                self.message_user(request, done, messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Godkjenn budsjettendring") if verdict == "godkjenn" else _("Avvis budsjettendring"),
            "form": form,
            "change": change,
            "before": self.before(change),
            "after": self.after(change),
            "verdict": verdict,
            "own": change.requested_by_id == request.user.pk,
            "cancel_url": change_url,
        }
        return TemplateResponse(request, "admin/schemes/budgetchange_decide.html", context)


def budget_change_link(kind, **target) -> str:
    """The add page of a budget change, prefilled (for links from the call and appropriation pages)."""
    return reverse("admin:schemes_budgetchange_add") + "?" + urlencode({"kind": kind, **target})
