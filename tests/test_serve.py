"""`carevoice serve` runs the same app under gunicorn with several workers."""

from __future__ import annotations

import http.client
import threading
import time
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from sqlalchemy import text

from service.runtime import Runtime
from tests.factories import make_invitation
from tests.support.deadlines import READY, wait_for
from tests.support.processes import (
    Running,
    connections_by_process,
    free_port,
    processes,
    running,
    wait_for_listeners,
)

pytestmark = pytest.mark.process


def get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=READY)
    conn.request("GET", path)
    reply = conn.getresponse()
    result = reply.status, dict(reply.getheaders()), reply.read()
    conn.close()
    return result


def serving(runtime: Runtime, port: int, *options: str) -> AbstractContextManager[Running]:
    """`carevoice serve` on `port` against the test database, once it answers."""
    env = {"DATABASE_URL": runtime.settings.database_url, "SECRET_KEY": "serve-test"}
    ready = f"http://127.0.0.1:{port}/healthz"
    return running("serve", "--port", str(port), *options, env=env, ready_url=ready)


def test_gunicorn_workers_serve_the_qr_link_flow(live_runtime: Runtime) -> None:
    with live_runtime.sessions.begin() as db:
        token = make_invitation(db, live_runtime.now()).token
    port = free_port()
    with serving(live_runtime, port, "--workers", "2"):
        assert get(port, "/healthz")[2] == b"ok"
        assert get(port, "/readyz")[0] == 200
        status, headers, _ = get(port, f"/r/{token}")
        assert status == 303 and headers["Location"] == "/form"


def test_a_request_longer_than_the_worker_timeout_is_answered_not_killed(
    live_runtime: Runtime,
) -> None:
    """A five-year export outlasts gunicorn's worker timeout; threaded workers keep answering
    gunicorn while a request runs, where a single-threaded one would be killed mid-request."""
    if live_runtime.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL table lock is what makes the request slow here")
    with live_runtime.sessions.begin() as db:
        token = make_invitation(db, live_runtime.now()).token
    port = free_port()
    replies: list[tuple[int, dict[str, str], bytes]] = []

    def open_link() -> None:
        replies.append(get(port, f"/r/{token}"))

    with serving(live_runtime, port, "--workers", "1", "--timeout", "2"):
        with live_runtime.engine.connect() as conn:
            conn.execute(text("LOCK TABLE invitations IN ACCESS EXCLUSIVE MODE"))
            visitor = threading.Thread(target=open_link)
            visitor.start()
            wait_for(lambda: lock_waiters(live_runtime), "the link lookup to wait for the lock")
            time.sleep(5)  # it goes on waiting for over twice the worker timeout
            assert lock_waiters(live_runtime), "the link lookup stopped waiting for the lock"
            conn.rollback()
        visitor.join(timeout=READY)
    assert replies and replies[0][0] == 303


def lock_waiters(runtime: Runtime) -> int:
    """How many PostgreSQL sessions are waiting for a lock on the invitations table."""
    with runtime.engine.connect() as conn:
        query = (
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'invitations'::regclass"
        )
        return int(conn.execute(text(query)).scalar_one())


def test_keep_alive_connections_are_shared_between_the_workers(live_runtime: Runtime) -> None:
    """A load balancer opens its keep-alive connections in a burst; without SO_REUSEPORT one
    gunicorn worker accepted 48 of 50 of them and did nearly all the work. Each worker now
    listens on its own socket and the kernel shares new connections out between them."""
    if not Path("/proc/net/tcp").exists():
        pytest.skip("counts connections from Linux /proc")
    port = free_port()
    with serving(live_runtime, port, "--workers", "2") as server:
        wait_for_listeners(port, 2)
        clients = [http.client.HTTPConnection("127.0.0.1", port, timeout=READY) for _ in range(40)]
        try:
            for client in clients:  # all connected at once, as a load balancer's pool is
                client.connect()
            for client in clients:
                client.request("GET", "/healthz")
                assert client.getresponse().read() == b"ok"  # the connection stays open
            held = connections_by_process(port, processes(parent=server.process.pid))
        finally:
            for client in clients:
                client.close()
    assert len(held) == 2 and sum(held.values()) == 40
    assert min(held.values()) >= 8, held  # 40 shared at random: fewer than 8 is 1 in 20,000
