"""Form throughput under gunicorn: GET /r/<token> and the submit POST, against the bare ceiling.

    python bench/form_throughput.py [--db sqlite|postgresql|both] [--seconds 10] [--connections 50]

Starts `carevoice serve --workers 2` (2 threads each, its default) on a fresh database,
prepares invitations (and, for the POST, signed form cookies with CSRF tokens, one invitation
per request so every POST is a real first submission), then drives each endpoint with wrk
(Debian package `wrk`) and prints requests/s, p50/p95/p99 latency and the ratio to `/healthz`
served by the same server in the same run (measured first and last; the ratio is to their
mean), with the CPU milliseconds each request cost the web workers and PostgreSQL (read from
/proc, so run it on an otherwise quiet machine). Prints figures only; it is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service import migrate  # noqa: E402
from service.db import make_engine, make_session_factory, utcnow  # noqa: E402
from service.domain.invitations import issue_invitation  # noqa: E402
from service.models import Role  # noqa: E402
from service.web import create_app  # noqa: E402
from tests.support.form_cookies import form_cookie  # noqa: E402
from tests.support.processes import (  # noqa: E402
    allow_processes,
    free_port,
    processes,
    running,
    wait_for_http,
    wait_for_listeners,
)

PG_ADMIN = os.environ.get("CAREVOICE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SECRET = "bench-secret-long-enough-for-any-environment"
WRK_THREADS = 2

LUA = r"""
local rows = {}
local counter = 0
local stride, offset = 1, 0
local started = 0
-- setup() runs in the main Lua state; thread:set() writes a global of the thread's own state,
-- which init() reads (a local of this chunk would shadow it: every thread would start at 0).
function setup(thread)
  thread:set("thread_number", started)
  started = started + 1
end
function init(args)
  stride = tonumber(args[2]) or 1
  offset = thread_number or 0
  for line in io.lines(args[1]) do table.insert(rows, line) end
end
function request()
  counter = counter + 1
  local row = rows[((counter * stride + offset) % #rows) + 1]
  local method, path, cookie, body = row:match("([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)")
  local headers = {}
  if cookie ~= "" then headers["Cookie"] = cookie end
  if body ~= "" then headers["Content-Type"] = "application/x-www-form-urlencoded" end
  return wrk.format(method, path, headers, body ~= "" and body or nil)
end
function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format('{"requests": %d, "seconds": %f, "errors": %d, "p50": %f, "p95": %f, "p99": %f}\n',
    summary.requests, summary.duration / 1e6, errors,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def make_database(kind: str, workdir: Path) -> tuple[str, str | None]:
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'bench.db'}", None
    name = f"carevoice_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", name


def drop_database(name: str | None) -> None:
    if name is None:
        return
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def prepare(url: str, count: int) -> tuple[list[str], list[str]]:
    """Invitations, and for each a signed form cookie and CSRF token as a browser would hold."""
    migrate.upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    now = utcnow()
    with sessions.begin() as db:
        issued = [
            issue_invitation(
                db,
                role=Role.CARER,
                questionnaire_key="review_carer",
                language="en",
                expires_at=now + timedelta(days=1),
                now=now,
            )
            for _ in range(count)
        ]
        db.flush()
        pairs = [(i.invitation.id, i.token) for i in issued]
    engine.dispose()
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET})
    answers = "spoke_to_iro=yes&felt_involved=yes&review_rating=happy&do_better=More+notice+please"
    gets, posts = [], []
    for invitation_id, token in pairs:
        gets.append(f"GET\t/r/{token}\t\t")
        cookie, csrf = form_cookie(
            app, invitation_id=invitation_id, questionnaire="review_carer", started=now
        )
        posts.append(
            f"POST\t/form\tsession={cookie}\tcsrf_token={csrf}&page=review&move=next&{answers}"
        )
    app.extensions["carevoice"].dispose()
    return gets, posts


