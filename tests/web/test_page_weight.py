"""Every child-facing page, in every offered language, fits the 20 KB budget with its CSS,
script and icon."""

from __future__ import annotations

import re

import pytest

from bench.page_weight import BUDGET, walk_child_pages, weigh
from service.questionnaires import all_questionnaires
from service.web.language import SUPPORTED


def test_every_child_page_is_within_the_page_weight_budget(
    app, client, runtime, db_backend
) -> None:
    if db_backend != "sqlite":
        pytest.skip("page weight does not depend on the database; measured once, on SQLite")
    app.config["TOKEN_RATE_LIMIT"] = "10000 per minute"  # one visitor opens every form here
    weights = weigh(client, runtime)
    pages = sum(len(q.pages) for q in all_questionnaires())
    assert len(weights) == len(SUPPORTED) * (pages + 6)
    over = [(w.label, w.total) for w in weights if w.total > BUDGET]
    assert not over


def test_no_page_loads_third_party_assets(app, client, runtime, db_backend) -> None:
    if db_backend != "sqlite":
        pytest.skip("page content does not depend on the database; checked once, on SQLite")
    app.config["TOKEN_RATE_LIMIT"] = "10000 per minute"
    for label, html in walk_child_pages(client, runtime):
        text = html.decode()
        # One small script of our own (read-aloud), nothing inline.
        assert re.findall(r"<script[^>]*>", text) == [
            '<script src="/static/read-aloud.js" defer>'
        ], label
        # Links out to helplines are fine; nothing is fetched from another site.
        fetched = re.findall(r'(?:src|srcset|action)="([^"]*)"|<link[^>]*href="([^"]*)"', text)
        assert not [u for pair in fetched for u in pair if "//" in u], label
