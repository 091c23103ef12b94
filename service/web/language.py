"""Which language to show: the child's own choice, else their invitation's, else what their
browser asks for, else English. Children's pages are translated here, without Flask-Babel, from
the catalogues the bot and letters use (Babel's locale data has no Dari, which children need)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, g, request, session, url_for

from service.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    SUPPORTED,
    direction,
    offered_language,
    translations_for,
)

__all__ = [
    "LANGUAGE_NAMES",
    "SUPPORTED",
    "current_language",
    "direction",
    "gettext",
    "install",
    "language_links",
    "language_links_key",
    "say",
    "use_language_of",
]


def current_language() -> str:
    """The language for this request; a `?lang=` choice is remembered for the visit."""
    chosen = request.args.get("lang")
    if chosen in SUPPORTED:
        session["lang"] = chosen
        return chosen
    stored = session.get("lang")
    if stored in SUPPORTED:
        return str(stored)
    invited = g.get("invitation_language")
    if invited in SUPPORTED:
        return str(invited)
    for tag, _quality in request.accept_languages:
        browser = offered_language(tag)
        if browser is not None:
            return browser
    return DEFAULT_LANGUAGE


def use_language_of(language: str | None) -> None:
    """Show this request in an invitation's language when the visitor chose none (a used or
    expired link opened on a new phone)."""
    g.invitation_language = language


def gettext(msgid: str) -> str:
    """`msgid` in this request's language."""
    return translations_for(current_language()).gettext(msgid) if msgid else msgid


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations_for(current_language()).ngettext(singular, plural, n)


def say(msgid: str, **params: int | str) -> str:
    """A domain message in this request's language, its `{name}` placeholders filled."""
    text = gettext(msgid)
    return text.format(**params) if params else text


def language_links() -> list[tuple[str, str, str]]:
    """(code, own name, address) for the language picker: this page again, in each language.

    A page shown for a QR link (used, expired or mistyped) links to the home page instead, so
    no page repeats a token, and every bad link gets the same page."""
    _root, path, args = language_links_key()
    return [
        (code, LANGUAGE_NAMES[code], f"{path}?{urlencode({**dict(args), 'lang': code})}")
        for code in SUPPORTED
    ]


def language_links_key() -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """Everything the picker's addresses (and the page's other links) depend on: the app's root,
    this page's path and its query but for `lang`."""
    path = url_for("forms.home") if request.path.startswith("/r/") else request.path
    args = (
        tuple((k, v) for k, v in request.args.items() if k != "lang")
        if request.method == "GET"
        else ()
    )
    return request.script_root, path, args


def install(app: Flask) -> None:
    """`_()` in templates: newstyle gettext, so `_("Page %(n)s", n=1)` fills and escapes."""
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=gettext, ngettext=ngettext, newstyle=True
    )
