"""The English catalogue is complete: every message has a reviewed translation, with the same
placeholders as the bokmål source, and the compiled .mo matches the .po.

The .po is read with a small parser (polib is not a dependency). If this fails after new strings
land, run `make messages` (or its two manage.py commands), translate the empty and fuzzy entries in
locale/en/LC_MESSAGES/django.po, remove the fuzzy flags, and compile again."""

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO = LOCALE / "django.po"
MO = LOCALE / "django.mo"

KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")
# %(name)s / %s / %d, and HTML tags: a translation must keep each of them.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|<[^>]+>")


@dataclass
class Entry:
    line: int
    flags: set = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict = field(default_factory=dict)

    def label(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def _unquote(literal: str) -> str:
    # PO strings use C escapes (\" \\ \n \t), which a Python literal reads the same way.
    return ast.literal_eval(literal)


def parse_po(path: Path) -> list[Entry]:
    """Active (non-obsolete) entries, the header excluded."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int | None] | None = None

    def finish():
        if entry is not None and entry.msgid != "":
            entries.append(entry)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            entry, target = None, None
            continue
        if line.startswith("#~"):  # obsolete entries are not shown to anyone
            continue
        if entry is None:
            entry = Entry(line=number)
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        match = KEYWORD.match(line)
        if match:
            keyword, value = match.group(1), _unquote(match.group(2))
            if keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if "[" in keyword else 0
                entry.msgstr[index] = value
                target = ("msgstr", index)
            else:
                setattr(entry, keyword, value)
                target = (keyword, None)
        elif line.startswith('"') and target is not None:
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += _unquote(line)
            else:
                setattr(entry, name, getattr(entry, name) + _unquote(line))
        else:
            raise AssertionError(f"{path}:{number}: cannot parse {raw!r}")
    finish()
    return entries


def test_the_parser_reads_the_catalogue():
    entries = parse_po(PO)
    assert len(entries) > 1000
    by_id = {e.msgid: e for e in entries if e.msgctxt is None}
    assert by_id["Utlysninger"].msgstr == {0: "Calls for applications"}


def test_no_untranslated_entries():
    missing = [e.label() for e in parse_po(PO) if not e.msgstr or not all(e.msgstr.values())]
    assert not missing, f"{len(missing)} untranslated entries in {PO}:\n" + "\n".join(missing)


def test_no_fuzzy_entries():
    fuzzy = [e.label() for e in parse_po(PO) if "fuzzy" in e.flags]
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries in {PO}:\n" + "\n".join(fuzzy)


def test_translations_keep_placeholders_and_tags():
    wrong = []
    for e in parse_po(PO):
        for index, text in e.msgstr.items():
            source = e.msgid_plural if index > 0 and e.msgid_plural is not None else e.msgid
            # A singular form may leave the count out ("One decision…"), so compare names only.
            expected, found = sorted(PLACEHOLDER.findall(source)), sorted(PLACEHOLDER.findall(text))
            if e.msgid_plural is not None and index == 0:
                expected, found = sorted(set(expected) - {"%(n)s", "%d"}), sorted(set(found) - {"%(n)s", "%d"})
            if expected != found:
                wrong.append(f"{e.label()} [{index}]: {expected} ≠ {found}")
    assert not wrong, "Placeholders or tags differ:\n" + "\n".join(wrong)


def test_compiled_catalogue_matches_the_po():
    """The .mo is committed; it must be compiled from the current .po."""
    with MO.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    stale = []
    for e in parse_po(PO):
        key = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is None:
            if catalog.get(key) != e.msgstr[0]:
                stale.append(e.label())
        elif any(catalog.get((key, i)) != text for i, text in e.msgstr.items()):
            stale.append(e.label())
    assert not stale, f"{MO.name} is out of date; run compilemessages:\n" + "\n".join(stale[:20])