def wrk(
    port: int, rows: list[str], workdir: Path, seconds: int, connections: int
) -> dict[str, float]:
    script = workdir / "bench.lua"
    script.write_text(LUA)
    data = workdir / f"rows-{uuid.uuid4().hex[:6]}.tsv"
    data.write_text("\n".join(rows) + "\n")
    out = subprocess.run(
        [
            "wrk",
            f"-t{WRK_THREADS}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
            "--",
            str(data),
            str(WRK_THREADS),  # each thread takes every WRK_THREADS-th row from its own offset
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time used so far by these processes (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def measured(
    port: int, rows: list[str], workdir: Path, seconds: int, connections: int, server: int
) -> dict[str, float]:
    """wrk's figures plus the CPU milliseconds per request spent in the web workers and in
    PostgreSQL (every postgres process on the machine, so run it on a quiet one). Processes that
    start during the run (a worker's first database connections) count from zero."""
    before = {pid: _cpu_seconds([pid]) for pid in processes(parent=server)}
    before_db = {pid: _cpu_seconds([pid]) for pid in processes(name="postgres")}
    result = wrk(port, rows, workdir, seconds, connections)
    requests = max(result["requests"], 1)
    for key, pids, start in (
        ("web_ms", processes(parent=server), before),
        ("db_ms", processes(name="postgres"), before_db),
    ):
        used = sum(_cpu_seconds([pid]) - start.get(pid, 0.0) for pid in pids)
        result[key] = used * 1000 / requests
    return result


def sent_responses(url: str) -> int:
    """Responses stored as sent: every POST should be a first submission, so about one each."""
    engine = create_engine(url)
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM responses WHERE status = 'submitted'"))
        stored = int(count.scalar_one())
    engine.dispose()
    return stored


def floor_rows(
    url: str, count: int, port: int, workdir: Path, seconds: int, connections: int, threads: int
) -> tuple[dict[str, float], dict[str, float]]:
    """The bare GET and the submit POST of bench/submit_floor.py (PostgreSQL only), served by
    gunicorn as `carevoice serve` would serve the app."""
    _, posts = prepare(url, count)
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    command += ["--reuse-port"]
    command += ["--threads", str(threads), "--worker-class", "gthread" if threads > 1 else "sync"]
    server = subprocess.Popen(
        [*command, "bench.submit_floor:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/")
        wait_for_listeners(port, 2)
        args = (workdir, seconds, connections, server.pid)
        return measured(port, ["GET\t/\t\t"], *args), measured(port, posts, *args)
    finally:
        server.terminate()
        server.wait(timeout=10)


def run(kind: str, seconds: int, connections: int, threads: int, floor: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        url, pg_name = make_database(kind, workdir)
        try:
            # One invitation per POST: enough for the expected rate with headroom.
            gets, posts = prepare(url, count=max(4000, seconds * 1500))
            port = free_port()
            # The link rate limit (10 a minute per client) would turn this into a 429 benchmark;
            # the limiter still runs, with a limit this load cannot reach.
            env = {
                "DATABASE_URL": url,
                "SECRET_KEY": SECRET,
                "TOKEN_RATE_LIMIT": "10000000 per minute",
            }
            with running(
                "serve",
                "--port",
                str(port),
                "--workers",
                "2",
                "--threads",
                str(threads),
                env=env,
                ready_url=f"http://127.0.0.1:{port}/healthz",
            ) as server:
                wait_for_listeners(port, 2)  # both workers up: each listens on its own socket
                args = (workdir, seconds, connections, server.process.pid)
                before = measured(port, ["GET\t/healthz\t\t"], *args)
                link = measured(port, gets, *args)
                submit = measured(port, posts, *args)
                # Again at the end: a machine whose speed drifts during the run shows it here.
                after = measured(port, ["GET\t/healthz\t\t"], *args)
            submit["stored"] = sent_responses(url)
            if floor and pg_name:
                rows = floor_rows(
                    url, len(posts), free_port(), workdir, seconds, connections, threads
                )
                bare_wsgi, floor_submit = rows
        finally:
            drop_database(pg_name)
    print(
        f"\n{kind}: {connections} connections, {seconds} s each, gunicorn 2 workers x {threads} thread(s)"
    )
    print(
        f"{'endpoint':<22}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'of ceiling':>12}{'web CPU ms':>12}{'db CPU ms':>11}"
    )
    ceiling = {"rps": (before["rps"] + after["rps"]) / 2}
    results = [
        ("GET /healthz (before)", before),
        ("GET /healthz (after)", after),
        ("GET /r/<token>", link),
        ("POST /form (submit)", submit),
    ]
    if floor and pg_name:
        results += [("GET / (no Flask)", bare_wsgi), ("POST floor (no ORM)", floor_submit)]
    for name, r in results:
        ratio = r["rps"] / ceiling["rps"]
        print(
            f"{name:<22}{r['rps']:>9.0f}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}{r['errors']:>8.0f}"
            f"{ratio:>11.0%}{r['web_ms']:>12.2f}{r['db_ms']:>11.2f}"
        )
    drift = abs(before["rps"] - after["rps"]) / ceiling["rps"]
    print(f"ceiling: the mean of the two /healthz runs; they differ by {drift:.0%}")
    if drift > 0.1:
        print("note: the machine's speed changed during the run; compare within a quieter one")
    # wrk does not count the requests still in flight when it stops, so a few more are stored.
    print(f"{submit['requests']} submit POSTs answered, {submit['stored']} responses stored")
    if submit["stored"] < submit["requests"]:
        print("note: fewer stored than sent: some POSTs repeated a submission ('already answered')")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument(
        "--threads", type=int, default=2, help="gunicorn threads per worker (as `carevoice serve`)"
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also serve bench/submit_floor.py (PostgreSQL): the least any submit design must do",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    allow_processes(True)  # the test helpers start servers only where that is meant
    for kind in ("sqlite", "postgresql") if args.db == "both" else (args.db,):
        run(kind, args.seconds, args.connections, args.threads, args.floor)


if __name__ == "__main__":
    main()
