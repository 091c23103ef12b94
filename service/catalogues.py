"""The gettext catalogues behind every child-facing word: extract, update, compile, and say how
far each has got.

Where a catalogue's translations came from is noted in its header comment, which Babel keeps
across updates::

    # carevoice-review: machine-translated; needs review by a native speaker

A council's sign-off, that someone it trusts checked them, is kept in its database
(`service.domain.translation_reviews`) against the catalogue's `digest`, so any later change to a
translation shows as not yet reviewed.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from service.i18n import TRANSLATIONS_DIR

ROOT = TRANSLATIONS_DIR.parents[1]
BABEL_CFG = TRANSLATIONS_DIR / "babel.cfg"
POT_FILE = TRANSLATIONS_DIR / "messages.pot"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "lazy_gettext": None}
REVIEW_MARK = re.compile(r"^#\s*carevoice-review:\s*(.+)$", re.MULTILINE)
NEEDS_REVIEW = "machine-translated; needs review by a native speaker"


@dataclass(frozen=True)
class CatalogueStatus:
    """How far one language's catalogue has got."""

    language: str
    translated: int
    total: int
    note: str  # the header's carevoice-review note, or "not marked"
    digest: str  # of every msgid and its translation: what a sign-off covers

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.translated == self.total

    @property
    def machine_translated(self) -> bool:
        return self.note.startswith("machine-translated")


def extract_messages() -> Catalog:
    """Every msgid in the code and children's templates, as a template catalogue."""
    with BABEL_CFG.open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)  # type: ignore[no-untyped-call]
    catalog = Catalog(project="carevoice", version="1", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def languages() -> list[str]:
    """Every language with a catalogue, in a stable order."""
    return sorted(p.parent.parent.name for p in TRANSLATIONS_DIR.glob("*/LC_MESSAGES/messages.po"))


def po_path(language: str) -> Path:
    return TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"


def load_po(language: str) -> Catalog:
    with po_path(language).open("rb") as fh:
        return read_po(fh, locale=language)


def compiled_mo(catalog: Catalog) -> bytes:
    """The .mo bytes for a catalogue (fuzzy entries left out, as gettext expects)."""
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def update_catalogues() -> list[str]:
    """Re-extract, write messages.pot, merge it into every .po and recompile every .mo."""
    template = extract_messages()
    _write_po(POT_FILE, template)
    updated = []
    for language in languages():
        catalog = load_po(language)
        catalog.update(template, update_header_comment=False)
        catalog.obsolete.clear()  # removed texts go; git keeps their history
        _write_po(po_path(language), catalog)
        compile_catalogue(language)
        updated.append(language)
    return updated


def compile_catalogue(language: str) -> None:
    """Write the .mo next to the .po."""
    path = po_path(language).with_suffix(".mo")
    path.write_bytes(compiled_mo(load_po(language)))


def catalogue_status(language: str) -> CatalogueStatus:
    """Counts of translated messages, the header's note and the digest for one language."""
    catalog = load_po(language)
    messages = [m for m in catalog if m.id]
    done = sorted((str(m.id), str(m.string)) for m in messages if m.string and not m.fuzzy)
    mark = REVIEW_MARK.search(catalog.header_comment or "")
    note = mark.group(1).strip() if mark else "not marked"
    digest = hashlib.sha256(json.dumps(done, ensure_ascii=False).encode()).hexdigest()
    return CatalogueStatus(language, len(done), len(messages), note, digest)


def _write_po(path: Path, catalog: Catalog) -> None:
    catalog.fuzzy = False  # the header is not a guess; gettext tools skip fuzzy headers
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)
