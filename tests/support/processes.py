"""Run `carevoice` as a real subprocess, the way operators run it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from tests.support.deadlines import READY, wait_for

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_STARTS_PROCESSES = False


def allow_processes(allowed: bool) -> None:
    """Set by an autouse fixture: whether the running test is marked `process`."""
    global _STARTS_PROCESSES
    _STARTS_PROCESSES = allowed


def python(
    *args: str,
    env: Mapping[str, str | None],
    output: IO[bytes] | None = None,
    inherit_env: bool = True,
) -> subprocess.Popen[bytes]:
    """Start `python ARGS` from the repository, with `env` added to this environment (a None value
    removes a variable; `inherit_env=False` starts from nothing). Its output goes to `output` (a
    file, which never fills up and blocks the process as an unread pipe would) or a pipe.

    Only tests marked `process` may start one: the process reads the real clock, so such a test
    makes its data relative to the real now (the `live_runtime` fixture), never the fixed clock."""
    if not _STARTS_PROCESSES:
        raise RuntimeError(
            "this test starts a process, which reads the real clock: mark it "
            "@pytest.mark.process and make its data with live_runtime, not the fixed test clock"
        )
    full_env = {**(os.environ if inherit_env else {}), **env, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=REPO,
        env={k: v for k, v in full_env.items() if v is not None},
        stdout=output if output is not None else subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def carevoice(
    *args: str, env: Mapping[str, str | None], output: IO[bytes] | None = None
) -> subprocess.Popen[bytes]:
    """Start `carevoice ARGS` as operators run it (see `python`)."""
    return python("-m", "service.web.cli", *args, env=env, output=output)


def run_carevoice(*args: str, env: Mapping[str, str | None]) -> str:
    """Run `carevoice ARGS` to its end and return its output; fail with that output if it
    fails or has not finished by the deadline."""
    process = carevoice(*args, env=env)
    try:
        output, _ = process.communicate(timeout=READY)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        raise AssertionError(
            f"carevoice {' '.join(args)} still running after {READY:.0f}s"
        ) from None
    text = output.decode(errors="replace")
    assert process.returncode == 0, f"carevoice {' '.join(args)} failed:\n{text}"
    return text


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask a process to stop (SIGTERM), and kill it if it has not stopped by the deadline."""
    process.terminate()
    try:
        process.wait(timeout=READY)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_for_http(
    url: str, timeout: float = READY, process: subprocess.Popen[bytes] | None = None
) -> None:
    """Wait until `url` answers (any HTTP status), for a server that is starting; fail at once
    if the server's `process` has exited instead."""

    def answers() -> bool:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the server for {url} exited ({process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=10):
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False

    wait_for(answers, f"{url} to answer", timeout)


@dataclass
class Running:
    """A started `carevoice` process and what it has printed so far (kept in a file, which never
    fills up and blocks the process as an unread pipe would)."""

    process: subprocess.Popen[bytes]
    _output: IO[bytes]

    def output(self) -> str:
        self._output.seek(0)
        return self._output.read().decode(errors="replace")


@contextmanager
def running(
    *args: str,
    env: Mapping[str, str | None],
    ready_url: str | None = None,
    ready_timeout: float = READY,
) -> Iterator[Running]:
    """A `carevoice` process for the duration of a with-block, stopped after it; if the block
    fails, the end of what the process printed is shown."""
    with tempfile.TemporaryFile() as output:
        process = carevoice(*args, env=env, output=output)
        try:
            if ready_url:
                wait_for_http(ready_url, ready_timeout, process)
            yield Running(process, output)
        except BaseException:
            output.seek(0)
            tail = output.read()[-4000:].decode(errors="replace")
            print(f"--- carevoice {' '.join(args)} said:\n{tail}", file=sys.stderr)
            raise
        finally:
            stop(process)


def _tcp_sockets(port: int) -> list[tuple[str, int]]:
    """(state, inode) of every IPv4 TCP socket whose local port is `port` (Linux /proc)."""
    found = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].rsplit(":", 1)[1], 16) == port:
            found.append((fields[3], int(fields[9])))
    return found


def wait_for_listeners(port: int, count: int) -> None:
    """Wait until `count` sockets listen on `port`: with SO_REUSEPORT each gunicorn worker has
    its own, and a worker still booting would be given no connections."""

    def listening() -> bool:
        return sum(state == "0A" for state, _ in _tcp_sockets(port)) >= count

    wait_for(listening, f"{count} sockets listening on port {port}")


def connections_by_process(port: int, pids: list[int]) -> dict[int, int]:
    """How many established connections to `port` each of these processes holds."""
    established = {inode for state, inode in _tcp_sockets(port) if state == "01"}
    counts = {}
    for pid in pids:
        held = 0
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:[") and int(target[8:-1]) in established:
                held += 1
        counts[pid] = held
    return counts


def processes(parent: int | None = None, name: str | None = None) -> list[int]:
    """Children of `parent` (a gunicorn master's workers), or every process whose command is
    `name` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        command = stat[stat.index("(") + 1 : stat.rindex(")")]
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if (parent is not None and ppid == parent) or (name is not None and command == name):
            found.append(int(entry.name))
    return found
