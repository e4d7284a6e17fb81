"""Forms for the application sections. A draft may be partial, but what is entered must be
valid: the forms refuse negative or over-precise amounts, over-long text and rule breaches
that the section's own data decides (area for the organisation kind, period, participants,
allowance cap). The completeness check in services re-checks everything before sending."""

from decimal import Decimal

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from applications.models import Application, BudgetLine, BudgetYear, EarlierProject
from applications.services.application import period_exceeds_max_years
from core.forms import AmountField, InputBoundsMixin
from core.money import format_nok
from core.uploads import attachment_check
from organisations.models import Organisation

MAX_PARTICIPANTS = 100_000


def money_field(label, *, required=False):
    return AmountField(label=label, required=required)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class BasisForm(InputBoundsMixin, forms.ModelForm):
    """Section 1: priority area and partner municipalities."""

    class Meta:
        model = Application
        fields = ["area", "partners"]
        widgets = {"partners": forms.SelectMultiple(attrs={"size": 8})}
        help_texts = {
            "partners": _(
                "Andre kommuner eller fylkeskommuner dere samarbeider med. Søkeren har prosjektansvaret "
                "og sender inn søknaden for alle."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        application = self.instance
        org = application.organisation
        open_ids = [a.pk for a in application.call.areas.all() if a.is_open_to(org)]
        self.fields["area"].queryset = application.call.areas.filter(pk__in=open_ids).order_by("number")
        self.fields["area"].required = False
        self.fields["area"].empty_label = _("Velg satsingsområde")
        self.fields["area"].error_messages["invalid_choice"] = _("Dette satsingsområdet er ikke åpent for %(org)s.") % {
            "org": org.name
        }
        self.fields["partners"].queryset = Organisation.objects.filter(active=True).exclude(pk=org.pk)
        self.fields["partners"].error_messages["invalid_choice"] = _("Ugyldig samarbeidskommune.")


class ProjectForm(InputBoundsMixin, forms.ModelForm):
    """Section 2: the project and how it meets the criteria."""

    class Meta:
        model = Application
        fields = [
            "title",
            "summary",
            "goals",
            "target_group",
            "activities",
            "criterion_purpose",
            "criterion_delivery",
            "criterion_transfer",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields if name != "title"}


class ImplementationForm(InputBoundsMixin, forms.ModelForm):
    """Section 3: period, participants, cooperation, supervisor."""

    participants = forms.IntegerField(
        label=_("Antall deltakere"),
        required=False,
        min_value=0,
        max_value=MAX_PARTICIPANTS,
        error_messages={
            "invalid": _("Skriv et helt tall."),
            "min_value": _("Antall deltakere kan ikke være negativt."),
            "max_value": _("Antall deltakere er urimelig høyt."),
        },
    )

    class Meta:
        model = Application
        fields = [
            "project_start",
            "project_end",
            "participants",
            "voluntary_cooperation",
            "supervisor_name",
            "supervisor_institution",
            "supervisor_is_academic",
        ]
        widgets = {
            "project_start": DateInput(),
            "project_end": DateInput(),
            "voluntary_cooperation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("project_start", "project_end"):
            self.fields[name].error_messages["invalid"] = _("Skriv en gyldig dato, for eksempel 01.03.2024.")
        call = self.instance.call
        if call.min_participants:
            self.fields["participants"].help_text = _("Minst %(min)s deltakere.") % {"min": call.min_participants}
        self.fields["project_end"].help_text = _("Prosjektperioden kan være høyst %(years)s år.") % {
            "years": call.max_project_years
        }
        area = self.instance.area
        if area is not None and area.supervisor_required:
            self.fields["supervisor_name"].help_text = _("Satsingsområdet krever veileder.")

    def clean_participants(self):
        value = self.cleaned_data.get("participants")
        minimum = self.instance.call.min_participants
        if value is not None and minimum and value < minimum:
            raise forms.ValidationError(_("Prosjektet må ha minst %(min)s deltakere.") % {"min": minimum})
        return value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("project_start"), cleaned.get("project_end")
        if start and end:
            if end < start:
                self.add_error("project_end", _("Prosjektslutt kan ikke være før prosjektstart."))
            elif period_exceeds_max_years(start, end, self.instance.call.max_project_years):
                self.add_error(
                    "project_end",
                    _("Prosjektperioden kan være høyst %(years)s år.")
                    % {"years": self.instance.call.max_project_years},
                )
        return cleaned


class EarlierProjectForm(InputBoundsMixin, forms.ModelForm):
    class Meta:
        model = EarlierProject
        fields = ["description", "imdi_case_number", "decided_on"]
        widgets = {"decided_on": DateInput()}


EarlierProjectFormSet = inlineformset_factory(
    Application,
    EarlierProject,
    form=EarlierProjectForm,
    extra=1,
    can_delete=True,
    max_num=20,
    # A forged TOTAL_FORMS builds at most this many forms (Django's default allows 1 000 more).
    absolute_max=20,
    validate_max=True,
)


class ContactForm(InputBoundsMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["contact_name", "contact_email", "contact_phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_email"].error_messages["invalid"] = _("Skriv en gyldig e-postadresse.")


class BudgetYearForm(InputBoundsMixin, forms.ModelForm):
    own_contribution = money_field(_("Egenandel"))
    other_funding = money_field(_("Annen finansiering"))
    amount_applied = money_field(_("Søknadsbeløp"))
    participant_allowance = money_field(_("Deltakerstønad det søkes om"))

    class Meta:
        model = BudgetYear
        fields = ["own_contribution", "other_funding", "amount_applied", "participant_allowance"]

    def __init__(self, *args, allowance_cap=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowance_cap = allowance_cap
        if allowance_cap == 0:
            self.fields["participant_allowance"].help_text = _("Satsingsområdet gir ikke deltakerstønad.")
            self.fields["participant_allowance"].widget.attrs["readonly"] = True
        elif allowance_cap is not None:
            self.fields["participant_allowance"].help_text = _("Høyst %(cap)s per år.") % {
                "cap": format_nok(allowance_cap)
            }

    def clean(self):
        cleaned = super().clean()
        for name in self.Meta.fields:
            if name in cleaned and cleaned[name] is None:
                cleaned[name] = Decimal("0.00")
        allowance = cleaned.get("participant_allowance")
        if allowance and self.allowance_cap is not None and allowance > self.allowance_cap:
            if self.allowance_cap == 0:
                self.add_error("participant_allowance", _("Satsingsområdet gir ikke deltakerstønad."))
            else:
                self.add_error(
                    "participant_allowance",
                    _("Deltakerstønaden kan være høyst %(cap)s per år (G × deltakere).")
                    % {"cap": format_nok(self.allowance_cap)},
                )
        return cleaned


class BudgetLineForm(InputBoundsMixin, forms.ModelForm):
    amount = money_field(_("Beløp (kr)"), required=True)

    class Meta:
        model = BudgetLine
        fields = ["category", "description", "amount"]


BudgetLineFormSet = inlineformset_factory(
    BudgetYear,
    BudgetLine,
    form=BudgetLineForm,
    extra=2,
    can_delete=True,
    max_num=50,
    absolute_max=50,
    validate_max=True,
)


class AttachmentForm(InputBoundsMixin, forms.Form):
    file = forms.FileField(
        label=_("Vedlegg"),
        help_text=_("PDF, DOCX, XLSX, ODT, ODS, PNG eller JPEG, høyst 20 MB."),
        error_messages={"required": _("Velg en fil."), "empty": _("Filen er tom.")},
    )

    def __init__(self, *args, requirements=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The area's named document types (schemes.AreaAttachmentRequirement), when it has any.
        if requirements is not None and requirements.exists():
            from applications.forms.area_questions import requirement_field

            self.fields["requirement"] = requirement_field(requirements)

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.checked = attachment_check(uploaded)
        return uploaded


class SendBackForm(InputBoundsMixin, forms.Form):
    comment = forms.CharField(
        label=_("Kommentar til saksbehandler"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv hva som må rettes.")},
    )


class WithdrawForm(InputBoundsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse (valgfritt)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
