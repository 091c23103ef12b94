"""Run `carevoice` as a real subprocess, the way operators run it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def carevoice(
    *args: str, env: Mapping[str, str], output: IO[bytes] | None = None
) -> subprocess.Popen[bytes]:
    """Start `carevoice ARGS` with the given environment added to this one; its output goes to
    `output` (a file, which never fills up and blocks the process as an unread pipe would)."""
    full_env = {**os.environ, **env, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "service.web.cli", *args],
        cwd=REPO,
        env=full_env,
        stdout=output if output is not None else subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def wait_for_http(url: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextmanager
def running(
    *args: str,
    env: Mapping[str, str],
    ready_url: str | None = None,
    ready_timeout: float = 30.0,
    output_to_file: bool = False,
) -> Iterator[subprocess.Popen[bytes]]:
    """A `carevoice` process for the duration of a with-block. Its output is a pipe the caller
    may read, or (`output_to_file`, for chatty processes nobody reads) a file whose end is shown
    if the block fails."""
    with tempfile.TemporaryFile() as output:
        process = carevoice(*args, env=env, output=output if output_to_file else None)
        try:
            if ready_url:
                wait_for_http(ready_url, ready_timeout)
            yield process
        except BaseException:
            if output_to_file:
                output.seek(0)
                tail = output.read()[-4000:].decode(errors="replace")
                print(f"--- carevoice {' '.join(args)} said:\n{tail}", file=sys.stderr)
            raise
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _tcp_sockets(port: int) -> list[tuple[str, int]]:
    """(state, inode) of every IPv4 TCP socket whose local port is `port` (Linux /proc)."""
    found = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].rsplit(":", 1)[1], 16) == port:
            found.append((fields[3], int(fields[9])))
    return found


def wait_for_listeners(port: int, count: int, timeout: float = 30.0) -> None:
    """Wait until `count` sockets listen on `port`: with SO_REUSEPORT each gunicorn worker has
    its own, and a worker still booting would be given no connections."""
    deadline = time.monotonic() + timeout
    while sum(state == "0A" for state, _ in _tcp_sockets(port)) < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"fewer than {count} sockets listen on port {port}")
        time.sleep(0.1)


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
