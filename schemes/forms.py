from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import AmountField, InputBoundsMixin
from core.money import format_nok
from schemes.models import (
    Appropriation,
    AppropriationShare,
    AreaAttachmentRequirement,
    AreaQuestion,
    BudgetChange,
    Call,
    PayoutTerm,
    PriorityArea,
    Rate,
)
from schemes.selectors import awarded_in_call

BUDGET_LOCKED_HELP = gettext_lazy(
    "Endres gjennom en budsjettendring (Budsjettendringer → Legg til), godkjent av en annen budsjettdisponent."
)


class BudgetFieldsLockedMixin:
    """Frames, caps and shares of an existing row are shown but never taken from the post:
    changing them goes through schemes.services.budget_change_request (four eyes)."""

    budget_fields: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in self.budget_fields:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = BUDGET_LOCKED_HELP


class CallAdminForm(BudgetFieldsLockedMixin, InputBoundsMixin, forms.ModelForm):
    budget_fields = ("frame", "appropriation_share")

    class Meta:
        model = Call
        fields = "__all__"

    def clean_frame(self):
        frame = self.cleaned_data.get("frame")
        if frame is not None and frame < 0:
            raise ValidationError(_("Rammen kan ikke være negativ."))
        if frame is not None and self.instance.pk:
            # Awards already approved stand: the frame may shrink only down to what they use. (An
            # existing call's frame is locked here; budget_change_request applies this rule under
            # the call lock when the frame is actually changed.)
            used = awarded_in_call(self.instance)
            if frame < used:
                raise ValidationError(
                    _("Rammen kan ikke være lavere enn det som allerede er tildelt (%(used)s).")
                    % {"used": format_nok(used)}
                )
        return frame

    def clean_max_project_years(self):
        years = self.cleaned_data.get("max_project_years")
        if years is not None and years < 1:
            raise ValidationError(_("Prosjektperioden må være minst ett år."))
        return years

    def _clean_day_list(self, field):
        value = self.cleaned_data.get(field)
        if value in (None, ""):
            return []
        if not isinstance(value, list) or not all(isinstance(v, int) and 0 <= v <= 365 for v in value):
            raise ValidationError(_("Skriv en liste med hele dager mellom 0 og 365, for eksempel [7, 2]."))
        return sorted(set(value), reverse=True)

    def clean_acceptance_reminder_days(self):
        return self._clean_day_list("acceptance_reminder_days")

    def clean_report_reminder_days_before(self):
        return self._clean_day_list("report_reminder_days_before")

    def clean_report_reminder_days_after(self):
        return self._clean_day_list("report_reminder_days_after")

    def clean(self):
        cleaned = super().clean()
        published, deadline = cleaned.get("published_on"), cleaned.get("application_deadline")
        if published and deadline and deadline < published:
            self.add_error("application_deadline", _("Søknadsfristen kan ikke være før utlysningen er publisert."))
        year = cleaned.get("year")
        if deadline and year and deadline.year > year:
            self.add_error("application_deadline", _("Søknadsfristen må ligge i eller før tilskuddsåret."))
        return cleaned


class PriorityAreaInlineFormSet(forms.BaseInlineFormSet):
    """Area frames are each at most the call frame, and together never above it."""

    def clean(self):
        super().clean()
        call_frame = self.instance.frame
        if call_frame is None:
            return
        call_frame = Decimal(call_frame)
        total = Decimal("0")
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            frame = form.cleaned_data.get("frame")
            cap = form.cleaned_data.get("per_applicant_cap")
            allowance = form.cleaned_data.get("allowance_cap_g")
            if allowance is not None and allowance <= 0:
                form.add_error("allowance_cap_g", _("Deltakerstønaden må være mer enn 0 G, eller stå tom."))
            if cap is not None and cap <= 0:
                form.add_error("per_applicant_cap", _("Beløpet per søker må være større enn 0, eller stå tomt."))
            if frame is not None:
                if frame < 0:
                    form.add_error("frame", _("Rammen kan ikke være negativ."))
                elif frame > call_frame:
                    form.add_error(
                        "frame", _("Rammen for området kan ikke være større enn utlysningens samlede ramme.")
                    )
                total += frame
            elif cap is not None and cap > call_frame:
                form.add_error("per_applicant_cap", _("Beløpet per søker kan ikke være større enn utlysningens ramme."))
        if total > call_frame:
            raise ValidationError(_("Summen av rammene for satsingsområdene er større enn utlysningens samlede ramme."))


class ReportDeadlineInlineFormSet(forms.BaseInlineFormSet):
    """Each report period ends before its deadline, and no report falls due before the call's
    application deadline."""

    def clean(self):
        super().clean()
        application_deadline = self.instance.application_deadline
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            start, end = form.cleaned_data.get("period_start"), form.cleaned_data.get("period_end")
            due = form.cleaned_data.get("due_date")
            if start and end and end < start:
                form.add_error("period_end", _("Perioden kan ikke slutte før den begynner."))
            if end and due and due < end:
                form.add_error("due_date", _("Rapportfristen kan ikke være før rapportperioden er slutt."))
            if application_deadline and due and due <= application_deadline:
                form.add_error("due_date", _("Rapportfristen må være etter søknadsfristen."))


