"""Helpers for driving the children's form with Flask's test client."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def open_form(client: FlaskClient, token: str) -> str:
    """Follow a QR link to the form page and return its HTML."""
    opened = client.get(f"/r/{token}")
    assert opened.status_code == 303, opened.status_code
    page = client.get(opened.headers["Location"])
    assert page.status_code == 200
    return page.get_data(as_text=True)


_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def hidden_fields(html: str) -> dict[str, str]:
    """The page's hidden inputs, which a browser sends back with the form."""
    return dict(_HIDDEN.findall(html))


def submit(
    client: FlaskClient, html: str, answers: dict[str, str | list[str]], page: str = "review"
):
    data: dict[str, object] = {**hidden_fields(html), "page": page, "move": "next"}
    data.update(answers)
    return client.post("/form", data=data)
