"""The admin form for a later year of a multi-year award: the officer's proposal (confirm,
reduce, stop) and the budget holder's decision (approve, return)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import ProjectYear
from core.forms import AmountField, InputBoundsMixin

ACTION_CONFIRM, ACTION_REDUCE, ACTION_STOP = "confirm", "reduce", "stop"
ACTION_APPROVE, ACTION_RETURN = "approve", "return"
PROPOSALS = [
    (ACTION_CONFIRM, _("Bekreft året med bundet beløp")),
    (ACTION_REDUCE, _("Reduser beløpet for året")),
    (ACTION_STOP, _("Stans året")),
]
DECISIONS = [(ACTION_APPROVE, _("Godkjenn forslaget")), (ACTION_RETURN, _("Send forslaget tilbake til rådgiver"))]


class ProjectYearForm(InputBoundsMixin, forms.ModelForm):
    action = forms.ChoiceField(label=_("Hva vil du gjøre?"), choices=(), widget=forms.RadioSelect)
    new_amount = AmountField(
        label=_("Nytt beløp til prosjektet (kr)"),
        required=False,
        help_text=_("Bare ved reduksjon: høyst det som er bundet for prosjektet."),
    )
    new_allowance = AmountField(label=_("Ny deltakerstønad (kr)"), required=False)
    note = forms.CharField(
        label=_("Begrunnelse (ut fra statusrapporten) eller kommentar"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirmed = forms.BooleanField(
        label=_("Jeg har kontrollert forslaget. Godkjenningen kan ikke angres."), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProjectYear
        fields = []

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [c for c in PROPOSALS + DECISIONS if c[0] in actions]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == ACTION_APPROVE and not cleaned.get("confirmed"):
            self.add_error("confirmed", _("Kryss av for at du har kontrollert forslaget før du godkjenner."))
        if cleaned.get("action") == ACTION_REDUCE and cleaned.get("new_amount") is None:
            self.add_error("new_amount", _("Skriv det nye beløpet for året."))
        return cleaned