class PayoutTermForm(InputBoundsMixin, forms.ModelForm):
    class Meta:
        model = PayoutTerm
        fields = "__all__"

    def clean_month(self):
        month = self.cleaned_data.get("month")
        if month is not None and not 1 <= month <= 12:
            raise ValidationError(_("Måneden må være et tall fra 1 til 12."))
        return month

    def clean_day(self):
        day = self.cleaned_data.get("day")
        # Day 29-31 does not exist in every month; the payment date then moves to a bank day.
        if day is not None and not 1 <= day <= 28:
            raise ValidationError(_("Dagen må være et tall fra 1 til 28."))
        return day


class RateAdminForm(InputBoundsMixin, forms.ModelForm):
    class Meta:
        model = Rate
        fields = "__all__"

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is not None and amount <= 0:
            raise ValidationError(_("Satsen må være større enn 0."))
        return amount

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Sluttdatoen kan ikke være før startdatoen."))
        return cleaned


class PriorityAreaForm(BudgetFieldsLockedMixin, forms.ModelForm):
    budget_fields = ("frame", "per_applicant_cap")

    class Meta:
        model = PriorityArea
        fields = "__all__"


class AreaQuestionForm(InputBoundsMixin, forms.ModelForm):
    class Meta:
        model = AreaQuestion
        fields = ["position", "kind", "text", "help_text", "required", "source"]
        widgets = {"help_text": forms.Textarea(attrs={"rows": 2})}


class AreaAttachmentRequirementForm(InputBoundsMixin, forms.ModelForm):
    class Meta:
        model = AreaAttachmentRequirement
        fields = ["position", "name", "description", "required", "source"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class AppropriationAdminForm(BudgetFieldsLockedMixin, forms.ModelForm):
    budget_fields = ("amount",)

    class Meta:
        model = Appropriation
        fields = "__all__"


class AppropriationShareForm(BudgetFieldsLockedMixin, forms.ModelForm):
    budget_fields = ("amount",)

    class Meta:
        model = AppropriationShare
        fields = "__all__"


class AppropriationShareInlineFormSet(forms.BaseInlineFormSet):
    """The allocation letter splits the appropriation: the shares together never exceed it."""

    def clean(self):
        super().clean()
        amount = self.instance.amount
        if amount is None:
            return
        total = Decimal("0")
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            share = form.cleaned_data.get("amount")
            if share is not None:
                if share < 0:
                    form.add_error("amount", _("Beløpet kan ikke være negativt."))
                total += share
        if total > Decimal(amount):
            raise ValidationError(_("Summen av fordelingen er større enn bevilgningen."))


class BudgetChangeRequestForm(forms.Form):
    """Ask for a budget change; the service checks it again under the budget locks."""

    kind = forms.ChoiceField(label=gettext_lazy("Hva skal endres"), choices=BudgetChange.Kind.choices)
    call = forms.ModelChoiceField(
        label=gettext_lazy("Utlysning"), queryset=Call.objects.select_related("scheme"), required=False
    )
    area = forms.ModelChoiceField(
        label=gettext_lazy("Satsingsområde"), queryset=PriorityArea.objects.select_related("call"), required=False
    )
    share = forms.ModelChoiceField(
        label=gettext_lazy("Fordeling av bevilgning"),
        queryset=AppropriationShare.objects.select_related("appropriation"),
        required=False,
    )
    appropriation = forms.ModelChoiceField(
        label=gettext_lazy("Bevilgning"), queryset=Appropriation.objects.all(), required=False
    )
    new_amount = AmountField(
        label=gettext_lazy("Nytt beløp"),
        required=False,
        help_text=gettext_lazy("Tomt for et satsingsområde betyr ingen egen ramme eller grense per søker."),
    )
    new_share = forms.ModelChoiceField(
        label=gettext_lazy("Flytt utlysningen til bevilgning"),
        queryset=AppropriationShare.objects.select_related("appropriation"),
        required=False,
    )
    reason = forms.CharField(
        label=gettext_lazy("Begrunnelse"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    TARGET_FIELD = {
        BudgetChange.Kind.CALL_FRAME: "call",
        BudgetChange.Kind.CALL_SHARE: "call",
        BudgetChange.Kind.AREA_FRAME: "area",
        BudgetChange.Kind.AREA_CAP: "area",
        BudgetChange.Kind.SHARE_AMOUNT: "share",
        BudgetChange.Kind.APPROPRIATION_AMOUNT: "appropriation",
    }

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if not kind:
            return cleaned
        target = self.TARGET_FIELD[kind]
        if cleaned.get(target) is None and target not in self.errors:
            self.add_error(target, _("Velg hva endringen gjelder."))
        if kind == BudgetChange.Kind.CALL_SHARE and cleaned.get("new_share") is None:
            self.add_error("new_share", _("Velg bevilgningen utlysningen skal flyttes til."))
        return cleaned


class BudgetChangeDecideForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Kommentar"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
