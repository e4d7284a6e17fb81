"""Admin for assessment, decisions (four eyes), appeals and reception-centre grants.

Officers assess and propose; budget holders decide; finance reads; nobody else gets in.
Each class checks the role as well as the model permission; every write goes through a
service."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from applications.forms.assessment import (
    AppealForm,
    AppealForwardForm,
    AssessmentForm,
    DecisionAmountForm,
    DecisionProposeForm,
    RankingForm,
    ReceivedOnForm,
    ReceptionCentreAgreementForm,
    ReceptionComputeForm,
)
from applications.models import Appeal, Assessment, Decision, ReceptionCentreAgreement, ReceptionOffer
from applications.selectors.assessment import assessment_summary, bulk_approval_totals, decisions_hands, ranking
from applications.services import assessment as services
from applications.services.reception import reception_agreement_save, reception_grants_compute
from core.admin import HistoryAdmin, KnownValueListFilter
from core.money import format_nok
from core.uploads import stored_file_open
from organisations.roles import BUDGET_HOLDER, FINANCE, OFFICER, in_group

ALL_IMDI = (OFFICER, BUDGET_HOLDER, FINANCE)


def has_role(user, roles) -> bool:
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or any(in_group(user, role) for role in roles)


class RoleAdmin(HistoryAdmin):
    """Model permission AND role: a stray permission on a non-IMDi user is not enough."""

    view_roles = ALL_IMDI
    add_roles: tuple = ()
    change_roles: tuple = ()

    def has_module_permission(self, request):
        return has_role(request.user, self.view_roles) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return has_role(request.user, self.view_roles) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return has_role(request.user, self.add_roles) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return has_role(request.user, self.change_roles) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Case records are never deleted; history must stay whole.
        return False


def _form_errors_from(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ServiceFormMixin:
    """Run the service inside form validation, so its refusals show next to the fields and
    nothing is half-saved (the admin's own save is then a no-op)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        admin_self = self

        class Form(form_class):
            def _post_clean(inner):
                super()._post_clean()
                if inner.errors:
                    return
                try:
                    inner.service_result = admin_self.service_call(request, inner, obj)
                except ValidationError as exc:
                    _form_errors_from(inner, exc)
                except PermissionDenied as exc:
                    inner.add_error(None, str(exc))

        return Form

    def save_form(self, request, form, change):
        return form.service_result

    def save_model(self, request, obj, form, change):
        pass

    def save_related(self, request, form, formsets, change):
        pass


# ---------------------------------------------------------------- assessments


@admin.register(Assessment)
class AssessmentAdmin(ServiceFormMixin, RoleAdmin):
    form = AssessmentForm
    add_roles = (OFFICER,)
    change_roles = (OFFICER,)
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
        if obj is not None and allowed and not request.user.is_superuser:
            return obj.officer_id == request.user.pk
        return allowed

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
        ]
        return urls + super().get_urls()

    def ranking_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = RankingForm(request.GET or None)
        result = None
        if form.is_bound and form.is_valid():
            result = ranking(call=form.cleaned_data["call"], area=form.cleaned_data["area"])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Rangering per satsingsområde"),
            "form": form,
            "result": result,
        }
        return TemplateResponse(request, "admin/applications/ranking.html", context)


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
        return has_role(request.user, ALL_IMDI)


