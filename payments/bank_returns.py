"""The bank's answer to a payment file, read safely: ISO 20022 camt.054 (debit notification:
what was booked, and returns) and pain.002 (payment status report: what was rejected).

Parsed with defusedxml with DTDs forbidden: a bank message never has one, and every XML bomb
(billion laughs, quadratic blowup) and external-entity trick (XXE) needs one. The size is
capped before parsing. Only the facts the portal matches on are read; the matching and the
writes are payments.services.bank_returns'."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
CAMT054 = "camt054"
PAIN002 = "pain002"

PAID = "paid"
FAILED = "failed"
NO_CHANGE = "no_change"

# pain.002 transaction statuses that say nothing final about the money (accepted, pending).
PAIN002_REJECTED = {"RJCT"}


class ReturnFileError(ValueError):
    """The file cannot be read as a bank return file (message in Norwegian)."""


@dataclass
class ReturnEntry:
    end_to_end_id: str
    outcome: str  # PAID, FAILED or NO_CHANGE
    amount: Decimal | None = None
    booked_on: dt.date | None = None
    bank_reference: str = ""
    reason: str = ""


@dataclass
class ReturnFile:
    kind: str
    message_id: str
    original_message_id: str = ""
    group_status: str = ""
    entries: list[ReturnEntry] = field(default_factory=list)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _text(element, path: str) -> str:
    if element is None:
        return ""
    found = element.find(path)
    return " ".join((found.text or "").split()) if found is not None else ""


def _amount(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ReturnFileError(_("Filen har et beløp som ikke kan leses: %(v)s") % {"v": text[:40]}) from exc
    if not value.is_finite() or value <= 0 or value > Decimal("1e12"):
        raise ReturnFileError(_("Filen har et ugyldig beløp: %(v)s") % {"v": text[:40]})
    return value.quantize(Decimal("0.01"))


def _date(text: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError as exc:
        raise ReturnFileError(_("Filen har en dato som ikke kan leses: %(v)s") % {"v": text[:40]}) from exc


def return_file_parse(data: bytes) -> ReturnFile:
    """Read a camt.054 or pain.002 message; raise ReturnFileError with a Norwegian message."""
    if not data:
        raise ReturnFileError(_("Filen er tom."))
    if len(data) > MAX_BYTES:
        raise ReturnFileError(_("Filen er for stor (største tillatte størrelse er 5 MB)."))
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ReturnFileError(
            _("Filen inneholder en DTD eller entiteter, som en bankfil aldri har. Den er ikke lest inn.")
        ) from exc
    except (ParseError, ValueError) as exc:
        raise ReturnFileError(_("Filen er ikke gyldig XML.")) from exc
    namespace = _namespace(root.tag)
    if _local(root.tag) != "Document":
        raise ReturnFileError(_("Filen er ikke en ISO 20022-melding."))
    if namespace.startswith("urn:iso:std:iso:20022:tech:xsd:camt.054."):
        return _camt054(root, namespace)
    if namespace.startswith("urn:iso:std:iso:20022:tech:xsd:pain.002."):
        return _pain002(root, namespace)
    raise ReturnFileError(
        _("Filen er ikke en camt.054 (belastningsavisering) eller pain.002 (statusrapport) fra banken.")
    )


def _camt054(root, ns) -> ReturnFile:
    q = f"{{{ns}}}"
    notification = root.find(f"{q}BkToCstmrDbtCdtNtfctn")
    if notification is None:
        raise ReturnFileError(_("Filen mangler innholdet i en camt.054-melding."))
    result = ReturnFile(kind=CAMT054, message_id=_text(notification, f"{q}GrpHdr/{q}MsgId"))
    for entry in notification.iter(f"{q}Ntry"):
        # Sts is a code in camt.054.001.02–.07 and a choice with Cd from .08 on.
        status = _text(entry, f"{q}Sts/{q}Cd") or _text(entry, f"{q}Sts")
        booked_on = _date(_text(entry, f"{q}BookgDt/{q}Dt") or _text(entry, f"{q}BookgDt/{q}DtTm"))
        entry_reference = _text(entry, f"{q}AcctSvcrRef")
        debit = _text(entry, f"{q}CdtDbtInd") == "DBIT"
        details = list(entry.iter(f"{q}TxDtls"))
        for tx in details:
            end_to_end_id = _text(tx, f"{q}Refs/{q}EndToEndId")
            amount = _amount(
                _text(tx, f"{q}Amt")
                or _text(tx, f"{q}AmtDtls/{q}TxAmt/{q}Amt")
                or _text(tx, f"{q}AmtDtls/{q}InstdAmt/{q}Amt")
            )
            if amount is None and len(details) == 1:
                amount = _amount(_text(entry, f"{q}Amt"))
            reference = _text(tx, f"{q}Refs/{q}AcctSvcrRef") or entry_reference or result.message_id
            return_info = tx.find(f"{q}RtrInf")
            if return_info is not None:
                code = _text(return_info, f"{q}Rsn/{q}Cd") or _text(return_info, f"{q}Rsn/{q}Prtry")
                extra = _text(return_info, f"{q}AddtlInf")
                reason = " ".join(part for part in (code, extra) if part) or _("uten årsakskode")
                outcome = FAILED
            elif status == "BOOK" and debit:
                outcome, reason = PAID, ""
            else:
                outcome, reason = NO_CHANGE, status
            result.entries.append(
                ReturnEntry(
                    end_to_end_id=end_to_end_id[:35],
                    outcome=outcome,
                    amount=amount,
                    booked_on=booked_on,
                    bank_reference=reference[:80],
                    reason=reason[:200],
                )
            )
    return result


def _pain002(root, ns) -> ReturnFile:
    q = f"{{{ns}}}"
    report = root.find(f"{q}CstmrPmtStsRpt")
    if report is None:
        raise ReturnFileError(_("Filen mangler innholdet i en pain.002-melding."))
    result = ReturnFile(
        kind=PAIN002,
        message_id=_text(report, f"{q}GrpHdr/{q}MsgId"),
        original_message_id=_text(report, f"{q}OrgnlGrpInfAndSts/{q}OrgnlMsgId"),
        group_status=_text(report, f"{q}OrgnlGrpInfAndSts/{q}GrpSts"),
    )
    for tx in report.iter(f"{q}TxInfAndSts"):
        status = _text(tx, f"{q}TxSts")
        reasons = []
        for info in tx.iter(f"{q}StsRsnInf"):
            code = _text(info, f"{q}Rsn/{q}Cd") or _text(info, f"{q}Rsn/{q}Prtry")
            reasons.append(" ".join(part for part in (code, _text(info, f"{q}AddtlInf")) if part))
        reason = "; ".join(r for r in reasons if r)
        result.entries.append(
            ReturnEntry(
                end_to_end_id=_text(tx, f"{q}OrgnlEndToEndId")[:35],
                outcome=FAILED if status in PAIN002_REJECTED else NO_CHANGE,
                amount=_amount(_text(tx, f"{q}OrgnlTxRef/{q}Amt/{q}InstdAmt")),
                bank_reference=result.message_id[:80],
                reason=(reason or status or _("uten årsakskode"))[:200],
            )
        )
    return result
