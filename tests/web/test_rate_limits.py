"""Opening invitation links is rate-limited per client, in memory or in Redis."""

from __future__ import annotations

import os
import uuid

import pytest
from flask import Flask

from service.runtime import Runtime
from service.web import create_app
from service.web.limits import limiter

IN_CI = os.environ.get("CI", "").lower() == "true"
REDIS_URL = os.environ.get("CAREVOICE_TEST_REDIS", "redis://127.0.0.1:6379/0")


def _app(runtime: Runtime, **config: object) -> Flask:
    app = create_app(
        {"TESTING": True, "RUNTIME": runtime, "TOKEN_RATE_LIMIT": "3 per minute", **config}
    )
    if "REDIS_URL" not in config:
        limiter.reset()  # memory only: on Redis this would wipe other programs' counters
    return app


def _statuses(app: Flask, address: str, times: int) -> list[int]:
    client = app.test_client()
    return [
        client.get("/r/guessed-token", environ_base={"REMOTE_ADDR": address}).status_code
        for _ in range(times)
    ]


def test_guessing_tokens_is_slowed_down_in_memory(runtime: Runtime) -> None:
    app = _app(runtime)
    assert _statuses(app, "10.0.0.1", 5) == [404, 404, 404, 429, 429]
    assert _statuses(app, "10.0.0.2", 1) == [404]


def test_the_limit_page_says_what_to_do(runtime: Runtime) -> None:
    app = _app(runtime, TOKEN_RATE_LIMIT="1 per minute")
    _statuses(app, "10.0.0.3", 1)
    page = app.test_client().get("/r/x", environ_base={"REMOTE_ADDR": "10.0.0.3"})
    assert page.status_code == 429 and "wait a few minutes" in page.get_data(as_text=True)


def test_limits_are_shared_through_redis(runtime: Runtime) -> None:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.exceptions.ConnectionError:
        if IN_CI:
            pytest.fail(f"Redis not reachable at {REDIS_URL} (CI=true: Redis is required)")
        pytest.skip(f"Redis not reachable at {REDIS_URL}; start it to run this test")
    # A fresh address per run, so counters left by an earlier run cannot interfere.
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    first = _app(runtime, REDIS_URL=REDIS_URL)
    second = _app(runtime, REDIS_URL=REDIS_URL)
    assert first.config["RATELIMIT_STORAGE_URI"] == REDIS_URL
    assert _statuses(first, address, 2) == [404, 404]
    assert _statuses(second, address, 2) == [404, 429]
    keys = redis.Redis.from_url(REDIS_URL).keys("*forms.open_link*")
    assert keys and not any(address.encode() in k for k in keys)
