"""Admin for decisions (officers propose, budget holders decide: four eyes); appeals are in
applications.admin.appeal.

The buttons on a decision's page come from its state machine (core.transitions.available_actions)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from applications import rules as app_rules
from applications.admin.base import RoleAdmin, ServiceFormMixin, form_errors_from
from applications.forms.assessment import (
    DecisionAmountForm,
    DecisionProposeForm,
    DecisionResubmitForm,
    DecisionReturnForm,
    ReceivedOnForm,
)
from applications.models import Decision
from applications.selectors.assessment import bulk_approval_totals, decisions_hands
from applications.services import appeal as appeal_services
from applications.services import assessment as services
from applications.services import decision_bulk
from core.admin import KnownValueListFilter
from core.admin_lists import queryset_within
from core.money import format_nok
from core.transitions import available_actions
from core.uploads import stored_file_open
from organisations.admin import organisation_label

# ---------------------------------------------------------------- decisions


class DecisionStatusFilter(KnownValueListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Decision.Status.choices

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


@admin.register(Decision)
class DecisionAdmin(ServiceFormMixin, RoleAdmin):
    form = DecisionProposeForm
    add_rule = app_rules.admin_officer
    change_rule = app_rules.admin_budget_holder
    list_display = [
        "case_number",
        "organisation",
        "area",
        "outcome",
        "amount_display",
        "status",
        "proposed_by",
        "approved_by",
        "proposed_at",
    ]
    list_select_related = [
        "application__organisation__county",
        "application__area",
        "proposed_by",
        "approved_by",
    ]
    list_filter = [DecisionStatusFilter, "outcome", "application__call"]
    change_form_template = "admin/applications/decision/change_form.html"
    search_fields = ["application__case_number", "application__title", "application__organisation__name"]
    actions = ["approve_selected", "return_selected"]
    readonly_fields = [
        "application",
        "outcome",
        "amount_display",
        "later_years_display",
        "reason",
        "special_conditions",
        "status",
        "return_comment",
        "proposed_by",
        "proposed_at",
        "changed_by",
        "changed_at",
        "approved_by",
        "approved_at",
        "received_on_display",
        "appeal_deadline_display",
        "letter_link",
    ]

    @admin.display(description=_("saksnummer"), ordering="application__case_number")
    def case_number(self, obj):
        return obj.application.case_number

    @admin.display(description=_("søker"), ordering="application__organisation__name")
    def organisation(self, obj):
        # With the county: homonyms (Herøy, Våler) are told apart in the list.
        return organisation_label(obj.application.organisation)

    @admin.display(description=_("område"), ordering="application__area__number")
    def area(self, obj):
        return obj.application.area.number if obj.application.area else "–"

    @admin.display(description=_("tilskudd første år"), ordering="amount")
    def amount_display(self, obj):
        if obj.outcome != Decision.Outcome.AWARD:
            return "–"
        if obj.allowance:
            return _("%(amount)s + deltakerstønad %(allowance)s") % {
                "amount": format_nok(obj.amount),
                "allowance": format_nok(obj.allowance),
            }
        return format_nok(obj.amount)

    @admin.display(description=_("senere år (med forbehold om Stortingets bevilgning)"))
    def later_years_display(self, obj):
        if not obj.later_years:
            return "–"
        return format_html_join(
            "",
            "<div>{}: {}{}</div>",
            (
                (
                    item["year"],
                    format_nok(item["amount"]),
                    f" + {_('deltakerstønad')} {format_nok(item['allowance'])}" if item.get("allowance") else "",
                )
                for item in obj.later_years
            ),
        )

    @admin.display(description=_("mottatt av søker"))
    def received_on_display(self, obj):
        return obj.received_on.strftime("%d.%m.%Y") if obj.received_on else _("ikke registrert")

    @admin.display(description=_("klagefrist"))
    def appeal_deadline_display(self, obj):
        deadline = obj.appeal_deadline
        return deadline.strftime("%d.%m.%Y") if deadline else "–"

    @admin.display(description=_("vedtaksbrev"))
    def letter_link(self, obj):
        if not obj.letter_pdf:
            return "–"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:applications_decision_letter", args=[obj.pk]), _("Last ned (PDF)")
        )

    def get_fields(self, request, obj=None):
        if obj is None:
            return [
                "application",
                "outcome",
                "amount",
                "allowance",
                *DecisionProposeForm.LATER_YEAR_FIELDS,
                "reason",
                "special_conditions",
            ]
        return self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def service_call(self, request, form, obj):
        if obj is not None:
            return obj
        data = form.cleaned_data
        return services.decision_propose(
            application=data["application"],
            actor=request.user,
            outcome=data["outcome"],
            amount=data.get("amount"),
            allowance=data.get("allowance"),
            later_years=form.later_years,
            reason=data.get("reason", ""),
            special_conditions=data.get("special_conditions", ""),
        )

    def has_approve_permission(self, request):
        return app_rules.admin_budget_holder(request.user) and request.user.has_perm("applications.change_decision")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_approve_permission(request):
            actions.pop("approve_selected", None)
            actions.pop("return_selected", None)
        return actions

    @admin.action(description=_("Godkjenn valgte vedtak"), permissions=["approve"])
    def approve_selected(self, request, queryset):
        decisions = list(
            queryset.filter(status=Decision.Status.PROPOSED)
            .select_related(
                "application__call",
                "application__area",
                "application__organisation__county",
                "proposed_by",
                "changed_by",
            )
            .order_by("pk")
        )
        if not decisions:
            self.message_user(request, _("Ingen av de valgte vedtakene venter på godkjenning."), messages.WARNING)
            return None
        if request.POST.get("confirm") == "yes":
            result = services.decisions_approve_bulk(
                decisions=decisions, actor=request.user, versions=self._posted_versions(request)
            )
            if result["approved"]:
                self.message_user(
                    request,
                    _("%(n)s vedtak er godkjent.") % {"n": len(result["approved"])},
                    messages.SUCCESS,
                )
            for decision, errors in result["refused"]:
                self.message_user(
                    request,
                    _("%(case)s ble ikke godkjent: %(errors)s")
                    % {"case": decision.application.case_number, "errors": " ".join(errors)},
                    messages.ERROR,
                )
            return None
        return self._approve_confirm_page(request, decisions)

    @staticmethod
    def _posted_versions(request) -> dict:
        """Each decision's version as the confirmation page showed it (version_<id> fields)."""
        versions = {}
        for key, value in request.POST.items():
            prefix, _sep, pk = key.partition("_")
            if prefix == "version" and pk.isdigit() and len(pk) < 19:
                versions[int(pk)] = value
        return versions

    def _approve_confirm_page(self, request, decisions, **extra):
        hands = decisions_hands(decisions)
        own = [
            d
            for d in decisions
            if services.decision_four_eyes_refusal(decision=d, actor=request.user, hands=hands[d.pk])
        ]
        conflicts = [(d, app_rules.conflict_refusal(request.user, d)) for d in decisions]
        conflicts = [(d, reason) for d, reason in conflicts if reason]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Bekreft godkjenning av vedtak"),
            "decisions": decisions,
            "own": own,
            "conflicts": conflicts,
            "totals": bulk_approval_totals(decisions),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            **extra,
        }
        return TemplateResponse(request, "admin/applications/decision_approve_confirm.html", context)

    @admin.action(description=_("Returner valgte forslag til rådgiver"), permissions=["approve"])
    def return_selected(self, request, queryset):
        """Ask for the comment first (required); then return each with it."""
        decisions = list(
            queryset.filter(status=Decision.Status.PROPOSED)
            .select_related("application__organisation__county", "application__area")
            .order_by("pk")
        )
        if not decisions:
            self.message_user(request, _("Ingen av de valgte vedtakene venter på godkjenning."), messages.WARNING)
            return None
        form = DecisionReturnForm(request.POST if request.POST.get("confirm") == "yes" else None)
        if form.is_bound and form.is_valid():
            result = decision_bulk.decisions_return_bulk(
                decisions=decisions, actor=request.user, comment=form.cleaned_data["comment"]
            )
            if result["returned"]:
                self.message_user(
                    request, _("%(n)s forslag er returnert.") % {"n": len(result["returned"])}, messages.SUCCESS
                )
            for decision, errors in result["refused"]:
                self.message_user(
                    request,
                    _("%(case)s ble ikke returnert: %(errors)s")
                    % {"case": decision.application.case_number, "errors": " ".join(errors)},
                    messages.ERROR,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Returner forslag til rådgiver"),
            "decisions": decisions,
            "conflicts": {d.pk: app_rules.conflict_refusal(request.user, d) for d in decisions},
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/applications/decision_return_confirm.html", context)

    def resubmit_view(self, request, pk):
        """The officer revises a returned proposal, with the budget holder's comment in view."""
        if not app_rules.admin_officer(request.user):
            raise PermissionDenied
        decision = get_object_or_404(
            self.get_queryset(request).select_related("application__organisation", "application__call"),
            pk=pk,
            status=Decision.Status.RETURNED,
        )
        initial = {
            "outcome": decision.outcome,
            "amount": decision.amount,
            "allowance": decision.allowance,
            "reason": decision.reason,
            "special_conditions": decision.special_conditions,
        }
        for i, item in enumerate(decision.later_years or [], start=1):
            if i > len(DecisionResubmitForm.later_year_indexes):
                break
            initial.update(
                {
                    f"later_year_{i}": item.get("year"),
                    f"later_amount_{i}": item.get("amount"),
                    f"later_allowance_{i}": item.get("allowance"),
                }
            )
        form = DecisionResubmitForm(request.POST if request.method == "POST" else None, initial=initial)
        conflict = app_rules.conflict_refusal(request.user, decision)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            rows = form.later_years_rows()
            if not form.errors:
                try:
                    decision_bulk.decision_resubmit(
                        decision=decision,
                        actor=request.user,
                        outcome=data["outcome"],
                        amount=data.get("amount"),
                        allowance=data.get("allowance"),
                        later_years=rows,
                        reason=data.get("reason", ""),
                        special_conditions=data.get("special_conditions", ""),
                    )
                except ValidationError as exc:
                    if hasattr(exc, "error_dict") and "later_years" in exc.error_dict:
                        form.later_years_errors_add(exc.error_dict.pop("later_years"))
                    form_errors_from(form, exc)
                except PermissionDenied as exc:
                    form.add_error(None, str(exc))
                else:
                    self.message_user(request, _("Forslaget er endret og sendt på nytt."), messages.SUCCESS)
                    return HttpResponseRedirect(reverse("admin:applications_decision_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Endre returnert forslag og send på nytt"),
            "form": form,
            "decision": decision,
            "conflict": conflict,
        }
        return TemplateResponse(request, "admin/applications/decision_resubmit.html", context)

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/mottatt/",
                self.admin_site.admin_view(self.received_view),
                name="applications_decision_received",
            ),
            path(
                "<int:pk>/brev.pdf", self.admin_site.admin_view(self.letter_view), name="applications_decision_letter"
            ),
            path(
                "<int:pk>/godkjenn/",
                self.admin_site.admin_view(self.approve_view),
                name="applications_decision_approve",
            ),
            path(
                "<int:pk>/send-pa-nytt/",
                self.admin_site.admin_view(self.resubmit_view),
                name="applications_decision_resubmit",
            ),
            path(
                "<int:pk>/belop/",
                self.admin_site.admin_view(self.amount_view),
                name="applications_decision_amount",
            ),
        ]
        return urls + super().get_urls()

    def approve_view(self, request, pk):
        """Approve one decision from its page, after the same confirmation as in bulk."""
        if not self.has_approve_permission(request):
            raise PermissionDenied
        decision = get_object_or_404(
            self.get_queryset(request).select_related(
                "application__call",
                "application__area",
                "application__organisation__county",
                "proposed_by",
                "changed_by",
            ),
            pk=pk,
            status=Decision.Status.PROPOSED,
        )
        change_url = reverse("admin:applications_decision_change", args=[pk])
        if request.method == "POST" and request.POST.get("confirm") == "yes":
            try:
                services.decision_approve(
                    decision=decision,
                    actor=request.user,
                    expected_version=request.POST.get(f"version_{decision.pk}", "missing"),
                )
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(request, _("Vedtaket er godkjent."), messages.SUCCESS)
            return HttpResponseRedirect(change_url)
        return self._approve_confirm_page(request, [decision], form_action=request.path, cancel_url=change_url)

    def amount_view(self, request, pk):
        """The officer adjusts the amount of a proposed award (logged before → after)."""
        if not app_rules.admin_officer(request.user):
            raise PermissionDenied
        decision = get_object_or_404(
            self.get_queryset(request).select_related("application"),
            pk=pk,
            status=Decision.Status.PROPOSED,
            outcome=Decision.Outcome.AWARD,
        )
        form = DecisionAmountForm(
            request.POST or None, initial={"amount": decision.amount, "allowance": decision.allowance}
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.decision_amount_change(
                    decision=decision,
                    actor=request.user,
                    amount=form.cleaned_data["amount"],
                    allowance=form.cleaned_data.get("allowance"),
                )
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                self.message_user(request, _("Beløpet er endret."), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:applications_decision_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Endre beløpet i forslaget"),
            "form": form,
            "decision": decision,
        }
        return TemplateResponse(request, "admin/applications/decision_amount.html", context)

    def letter_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        decision = get_object_or_404(self.get_queryset(request).exclude(letter_pdf=""), pk=pk)
        return FileResponse(stored_file_open(decision.letter_pdf), content_type="application/pdf")

    def received_view(self, request, pk):
        if not app_rules.admin_officer_or_budget_holder(request.user):
            raise PermissionDenied
        decision = get_object_or_404(self.get_queryset(request).select_related("application__call"), pk=pk)
        form = ReceivedOnForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                appeal_services.decision_received_record(
                    decision=decision, received_on=form.cleaned_data["received_on"], actor=request.user
                )
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                self.message_user(request, _("Mottaksdatoen er registrert."), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:applications_decision_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Registrer når søkeren mottok vedtaket"),
            "form": form,
            "decision": decision,
        }
        return TemplateResponse(request, "admin/applications/decision_received.html", context)

    # Where each of the state machine's actions is taken (each view checks again).
    ACTION_URLS = {
        "approve": "admin:applications_decision_approve",
        "revise": "admin:applications_decision_amount",
        "resubmit": "admin:applications_decision_resubmit",
    }

    def decision_links(self, request, decision) -> list[tuple[str, str]]:
        """What this user may do next with the decision: the state machine's actions, less an
        approval four eyes refuse, and recording when the applicant received an approved one."""
        user = request.user
        if not app_rules.admin_imdi(user):
            return []
        links = []
        for action in available_actions(decision, user):
            url_name = self.ACTION_URLS.get(action.name)
            if url_name is None:
                continue
            if action.name == "approve" and (
                not self.has_approve_permission(request)
                or services.decision_four_eyes_refusal(decision=decision, actor=user)
            ):
                continue
            if action.name in ("revise", "resubmit") and not app_rules.admin_officer(user):
                continue
            links.append((reverse(url_name, args=[decision.pk]), action.label))
        if decision.is_approved and user.has_perm("applications.record_decision_received", decision):
            links.append(
                (reverse("admin:applications_decision_received", args=[decision.pk]), _("Registrer mottaksdato"))
            )
        return links

    def get_queryset(self, request):
        return queryset_within(super().get_queryset(request), app_rules.decisions_sent_to_imdi())

    def change_view(self, request, object_id, form_url="", extra_context=None):
        decision = self.get_queryset(request).filter(pk=object_id).first() if str(object_id).isdigit() else None
        extra_context = {
            **(extra_context or {}),
            "decision_links": self.decision_links(request, decision) if decision else [],
        }
        return super().change_view(request, object_id, form_url, extra_context)
