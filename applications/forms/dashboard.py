"""The municipal start page's search and filter (GET): a bad value is ignored with a message."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import Application


class DashboardFilterForm(forms.Form):
    q = forms.CharField(label=_("Søk (tittel, søker eller saksnummer)"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle statuser")), *Application.Status.choices], required=False
    )


def applications_filtered(applications, *, q="", status=""):
    """The dashboard's applications (already read) that match the search and the status."""
    needle = (q or "").strip().casefold()
    rows = []
    for application in applications:
        if status and application.status != status:
            continue
        haystack = " ".join(
            [application.title or "", application.organisation.name, application.case_number or ""]
        ).casefold()
        if needle and needle not in haystack:
            continue
        rows.append(application)
    return rows
