"""Forms of a reaction's due process: the officer's notice, proposal and closing steps, and
the municipality's reply and appeal (text and one optional attachment, checked by
core.uploads like every upload). Bad input is refused next to its field; the services check
everything again."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import AmountField, InputBoundsMixin
from core.uploads import attachment_check
from payments.models import Payment, Reaction

TEXT_MAX = 20000


class ReactionNoticeForm(InputBoundsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Reaksjon"), choices=Reaction.Kind.choices)
    amount = AmountField(
        label=_("Beløp (kr)"),
        required=False,
        min_value=Decimal("0.01"),
        help_text=_("Tomt ved stans av senere prosjektår."),
    )
    reason = forms.CharField(
        label=_("Grunnlag for reaksjonen"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    payment = forms.ModelChoiceField(
        label=_("Utbetaling som kan bli holdt tilbake"),
        queryset=Payment.objects.none(),
        required=False,
        help_text=_("Gjelder bare tilbakeholdelse. Et beløp mindre enn utbetalingen holder bare det beløpet."),
    )

    def __init__(self, *args, grant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payment"].queryset = grant.payments.filter(
            status__in=[Payment.Status.PLANNED, Payment.Status.DUE, Payment.Status.WITHHELD]
        ).exclude(hold_kind=Payment.HoldKind.REACTION)
        self.fields["payment"].label_from_instance = lambda p: (
            f"{p.term_label} {p.planned_date:%d.%m.%Y} {p.amount} kr ({p.reference})"
        )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if (
            kind
            and kind != Reaction.Kind.STOP_LATER_YEARS
            and data.get("amount") is None
            and "amount" not in self.errors
        ):
            self.add_error("amount", _("Oppgi beløpet."))
        return data


class _TextAndFileForm(InputBoundsMixin, forms.Form):
    file = forms.FileField(label=_("Vedlegg (valgfritt)"), required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            attachment_check(upload)
        return upload


class ReactionReplyForm(_TextAndFileForm):
    text = forms.CharField(
        label=_("Merknader til forhåndsvarselet"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 8})
    )
    field_order = ["text", "file"]


class ReactionAppealForm(_TextAndFileForm):
    text = forms.CharField(
        label=_("Klage: hva dere mener er feil, og hvorfor"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    field_order = ["text", "file"]


class ReactionProposeForm(InputBoundsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Utfall"),
        choices=[("propose", _("Foreslå vedtak (til godkjenning)")), ("withdraw", _("Henlegg saken uten reaksjon"))],
        widget=forms.RadioSelect,
    )
    amount = AmountField(label=_("Beløp (kr)"), required=False, min_value=Decimal("0.01"))
    reason = forms.CharField(
        label=_("Begrunnelse i vedtaket"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    assessment = forms.CharField(
        label=_("IMDis vurdering av merknadene"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )


class AppealForwardForm(InputBoundsMixin, forms.Form):
    note = forms.CharField(
        label=_("IMDis vurdering av klagen"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class WithholdingSettleForm(InputBoundsMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Utfall"),
        choices=[(v, label) for v, label in Reaction.WithholdingOutcome.choices if v],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Merknad"), max_length=300, required=False)
