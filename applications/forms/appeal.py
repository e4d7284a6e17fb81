"""The applicant's appeal against a dismissal (reasons and optional attachments, checked like
every upload), and the officer's assessment when reversing it. The services check again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.services.appeal import APPEAL_ATTACHMENTS_MAX
from core.forms import CheckedFilesField, InputBoundsMixin
from core.services import CASE_TEXT_LIMIT


class DismissalAppealForm(InputBoundsMixin, forms.Form):
    text = forms.CharField(
        label=_("Klage: hva dere mener er feil, og hvorfor"),
        max_length=CASE_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Skriv klagen: hva dere mener er feil, og hvorfor.")},
    )
    files = CheckedFilesField(
        label=_("Vedlegg (valgfritt)"),
        max_files=APPEAL_ATTACHMENTS_MAX,
        help_text=_("Høyst %(n)s filer: PDF, DOCX, XLSX, ODT, ODS, PNG eller JPEG.") % {"n": APPEAL_ATTACHMENTS_MAX},
    )


class AppealReverseForm(InputBoundsMixin, forms.Form):
    outcome_note = forms.CharField(
        label=_("Hvorfor avvisningen omgjøres"),
        max_length=CASE_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
