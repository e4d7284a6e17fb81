"""Form fields shared by every app's forms."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.money import MONEY_FIELD


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
