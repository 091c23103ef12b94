"""Friendly error pages: a child never sees a stack trace or a blank screen."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException


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
        elif status == 400:
            body = _("Something went wrong with that page. Please go back and try again.")
        else:
            body = _("Something went wrong on our side. Please try again in a few minutes.")
        return render_template("message.html", title=_("Sorry"), body=body), status

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> tuple[str, int]:
        app.logger.exception("unhandled error")
        body = _("Something went wrong on our side. Please try again in a few minutes.")
        return render_template("message.html", title=_("Sorry"), body=body), 500
