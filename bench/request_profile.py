"""Python calls and CPU time a request costs, in process: the form page and its submit POST.

    python bench/request_profile.py [--db sqlite|postgresql] [--requests 500] [--profile N]

The same requests `bench/form_throughput.py` sends (a phone's signed cookie and CSRF token, one
fresh invitation per POST), handed straight to the WSGI app as gunicorn hands them, one after
the other in this process: no HTTP, no concurrency. It prints for GET /form, POST /form and the
floor POST (`bench/submit_floor.py`) the Python calls a request (from cProfile, which is
repeatable where times on a shared machine are not) and the CPU milliseconds a request (process
time, without the profiler). `--profile N` also prints the N functions with the most own time
for each. Prints figures only; it is not a test.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
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
    start = time.process_time()
    for env in timed:
        got = call(app, env)
        if not got.startswith(expect):
            raise RuntimeError(f"{name} answered {got}")
    cpu = (time.process_time() - start) * 1000 / len(timed)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
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
            for r in range(args.rounds):
                chunk = slice(r * size, (r + 1) * size)
                for name, wsgi, rows, expect in (
                    ("GET /form", app, gets[chunk], "200"),
                    ("POST /form", app, posts[chunk], "303"),
                    ("POST floor", submit_floor.app, floor_posts[chunk], "303"),
                ):
                    calls, cpu = measure(name, wsgi, rows, expect, args.profile)
                    print(f"{args.db} {name:<12} {calls:>8.0f} calls  {cpu:>6.3f} CPU ms a request")
            app.extensions["carevoice"].dispose()
        finally:
            drop_database(pg_name)


if __name__ == "__main__":
    main()
