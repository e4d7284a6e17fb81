"""Forms for grant letters and acceptance: the portal's acceptance letter, and the admin's
correction, lapse, extension and send-all forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import Grant
from applications.services.grant import DETAIL_MAX_LENGTHS, REQUIRED_DETAILS
from organisations.validators import normalise_digits, validate_bank_account, validate_org_number
from schemes.models import Call

ACTION_SAVE = "save"
ACTION_ACCEPT = "accept"


class AcceptanceForm(forms.Form):
    """The details the acceptance letter carries (rundskriv 06/2024 section 6). Saving a draft
    accepts gaps; accepting needs them all and the confirmation."""

    organisation_name = forms.CharField(
        label=_("Navn på kommunen eller fylkeskommunen"),
        max_length=DETAIL_MAX_LENGTHS["organisation_name"],
        required=False,
    )
    address = forms.CharField(label=_("Adresse"), max_length=DETAIL_MAX_LENGTHS["address"], required=False)
    phone = forms.CharField(label=_("Telefonnummer"), max_length=DETAIL_MAX_LENGTHS["phone"], required=False)
    email = forms.EmailField(
        label=_("E-postadresse"),
        # The column holds 254 characters; Django's form field would let 320 through.
        max_length=DETAIL_MAX_LENGTHS["email"],
        required=False,
        error_messages={"invalid": _("Skriv en gyldig e-postadresse.")},
    )
    org_number = forms.CharField(
        label=_("Organisasjonsnummer"),
        max_length=20,
        required=False,
        help_text=_("Ni siffer."),
    )
    bank_account = forms.CharField(
        label=_("Kontonummer for utbetaling av tilskuddet"),
        max_length=20,
        required=False,
        help_text=_("Elleve siffer, for eksempel 1234 56 78903."),
    )
    contact_persons = forms.CharField(
        label=_("Kontaktperson(er)"),
        max_length=DETAIL_MAX_LENGTHS["contact_persons"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Navn, e-post og telefon, én person per linje."),
    )
    competence = forms.CharField(
        label=_("Kommunens forutsetninger og kompetanse for å gjennomføre prosjektet eller tiltaket"),
        max_length=DETAIL_MAX_LENGTHS["competence"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    earlier_grants = forms.CharField(
        label=_("Tidligere tilskudd fra IMDi (dato og saksnummer)"),
        max_length=DETAIL_MAX_LENGTHS["earlier_grants"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Én linje per tilskudd. La feltet stå tomt hvis dere ikke har fått tilskudd fra IMDi før."),
    )
    confirm = forms.BooleanField(
        label=_("Vi aksepterer vilkårene i tilskuddsbrevet, og opplysningene over er riktige."),
        required=False,
    )

    def __init__(self, *args, action=ACTION_SAVE, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action

    def clean_org_number(self):
        value = normalise_digits(self.cleaned_data.get("org_number", ""))
        if value:
            validate_org_number(value)
        return value

    def clean_bank_account(self):
        value = normalise_digits(self.cleaned_data.get("bank_account", ""))
        if value:
            validate_bank_account(value)
        return value

    def clean(self):
        cleaned = super().clean()
        if self.action == ACTION_ACCEPT:
            for field in REQUIRED_DETAILS:
                if not cleaned.get(field) and field not in self.errors:
                    self.add_error(field, _("Dette feltet må fylles ut."))
            if not cleaned.get("confirm"):
                self.add_error("confirm", _("Kryss av for at dere aksepterer vilkårene."))
        return cleaned

    def details(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in self.fields if name != "confirm"}


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor takker dere nei til tilskuddet?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": _("Skriv hvorfor dere takker nei.")},
    )
    confirm = forms.BooleanField(
        label=_("Vi takker nei til tilskuddet. Vi vet at dette ikke kan angres i portalen."),
        error_messages={"required": _("Kryss av for å bekrefte at dere takker nei.")},
    )


class LetterCorrectionForm(forms.Form):
    correction_note = forms.CharField(
        label=_("Hva er rettet?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Står i det rettede brevet. Endre særskilte vilkår på tilskuddet før du sender rettelsen."),
        error_messages={"required": _("Skriv hva som er rettet.")},
    )


class LapseForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        initial=_("Tilskuddet er ikke akseptert innen fristen."),
        error_messages={"required": _("Skriv en begrunnelse.")},
    )


class DeadlineExtendForm(forms.Form):
    new_deadline = forms.DateField(
        label=_("Ny akseptfrist"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={"required": _("Velg en ny frist."), "invalid": _("Skriv datoen som dd.mm.åååå.")},
    )
    reason = forms.CharField(
        label=_("Begrunnelse"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Skriv en begrunnelse.")},
    )


class SendAllForm(forms.Form):
    call = forms.ModelChoiceField(
        label=_("Utlysning"),
        queryset=Call.objects.none(),
        empty_label=None,
        error_messages={"required": _("Velg en utlysning.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = (
            Call.objects.filter(grants__status=Grant.Status.DECIDED).distinct().select_related("scheme")
        )
