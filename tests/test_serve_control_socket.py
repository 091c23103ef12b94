"""Each `carevoice serve` has its own gunicorn control socket: with one shared path, a second
server took the first's over, and a command meant for one reached the other."""

from __future__ import annotations

import stat
from contextlib import ExitStack
from pathlib import Path

import pytest

from service.runtime import Runtime
from tests.support.deadlines import wait_for
from tests.support.processes import free_port, running


@pytest.mark.process
def test_two_servers_on_one_machine_have_a_control_socket_each(
    live_runtime: Runtime, tmp_path: Path
) -> None:
    env = {
        "DATABASE_URL": live_runtime.settings.database_url,
        "SECRET_KEY": "serve-test",
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    with ExitStack() as both:
        servers = []
        for _ in range(2):
            port = free_port()
            ready = f"http://127.0.0.1:{port}/healthz"
            servers.append(
                both.enter_context(
                    running(
                        "serve", "--port", str(port), "--workers", "1", env=env, ready_url=ready
                    )
                )
            )
        expected = sorted(f"carevoice-{server.process.pid}.ctl" for server in servers)
        # gunicorn opens the socket beside its workers, once they are up
        wait_for(lambda: _sockets(tmp_path) == expected, f"the control sockets {expected}")


def _sockets(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if stat.S_ISSOCK(p.stat().st_mode))
