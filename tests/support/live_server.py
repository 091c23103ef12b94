"""Serve a WSGI (Flask) app on a free loopback port for browser and HTTP tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from werkzeug.serving import make_server


@contextmanager
def serve_app(app: Any, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run ``app`` in a daemon thread; yields its base URL (``http://127.0.0.1:PORT``, no slash).

    Threaded, so a page's sub-resources load in parallel; stops within ~50 ms on exit.
    """
    server = make_server(host, port, app, threaded=True)
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
