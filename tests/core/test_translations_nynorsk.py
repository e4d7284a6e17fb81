"""The nynorsk catalogue (issue 15 item 6): no fuzzy entries (a guessed translation is worse
than the bokmål fallback), the same placeholders as the source, compiled, and the portal's
frame, navigation and the dismissal appeal complete in nynorsk.

Policy (locale/nn/translate_nn.py): an empty nynorsk msgstr falls back to the bokmål source, so
an empty entry is allowed elsewhere; the pages named below must not have any."""

import gettext
from pathlib import Path

from django.conf import settings

from tests.core.test_translations_complete import PLACEHOLDER, parse_po

LOCALE = Path(settings.BASE_DIR) / "locale" / "nn" / "LC_MESSAGES"
PO = LOCALE / "django.po"

# Strings the nynorsk user meets on every page and on the appeal form and its decision page.
MUST_BE_NYNORSK = [
    "Tilskuddsportal",
    "Hovedmeny",
    "Forside",
    "Tilskudd",
    "Vedtak",
    "Tall",
    "Klag på vedtaket",
    "Klage: hva dere mener er feil, og hvorfor",
    "Vedlegg (valgfritt)",
    "Høyst %(n)s filer: PDF, DOCX, XLSX, ODT, ODS, PNG eller JPEG.",
    "Send klagen",
    "Sende klagen til IMDi? Den kan ikke endres etterpå.",
    "Klagefristen er %(deadline)s. IMDi vurderer klagen og sender den til %(body)s, som er klageinstans, hvis "
    "vedtaket blir stående.",
    "Det kan ikke klages på vedtaket her: klagefristen er ute, eller det er allerede klaget. Ta kontakt med IMDi.",
    "Skriv klagen: hva dere mener er feil, og hvorfor.",
    "Klagefristen gikk ut %(d)s. Ta kontakt med IMDi (forvaltningsloven § 31).",
    "Klagen er registrert og sendt til IMDi.",
    "Søker",
    "Vedtaksdato",
    "Avvisning",
]


def test_no_fuzzy_entries_in_nynorsk():
    fuzzy = [e.label() for e in parse_po(PO) if "fuzzy" in e.flags]
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries in {PO}:\n" + "\n".join(fuzzy)


def test_the_navigation_and_the_appeal_are_in_nynorsk():
    by_id = {e.msgid: e for e in parse_po(PO) if e.msgctxt is None}
    missing = [m for m in MUST_BE_NYNORSK if m not in by_id or not all(by_id[m].msgstr.values())]
    assert not missing, "No nynorsk for:\n" + "\n".join(missing)
    assert by_id["Tall"].msgstr[0] == "Tal"


def test_nynorsk_keeps_placeholders_and_tags():
    wrong = []
    for e in parse_po(PO):
        for index, text in e.msgstr.items():
            if not text:
                continue
            source = e.msgid_plural if index > 0 and e.msgid_plural is not None else e.msgid
            expected, found = sorted(PLACEHOLDER.findall(source)), sorted(PLACEHOLDER.findall(text))
            if e.msgid_plural is not None and index == 0:
                expected, found = sorted(set(expected) - {"%(n)s", "%d"}), sorted(set(found) - {"%(n)s", "%d"})
            if expected != found:
                wrong.append(f"{e.label()} [{index}]: {expected} ≠ {found}")
    assert not wrong, "Placeholders or tags differ:\n" + "\n".join(wrong)


def test_nynorsk_compiled_catalogue_matches_the_po():
    with (LOCALE / "django.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    stale = []
    for e in parse_po(PO):
        if e.msgid_plural is not None or not e.msgstr.get(0):
            continue
        key = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if catalog.get(key) != e.msgstr[0]:
            stale.append(e.label())
    assert not stale, "django.mo is out of date; run compilemessages:\n" + "\n".join(stale[:20])
