"""Form fields shared by every app's forms, and the bounds every input is held to.

No input may reach the database or the date arithmetic in services unbounded: dates lie in
DATE_MIN..DATE_MAX, counts fit a PostgreSQL integer, free text fits a letter. A value
outside is a field error, never a server error."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.utils.translation import gettext_lazy as _

from core.money import MONEY_FIELD

# Grant cases are about the years IMDi has run schemes and the decades ahead of them; outside
# this a date is a typing error (year 9999, year 1), and adding project years to it overflows.
DATE_MIN = dt.date(2000, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
# The largest PostgreSQL `integer` (PositiveIntegerField, counts).
INTEGER_MAX = 2_147_483_647
# Free text without a column limit (TextField) must still fit in a letter or a PDF.
FREE_TEXT_MAX_LENGTH = 10_000


def date_in_range(value):
    day = value.date() if isinstance(value, dt.datetime) else value
    if day is not None and not DATE_MIN <= day <= DATE_MAX:
        raise ValidationError(
            _("Datoen må ligge mellom %(min)s og %(max)s.")
            % {"min": DATE_MIN.strftime("%d.%m.%Y"), "max": DATE_MAX.strftime("%d.%m.%Y")},
            code="date_out_of_range",
        )


def input_bounds_apply(fields):
    """Give every field of a form the bounds above where it has none of its own."""
    for field in fields.values():
        if isinstance(field, forms.DateField | forms.DateTimeField | forms.SplitDateTimeField):
            if date_in_range not in field.validators:
                field.validators.append(date_in_range)
        elif isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField | forms.FloatField):
            if field.max_value is None:
                field.max_value = INTEGER_MAX
                field.validators.append(MaxValueValidator(INTEGER_MAX))
                field.widget.attrs.setdefault("max", INTEGER_MAX)
            field.error_messages.setdefault("max_value", _("Tallet er for stort."))
        elif type(field) is forms.CharField and field.max_length is None:
            field.max_length = FREE_TEXT_MAX_LENGTH
            field.validators.append(MaxLengthValidator(FREE_TEXT_MAX_LENGTH))
            field.widget.attrs.setdefault("maxlength", str(FREE_TEXT_MAX_LENGTH))


class InputBoundsMixin:
    """For a form class: every date, count and free text bounded (see input_bounds_apply)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        input_bounds_apply(self.fields)


class BoundedDateField(forms.DateField):
    default_validators = [date_in_range]


class BoundedSplitDateTimeField(forms.SplitDateTimeField):
    default_validators = [date_in_range]


class FreeTextField(forms.CharField):
    """A TextField's form field: its own max_length if the model has one, else a letter's."""

    def __init__(self, *, max_length=None, **kwargs):
        super().__init__(max_length=max_length or FREE_TEXT_MAX_LENGTH, **kwargs)


class AmountField(forms.DecimalField):
    """An amount in kroner as Norwegians type it: 12 500, 12 500,50 or 12500.50; never a
    float, never more than two decimals, never negative unless `min_value` says otherwise."""

    default_error_messages = {
        "invalid": _("Skriv et beløp i kroner, for eksempel 125 000,50."),
        "min_value": _("Beløpet kan ikke være negativt."),
        "max_decimal_places": _("Bruk høyst to desimaler (øre)."),
        "max_digits": _("Beløpet er for stort."),
        "max_whole_digits": _("Beløpet er for stort."),
        "required": _("Skriv et beløp."),
    }

    def __init__(self, *, empty_as_zero=False, **kwargs):
        self.empty_as_zero = empty_as_zero
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "text-end amount"}))
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        super().__init__(max_digits=MONEY_FIELD["max_digits"], decimal_places=MONEY_FIELD["decimal_places"], **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
            value = value.removesuffix("kr").replace(",", ".")
            if value.startswith("−"):  # typographic minus
                value = "-" + value[1:]
        return super().to_python(value)

    def clean(self, value):
        amount = super().clean(value)
        if amount is None and self.empty_as_zero:
            return Decimal("0.00")
        return amount

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format(value, "f").replace(".", ",")
        return value


def form_errors_from(form, exc):
    """Put a service's ValidationError next to the fields it names (others at the top of the
    form), so a refusal shows where the user can act on it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class CheckedFilesField(forms.FileField):
    """Several optional attachments in one field, each checked by its content
    (core.uploads.attachment_check) and at most `max_files` of them."""

    def __init__(self, *, max_files: int, **kwargs):
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        from core.uploads import attachment_check

        uploads = [u for u in (data if isinstance(data, list | tuple) else [data]) if u]
        if len(uploads) > self.max_files:
            raise ValidationError(_("Legg ved høyst %(n)s filer.") % {"n": self.max_files})
        cleaned = [super(CheckedFilesField, self).clean(u, initial) for u in uploads]
        for upload in cleaned:
            attachment_check(upload)
        return cleaned
