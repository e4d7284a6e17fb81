"""ISO 20022 pain.001.001.03 (customer credit transfer initiation) for a payout batch.

Creditor accounts are written as IBAN (NO + check digits + the 11-digit BBAN), which every
Norwegian bank accepts for domestic NOK transfers and which carries its own check digits."""

from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from lxml import etree
from stdnum import iban
from stdnum.no import kontonr

NS = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"
XSD_PATH = Path(__file__).resolve().parent / "schemas" / "pain.001.001.03.xsd"


class Pain001Error(ValueError):
    """The batch cannot be written as a valid credit-transfer file (message in Norwegian)."""


@lru_cache(maxsize=4096)
def norwegian_iban(account: str) -> str:
    """11-digit Norwegian account number → IBAN; raises Pain001Error when it is not valid."""
    digits = kontonr.compact(account or "")
    if not kontonr.is_valid(digits):
        raise Pain001Error(f"Ugyldig kontonummer: {account!r}")
    value = kontonr.to_iban(digits)
    iban.validate(value)
    return iban.compact(value)


def _text(value: str, limit: int) -> str:
    # The schema's text types are length-limited; banks reject control characters.
    return " ".join(str(value).split())[:limit]


def _sub(parent, tag, text=None, **attrib):
    element = etree.SubElement(parent, f"{{{NS}}}{tag}", attrib)
    if text is not None:
        element.text = text
    return element


def _amount(value: Decimal) -> str:
    return f"{Decimal(value).quantize(Decimal('0.01'))}"


def _org_id(parent, orgnr: str):
    othr = _sub(_sub(_sub(parent, "Id"), "OrgId"), "Othr")
    _sub(othr, "Id", orgnr)
    _sub(_sub(othr, "SchmeNm"), "Cd", "CUST")


def pain001_build(*, message_id: str, payment_info_id: str, execution_date, transactions) -> bytes:
    """`transactions`: iterable of dicts with reference, amount, name, orgnr, account, remittance.

    Written in one pass; the group header's count and control sum are filled in at the end."""
    debtor_iban = norwegian_iban(settings.IMDI_DEBTOR_ACCOUNT)
    root = etree.Element(f"{{{NS}}}Document", nsmap={None: NS})
    initiation = _sub(root, "CstmrCdtTrfInitn")
    header = _sub(initiation, "GrpHdr")
    _sub(header, "MsgId", _text(message_id, 35))
    _sub(header, "CreDtTm", timezone.localtime().replace(microsecond=0, tzinfo=None).isoformat())
    header_count = _sub(header, "NbOfTxs")
    header_sum = _sub(header, "CtrlSum")
    initiating = _sub(header, "InitgPty")
    _sub(initiating, "Nm", _text(settings.IMDI_DEBTOR_NAME, 140))
    _org_id(initiating, settings.IMDI_DEBTOR_ORGNR)

    info = _sub(initiation, "PmtInf")
    _sub(info, "PmtInfId", _text(payment_info_id, 35))
    _sub(info, "PmtMtd", "TRF")
    _sub(info, "BtchBookg", "false")
    info_count = _sub(info, "NbOfTxs")
    info_sum = _sub(info, "CtrlSum")
    _sub(_sub(_sub(info, "PmtTpInf"), "SvcLvl"), "Cd", "NURG")
    _sub(info, "ReqdExctnDt", execution_date.isoformat())
    debtor = _sub(info, "Dbtr")
    _sub(debtor, "Nm", _text(settings.IMDI_DEBTOR_NAME, 140))
    _sub(_sub(debtor, "PstlAdr"), "Ctry", "NO")
    _org_id(debtor, settings.IMDI_DEBTOR_ORGNR)
    debtor_account = _sub(info, "DbtrAcct")
    _sub(_sub(debtor_account, "Id"), "IBAN", debtor_iban)
    _sub(debtor_account, "Ccy", "NOK")
    _sub(_sub(_sub(info, "DbtrAgt"), "FinInstnId"), "BIC", settings.IMDI_DEBTOR_BIC)
    _sub(info, "ChrgBr", "SLEV")

    count = 0
    total = Decimal("0")
    for tx in transactions:
        amount = Decimal(tx["amount"])
        if amount <= 0:
            raise Pain001Error(f"Beløpet må være positivt: {tx['reference']}")
        creditor_iban = norwegian_iban(tx["account"])
        element = _sub(info, "CdtTrfTxInf")
        payment_id = _sub(element, "PmtId")
        _sub(payment_id, "InstrId", _text(tx["reference"], 35))
        _sub(payment_id, "EndToEndId", _text(tx["reference"], 35))
        _sub(_sub(element, "Amt"), "InstdAmt", _amount(amount), Ccy="NOK")
        creditor = _sub(element, "Cdtr")
        _sub(creditor, "Nm", _text(tx["name"], 140))
        _sub(_sub(creditor, "PstlAdr"), "Ctry", "NO")
        if tx.get("orgnr"):
            _org_id(creditor, tx["orgnr"])
        _sub(_sub(_sub(element, "CdtrAcct"), "Id"), "IBAN", creditor_iban)
        _sub(_sub(element, "RmtInf"), "Ustrd", _text(tx["remittance"], 140))
        count += 1
        total += amount
    if count == 0:
        raise Pain001Error("Bunten har ingen utbetalinger.")
    for element in (header_count, info_count):
        element.text = str(count)
    for element in (header_sum, info_sum):
        element.text = _amount(total)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


_schema = None


def pain001_schema() -> etree.XMLSchema:
    global _schema  # noqa: PLW0603 - parsed once per process; the schema file never changes
    if _schema is None:
        _schema = etree.XMLSchema(etree.parse(str(XSD_PATH)))
    return _schema


def pain001_validate(document: bytes) -> None:
    """Raise Pain001Error with the schema's first complaint if `document` is not valid."""
    schema = pain001_schema()
    tree = etree.fromstring(document)
    if not schema.validate(tree):
        raise Pain001Error(str(schema.error_log.last_error))
