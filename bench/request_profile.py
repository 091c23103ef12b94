"""Python calls and CPU time a request costs, in process: the form page and its submit POST.

    python bench/request_profile.py [--db sqlite|postgresql] [--requests 500] [--profile N]
    python bench/request_profile.py --instructions [--db ...] [--requests 100]

The same requests `bench/form_throughput.py` sends (a phone's signed cookie and CSRF token, one
fresh invitation per POST), handed straight to the WSGI app as gunicorn hands them, one after
the other in this process: no HTTP, no concurrency. It prints for GET /form, POST /form and the
floor POST (`bench/submit_floor.py`) the Python calls a request (from cProfile, which is
repeatable where times on a shared machine are not) and the CPU milliseconds a request (the
median of each request's thread CPU time, without the profiler). `--profile N` also prints the N
functions with the most own time for each. `--instructions` runs it under valgrind's callgrind
instead and prints the machine instructions a request (Debian package `valgrind`): the steadiest
figure on a shared machine. Prints figures only; it is not a test.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.form_throughput import SECRET, drop_database, make_database, prepare  # noqa: E402

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def environ(row: str) -> dict[str, Any]:
    """A WSGI environ for one row of the rows file, as gunicorn builds it."""
    method, path, cookie, body = row.split("\t")
    data = body.encode()
    env: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "50000",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_USER_AGENT": "wrk",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(data),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        env["HTTP_COOKIE"] = cookie
    if data:
        env["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        env["CONTENT_LENGTH"] = str(len(data))
    return env


def call(app: Wsgi, env: dict[str, Any]) -> str:
    status: list[str] = []

    def start_response(code: str, _headers: Any, _exc: Any = None) -> None:
        status.append(code)

    body = app(env, start_response)
    b"".join(body)
    close = getattr(body, "close", None)
    if close is not None:
        close()
    return status[0]


def measure(
    name: str, app: Wsgi, rows: list[str], expect: str, profile: int
) -> tuple[float, float]:
    """(Python calls a request, CPU ms a request) over `rows`: the first half timed, the second
    half profiled (each POST needs an invitation of its own)."""
    half = len(rows) // 2
    timed = [environ(row) for row in rows[:half]]
    profiled = [environ(row) for row in rows[half:]]
    spent = []
    for env in timed:
        start = time.thread_time()
        got = call(app, env)
        spent.append(time.thread_time() - start)
        if not got.startswith(expect):
            raise RuntimeError(f"{name} answered {got}")
    cpu = statistics.median(spent) * 1000
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for env in profiled:
        call(app, env)
    profiler.disable()
    stats = pstats.Stats(profiler)
    calls = stats.total_calls / len(profiled)  # type: ignore[attr-defined]
    if profile:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(
            os.environ.get("PROFILE_SORT", "tottime")
        ).print_stats(profile)
        print(f"--- {name}\n{out.getvalue()}")
        print(by_package(stats, len(profiled)))
    return calls, cpu


def by_package(stats: pstats.Stats, requests: int) -> str:
    """Own CPU time and calls a request, by the package the function is in."""
    totals: dict[str, list[float]] = {}
    for (filename, _line, _name), (_cc, nc, tt, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        parts = Path(filename).parts
        if "site-packages" in parts:
            package = parts[parts.index("site-packages") + 1]
        elif str(ROOT) in filename:
            package = "/".join(Path(filename).relative_to(ROOT).parts[:2])
        elif filename == "~":
            package = "built-ins"
        else:
            package = "stdlib " + Path(filename).stem
        found = totals.setdefault(package, [0.0, 0.0])
        found[0] += tt * 1000 / requests
        found[1] += nc / requests
    ranked = sorted(totals.items(), key=lambda kv: -kv[1][0])
    return "\n".join(
        f"  {name:<40} {ms:6.3f} ms {calls:7.0f} calls" for name, (ms, calls) in ranked[:25]
    )


_UNDER_CALLGRIND = "CAREVOICE_UNDER_CALLGRIND"


def callgrind(state: str) -> None:
    """Ask callgrind, which runs this process, to start or stop counting, or to write out
    what it counted since it last did."""
    subprocess.run(  # nosec B603 B607 - valgrind's own control program
        ["callgrind_control", state, str(os.getpid())], check=True, capture_output=True
    )
    time.sleep(0.5)  # callgrind reads the command on its next check


def instructions(args: argparse.Namespace) -> None:
    """Run this script again under callgrind and print the instructions a request."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        command = ["valgrind", "--tool=callgrind", "--instr-atstart=no"]
        command += [f"--callgrind-out-file={out}", sys.executable, __file__]
        command += ["--db", args.db, "--requests", str(args.requests)]
        subprocess.run(  # nosec B603 - this script, under valgrind
            command, check=True, env={**os.environ, _UNDER_CALLGRIND: "1"}, capture_output=True
        )
        dumps = sorted(Path(tmp).glob("callgrind.out.*"), key=lambda p: int(p.suffix[1:]))
        names = ("GET /form", "POST /form", "POST floor")
        for name, dump in zip(names, dumps, strict=True):
            totals = next(
                line for line in dump.read_text().splitlines() if line.startswith("totals:")
            )
            count = int(totals.split()[1]) / args.requests
            print(f"{args.db} {name:<12} {count / 1e6:>8.3f} million instructions a request")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of the three")
    parser.add_argument("--instructions", action="store_true", help="count them with callgrind")
    args = parser.parse_args()
    if args.instructions:
        instructions(args)
        return
    counting = os.environ.get(_UNDER_CALLGRIND) == "1"
    with tempfile.TemporaryDirectory() as tmp:
        url, pg_name = make_database(args.db, Path(tmp))
        try:
            n = args.requests * 2 * (args.rounds + 1)
            gets, posts = prepare(url, n)
            _, floor_posts = prepare(url, n)
            os.environ.update(
                DATABASE_URL=url, SECRET_KEY=SECRET, TOKEN_RATE_LIMIT="10000000 per minute"
            )
            from bench import submit_floor
            from service.web import create_app

            app = create_app()
            size = args.requests * 2
            # Warm up: every statement prepared, every page drawn once.
            call(app, environ(gets[-1]))
            call(app, environ(posts[-1]))
            call(submit_floor.app, environ(floor_posts[-1]))
            if counting:
                for wsgi, rows in ((app, gets), (app, posts), (submit_floor.app, floor_posts)):
                    envs = [environ(row) for row in rows[: args.requests]]
                    callgrind("--zero")
                    callgrind("--instr=on")
                    for env in envs:
                        call(wsgi, env)
                    callgrind("--instr=off")
                    callgrind("--dump")
                app.extensions["carevoice"].dispose()
                return
            best: dict[str, tuple[float, float]] = {}
            for r in range(args.rounds):
                chunk = slice(r * size, (r + 1) * size)
                for name, wsgi, rows, expect in (
                    ("GET /form", app, gets[chunk], "200"),
                    ("POST /form", app, posts[chunk], "303"),
                    ("POST floor", submit_floor.app, floor_posts[chunk], "303"),
                ):
                    calls, cpu = measure(name, wsgi, rows, expect, args.profile)
                    best[name] = (calls, min(cpu, best.get(name, (0, cpu))[1]))
                    print(f"{args.db} {name:<12} {calls:>8.0f} calls  {cpu:>6.3f} CPU ms a request")
            # The least CPU of the rounds: other work on the machine only ever adds to it.
            for name, (calls, cpu) in best.items():
                print(
                    f"best {args.db} {name:<12} {calls:>8.0f} calls  {cpu:>6.3f} CPU ms a request"
                )
            app.extensions["carevoice"].dispose()
        finally:
            drop_database(pg_name)


if __name__ == "__main__":
    main()
