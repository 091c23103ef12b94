"""Where a link may send someone next: a page of this site, never another site."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import current_app
from werkzeug.exceptions import HTTPException

# Browsers read "\" as "/" and drop tabs and line breaks, so "/\evil.test" and "/<TAB>/evil.test"
# both lead to another site; no path of ours has any of these, or spaces or other controls.
_NEVER_IN_OUR_PATHS = re.compile(r"[\x00-\x20\x7f\\]")


def local_path(target: str | None, fallback: str) -> str:
    """`target` when it is the path (and query) of one of this app's pages, else `fallback`."""
    if (
        not target
        or _NEVER_IN_OUR_PATHS.search(target)
        or not target.startswith("/")
        or target.startswith("//")
    ):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    try:
        current_app.url_map.bind("localhost").match(parts.path, method="GET")
    except HTTPException:  # no such page, or a redirect elsewhere
        return fallback
    return target
