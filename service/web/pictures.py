"""Pictures for answers, drawn as inline SVG: a phone without an emoji font shows an empty box
for an emoji, never for these. Each is drawn in the text's colour, so a chosen answer's picture
turns white with its words.

A page carries each symbol it uses once (`sprite`) and draws it where needed (`picture`).
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup

_DOT = Markup('<circle class="f" cx="{}" cy="{}" r="2.6"/>')
_RING = Markup('<circle cx="24" cy="24" r="21"/>')
# A face's outline and eyes, drawn once per page and used by every face.
_HEAD = Markup('<use href="#p-head"/>')

# viewBox 0 0 48 48; app.css strokes them in currentColor, 3 units wide, and fills class f.
SYMBOLS: dict[str, Markup] = {
    "head": _RING + _DOT.format(17, 19) + _DOT.format(31, 19),
    "face5": _HEAD + Markup('<path class="f" d="M13 28h22a11 11 0 0 1-22 0z"/>'),
    "face4": _HEAD + Markup('<path d="M15 29q9 9 18 0"/>'),
    "face3": _HEAD + Markup('<path d="M16 32h16"/>'),
    "face2": _HEAD + Markup('<path d="M15 35q9-8 18 0"/>'),
    "face1": _HEAD
    + Markup('<path d="M13 37q11-12 22 0M12 16l8-3M36 16l-8-3"/>')
    + Markup('<path class="f" d="M35 24q3 5 0 7q-3-2 0-7z"/>'),
    "scared": _RING
    + Markup('<circle cx="17" cy="20" r="4"/><circle cx="31" cy="20" r="4"/>')
    + Markup('<ellipse cx="24" cy="34" rx="5" ry="6"/><path d="M11 12l8-2M37 12l-8-2"/>'),
    "yes": _RING + Markup('<path d="M14 25l7 7 14-15" stroke-width="5"/>'),
    "no": _RING + Markup('<path d="M16 16l16 16M32 16L16 32" stroke-width="5"/>'),
    "unsure": _RING
    + Markup('<path d="M18 18a6 6 0 1 1 9 5c-2 1.5-3 3-3 6" stroke-width="4"/>')
    + _DOT.format(24, 36),
    "house": Markup('<path d="M6 24L24 8l18 16M11 20v21h26V20"/><path d="M20 41V30h8v11"/>'),
    "danger": Markup('<path d="M24 5l20 37H4z"/><path d="M24 18v12" stroke-width="4"/>')
    + _DOT.format(24, 36),
    "zip": _HEAD + Markup('<path d="M14 32h20M18 28v8M23 28v8M28 28v8"/>'),
}
_SYMBOL = Markup('<symbol id="p-{}" viewBox="0 0 48 48">{}</symbol>')
_SPRITE = Markup('<svg class="sprite" aria-hidden="true" focusable="false">{}</svg>')
_PICTURE = Markup('<svg class="pic" aria-hidden="true"><use href="#p-{}"/></svg>')


def sprite(names: Iterable[str]) -> Markup:
    """One hidden SVG holding the symbols `names` (each once), for `picture` to draw."""
    wanted = [name for name in dict.fromkeys(names) if name in SYMBOLS]
    if any(SYMBOLS[name].startswith(_HEAD) for name in wanted):
        wanted.insert(0, "head")
    if not wanted:
        return Markup("")
    return _SPRITE.format(Markup("").join(_SYMBOL.format(n, SYMBOLS[n]) for n in wanted))


def picture(name: str) -> Markup:
    """Where an answer's picture goes (nothing for a name with no symbol)."""
    return _PICTURE.format(name) if name in SYMBOLS else Markup("")
