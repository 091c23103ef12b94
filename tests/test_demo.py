"""`carevoice demo` on an empty database: data, logins and a working sample link."""

from __future__ import annotations

import http.client
import re

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from service.models import ReadingItem, Response, Review, User
from service.runtime import Runtime
from tests.support.deadlines import READY
from tests.support.processes import free_port, running


def test_demo_loads_data_prints_logins_and_a_working_link(
    runner: FlaskCliRunner, app: Flask, runtime: Runtime
) -> None:
    result = runner.invoke(args=["demo", "--no-serve", "--port", "5099"])
    assert result.exit_code == 0, result.output
    assert "officer@demo.carevoice" in result.output
    link = re.search(r"http://127\.0\.0\.1:5099/r/([A-Za-z0-9_-]{22})", result.output)
    assert link, result.output
    with runtime.sessions() as db:
        assert (db.scalar(select(func.count()).select_from(Review)) or 0) > 4000
        assert (db.scalar(select(func.count()).select_from(Response)) or 0) > 50
        assert db.scalar(select(func.count()).select_from(User)) == 9
        # Every word the demo's children wrote waits with a named reader, as in real use.
        readers = db.scalars(select(ReadingItem.reader_id)).all()
        assert readers and None not in readers
    opened = app.test_client().get(f"/r/{link.group(1)}")
    assert opened.status_code == 303


def test_demo_run_twice_keeps_data_and_renews_passwords(
    runner: FlaskCliRunner, runtime: Runtime
) -> None:
    first = runner.invoke(args=["demo", "--no-serve"])
    second = runner.invoke(args=["demo", "--no-serve"])
    assert second.exit_code == 0, second.output
    assert "Demo data loaded" in first.output and "Demo data loaded" not in second.output
    password = re.compile(r"officer@demo\.carevoice\s+(\S+)")
    assert password.search(first.output).group(1) != password.search(second.output).group(1)  # type: ignore[union-attr]


@pytest.mark.process
def test_demo_serves_the_form_over_http(live_runtime: Runtime) -> None:
    port = free_port()
    env = {"DATABASE_URL": live_runtime.settings.database_url, "SECRET_KEY": "demo-test"}
    with running(
        "demo", "--port", str(port), env=env, ready_url=f"http://127.0.0.1:{port}/healthz"
    ) as demo:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=READY)
        conn.request("GET", "/")
        assert conn.getresponse().status == 200
        conn.close()
        output = demo.output()
    link = re.search(rf"http://127\.0\.0\.1:{port}/r/[A-Za-z0-9_-]{{22}}", output)
    assert link, output
