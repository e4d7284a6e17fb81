"""Search and filters for the portal's lists (GET): a search text, a status and a year. The
choices come from the list's own data; a value that does not validate (too long, a null byte,
a year or status not offered) is ignored with a message, never a server error."""

from django import forms
from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class ListFilterForm(forms.Form):
    q = forms.CharField(max_length=100, required=False, strip=True)
    status = forms.ChoiceField(required=False)
    year = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)

    def __init__(self, data=None, *, statuses, years, search_label):
        super().__init__(data)
        self.fields["q"].label = search_label
        self.fields["status"].label = gettext_lazy("Status")
        self.fields["status"].choices = [("", _("Alle statuser")), *statuses]
        self.fields["year"].label = gettext_lazy("År")
        self.fields["year"].choices = [("", _("Alle år")), *((str(y), str(y)) for y in years)]


def list_filters_read(request, *, statuses, years, search_label):
    """The list's filter form and the filters to apply ({} when none or when invalid)."""
    params = {key: request.GET.get(key, "") for key in ("q", "status", "year") if key in request.GET}
    form = ListFilterForm(
        params or None, statuses=statuses, years=sorted(set(years), reverse=True), search_label=search_label
    )
    filters = {}
    if params:
        if form.is_valid():
            filters = {key: value for key, value in form.cleaned_data.items() if value not in ("", None)}
        else:
            messages.warning(request, _("Et ugyldig søk eller filter ble ignorert."))
    return form, filters
