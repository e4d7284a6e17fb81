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

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # ID-porten tells who a person is, not their name or e-mail: a person the portal has
        # neither for gives them here (the one who decides sees the name; the answer is e-mailed).
        self.asks_contact = user is not None and not (user.email and user.get_full_name())
        if self.asks_contact:
            self.fields["first_name"] = forms.CharField(
                label=_("Fornavn"),
                max_length=150,
                initial=user.first_name,
                widget=forms.TextInput({"autocomplete": "given-name"}),
            )
            self.fields["last_name"] = forms.CharField(
                label=_("Etternavn"),
                max_length=150,
                initial=user.last_name,
                widget=forms.TextInput({"autocomplete": "family-name"}),
            )
            self.fields["email"] = forms.EmailField(
                label=_("E-postadresse"),
                max_length=254,
                initial=user.email,
                help_text=_("Hit sender vi beskjed når forespørselen er avgjort."),
                widget=forms.EmailInput({"autocomplete": "email"}),
            )


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=Membership.Role.choices)
    delegation = forms.CharField(
        label=_("Fullmakt (for godkjennere)"),
        max_length=500,
        required=False,
        help_text=_("Hvilken fullmakt gir godkjenneren rett til å sende inn søknader og akseptere tilskudd?"),
    )
