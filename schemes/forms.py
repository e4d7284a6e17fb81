from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from schemes.models import Call


class CallAdminForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = "__all__"

    def clean_frame(self):
        frame = self.cleaned_data.get("frame")
        if frame is not None and frame < 0:
            raise ValidationError(_("Rammen kan ikke være negativ."))
        return frame

    def _clean_day_list(self, field):
        value = self.cleaned_data.get(field)
        if value in (None, ""):
            return []
        if not isinstance(value, list) or not all(isinstance(v, int) and 0 <= v <= 365 for v in value):
            raise ValidationError(_("Skriv en liste med hele dager mellom 0 og 365, for eksempel [7, 2]."))
        return sorted(set(value), reverse=True)

    def clean_acceptance_reminder_days(self):
        return self._clean_day_list("acceptance_reminder_days")

    def clean_report_reminder_days_before(self):
        return self._clean_day_list("report_reminder_days_before")

    def clean_report_reminder_days_after(self):
        return self._clean_day_list("report_reminder_days_after")

    def clean(self):
        cleaned = super().clean()
        published, deadline = cleaned.get("published_on"), cleaned.get("application_deadline")
        if published and deadline and deadline < published:
            self.add_error("application_deadline", _("Søknadsfristen kan ikke være før utlysningen er publisert."))
        year = cleaned.get("year")
        if deadline and year and deadline.year > year:
            self.add_error("application_deadline", _("Søknadsfristen må ligge i eller før tilskuddsåret."))
        return cleaned


class PriorityAreaInlineFormSet(forms.BaseInlineFormSet):
    """Area frames are each at most the call frame, and together never above it."""

    def clean(self):
        super().clean()
        call_frame = self.instance.frame
        if call_frame is None:
            return
        total = Decimal("0")
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            frame = form.cleaned_data.get("frame")
            cap = form.cleaned_data.get("per_applicant_cap")
            if frame is not None:
                if frame < 0:
                    form.add_error("frame", _("Rammen kan ikke være negativ."))
                elif frame > call_frame:
                    form.add_error(
                        "frame", _("Rammen for området kan ikke være større enn utlysningens samlede ramme.")
                    )
                total += frame
            if cap is not None and cap > call_frame:
                form.add_error("per_applicant_cap", _("Beløpet per søker kan ikke være større enn utlysningens ramme."))
        if total > call_frame:
            raise ValidationError(_("Summen av rammene for satsingsområdene er større enn utlysningens samlede ramme."))
