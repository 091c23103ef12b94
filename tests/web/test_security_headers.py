"""Security headers on children's and staff pages."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

PAGES = ["/", "/r/not-a-real-token", "/staff/login", "/help"]


@pytest.mark.parametrize("path", PAGES)
def test_strict_csp_with_no_inline_script_and_no_framing(client: FlaskClient, path: str) -> None:
    csp = client.get(path).headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "http" not in csp


@pytest.mark.parametrize("path", PAGES)
def test_privacy_headers(client: FlaskClient, path: str) -> None:
    headers = client.get(path).headers
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    policy = headers["Permissions-Policy"]
    assert all(f"{feature}=()" in policy for feature in ("geolocation", "camera", "microphone"))


def test_hsts_only_over_https(client: FlaskClient) -> None:
    assert "Strict-Transport-Security" not in client.get("/").headers
    hsts = client.get("/", base_url="https://feedback.test").headers["Strict-Transport-Security"]
    assert "max-age=63072000" in hsts


def test_hsts_behind_a_trusted_proxy(runtime, tmp_path) -> None:
    from service.web import create_app

    app = create_app(
        {"TESTING": True, "RUNTIME": runtime, "SECRET_KEY": "test-secret", "PROXY_HOPS": 1}
    )
    answer = app.test_client().get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in answer.headers


@pytest.mark.parametrize("path", ["/r/not-a-real-token", "/staff/login"])
def test_personal_pages_are_not_cached(client: FlaskClient, path: str) -> None:
    assert client.get(path).headers["Cache-Control"] == "no-store"


def test_templates_have_no_inline_script_or_third_party_assets() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "service" / "web" / "templates"
    for template in root.rglob("*.html"):
        html = template.read_text(encoding="utf-8")
        assert "<script>" not in html and " on" + "click=" not in html, template
        assert 'src="http' not in html and 'href="http' not in html, template
