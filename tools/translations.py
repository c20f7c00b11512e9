"""Keep the Vietnamese catalog in step with the code, then compile what the package ships.

    python tools/translations.py           # extract, merge into the .po, compile the .mo
    python tools/translations.py --check   # exit 1 if a message lacks its Vietnamese text

Messages are taken from reportkit's code (``_()``, ``N_()``, ``ngettext()``) and from
click's (its "Usage:", "Options:", "Missing option" ...), which the CLI also shows.
New ones are added to reportkit/locale/vi/LC_MESSAGES/reportkit.po with an empty
translation; fill it in and run the script again. See docs/translating.md.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "reportkit" / "locale" / "vi" / "LC_MESSAGES" / "reportkit.po"
MO = PO.with_suffix(".mo")
SOURCES = (ROOT / "reportkit", Path(click.__file__).parent)
_KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}


def extracted() -> Catalog:
    """Every message the code of reportkit and click marks for translation."""
    template = Catalog(project="reportkit", fuzzy=False)
    for source in SOURCES:
        for _file, _line, message, comments, context in extract_from_dir(
            str(source), keywords=_KEYWORDS
        ):
            template.add(message, None, auto_comments=comments, context=context)
    return template


def read_catalog(path: Path = PO) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale="vi")


def compiled(catalog: Catalog) -> bytes:
    """The .mo of ``catalog``, always the same bytes for the same catalog."""
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def untranslated(catalog: Catalog, template: Catalog) -> list[str]:
    """The message ids of ``template`` without a Vietnamese text in ``catalog``."""
    missing = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, message.context)
        strings = found.string if found else None
        if isinstance(strings, (tuple, list)):
            strings = all(strings) and strings
        if not strings or found.fuzzy:
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def update() -> Catalog:
    """Merge newly marked messages into the .po (keeping every translation), sorted."""
    catalog = read_catalog()
    created = catalog.creation_date  # the header stays as it is: no churn, no merge conflicts
    catalog.update(extracted(), no_fuzzy_matching=True, update_header_comment=False)
    catalog.creation_date = created
    catalog.obsolete.clear()  # a message gone from the code leaves the catalog
    out = io.BytesIO()
    write_po(out, catalog, omit_header=False, sort_output=True, width=100, no_location=True)
    PO.write_bytes(out.getvalue())
    return read_catalog()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report missing translations")
    args = parser.parse_args(argv)
    catalog = read_catalog() if args.check else update()
    missing = untranslated(catalog, extracted())
    for message_id in missing:
        print(f"no Vietnamese text for: {message_id!r}", file=sys.stderr)
    if not args.check:
        MO.write_bytes(compiled(catalog))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
