"""The area's own questions as a form in the implementation section, and the document type of
an upload. A draft may leave them empty; the completeness check asks for the required ones."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models.area_answer import ANSWER_MAX_LENGTH
from applications.services.area_questions import area_questions, question_field

MAX_NUMBER = 1_000_000_000


class AreaAnswersForm(forms.Form):
    def __init__(self, data=None, *, application, **kwargs):
        super().__init__(data, **kwargs)
        self.application = application
        self.questions = area_questions(application.area)
        stored = {a.question_id: a.value for a in application.area_answers.all()}
        for question in self.questions:
            name = question_field(question)
            initial = stored.get(question.pk)
            label = question.text
            if question.kind == question.Kind.YES_NO:
                field = forms.TypedChoiceField(
                    label=label,
                    choices=[("ja", _("Ja")), ("nei", _("Nei"))],
                    widget=forms.RadioSelect,
                    required=False,
                    error_messages={"invalid_choice": _("Velg ja eller nei.")},
                )
            elif question.kind == question.Kind.NUMBER:
                field = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=0,
                    max_value=MAX_NUMBER,
                    error_messages={
                        "invalid": _("Skriv et helt tall."),
                        "min_value": _("Tallet kan ikke være negativt."),
                        "max_value": _("Tallet er urimelig høyt."),
                    },
                )
                initial = int(initial) if initial and initial.isdigit() else None
            else:
                field = forms.CharField(
                    label=label,
                    required=False,
                    max_length=ANSWER_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    error_messages={"max_length": _("Svaret kan være høyst %(limit_value)d tegn (nå %(show_value)d).")},
                )
            field.help_text = question.help_text
            field.initial = initial
            self.fields[name] = field

    def answers(self) -> dict:
        return {q: self.cleaned_data.get(question_field(q)) for q in self.questions}


def requirement_field(requirements):
    return forms.ModelChoiceField(
        label=_("Dokumenttype"),
        queryset=requirements,
        required=False,
        empty_label=_("Annet vedlegg"),
        help_text=_("Velg hvilket dokument satsingsområdet ber om dette er."),
        error_messages={"invalid_choice": _("Velg en dokumenttype fra listen.")},
    )
