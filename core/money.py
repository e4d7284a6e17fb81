"""Money is Decimal NOK with two decimals (øre). Never float."""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

ORE = Decimal("0.01")
MONEY_FIELD = {"max_digits": 14, "decimal_places": 2}


def to_money(value) -> Decimal:
    """Parse a value into an exact Decimal with two decimals; refuse floats and junk."""
    if isinstance(value, float):
        raise TypeError("Money must never be a float")
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(f"Not an amount: {value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"Not an amount: {value!r}")
    return amount.quantize(ORE, rounding=ROUND_HALF_UP)


def split_exact(total: Decimal, parts: int) -> list[Decimal]:
    """Split `total` into `parts` amounts in øre that add up exactly to `total`.

    Every part but the last is total/parts rounded down to the øre; the last carries the
    remainder (the circulars' rule: the remainder of an uneven split goes to the last term)."""
    if parts < 1:
        raise ValueError("parts must be at least 1")
    total = Decimal(total).quantize(ORE)
    share = (total / parts).quantize(ORE, rounding=ROUND_DOWN)
    result = [share] * (parts - 1)
    result.append(total - share * (parts - 1))
    return result


def format_nok(amount, *, suffix=True) -> str:
    """Norwegian format: thousands separated by a no-break space, decimal comma, øre only
    when there are any: 60 400 000 kr, 1 234,50 kr."""
    if amount is None:
        return ""
    amount = Decimal(amount).quantize(ORE)
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    whole, frac = divmod(amount, 1)
    digits = f"{int(whole):,}".replace(",", "\u00a0")
    text = digits if frac == 0 else f"{digits},{int(frac * 100):02d}"
    return f"{sign}{text}\u00a0kr" if suffix else f"{sign}{text}"
