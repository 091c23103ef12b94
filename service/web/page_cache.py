"""Pages drawn once and filled in per request: a form page in one language, band and state is the
same for every child but for a few values (the CSRF token, the signed note, the answers already
chosen). Drawing it took most of the request's time, mostly in translation look-ups.

A page is rendered once with a marker where each such value goes (`live(name)` in the template),
split at the markers and kept under a key naming everything else the page depends on. Each
request then joins the kept parts with its own values, escaped as the template would escape
them. The same template rendered with `live` giving the values directly draws the same page;
tests compare the two.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass

from flask import Flask, current_app, render_template
from markupsafe import Markup

_MARK = "\x00"  # never in a rendered page: control characters are refused at the edge
_MARKER = Markup("\x00{}\x00")
_EXTENSION = "carevoice_page_cache"
# Kept pages per app: a few per questionnaire page, language, band and state.
MAX_PAGES = 4096


@dataclass(frozen=True)
class _Kept:
    parts: tuple[str, ...]  # literal HTML at even places, a value's name at odd places
    pin: object  # the object the page was drawn from; a different one under the same key redraws


def install(app: Flask) -> None:
    app.extensions[_EXTENSION] = {}


def render(
    template: str,
    key: Hashable,
    pin: object,
    context: Callable[[], Mapping[str, object]],
    values: Mapping[str, Markup],
) -> str:
    """`template` drawn with `context()`, each `live(name)` in it replaced by `values[name]`
    (already escaped). `key` must name everything the page depends on but `values`: the context
    (made only when the page is drawn) and what the app's context processors add."""
    kept: dict[Hashable, _Kept] = current_app.extensions[_EXTENSION]
    page = kept.get(key)
    if page is None or page.pin is not pin:
        made = context()
        page = _draw(template, pin, made, values)
        if page is None:  # a marker in the text itself: draw this page the plain way
            return render_direct(template, made, values)
        if len(kept) >= MAX_PAGES:
            kept.clear()  # far more than any council's forms need; start again
        kept[key] = page
    parts = page.parts
    filled = list(parts)
    filled[1::2] = [values[name] for name in parts[1::2]]
    return "".join(filled)


def render_direct(
    template: str, context: Mapping[str, object], values: Mapping[str, Markup]
) -> str:
    """The page drawn with its values in place, nothing kept."""
    return render_template(template, live=values.__getitem__, **context)


def _draw(
    template: str, pin: object, context: Mapping[str, object], values: Mapping[str, Markup]
) -> _Kept | None:
    asked: list[str] = []
    html = render_template(template, live=_marker(asked), **context)
    parts = tuple(html.split(_MARK))
    if list(parts[1::2]) != asked or len(parts) % 2 == 0 or not set(asked) <= set(values):
        return None
    return _Kept(parts, pin)


def _marker(asked: list[str]) -> Callable[[str], Markup]:
    def live(name: str) -> Markup:
        asked.append(name)
        return _MARKER.format(name)

    return live
