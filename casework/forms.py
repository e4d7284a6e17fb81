from django import forms
from django.utils.translation import gettext_lazy as _

from casework.services import BODY_MAX


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Melding"), widget=forms.Textarea(attrs={"rows": 5}), max_length=BODY_MAX)
    attachment = forms.FileField(
        label=_("Vedlegg (valgfritt)"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, ODT, ODS, PNG eller JPEG, høyst 20 MB."),
    )
    internal = forms.BooleanField(
        label=_("Internt notat (vises bare for IMDi)"),
        required=False,
    )

    def __init__(self, *args, may_write_internal=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_write_internal:
            del self.fields["internal"]


class ThreadStartForm(MessageForm):
    field_order = ["case", "subject", "body", "attachment", "internal"]
    case = forms.ChoiceField(label=_("Sak"))
    subject = forms.CharField(label=_("Emne"), max_length=200)

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", _("Velg sak"))] + [(key, label) for key, label, _obj in cases]
        self.order_fields(self.field_order)


class NoticeDeliveryForm(forms.Form):
    notice_delivery = forms.ChoiceField(
        label=_("Hvordan vil du få varsler?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Velg hvordan du vil få varsler."),
            "invalid_choice": _("Velg hvordan du vil få varsler."),
        },
    )

    def __init__(self, *args, **kwargs):
        from core.models import User

        super().__init__(*args, **kwargs)
        self.fields["notice_delivery"].choices = User.NoticeDelivery.choices
