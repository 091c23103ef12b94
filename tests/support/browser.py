"""Headless Chromium (Debian's, via Python Playwright) and axe-core for page tests.

Nothing here downloads a browser: Chromium comes from the system (``apt-get install chromium``)
and axe-core from npm into ``<repo>/.cache/node`` (``npm install --prefix .cache/node axe-core@4``).
Never run ``playwright install``.

In pytest, use the fixtures in :mod:`tests.support.fixtures`. Elsewhere::

    with browser_session() as browser, mobile_page(browser) as page:
        page.goto(url)
        assert not axe_violations(page), format_violations(axe_violations(page))

Sync Playwright only: do not use these from ``async def`` tests (Playwright refuses to run its
sync API inside a running event loop), and close the session before any async test runs: while
it is open, its loop counts as running in the thread and pytest-asyncio cannot start its own.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = REPO_ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"

LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--force-color-profile=srgb",  # screenshots in the page's own colours, for contrast checks
)
MOBILE_CONTEXT: dict[str, Any] = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DEFAULT_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")

INSTALL_HELP = {
    "chromium": "Chromium: `apt-get install -y chromium` (or set CAREVOICE_CHROMIUM=/path/to/it)",
    "playwright": "Python Playwright: `pip install -e '.[test]'` (never `playwright install`)",
    "axe": (
        "axe-core: `mkdir -p .cache/node && npm install --prefix .cache/node axe-core@4` "
        f"in the repo root (expected {AXE_PATH}; or set CAREVOICE_AXE=/path/to/axe.min.js)"
    ),
}


def find_chromium() -> str | None:
    """Path of a Chromium binary: ``$CAREVOICE_CHROMIUM``, ``/usr/bin/chromium`` or on PATH."""
    candidates = [os.environ.get("CAREVOICE_CHROMIUM"), "/usr/bin/chromium"]
    candidates += [shutil.which(name) for name in ("chromium", "chromium-browser")]
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def find_axe() -> Path | None:
    """Path of ``axe.min.js``: ``$CAREVOICE_AXE`` or ``<repo>/.cache/node/.../axe.min.js``."""
    for path in (os.environ.get("CAREVOICE_AXE"), AXE_PATH):
        if path and Path(path).is_file():
            return Path(path)
    return None


def has_playwright() -> bool:
    return importlib.util.find_spec("playwright") is not None


def missing_requirements(*, need_axe: bool = True) -> list[str]:
    """What to install before browser tests can run (empty when all is there)."""
    missing = []
    if find_chromium() is None:
        missing.append(INSTALL_HELP["chromium"])
    if not has_playwright():
        missing.append(INSTALL_HELP["playwright"])
    if need_axe and find_axe() is None:
        missing.append(INSTALL_HELP["axe"])
    return missing


def require_browser(*, need_axe: bool = True) -> None:
    """Skip the test when Chromium, Playwright or axe-core is missing; fail instead on CI=true."""
    import pytest

    missing = missing_requirements(need_axe=need_axe)
    if not missing:
        return
    message = "browser tests need: " + "; ".join(missing)
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(message)


@contextmanager
def browser_session(*, headless: bool = True) -> Iterator[Browser]:
    """Start Playwright and launch the system Chromium; closes both on exit."""
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    if executable is None:
        raise RuntimeError(INSTALL_HELP["chromium"])
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=executable, headless=headless, args=list(LAUNCH_ARGS)
        )
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def mobile_page(
    browser: Browser | None = None, *, java_script_enabled: bool = True, **context_options: Any
) -> Iterator[Page]:
    """A page in a fresh 360x740 mobile context (touch, DPR 2); its context closes on exit.

    Without ``browser``, starts its own Playwright and Chromium (slower; not inside another
    sync Playwright session). ``java_script_enabled=False`` checks that a page works without JS;
    axe cannot run in such a page.
    """
    if browser is None:
        with (
            browser_session() as own,
            mobile_page(own, java_script_enabled=java_script_enabled, **context_options) as page,
        ):
            yield page
        return
    options = {**MOBILE_CONTEXT, "java_script_enabled": java_script_enabled, **context_options}
    context = browser.new_context(**options)
    try:
        yield context.new_page()
    finally:
        context.close()


def axe_violations(
    page: Page,
    tags: Iterable[str] = DEFAULT_TAGS,
    *,
    disable_rules: Iterable[str] = (),
    axe_path: Path | None = None,
) -> list[dict[str, Any]]:
    """Run axe-core on the page as loaded now; returns axe's ``violations`` list.

    Each violation has ``id``, ``impact``, ``help``, ``helpUrl`` and ``nodes`` (each with
    ``target`` selectors, ``html`` and ``failureSummary``).
    """
    path = axe_path or find_axe()
    if path is None:
        raise RuntimeError(INSTALL_HELP["axe"])
    page.add_script_tag(path=str(path))
    if page.evaluate("() => typeof window.axe") != "object":
        raise RuntimeError(
            "axe-core did not load: is JavaScript disabled in this browser context? "
            "Run axe in a JavaScript-enabled page and do the no-JS walk separately."
        )
    options: dict[str, Any] = {"runOnly": {"type": "tag", "values": list(tags)}}
    rules = list(disable_rules)
    if rules:
        options["rules"] = {rule: {"enabled": False} for rule in rules}
    return page.evaluate(
        "async (options) => (await window.axe.run(document, options)).violations", options
    )


def format_violations(violations: list[dict[str, Any]]) -> str:
    """A readable summary for assertion messages: rule, impact, help and the failing nodes."""
    if not violations:
        return "no accessibility violations"
    lines = [f"{len(violations)} accessibility violation(s):"]
    for v in violations:
        lines.append(f"- {v['id']} [{v.get('impact') or '?'}]: {v.get('help', '')}")
        if v.get("helpUrl"):
            lines.append(f"    {v['helpUrl']}")
        for node in v.get("nodes", []):
            target = ", ".join(
                " ".join(map(str, t)) if isinstance(t, list) else str(t)
                for t in node.get("target", [])
            )
            html = " ".join(str(node.get("html", "")).split())
            if len(html) > 120:
                html = html[:117] + "..."
            lines.append(f"    at {target}: {html}")
    return "\n".join(lines)
