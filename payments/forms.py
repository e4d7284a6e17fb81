import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.calendar import today_oslo
from core.forms import AmountField, InputBoundsMixin
from payments.bank_returns import MAX_BYTES
from payments.models import Payment, Reaction
from schemes.models import Call, Scheme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DueFilterForm(InputBoundsMixin, forms.Form):
    call = forms.ModelChoiceField(label=_("Utlysning"), queryset=Call.objects.select_related("scheme"), required=False)
    scheme = forms.ModelChoiceField(label=_("Tilskuddsordning"), queryset=Scheme.objects.all(), required=False)
    due_until = forms.DateField(label=_("Forfall til og med"), required=False, widget=DateInput())


class BatchCreateForm(DueFilterForm):
    due_until = forms.DateField(label=_("Forfall til og med"), widget=DateInput())
    execution_date = forms.DateField(
        label=_("Ønsket betalingsdato"),
        widget=DateInput(),
        help_text=_("Flyttes til neste bankdag om nødvendig."),
    )

    def clean_execution_date(self):
        day = self.cleaned_data["execution_date"]
        if day < today_oslo():
            raise forms.ValidationError(_("Betalingsdatoen kan ikke være i fortiden."))
        return day


class BatchPaidForm(InputBoundsMixin, forms.Form):
    paid_on = forms.DateField(label=_("Utbetalt dato"), widget=DateInput())
    bank_reference = forms.CharField(label=_("Bankens referanse"), max_length=80)

    def clean_paid_on(self):
        day = self.cleaned_data["paid_on"]
        if day > today_oslo():
            raise forms.ValidationError(_("Utbetalingsdatoen kan ikke være i fremtiden."))
        if day < today_oslo() - dt.timedelta(days=366):
            raise forms.ValidationError(_("Datoen er mer enn ett år tilbake i tid."))
        return day


class LineFailForm(InputBoundsMixin, forms.Form):
    reason = forms.CharField(label=_("Feilårsak"), max_length=300)


class PaymentCancelForm(InputBoundsMixin, forms.Form):
    reason = forms.CharField(label=_("Grunn til kansellering"), max_length=300)


class PaymentReleaseForm(InputBoundsMixin, forms.Form):
    note = forms.CharField(label=_("Merknad"), max_length=300, required=False)


class RepaymentReceivedForm(InputBoundsMixin, forms.Form):
    repaid_on = forms.DateField(label=_("Tilbakebetalt dato"), widget=DateInput())


class ReactionForm(InputBoundsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Reaksjon"), choices=Reaction.Kind.choices)
    amount = AmountField(label=_("Beløp (kr)"), required=True, min_value=Decimal("0.01"))
    reason = forms.CharField(label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 4}))
    payment = forms.ModelChoiceField(
        label=_("Utbetaling som holdes tilbake"),
        queryset=Payment.objects.none(),
        required=False,
        help_text=_("Gjelder bare tilbakeholdelse."),
    )
    decided_on = forms.DateField(label=_("Vedtaksdato"), widget=DateInput())
    repayment_due_date = forms.DateField(label=_("Frist for tilbakebetaling"), widget=DateInput(), required=False)
    appeal_info = forms.CharField(
        label=_("Klageadgang"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Tom: standardteksten om klage til Arbeids- og inkluderingsdepartementet brukes."),
    )

    def __init__(self, *args, grant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payment"].queryset = grant.payments.filter(
            status__in=[Payment.Status.PLANNED, Payment.Status.DUE, Payment.Status.WITHHELD]
        )
        self.fields["payment"].label_from_instance = lambda p: (
            f"{p.term_label} {p.planned_date:%d.%m.%Y} ({p.reference})"
        )
        self.initial.setdefault("decided_on", today_oslo())


class ReactionEditForm(ReactionForm):
    """Changing a proposed reaction: its kind stays; each change is a new version."""

    def __init__(self, *args, reaction, **kwargs):
        super().__init__(*args, grant=reaction.grant, **kwargs)
        del self.fields["kind"]
        del self.fields["appeal_info"]
        if reaction.kind != Reaction.Kind.WITHHOLDING:
            del self.fields["payment"]
        else:
            del self.fields["repayment_due_date"]


class ReactionReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    decision = forms.ChoiceField(choices=[("approve", _("Godkjenn")), ("reject", _("Avvis"))], widget=forms.HiddenInput)
    note = forms.CharField(label=_("Merknad (må fylles ut ved avvisning)"), max_length=300, required=False)


class AccountReviewForm(forms.Form):
    new_account = forms.CharField(widget=forms.HiddenInput, max_length=11)
    decision = forms.ChoiceField(choices=[("confirm", _("Bekreft")), ("refuse", _("Avvis"))], widget=forms.HiddenInput)
    note = forms.CharField(label=_("Merknad (må fylles ut ved avvisning)"), max_length=300, required=False)


class FiguresForm(InputBoundsMixin, forms.Form):
    """The count date of IMDi's figures (30 June: half-year; 31 December: annual)."""

    count_date = forms.DateField(
        label=_("Telledato"),
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={
            "required": _("Velg en telledato."),
            "invalid": _("Skriv telledatoen som dd.mm.åååå, for eksempel 30.06.2024."),
        },
        help_text=_("30. juni gir halvårstallene, 31. desember årstallene."),
    )


class BatchApproveForm(forms.Form):
    """The approval is bound to what the approver saw: the number of lines and the sum."""

    line_count = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=100_000)
    total = forms.DecimalField(widget=forms.HiddenInput, min_value=Decimal("0.01"), max_digits=14, decimal_places=2)


class BankReturnFileForm(forms.Form):
    file = forms.FileField(
        label=_("Returfil fra banken (camt.054 eller pain.002, XML)"),
        help_text=_("Største tillatte størrelse er 5 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Filen er for stor (største tillatte størrelse er 5 MB)."))
        if upload.size == 0:
            raise forms.ValidationError(_("Filen er tom."))
        return upload
