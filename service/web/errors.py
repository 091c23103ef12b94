"""Friendly error pages: a child never sees a stack trace or a blank screen, and the error log
says where it failed but never what was sent (an exception's message can quote a safeguarding
note, a filter or an email)."""

from __future__ import annotations

import traceback
from pathlib import Path

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException

from service.web.input_guard import ControlCharacters
from service.web.language import gettext as _

TRACE_FRAMES = 8


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> tuple[str, int]:
        status = error.code or 500
        if status == 413:
            body = _("That was too much to send in one go. Please make your answer shorter.")
        elif status == 429:
            body = _("Too many tries. Please wait a few minutes and try again.")
        elif status == 404:
            body = _("We couldn't find that page.")
        elif isinstance(error, ControlCharacters):
            body = str(error.description)
        elif status == 400:
            body = _("Something went wrong with that page. Please go back and try again.")
        else:
            body = _("Something went wrong on our side. Please try again in a few minutes.")
        return render_template("message.html", title=_("Sorry"), body=body), status

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> tuple[str, int]:
        app.logger.error("unhandled error in %s: %s", request.endpoint, describe(error))
        body = _("Something went wrong on our side. Please try again in a few minutes.")
        return render_template("message.html", title=_("Sorry"), body=body), 500


def describe(error: BaseException) -> str:
    """The exception's type and where it was raised, for each exception in its chain: enough to
    find the fault, and no message, arguments or local values that could hold what was sent."""
    parts = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = traceback.extract_tb(current.__traceback__)[-TRACE_FRAMES:]
        where = " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames))
        parts.append(f"{type(current).__module__}.{type(current).__qualname__} at {where}")
        current = current.__cause__ or current.__context__
    return "; caused by ".join(parts)
