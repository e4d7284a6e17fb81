"""Forms for requests about an awarded grant: the municipality's request (the fields depend on
what it asks for) and the officer's decision. They pre-check; the service decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.models import GrantRequest
from casework.services_grant_requests import REASON_MAX
from core.forms import BoundedDateField, InputBoundsMixin
from organisations.models import Organisation

K = GrantRequest.Kind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date(label):
    return BoundedDateField(
        label=label, required=False, widget=DateInput(), error_messages={"invalid": _("Skriv en gyldig dato.")}
    )


class GrantRequestForm(InputBoundsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv en begrunnelse.")},
    )

    def __init__(self, *args, kind, grant, initial_budget="", **kwargs):
        super().__init__(*args, **kwargs)
        if kind == K.PERIOD:
            self.fields["project_start"] = _date(_("Ny prosjektstart"))
            self.fields["project_end"] = _date(_("Ny prosjektslutt"))
        elif kind == K.PROJECT_LEAD:
            self.fields["contact_name"] = forms.CharField(label=_("Ny prosjektleder"), max_length=200, required=False)
            self.fields["contact_email"] = forms.CharField(label=_("E-post"), max_length=254, required=False)
            self.fields["contact_phone"] = forms.CharField(label=_("Telefon"), max_length=30, required=False)
        elif kind == K.PARTNERS:
            self.fields["partners"] = forms.ModelMultipleChoiceField(
                label=_("Samarbeidskommuner etter endringen"),
                queryset=Organisation.objects.filter(active=True).exclude(pk=grant.organisation_id).order_by("name"),
                required=False,
                widget=forms.SelectMultiple(attrs={"size": 8}),
                error_messages={
                    "invalid_choice": _("Ugyldig samarbeidskommune."),
                    "invalid_pk_value": _("Ugyldig samarbeidskommune."),
                },
            )
        elif kind == K.BUDGET:
            self.fields["budget_lines"] = forms.CharField(
                label=_("Budsjettlinjer etter endringen"),
                max_length=20000,
                required=False,
                initial=initial_budget,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=_(
                    "Én linje per kostnad: kategori; beskrivelse; beløp. "
                    "For eksempel: Lønn og sosiale kostnader; Prosjektleder 50 %; 350000"
                ),
            )
        else:
            self.fields["new_deadline"] = _date(_("Ny frist"))
        self.order_fields([name for name in self.fields if name != "reason"] + ["reason"])

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("reason", None)
        if "partners" in data:
            data["partners"] = [o.pk for o in data["partners"]]
        return data


class GrantRequestDecideForm(InputBoundsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Avgjørelse"),
        choices=[("approve", _("Godkjenn")), ("refuse", _("Avslå"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg om ønsket godkjennes eller avslås.")},
    )
    comment = forms.CharField(
        label=_("Begrunnelse i brevet"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Må fylles ut når ønsket avslås."),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refuse" and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Skriv hvorfor ønsket avslås."))
        return cleaned
