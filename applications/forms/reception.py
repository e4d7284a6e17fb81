"""The municipality's answer to a reception-centre offer (rundskriv 06/2024 sections 3 and 6)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.forms.application import DateInput

ACTION_SAVE = "save"
ACTION_SUBMIT = "submit"

PARTY_CHOICES = [
    ("party_municipality", _("Kommunen")),
    ("party_reception_centre", _("Asylmottaket")),
    ("party_career_centre", _("Karrieresenteret")),
    ("party_nav_office", _("Nav-kontoret")),
]


class ReceptionAnswerForm(forms.Form):
    """Saving a draft accepts gaps; sending to IMDi needs the document, all four parties, a
    validity that covers the grant period and the confirmation (checked in the service)."""

    document = forms.FileField(
        label=_("Partnerskapsavtalen"),
        required=False,
        help_text=_("PDF, DOCX, ODT, PNG eller JPEG, høyst 20 MB. Last opp på nytt for å bytte ut filen."),
    )
    parties = forms.MultipleChoiceField(
        label=_("Partene i avtalen"),
        choices=PARTY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Avtalen skal være mellom kommunen, asylmottaket, karrieresenteret og Nav-kontoret."),
        error_messages={"invalid_choice": _("Velg bare blant partene i listen.")},
    )
    valid_from = forms.DateField(
        label=_("Avtalen gjelder fra"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Skriv en gyldig dato.")},
    )
    valid_to = forms.DateField(
        label=_("Avtalen gjelder til"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Skriv en gyldig dato.")},
    )
    confirm = forms.BooleanField(
        label=_("Jeg bekrefter at opplysningene stemmer og sender svaret til IMDi. Svaret kan ikke endres etterpå."),
        required=False,
    )

    def __init__(self, *args, action=ACTION_SAVE, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action

    def clean(self):
        cleaned = super().clean()
        if self.action == ACTION_SUBMIT and not cleaned.get("confirm"):
            self.add_error("confirm", _("Kryss av for å bekrefte før du sender svaret."))
        return cleaned

    def parties_dict(self) -> dict:
        chosen = set(self.cleaned_data.get("parties") or [])
        return {name: name in chosen for name, _label in PARTY_CHOICES}


class ReceptionOfferActionForm(forms.Form):
    """The confirmation of one step on an offer in the admin; a return carries a comment."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(
        label=_("Kommentar til rådgiveren"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, with_comment=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_comment:
            del self.fields["comment"]
