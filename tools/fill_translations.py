"""Fill the Arabic and French catalogues from JSON files of translations.

    python tools/fill_translations.py TRANSLATIONS.json [...]

Each file maps an English msgid to {"ar": ..., "fr": ...}; a plural message
maps to lists ({"ar": [six forms], "fr": [two forms]}, in the order of the
catalogue's Plural-Forms). Run `makemessages` first so the msgids exist, then
`compilemessages`. A fuzzy guess that makemessages made is replaced and its
flag dropped. Prints what it could not place, so nothing is silently lost.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[1] / "tadamon" / "locale"


def fill(language: str, translations: dict[str, dict]) -> list[str]:
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path), wrapwidth=0)
    missing = []
    for msgid, texts in translations.items():
        entry = catalogue.find(msgid)
        if entry is None or language not in texts:
            missing.append(msgid)
            continue
        text = texts[language]
        if entry.msgid_plural:
            forms = text if isinstance(text, list) else [text]
            count = len(entry.msgstr_plural) or len(forms)
            entry.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(count)}
        else:
            entry.msgstr = text
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
    catalogue.save(str(path))
    return missing


def main(files: list[str]) -> int:
    translations: dict[str, dict] = {}
    for name in files:
        translations.update(json.loads(Path(name).read_text(encoding="utf-8")))
    for language in ("ar", "fr"):
        for msgid in fill(language, translations):
            print(f"{language}: not placed: {msgid!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
