"""Forms for requests for more information: the officer's request (admin), the caseworker's
answer and the approver's sending back (portal). They pre-check; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.forms.application import DateInput
from applications.sections import SECTIONS
from applications.services.information import ANSWER_MAX, QUESTION_MAX
from core.forms import BoundedDateField, InputBoundsMixin


class InformationRequestForm(InputBoundsMixin, forms.Form):
    sections = forms.MultipleChoiceField(
        label=_("Deler av søknaden som åpnes for kommunen"),
        choices=SECTIONS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Velg hvilke deler av søknaden kommunen skal svare på."),
            "invalid_choice": _("Ukjent del av søknaden."),
        },
    )
    question = forms.CharField(
        label=_("Hva IMDi ber om"),
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Skriv hva IMDi ber om.")},
    )
    reply_by = BoundedDateField(
        label=_("Svarfrist"),
        widget=DateInput(),
        help_text=_("En frist på helg eller helligdag flyttes til neste virkedag."),
        error_messages={"required": _("Skriv en svarfrist."), "invalid": _("Skriv en gyldig dato.")},
    )


class InformationAnswerForm(InputBoundsMixin, forms.Form):
    answer = forms.CharField(
        label=_("Svar til IMDi"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Forklar hva dere har endret. Svaret går til godkjenner før det sendes til IMDi."),
        error_messages={"required": _("Skriv et svar til IMDi.")},
    )


class InformationReturnForm(InputBoundsMixin, forms.Form):
    comment = forms.CharField(
        label=_("Kommentar til saksbehandler"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv hva som må rettes.")},
    )
