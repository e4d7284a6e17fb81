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


# Rows for the later years of a proposal: the circulars allow projects of up to three years
# (Call.max_project_years), so two later years; the service checks each against the application.
LATER_YEAR_ROWS = 2


def _later_year_field(i):
    return forms.IntegerField(
        label=_("Senere år %(n)s: år") % {"n": i},
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": _("Skriv året med fire sifre."),
            "min_value": _("Skriv et år mellom 2000 og 2100."),
            "max_value": _("Skriv et år mellom 2000 og 2100."),
        },
    )


class LaterYearsRowsMixin(forms.Form):
    """Later years as rows of year, amount and allowance (not free text). Blank rows are
    skipped; no row at all means the amounts applied for in the later years."""

    later_year_indexes = list(range(1, LATER_YEAR_ROWS + 1))
    later_year_1 = _later_year_field(1)
    later_amount_1 = AmountField(label=_("Senere år 1: tilskudd"))
    later_allowance_1 = AmountField(label=_("Senere år 1: deltakerstønad"))
    later_year_2 = _later_year_field(2)
    later_amount_2 = AmountField(label=_("Senere år 2: tilskudd"))
    later_allowance_2 = AmountField(label=_("Senere år 2: deltakerstønad"))
    LATER_YEAR_FIELDS = [f"later_{kind}_{i}" for i in later_year_indexes for kind in ("year", "amount", "allowance")]

    def later_years_rows(self):
        """The rows as the service takes them, or None when every row is blank."""
        cleaned, items = self.cleaned_data, []
        for i in self.later_year_indexes:
            year, amount = cleaned.get(f"later_year_{i}"), cleaned.get(f"later_amount_{i}")
            allowance = cleaned.get(f"later_allowance_{i}")
            if year is None and amount is None and not allowance:
                continue
            if year is None or amount is None:
                self.add_error(f"later_year_{i}" if year is None else f"later_amount_{i}", _("Skriv både år og beløp."))
                continue
            item = {"year": year, "amount": amount}
            if allowance:
                item["allowance"] = allowance
            items.append(item)
        return items or None

    def later_years_errors_add(self, message):
        self.add_error(f"later_year_{self.later_year_indexes[0]}" if self.later_year_indexes else None, message)


class DecisionProposeForm(LaterYearsRowsMixin, InputBoundsMixin, forms.ModelForm):
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

    def clean(self):
        cleaned = super().clean()
        if "application" not in self.fields:
            return cleaned
        rows = self.later_years_rows()
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
            later_years=rows,
            reason=cleaned.get("reason"),
            allowance=cleaned.get("allowance"),
        )
        for field, message in errors.items():
            if field == "later_years":
                self.later_years_errors_add(message)
            else:
                self.add_error(field, message)
        cleaned["amount"] = amount
        self.later_years = later_years if rows is not None else None
        return cleaned


class DecisionResubmitForm(LaterYearsRowsMixin, InputBoundsMixin, forms.Form):
    """The officer revises a returned proposal (the budget holder's comment is shown above)."""

    outcome = forms.ChoiceField(label=_("Utfall"), choices=Decision.Outcome.choices)
    amount = AmountField(label=_("Tilskudd første år"))
    allowance = AmountField(label=_("Deltakerstønad første år"))
    reason = forms.CharField(label=_("Begrunnelse"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    special_conditions = forms.CharField(
        label=_("Særskilte vilkår"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = ["outcome", "amount", "allowance", *LaterYearsRowsMixin.LATER_YEAR_FIELDS, "reason"]


class DecisionReturnForm(InputBoundsMixin, forms.Form):
    comment = forms.CharField(
        label=_("Kommentar til rådgiveren"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": _("Skriv hva rådgiveren skal se på før forslaget returneres.")},
    )


class BulkProposeForm(forms.Form):
    """Amounts typed in the ranking, one field per open row (amount_<application id>)."""

    def __init__(self, *args, application_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        for pk in application_ids:
            self.fields[f"amount_{pk}"] = AmountField(label=_("Foreslått tilskudd første år"))

    def amounts(self) -> dict:
        return {
            int(name.removeprefix("amount_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("amount_") and value is not None
        }


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
        fields = ["forwarded_to_ministry_on", "outcome_note", "notes"]
        # The browser's own date field: the admin's calendar script sets inline styles (CSP).
        widgets = {"forwarded_to_ministry_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    # Forwarding cannot be undone: the officer says so before the save.
    confirm_forward = forms.BooleanField(
        label=_("Jeg bekrefter at klagen er oversendt klageinstansen"),
        help_text=_("Oversendelsen kan ikke angres. Kryss av sammen med oversendelsesdatoen."),
        required=False,
    )

    def clean_forwarded_to_ministry_on(self):
        day = self.cleaned_data.get("forwarded_to_ministry_on")
        if day and day < self.instance.received_on:
            raise forms.ValidationError(_("Klagen kan ikke oversendes før den er mottatt."))
        return day

    def _post_clean(self):
        # Django copies the posted values onto the appeal even when the form has errors; the
        # page with the errors would then show the appeal as forwarded (and its date fixed).
        if self.errors:
            return
        super()._post_clean()

    def clean(self):
        cleaned = super().clean()
        forwarding = cleaned.get("forwarded_to_ministry_on") and self.instance.pk and self.instance.is_open
        if forwarding and not cleaned.get("confirm_forward"):
            self.add_error("confirm_forward", _("Kryss av for å bekrefte oversendelsen. Den kan ikke angres."))
        return cleaned


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
    area = forms.ModelChoiceField(label=_("Satsingsområde"), queryset=PriorityArea.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the chosen call's areas (not every call's): the call decides the list.
        call_id = str((self.data or {}).get("call") or "")
        calls = self.fields["call"].queryset
        call = calls.filter(pk=int(call_id)).first() if call_id.isdigit() and len(call_id) < 10 else None
        if call is None and not self.is_bound:
            call = calls.order_by("-year").first()
            self.initial.setdefault("call", call)
        self.fields["area"].queryset = (
            PriorityArea.objects.filter(call=call).order_by("number") if call else PriorityArea.objects.none()
        )
        self.fields["area"].label_from_instance = lambda area: f"{area.number}. {area.title}"

    def clean(self):
        cleaned = super().clean()
        call, area = cleaned.get("call"), cleaned.get("area")
        if call and area and area.call_id != call.pk:
            self.add_error("area", _("Satsingsområdet hører ikke til denne utlysningen."))
        return cleaned
