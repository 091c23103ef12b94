#!/usr/bin/env python3
"""One command each to try carevoice or test it, on a machine with only Python 3.11+.

    python3 tasks.py demo     # set up, load demo data, serve on http://127.0.0.1:5000
    python3 tasks.py test     # set up, then lint, type-check and run every test

Set-up is a virtual environment in .venv (re-installed when pyproject.toml changes) and, for
the browser tests, axe-core from npm in .cache/node when npm is available.

`test` ends by running the tests that start processes again with carevoice's clock a year ahead
(CAREVOICE_CLOCK_OFFSET=365d), so a test that only passes until some date fails now, not then.
CAREVOICE_CLOCK_OFFSET=365d python3 tasks.py test moves the whole run. Under Debian's faketime,
which breaks Python's timed waits, the faked offset is turned into CAREVOICE_CLOCK_OFFSET.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import venv
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
NODE_DIR = ROOT / ".cache" / "node"
AXE = NODE_DIR / "node_modules" / "axe-core" / "axe.min.js"
CLOCK_OFFSET = "CAREVOICE_CLOCK_OFFSET"
A_YEAR_AHEAD = "365d"
SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "y": 365 * 86400}


def run(*args: str | Path, ok: tuple[int, ...] = (0,), **kwargs: object) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    done = subprocess.run([str(a) for a in args], cwd=ROOT, **kwargs)  # type: ignore[call-overload]
    if done.returncode not in ok:
        sys.exit(done.returncode)


def faked_offset(spec: str, unfaked_env: dict[str, str]) -> str:
    """libfaketime's FAKETIME (`+365d`, `+31206299`, `@2027-12-02 12:00:00`) as seconds ahead."""
    relative = re.fullmatch(r"([+-]?\d+)([smhdy]?)", spec.strip())
    if relative:
        return f"{int(relative.group(1)) * SECONDS[relative.group(2)]}s"
    real = subprocess.run(["date", "+%s"], env=unfaked_env, capture_output=True, text=True)
    target = datetime.strptime(spec.strip().lstrip("@")[:19], "%Y-%m-%d %H:%M:%S").timestamp()
    return f"{int(target) - int(real.stdout)}s"


def leave_faketime() -> None:
    """Re-run without libfaketime, moving carevoice's clock by the same amount instead: with it,
    Python's timed waits hang or fail (libfaketime 0.9.10, glibc 2.36), whatever the code."""
    if "faketime" not in os.environ.get("LD_PRELOAD", "") or "FAKETIME" not in os.environ:
        return
    env = {
        k: v for k, v in os.environ.items() if k != "LD_PRELOAD" and not k.startswith("FAKETIME")
    }
    env[CLOCK_OFFSET] = faked_offset(os.environ["FAKETIME"], env)
    print(f"faketime seen: moving carevoice's clock with {CLOCK_OFFSET}={env[CLOCK_OFFSET]}")
    os.execve(sys.executable, [sys.executable, *sys.argv], env)  # noqa: S606


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
    if os.environ.get(CLOCK_OFFSET):
        return  # the whole run was already moved
    print(f"The tests that start processes again, a year ahead ({CLOCK_OFFSET}={A_YEAR_AHEAD}):")
    year_ahead = {**os.environ, CLOCK_OFFSET: A_YEAR_AHEAD}
    # Exit status 5: none of the selected tests starts a process.
    run(
        BIN / "python", "-m", "pytest", *parallel, *args, "-m", "process", env=year_ahead, ok=(0, 5)
    )


def main() -> None:
    leave_faketime()
    commands = {"demo": demo, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
