"""Admin forms for assessment, decisions, appeals and reception-centre agreements.

The forms only collect and pre-check input; the services write (and check again)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import Appeal, Application, Assessment, Decision, ReceptionCentreAgreement
from applications.services.assessment import OPEN_FOR_ASSESSMENT, application_amount_applied, decision_errors
from core.forms import AmountField, InputBoundsMixin
from schemes.models import Call, PriorityArea, Scheme


class AssessmentForm(InputBoundsMixin, forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["application", "score_purpose", "score_delivery", "score_transfer", "comment", "recommended_amount"]
        widgets = {
            "score_purpose": forms.RadioSelect,
            "score_delivery": forms.RadioSelect,
            "score_transfer": forms.RadioSelect,
        }

    def __init__(self, *args, officer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.officer = officer
        if "application" in self.fields:
            self.fields["application"].queryset = Application.objects.filter(
                status__in=OPEN_FOR_ASSESSMENT
            ).select_related("organisation")

    def clean(self):
        cleaned = super().clean()
        application = cleaned.get("application") or getattr(self.instance, "application", None)
        if application is None:
            return cleaned
        if application.status not in OPEN_FOR_ASSESSMENT:
            raise forms.ValidationError(_("Søknaden er ferdig behandlet og kan ikke vurderes."))
        if (
            self.officer is not None
            and not self.instance.pk
            and Assessment.objects.filter(application=application, officer=self.officer).exists()
        ):
            self.add_error("application", _("Du har allerede vurdert denne søknaden. Endre vurderingen din i stedet."))
        amount = cleaned.get("recommended_amount")
        if amount is not None:
            if amount < 0:
                self.add_error("recommended_amount", _("Beløpet kan ikke være negativt."))
            elif amount > application_amount_applied(application):
                self.add_error("recommended_amount", _("Anbefalt beløp kan ikke være høyere enn søknadsbeløpet."))
        return cleaned

    def validate_unique(self):
        # The officer is set by the service, not the form; the clean() above covers uniqueness.
        pass


class AssessmentScoreForm(InputBoundsMixin, forms.Form):
    """The scoring form beside the application: one radio group per criterion of the call,
    labelled with the criterion's guidance and scale (applications.selectors.assessment_criteria)."""

    comment = forms.CharField(
        label=_("Kommentar"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )
    recommended_amount = AmountField(
        label=_("Anbefalt beløp"),
        required=False,
        help_text=_("Hva du anbefaler at søkeren får i alt (høyst det som er søkt om)."),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        scored = {}
        for criterion in criteria:
            scored[criterion["field"]] = forms.TypedChoiceField(
                label=criterion["name"],
                help_text=criterion["guidance"],
                choices=[(value, f"{value} – {label}") for value, label in criterion["scale"]],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Velg en karakter."),
                    "invalid_choice": _("Velg en av karakterene på skalaen."),
                },
            )
        self.fields = {**scored, **self.fields}


class DecisionProposeForm(InputBoundsMixin, forms.ModelForm):
    later_years_text = forms.CharField(
        label=_("Senere år (med forbehold om Stortingets bevilgning)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Én linje per år: «2025: 400000», eller med deltakerstønad «2025: 400000 + 50000». "
            "Tomt for flerårige prosjekter gir søknadsbeløpene for senere år."
        ),
    )

    class Meta:
        model = Decision
        fields = ["application", "outcome", "amount", "allowance", "reason", "special_conditions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.later_years = None
        if "application" not in self.fields:
            return  # an existing decision is shown read-only
        self.fields["application"].queryset = Application.objects.filter(status__in=OPEN_FOR_ASSESSMENT).select_related(
            "organisation"
        )
        self.fields["amount"].required = False
        self.fields["amount"].help_text = _("Bare ved innvilgelse: høyst det som er søkt om for første år.")
        self.fields["allowance"].required = False
        self.fields["allowance"].help_text = _(
            "Bare ved innvilgelse, i tillegg til tilskuddet: høyst det som er søkt om, og høyst 1 G per deltaker."
        )

    def clean_later_years_text(self):
        text = (self.cleaned_data.get("later_years_text") or "").strip()
        if not text:
            return None
        items = []
        for line in text.splitlines():
            if not line.strip():
                continue
            year, sep, amount = line.partition(":")
            if not sep:
                raise forms.ValidationError(_("Skriv hvert år som «2025: 400000»."))
            amount, plus, allowance = amount.partition("+")
            item = {"year": year.strip(), "amount": amount.strip()}
            if plus:
                item["allowance"] = allowance.strip()
            items.append(item)
        return items

    def clean(self):
        cleaned = super().clean()
        if "application" not in self.fields:
            return cleaned
        application = cleaned.get("application")
        outcome = cleaned.get("outcome")
        if application is None or not outcome:
            return cleaned
        if application.decisions.filter(status=Decision.Status.PROPOSED).exists():
            self.add_error("application", _("Søknaden har allerede et forslag til vedtak som venter på godkjenning."))
        errors, amount, later_years = decision_errors(
            application=application,
            outcome=outcome,
            amount=cleaned.get("amount"),
            later_years=cleaned.get("later_years_text"),
            reason=cleaned.get("reason"),
            allowance=cleaned.get("allowance"),
        )
        for field, message in errors.items():
            self.add_error("later_years_text" if field == "later_years" else field, message)
        cleaned["amount"] = amount
        self.later_years = later_years
        return cleaned


class DecisionAmountForm(InputBoundsMixin, forms.Form):
    amount = AmountField(label=_("Tilskudd første år"), required=True)
    allowance = AmountField(label=_("Deltakerstønad første år"), required=False)


class ReceivedOnForm(InputBoundsMixin, forms.Form):
    received_on = forms.DateField(label=_("Mottatt av søker"), widget=forms.DateInput(attrs={"type": "date"}))


class AppealForm(InputBoundsMixin, forms.ModelForm):
    class Meta:
        model = Appeal
        fields = ["decision", "received_on", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = Decision.objects.filter(
            outcome=Decision.Outcome.DISMISS, status=Decision.Status.APPROVED
        ).select_related("application")


class AppealForwardForm(InputBoundsMixin, forms.ModelForm):
    class Meta:
        model = Appeal
        fields = ["forwarded_to_ministry_on", "notes"]

    def clean_forwarded_to_ministry_on(self):
        day = self.cleaned_data.get("forwarded_to_ministry_on")
        if day and day < self.instance.received_on:
            raise forms.ValidationError(_("Klagen kan ikke oversendes før den er mottatt."))
        return day


class ReceptionCentreAgreementForm(InputBoundsMixin, forms.ModelForm):
    class Meta:
        model = ReceptionCentreAgreement
        fields = ["organisation", "centre_name", "places", "valid_from", "valid_to", "partnership_agreement_date"]


class ReceptionComputeForm(InputBoundsMixin, forms.Form):
    call = forms.ModelChoiceField(
        label=_("Utlysning"),
        queryset=Call.objects.filter(scheme__kind=Scheme.Kind.FORMULA).select_related("scheme"),
    )


class RankingForm(InputBoundsMixin, forms.Form):
    call = forms.ModelChoiceField(
        label=_("Utlysning"),
        queryset=Call.objects.filter(scheme__kind=Scheme.Kind.COMPETITIVE).select_related("scheme"),
    )
    area = forms.ModelChoiceField(label=_("Satsingsområde"), queryset=PriorityArea.objects.select_related("call"))

    def clean(self):
        cleaned = super().clean()
        call, area = cleaned.get("call"), cleaned.get("area")
        if call and area and area.call_id != call.pk:
            self.add_error("area", _("Satsingsområdet hører ikke til denne utlysningen."))
        return cleaned
