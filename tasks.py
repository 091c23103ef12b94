#!/usr/bin/env python3
"""One command each to try carevoice or test it, on a machine with only Python 3.11+.

    python3 tasks.py demo     # set up, load demo data, serve on http://127.0.0.1:5000
    python3 tasks.py test     # set up, then lint, type-check and run every test

Set-up is a virtual environment in .venv (re-installed when pyproject.toml changes) and, for
the browser tests, axe-core from npm in .cache/node when npm is available.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
NODE_DIR = ROOT / ".cache" / "node"
AXE = NODE_DIR / "node_modules" / "axe-core" / "axe.min.js"


def run(*args: str | Path, **kwargs: object) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def ensure_venv(extras: str) -> None:
    """Create .venv and install the project (with `extras`) when pyproject.toml has changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - tasks.py may be run by an older python3
        sys.exit("carevoice needs Python 3.11 or newer")
    python = BIN / "python"
    if not python.exists():
        venv.create(VENV, with_pip=True)
        run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / f".installed-{extras or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    target = f".[{extras}]" if extras else "."
    run(python, "-m", "pip", "install", "--quiet", "--editable", target)
    stamp.write_text(digest)


def ensure_axe() -> None:
    """axe-core for the accessibility tests; skipped (tests then skip) where npm is missing."""
    if AXE.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        print("npm not found: browser accessibility tests will be skipped", flush=True)
        return
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    run(npm, "install", "--prefix", NODE_DIR, "--no-audit", "--no-fund", "--silent", "axe-core@4")


def demo(args: list[str]) -> None:
    ensure_venv("")
    os.execv(BIN / "carevoice", [str(BIN / "carevoice"), "demo", *args])  # noqa: S606


def test(args: list[str]) -> None:
    ensure_venv("test")
    ensure_axe()
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")
    run(BIN / "mypy")
    run(
        BIN / "bandit", "--quiet", "-c", "pyproject.toml", "-r", "service", "bots", "qr", "analysis"
    )
    # Two processes: this suite waits on databases, browsers and subprocesses as much as on CPU.
    parallel = [] if any(a.startswith("-n") for a in args) else ["-n", "2"]
    run(BIN / "python", "-m", "pytest", *parallel, *args)


def main() -> None:
    commands = {"demo": demo, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