def assessment_summary_html(application):
    """Average per criterion and in total, and the priority factors, for the application admin."""
    if application is None or application.pk is None:
        return "–"
    summary = assessment_summary(application)
    if not summary["count"]:
        scores = _("Ikke vurdert ennå.")
    else:
        scores = format_html(
            "{}: {} · {}: {} · {}: {} · {}: {} ({} {})",
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
        )
    factors = format_html_join("", "<li>{}</li>", ((f,) for f in summary["factors"]))
    return format_html("<p>{}</p><ul>{}</ul>", scores, factors)


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
    add_roles = (OFFICER,)
    change_roles = (BUDGET_HOLDER,)
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
    list_select_related = ["application__organisation", "application__area", "proposed_by", "approved_by"]
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
        return obj.application.organisation

    @admin.display(description=_("område"), ordering="application__area__number")
    def area(self, obj):
        return obj.application.area.number if obj.application.area else "–"

    @admin.display(description=_("tilskudd første år"), ordering="amount")
    def amount_display(self, obj):
        return format_nok(obj.amount) if obj.outcome == Decision.Outcome.AWARD else "–"

    @admin.display(description=_("senere år (med forbehold om Stortingets bevilgning)"))
    def later_years_display(self, obj):
        if not obj.later_years:
            return "–"
        return format_html_join(
            "", "<div>{}: {}</div>", ((item["year"], format_nok(item["amount"])) for item in obj.later_years)
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
            return ["application", "outcome", "amount", "later_years_text", "reason", "special_conditions"]
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
            later_years=form.later_years if data.get("later_years_text") else None,
            reason=data.get("reason", ""),
            special_conditions=data.get("special_conditions", ""),
        )

    def has_approve_permission(self, request):
        return has_role(request.user, (BUDGET_HOLDER,)) and request.user.has_perm("applications.change_decision")

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
                "application__call", "application__area", "application__organisation", "proposed_by", "changed_by"
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
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Bekreft godkjenning av vedtak"),
            "decisions": decisions,
            "own": own,
            "totals": bulk_approval_totals(decisions),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            **extra,
        }
        return TemplateResponse(request, "admin/applications/decision_approve_confirm.html", context)

    @admin.action(description=_("Returner valgte forslag til rådgiver"), permissions=["approve"])
    def return_selected(self, request, queryset):
        count = 0
        for decision in queryset.filter(status=Decision.Status.PROPOSED):
            services.decision_return(decision=decision, actor=request.user)
            count += 1
        self.message_user(request, _("%(n)s forslag er returnert.") % {"n": count})

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
            Decision.objects.select_related(
                "application__call", "application__area", "application__organisation", "proposed_by", "changed_by"
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
        if not has_role(request.user, (OFFICER,)):
            raise PermissionDenied
        decision = get_object_or_404(
            Decision.objects.select_related("application"),
            pk=pk,
            status=Decision.Status.PROPOSED,
            outcome=Decision.Outcome.AWARD,
        )
        form = DecisionAmountForm(request.POST or None, initial={"amount": decision.amount})
        if request.method == "POST" and form.is_valid():
            try:
                services.decision_amount_change(
                    decision=decision, actor=request.user, amount=form.cleaned_data["amount"]
                )
            except ValidationError as exc:
                _form_errors_from(form, exc)
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
        decision = get_object_or_404(Decision.objects.exclude(letter_pdf=""), pk=pk)
        return FileResponse(stored_file_open(decision.letter_pdf), content_type="application/pdf")

    def received_view(self, request, pk):
        if not has_role(request.user, (OFFICER, BUDGET_HOLDER)):
            raise PermissionDenied
        decision = get_object_or_404(Decision.objects.select_related("application__call"), pk=pk)
        form = ReceivedOnForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.decision_received_record(
                    decision=decision, received_on=form.cleaned_data["received_on"], actor=request.user
                )
            except ValidationError as exc:
                _form_errors_from(form, exc)
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

    def decision_links(self, request, decision) -> list[tuple[str, str]]:
        """What this user may do next with the decision (each view checks again)."""
        links = []
        user = request.user
        if decision.status == Decision.Status.PROPOSED:
            if self.has_approve_permission(request) and not services.decision_four_eyes_refusal(
                decision=decision, actor=user
            ):
                links.append(
                    (reverse("admin:applications_decision_approve", args=[decision.pk]), _("Godkjenn vedtaket"))
                )
            if decision.outcome == Decision.Outcome.AWARD and has_role(user, (OFFICER,)):
                links.append((reverse("admin:applications_decision_amount", args=[decision.pk]), _("Endre beløpet")))
        elif decision.status == Decision.Status.APPROVED and has_role(user, (OFFICER, BUDGET_HOLDER)):
            links.append(
                (reverse("admin:applications_decision_received", args=[decision.pk]), _("Registrer mottaksdato"))
            )
        return links

    def change_view(self, request, object_id, form_url="", extra_context=None):
        decision = Decision.objects.filter(pk=object_id).first() if str(object_id).isdigit() else None
        extra_context = {
            **(extra_context or {}),
            "decision_links": self.decision_links(request, decision) if decision else [],
        }
        return super().change_view(request, object_id, form_url, extra_context)


# ---------------------------------------------------------------- appeals


@admin.register(Appeal)
class AppealAdmin(ServiceFormMixin, RoleAdmin):
    add_roles = (OFFICER,)
    change_roles = (OFFICER,)
    list_display = ["decision", "received_on", "deadline", "is_late", "forwarded_to_ministry_on"]
    list_select_related = ["decision__application__call"]
    list_filter = ["is_late"]

    @admin.display(description=_("klagefrist"))
    def deadline(self, obj):
        deadline = obj.decision.appeal_deadline
        return deadline.strftime("%d.%m.%Y") if deadline else _("mottaksdato ikke registrert")

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = AppealForwardForm if obj else AppealForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        ro = ["decision", "received_on", "is_late", "deadline", "registered_by"]
        if obj.forwarded_to_ministry_on:
            ro.append("forwarded_to_ministry_on")
        return ro

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["decision", "received_on", "notes"]
        return ["decision", "received_on", "deadline", "is_late", "registered_by", "forwarded_to_ministry_on", "notes"]

    def service_call(self, request, form, obj):
        data = form.cleaned_data
        if obj is None:
            return services.appeal_register(
                decision=data["decision"], received_on=data["received_on"], actor=request.user, notes=data.get("notes")
            )
        appeal = obj
        if data.get("forwarded_to_ministry_on") and not Appeal.objects.get(pk=obj.pk).forwarded_to_ministry_on:
            appeal = services.appeal_forward(
                appeal=obj, forwarded_on=data["forwarded_to_ministry_on"], actor=request.user
            )
        if "notes" in data:
            appeal = services.appeal_notes_change(appeal=appeal, notes=data["notes"], actor=request.user)
        return appeal


# ---------------------------------------------------------------- reception centres


@admin.register(ReceptionCentreAgreement)
class ReceptionCentreAgreementAdmin(ServiceFormMixin, RoleAdmin):
    form = ReceptionCentreAgreementForm
    add_roles = (OFFICER,)
    change_roles = (OFFICER,)
    list_display = ["centre_name", "organisation", "places", "valid_from", "valid_to", "partnership_agreement_date"]
    list_select_related = ["organisation"]
    search_fields = ["centre_name", "organisation__name"]
    change_list_template = "admin/applications/receptioncentreagreement/change_list.html"

    def service_call(self, request, form, obj):
        return reception_agreement_save(agreement=form.instance, actor=request.user)

    def get_urls(self):
        urls = [
            path(
                "beregn/",
                self.admin_site.admin_view(self.compute_view),
                name="applications_receptioncentreagreement_compute",
            ),
        ]
        return urls + super().get_urls()

    def compute_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ReceptionComputeForm(request.POST or None)
        summary = None
        if request.method == "POST" and form.is_valid():
            try:
                summary = reception_grants_compute(call=form.cleaned_data["call"], actor=request.user)
            except ValidationError as exc:
                _form_errors_from(form, exc)
            else:
                self.message_user(
                    request,
                    _("Beregnet: %(c)s nye, %(u)s endret, %(s)s uendret, %(f)s allerede sendt (ikke endret).")
                    % {
                        "c": len(summary["created"]),
                        "u": len(summary["updated"]),
                        "s": len(summary["unchanged"]),
                        "f": len(summary["frozen"]),
                    },
                    messages.SUCCESS,
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Beregn årets tilskudd til integreringsmottak"),
            "form": form,
            "summary": summary,
        }
        return TemplateResponse(request, "admin/applications/reception_compute.html", context)


@admin.register(ReceptionOffer)
class ReceptionOfferAdmin(RoleAdmin):
    list_display = ["grant", "amount", "generated_at", "generated_by", "pdf_link"]
    list_select_related = ["grant__organisation", "generated_by"]
    fields = ["grant", "amount", "generated_at", "generated_by", "sha256", "pdf_link"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return has_role(request.user, ALL_IMDI) and request.user.has_perm("applications.view_receptioncentreagreement")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        # Offers are made only by the reception-centre computation (a service), never by hand.
        return False

    @admin.display(description=_("tilskudd"))
    def amount(self, obj):
        return format_nok(obj.grant.amount)

    @admin.display(description=_("tilbudsbrev"))
    def pdf_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:applications_receptionoffer_pdf", args=[obj.pk]), _("Last ned (PDF)")
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/tilbudsbrev.pdf",
                self.admin_site.admin_view(self.pdf_view),
                name="applications_receptionoffer_pdf",
            )
        ] + super().get_urls()

    def pdf_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        offer = get_object_or_404(ReceptionOffer, pk=pk)
        return FileResponse(stored_file_open(offer.pdf), content_type="application/pdf")
