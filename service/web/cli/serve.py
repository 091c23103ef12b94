"""`carevoice serve`: the production server (gunicorn) running the same app."""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any

import click
from flask import Flask
from gunicorn.app.base import BaseApplication

# No client address or user agent: they are not needed and must not be kept (data minimisation).
ACCESS_LOG_FORMAT = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'


def control_socket_path() -> str:
    """This server's own gunicorn control socket (for `gunicornc`), named by its process id.

    gunicorn's default is one path per user, so a second `carevoice serve` on the machine took
    the first's socket over, and a command meant for one server reached the other.
    """
    runtime_dir = Path(os.environ.get("XDG_RUNTIME_DIR") or Path.home() / ".gunicorn")
    folder = runtime_dir if runtime_dir.is_dir() else Path.home() / ".gunicorn"
    return str(folder / f"carevoice-{os.getpid()}.ctl")


class _Server(BaseApplication):  # type: ignore[misc]  # gunicorn ships no type hints
    """gunicorn with options from the command line; each worker builds its own app (no shared
    database connections across fork)."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        from service.web import create_app

        return create_app()


def freeze_loaded_objects(_worker: object) -> None:
    """After a worker has loaded the app: move everything loaded so far (the app, the models,
    the analysers: about 300,000 objects) out of the garbage collector's view. They live as long
    as the worker, but each full collection walked them all: 200 ms on a quiet machine, 340 to
    610 ms under load, while the worker's requests waited (the submit POST's p99 at 50
    connections went from 1,164 to 195 ms). A full collection now walks only what requests
    left behind: 3 to 17 ms."""
    gc.freeze()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
@click.option(
    "--threads",
    default=2,
    show_default=True,
    type=int,
    help="Threads per worker. With more than one, a long request (a five-year export, a slow "
    "phone) keeps its worker alive; with one, gunicorn kills any request over --timeout.",
)
@click.option(
    "--timeout",
    default=30,
    show_default=True,
    type=int,
    help="Seconds a worker may stop answering gunicorn before it is restarted.",
)
@click.option("--access-log/--no-access-log", default=False, show_default=True)
def serve_command(
    host: str, port: int, workers: int, threads: int, timeout: int, access_log: bool
) -> None:
    """Serve with gunicorn: stateless workers, safe behind any load balancer."""
    options: dict[str, Any] = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": timeout,
        "graceful_timeout": 10,
        "access_log_format": ACCESS_LOG_FORMAT,
        "accesslog": "-" if access_log else None,
        "forwarded_allow_ips": "127.0.0.1",
        # Each worker listens on its own socket and the kernel shares connections out. With one
        # shared socket, a burst of keep-alive connections (a load balancer's pool) went almost
        # all to one worker: 48 of 50 in bench/form_throughput.py.
        "reuse_port": True,
        "control_socket": control_socket_path(),
        "post_worker_init": freeze_loaded_objects,
    }
    _Server(options).run()


commands = [serve_command]
