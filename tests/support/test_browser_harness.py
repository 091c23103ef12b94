"""The browser + accessibility harness, on a tiny Flask app with one good and one bad page."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest
from flask import Flask, request

from tests.support import browser as harness
from tests.support.fixtures import browser, mobile_page, mobile_page_nojs  # noqa: F401
from tests.support.live_server import serve_app

pytestmark = pytest.mark.browser

GOOD_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>How was your meeting?</title>
  <style>
    body { font: 18px/1.5 system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #fff; }
    main { padding: 16px; }
    fieldset { border: 2px solid #555; border-radius: 8px; padding: 12px; }
    label { display: flex; align-items: center; gap: 12px; min-height: 48px; }
    input[type=radio] { width: 24px; height: 24px; }
    button { font-size: 18px; min-height: 48px; width: 100%; margin-top: 16px;
             background: #0b5394; color: #fff; border: 0; border-radius: 8px; }
  </style>
</head>
<body>
  <main>
    <h1>How was your meeting?</h1>
    <form method="post" action="/answer">
      <fieldset>
        <legend>Choose one</legend>
        <label><input type="radio" id="mood-good" name="mood" value="good"> Good</label>
        <label><input type="radio" id="mood-ok" name="mood" value="ok"> OK</label>
        <label><input type="radio" id="mood-bad" name="mood" value="bad"> Not good</label>
      </fieldset>
      <button type="submit">Send</button>
    </form>
  </main>
</body>
</html>"""

BAD_PAGE = """<!doctype html>
<html>
<head><meta charset="utf-8"></head>
<body>
  <div>
    <p style="color:#bbb;background:#fff">Tell us how it went</p>
    <input type="text" name="comment">
  </div>
</body>
</html>"""


def make_app(received: list[str]) -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def good() -> str:
        return GOOD_PAGE

    @app.get("/bad")
    def bad() -> str:
        return BAD_PAGE

    @app.post("/answer")
    def answer() -> str:
        received.append(request.form.get("mood", ""))
        return (
            '<!doctype html><html lang="en"><head><title>Thank you</title></head>'
            "<body><main><h1>Thank you</h1></main></body></html>"
        )

    return app


@pytest.fixture(scope="module")
def site() -> tuple[str, list[str]]:
    received: list[str] = []
    with serve_app(make_app(received)) as url:
        yield url, received


def test_live_server_serves_and_stops() -> None:
    received: list[str] = []
    with serve_app(make_app(received)) as url:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url + "/", timeout=5) as resp:
            assert b"How was your meeting?" in resp.read()
    with pytest.raises(OSError):
        urllib.request.urlopen(url + "/", timeout=1)


def test_good_page_has_no_violations(site, mobile_page) -> None:  # noqa: F811
    url, _ = site
    mobile_page.goto(url + "/")
    assert mobile_page.viewport_size == {"width": 360, "height": 740}
    assert mobile_page.evaluate("() => window.devicePixelRatio") == 2
    violations = harness.axe_violations(mobile_page)
    assert violations == [], harness.format_violations(violations)
    shot = Path("/tmp/carevoice_harness_good.png")
    mobile_page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 1000


def test_bad_page_reports_expected_rules(site, mobile_page) -> None:  # noqa: F811
    url, _ = site
    mobile_page.goto(url + "/bad")
    violations = harness.axe_violations(mobile_page)
    ids = {v["id"] for v in violations}
    assert {"html-has-lang", "document-title", "label", "color-contrast"} <= ids, ids
    text = harness.format_violations(violations)
    assert "label [critical]" in text
    assert "at input" in text  # the failing node's selector
    assert "html-has-lang [serious]" in text


def test_good_form_submits_without_javascript(site, mobile_page_nojs) -> None:  # noqa: F811
    url, received = site
    page = mobile_page_nojs
    page.goto(url + "/")
    assert page.evaluate("() => typeof window.axe") == "undefined"
    page.get_by_label("Not good").check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_url(url + "/answer")
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you"
    assert received[-1] == "bad"
    # axe cannot run here, and says so clearly.
    with pytest.raises(RuntimeError, match="JavaScript disabled"):
        harness.axe_violations(page)


def test_require_browser_skips_locally_and_fails_on_ci(monkeypatch) -> None:
    monkeypatch.setattr(harness, "find_chromium", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y chromium"):
        harness.require_browser()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        harness.require_browser()


def test_format_violations_is_readable() -> None:
    assert harness.format_violations([]) == "no accessibility violations"
    text = harness.format_violations(
        [
            {
                "id": "label",
                "impact": "critical",
                "help": "Form elements must have labels",
                "helpUrl": "https://example.org/label",
                "nodes": [{"target": ["#x > input"], "html": "<input   name='c'>"}],
            }
        ]
    )
    assert text.splitlines() == [
        "1 accessibility violation(s):",
        "- label [critical]: Form elements must have labels",
        "    https://example.org/label",
        "    at #x > input: <input name='c'>",
    ]
