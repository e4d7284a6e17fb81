from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.forms import AmountField as CoreAmountField
from core.forms import InputBoundsMixin
from reporting.models import Report, ReportObligation
from reporting.selectors import report_rows

# As in the application form: a count above this is a typing error, not a project.
MAX_PARTICIPANTS = 100_000
PARTICIPANTS_MAX_MESSAGE = _("Antallet er urimelig høyt.")


class AmountField(CoreAmountField):
    """Report amounts: a draft may leave one empty; it counts as 0 kr."""

    def __init__(self, **kwargs):
        kwargs.setdefault("empty_as_zero", True)
        kwargs.setdefault("error_messages", {"required": _("Skriv et beløp (0 hvis ingenting).")})
        super().__init__(**kwargs)


KIND_FIELDS = {
    ReportObligation.Kind.STATUS: ["progress", "activities_done", "participants", "deviations"],
    ReportObligation.Kind.ANNUAL: ["goal_contribution", "use_of_grant", "results", "transfer_value", "lessons"],
    ReportObligation.Kind.HALF_YEAR: ["participants", "activities_comment"],
    ReportObligation.Kind.ACCOUNTS: [],
    ReportObligation.Kind.DOCUMENTS: ["documents_reply"],
}

HELP = {
    "progress": _("Hvordan ligger prosjektet an sammenlignet med planen i søknaden?"),
    "activities_done": _("Hvilke aktiviteter er gjennomført så langt i år?"),
    "deviations": _(
        "Avvik fra planen, og risikoer som kan hindre at prosjektet når målene. Skriv «Ingen» hvis det ikke er noen."
    ),
    "goal_contribution": _(
        "Hvordan har arbeidet, gjennom aktiviteter eller tiltak, bidratt til å nå de prioriterte resultatmålene for ordningen?"  # noqa: E501
    ),
    "use_of_grant": _("Hvordan er statstilskuddet brukt?"),
    "documents_reply": _("Svar på det IMDi ber om. Legg ved dokumentene som vedlegg."),
    "transfer_value": _("Kan modellen eller erfaringene brukes av andre kommuner?"),
}


class ReportTextForm(InputBoundsMixin, forms.ModelForm):
    class Meta:
        model = Report
        fields = [
            "progress",
            "activities_done",
            "participants",
            "deviations",
            "goal_contribution",
            "use_of_grant",
            "results",
            "transfer_value",
            "lessons",
            "activities_comment",
            "documents_reply",
        ]
        error_messages = {
            "participants": {
                "invalid": _("Skriv antall som et helt tall."),
                "min_value": _("Antallet kan ikke være negativt."),
                "max_value": PARTICIPANTS_MAX_MESSAGE,
            }
        }

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        keep = KIND_FIELDS[kind]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        for name, field in self.fields.items():
            field.required = False  # drafts may be incomplete; submission checks completeness
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 4
            if name in HELP:
                field.help_text = HELP[name]
        if "participants" in self.fields:
            participants = self.fields["participants"]
            participants.min_value, participants.max_value = 0, MAX_PARTICIPANTS
            participants.validators += [MinValueValidator(0), MaxValueValidator(MAX_PARTICIPANTS)]
            participants.widget.attrs.update({"min": 0, "max": MAX_PARTICIPANTS})
            if kind == ReportObligation.Kind.HALF_YEAR:
                self.fields["participants"].label = _("Antall beboere som har deltatt i programmet i perioden")


class AccountsIncomeForm(InputBoundsMixin, forms.Form):
    own_contribution = AmountField(label=_("Egenandel"))
    other_income = AmountField(label=_("Andre inntekter"))


class AccountsLineForm(InputBoundsMixin, forms.Form):
    expenses = AmountField(label=_("Bokførte utgifter"))
    covered_by_grant = AmountField(label=_("Herav dekket av tilskuddet"))

    def __init__(self, *args, line, **kwargs):
        self.line = line
        # Named by position, not id: the page of a report not stored yet shows the same names.
        kwargs.setdefault("prefix", f"line-{line.position}")
        kwargs.setdefault("initial", {"expenses": line.expenses, "covered_by_grant": line.covered_by_grant})
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        expenses, covered = data.get("expenses"), data.get("covered_by_grant")
        if expenses is not None and covered is not None and covered > expenses:
            self.add_error(
                "covered_by_grant", _("Det som er dekket av tilskuddet kan ikke være større enn de bokførte utgiftene.")
            )
        return data


class ActivityForm(InputBoundsMixin, forms.Form):
    participants = forms.IntegerField(
        label=_("Antall deltakere"),
        required=False,
        min_value=0,
        max_value=MAX_PARTICIPANTS,
        error_messages={
            "invalid": _("Skriv antall som et helt tall."),
            "min_value": _("Antallet kan ikke være negativt."),
            "max_value": PARTICIPANTS_MAX_MESSAGE,
        },
    )
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, activity, **kwargs):
        self.activity = activity
        kwargs.setdefault("prefix", f"act-{activity.activity}")
        kwargs.setdefault("initial", {"participants": activity.participants, "description": activity.description})
        super().__init__(*args, **kwargs)


class AccountsUploadForm(InputBoundsMixin, forms.Form):
    file = forms.FileField(label=_("Utfylt regnskapsmal (.xlsx)"))


class AttachmentForm(InputBoundsMixin, forms.Form):
    file = forms.FileField(label=_("Vedlegg"))


class ReviewForm(InputBoundsMixin, forms.Form):
    comment = forms.CharField(
        label=_("Kommentar til kommunen"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Påkrevd når rapporten returneres."),
    )
    new_due_date = forms.DateField(
        label=_("Ny frist når rapporten returneres"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Tom: fristen fra utlysningen (antall dager fra i dag). En frist på en lørdag, søndag eller "
            "helligdag flyttes til neste virkedag."
        ),
    )


def report_forms_build(obligation, report, data=None):
    """The draft's forms; `report` may be unsaved (reporting.selectors.report_for)."""
    lines, activities = report_rows(report)
    text_form = ReportTextForm(data, instance=report, kind=obligation.kind, prefix="report")
    income_form = line_forms = None
    if obligation.has_accounts:
        income_form = AccountsIncomeForm(
            data,
            prefix="income",
            initial={"own_contribution": report.own_contribution, "other_income": report.other_income},
        )
        line_forms = [AccountsLineForm(data, line=line) for line in lines]
    activity_forms = None
    if obligation.kind == ReportObligation.Kind.HALF_YEAR:
        activity_forms = [ActivityForm(data, activity=a) for a in activities]
    return text_form, income_form, line_forms, activity_forms


class ObligationAddForm(InputBoundsMixin, forms.Form):
    """IMDi adds an extra report obligation or a document request to a grant (§ 10 control)."""

    kind = forms.ChoiceField(label=_("Type"), choices=ReportObligation.Kind.choices)
    period_start = forms.DateField(label=_("Periode fra"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Periode til"), widget=forms.DateInput(attrs={"type": "date"}))
    due_date = forms.DateField(label=_("Frist"), widget=forms.DateInput(attrs={"type": "date"}))
    request_text = forms.CharField(
        label=_("Hva IMDi ber om"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4})
    )
