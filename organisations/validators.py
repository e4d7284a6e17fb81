"""Norwegian identifiers, validated with python-stdnum."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import kontonr, orgnr


def normalise_digits(value: str) -> str:
    return "".join(ch for ch in str(value or "") if not ch.isspace() and ch != ".")


def validate_org_number(value):
    digits = normalise_digits(value)
    if not digits.isdigit() or len(digits) != 9:
        raise ValidationError(_("Organisasjonsnummeret må ha ni siffer."), code="orgnr_length")
    try:
        orgnr.validate(digits)
    except StdnumError as exc:
        raise ValidationError(
            _("Organisasjonsnummeret er ikke gyldig (kontrollsifferet stemmer ikke)."),
            code="orgnr_checksum",
        ) from exc


def validate_bank_account(value):
    digits = normalise_digits(value)
    if not digits.isdigit() or len(digits) != 11:
        raise ValidationError(_("Kontonummeret må ha nøyaktig elleve siffer."), code="kontonr_length")
    try:
        kontonr.validate(digits)
    except StdnumError as exc:
        raise ValidationError(
            _("Kontonummeret er ikke gyldig (kontrollsifferet stemmer ikke)."),
            code="kontonr_checksum",
        ) from exc
