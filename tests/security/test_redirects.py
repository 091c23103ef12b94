"""The help page's "Carry on" link goes only to a page of this site, whatever `next` says."""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient

HOSTILE = [
    "/\\evil.test",
    "/%5Cevil.test",
    "/%5C%5Cevil.test",
    "/%09/evil.test",
    "/%0A/evil.test",
    "/%0D/evil.test",
    "%2F%2Fevil.test",
    "//evil.test",
    "https://evil.test/",
    "javascript:alert(1)",
    "/%00/evil.test",
    "/no-such-page-here",
]


def _carry_on(client: FlaskClient, raw_query: str) -> str:
    page = client.get(f"/help?{raw_query}")
    assert page.status_code == 200
    found = re.search(r'href="([^"]*)">Carry on<', page.get_data(as_text=True))
    assert found
    return html.unescape(found.group(1))


@pytest.mark.parametrize("target", HOSTILE)
def test_carry_on_never_leaves_the_site(client: FlaskClient, target: str) -> None:
    assert _carry_on(client, f"next={target}") == "/"  # the site's own front page instead


def test_carry_on_keeps_a_page_of_the_form(client: FlaskClient) -> None:
    assert (
        _carry_on(client, "next=/form%3Fpage%3Dreview%26check%3D1") == "/form?page=review&check=1"
    )
