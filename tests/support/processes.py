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
