"""Refuse control characters at the edge: a NUL cannot be stored by PostgreSQL at all (it was a
500 there), and escapes or bells in a name, a filter or a safeguarding note can rewrite a
terminal, a log line or an export. Tabs and line breaks stay; they are ordinary text."""

from __future__ import annotations

import re

from flask import Flask, request
from werkzeug.exceptions import BadRequest

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Children's pages refuse such text per answer, in words a child understands (text_input).
_CHECKS_ITS_OWN_ANSWERS = frozenset({"forms", "campaigns"})


class ControlCharacters(BadRequest):
    """A clear 400: what was sent, and what to do; the values themselves are never repeated."""

    description = (
        "What was sent had hidden control characters in it, which cannot be accepted. "
        "Please type it again."
    )


def register(app: Flask) -> None:
    @app.before_request
    def _refuse_control_characters() -> None:
        if request.blueprint in _CHECKS_ITS_OWN_ANSWERS:
            return
        values = [request.path]
        for source in (request.args, request.form):
            for key, items in source.lists():
                values += [key, *items]
        if any(CONTROL_CHARACTERS.search(value) for value in values):
            raise ControlCharacters()
