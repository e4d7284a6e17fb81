"""Valid Norwegian identifiers for test data: organisation numbers and bank accounts that pass
their MOD11 checks, from a seed."""

from stdnum.no import kontonr, orgnr


def valid_org_number(seed: int) -> str:
    base = str(90000000 + seed)[:8]
    for check in "0123456789":
        if orgnr.is_valid(base + check):
            return base + check
    return valid_org_number(seed + 1)


def valid_bank_account(seed: int) -> str:
    base = str(1500000000 + seed)[:10]
    for check in "0123456789":
        if kontonr.is_valid(base + check):
            return base + check
    return valid_bank_account(seed + 1)
