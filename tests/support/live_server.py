"""Serve a WSGI (Flask) app on a free loopback port for browser and HTTP tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


@contextmanager
def serve_app(
    app: Any, host: str = "127.0.0.1", port: int = 0, *, log_requests: bool = False
) -> Iterator[str]:
    """Run ``app`` in a daemon thread; yields its base URL (``http://127.0.0.1:PORT``, no slash).

    Threaded, so a page's sub-resources load in parallel; stops within ~50 ms on exit. Access
    lines are not logged unless ``log_requests`` (errors still are).
    """
    handler = WSGIRequestHandler if log_requests else _QuietHandler
    server = make_server(host, port, app, threaded=True, request_handler=handler)
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name=f"live-server-{server.server_port}",
        daemon=True,
    )
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
