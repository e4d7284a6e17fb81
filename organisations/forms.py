from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership


class JoinRequestForm(forms.Form):
    org_number = forms.CharField(
        label=_("Organisasjonsnummer"),
        max_length=11,
        help_text=_("Ni siffer, for eksempel 964338531 for Bergen kommune."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    message = forms.CharField(label=_("Melding til den som godkjenner (valgfritt)"), max_length=500, required=False)


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=Membership.Role.choices)
    delegation = forms.CharField(
        label=_("Fullmakt (for godkjennere)"),
        max_length=500,
        required=False,
        help_text=_("Hvilken fullmakt gir godkjenneren rett til å sende inn søknader og akseptere tilskudd?"),
    )
