"""Form throughput under gunicorn: the child's form page against a bare page of its size, and
the submit POST against its floor, from one run.

    python bench/form_throughput.py [--db sqlite|postgresql|both] [--seconds 10] [--connections 50]

On a fresh database (SQLite, PostgreSQL or both) it starts, each configured as
`carevoice serve --workers 2` (2 threads each, its default):
- the app itself (`carevoice serve`);
- `bench/bare_page.py`: Flask serving the bytes of one form page the app drew;
- `bench/submit_floor.py`: the least a correct submission must do, without Flask or the ORM.

It prepares invitations with signed form cookies and CSRF tokens, as a phone holds them after
opening its QR link (one invitation per POST, so every POST is a real first submission), then
drives each endpoint with wrk (Debian package `wrk`) and 50 connections, in this order: the bare
page, GET /form, the floor POST, POST /form, the bare page again (the drift between the two
bare runs shows how much the shared machine's speed changed). It prints requests/s, p50/p95/p99
latency, the CPU milliseconds each request cost the web workers (also as user and system time,
with their context switches a request) and PostgreSQL (from /proc), the
load average, and the two ratios issue 21 sets targets for:
- the form page's requests/s over the bare page's (mean of its two runs): at least 0.30, and
  its p99 under 100 ms;
- the submit POST's requests/s over the floor's: at least 0.80, and its p99 at most 1.5 times
  the floor's.
Prints figures only; it is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service import migrate  # noqa: E402
from service.db import make_engine, make_session_factory, utcnow  # noqa: E402
from service.domain.invitations import issue_invitation  # noqa: E402
from service.domain.reviews import new_child_code  # noqa: E402
from service.domain.users import create_user  # noqa: E402
from service.models import Child, Review, Role, StaffRole  # noqa: E402
from service.web import create_app  # noqa: E402
from tests.support.form_cookies import form_cookie  # noqa: E402
from tests.support.processes import (  # noqa: E402
    allow_processes,
    free_port,
    processes,
    running,
    wait_for_listeners,
)

PG_ADMIN = os.environ.get("CAREVOICE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SECRET = "bench-secret-long-enough-for-any-environment"
WRK_THREADS = 2
IROS, REVIEWS = 5, 50

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
    """Invitations to carers about reviews whose IROs are staff (so each submission's words go
    to a named reader, with an email), and for each the GET /form and the POST a phone sends
    with its signed form cookie and CSRF token."""
    migrate.upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    now = utcnow()
    with sessions.begin() as db:
        reviews = _reviews(db, now)
        issued = [
            issue_invitation(
                db,
                role=Role.CARER,
                questionnaire_key="review_carer",
                language="en",
                expires_at=now + timedelta(days=1),
                now=now,
                review=reviews[n % len(reviews)],
            )
            for n in range(count)
        ]
        db.flush()
        pairs = [(i.invitation.id, i.token) for i in issued]
    engine.dispose()
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET})
    answers = "spoke_to_iro=yes&felt_involved=yes&review_rating=happy&do_better=More+notice+please"
    gets, posts = [], []
    for invitation_id, _token in pairs:
        cookie, csrf = form_cookie(
            app, invitation_id=invitation_id, questionnaire="review_carer", started=now
        )
        gets.append(f"GET\t/form\tsession={cookie}\t")
        posts.append(
            f"POST\t/form\tsession={cookie}\tcsrf_token={csrf}&page=review&move=next&{answers}"
        )
    app.extensions["carevoice"].dispose()
    return gets, posts


def _reviews(db: Session, now: datetime) -> list[Review]:
    """Reviews of children of several ages, each with one of five IROs who are staff; made once
    per database (both halves of a run share them)."""
    found = list(db.scalars(select(Review).order_by(Review.id)))
    if found:
        return found
    for n in range(IROS):
        code = f"IRO-{n}"
        create_user(
            db,
            email=f"iro{n}@council.test",
            display_name=f"IRO {n}",
            role=StaffRole.IRO,
            password="bench password long enough",
            now=now,
            iro_code=code,
        )
    made = []
    for n in range(REVIEWS):
        child = Child(child_ref=f"BENCH-{n}", code=new_child_code(), language="en")
        made.append(
            Review(
                child=child,
                review_date=now.date(),
                iro=f"IRO-{n % IROS}",
                team="North",
                age_at_review=5 + n % 14,
                language="en",
            )
        )
    db.add_all(made)
    db.flush()
    return made


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


def _cpu_seconds(pids: list[int], field: slice = slice(11, 13)) -> float:
    """CPU time used so far by these processes (Linux /proc): user + system by default, or only
    user (`slice(11, 12)`) or system (`slice(12, 13)`)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += sum(int(value) for value in fields[field])  # utime, stime
    return total / ticks


_USER, _SYSTEM = slice(11, 12), slice(12, 13)


def _switches(pids: list[int]) -> float:
    """Context switches so far of every thread of these processes, voluntary (a thread waited:
    for the database, the socket or the interpreter lock) and not (the scheduler took the core)."""
    total = 0
    for pid in pids:
        for status in Path(f"/proc/{pid}/task").glob("*/status"):
            try:
                lines = status.read_text().splitlines()
            except FileNotFoundError:
                continue
            total += sum(int(line.split()[1]) for line in lines if "ctxt_switches" in line)
    return float(total)


def measured(
    port: int, rows: list[str], workdir: Path, seconds: int, connections: int, server: int
) -> dict[str, float]:
    """wrk's figures plus the CPU milliseconds per request spent in the web workers (also split
    into user and system time, with the workers' context switches a request) and in PostgreSQL
    (every postgres process on the machine, so run it on a quiet one). Processes that start
    during the run (a worker's first database connections) count from zero."""
    web = processes(parent=server)
    counters = {
        "web_ms": _cpu_seconds,
        "web_user_ms": lambda pids: _cpu_seconds(pids, _USER),
        "web_sys_ms": lambda pids: _cpu_seconds(pids, _SYSTEM),
        "web_switches": _switches,
    }
    before = {key: {pid: count([pid]) for pid in web} for key, count in counters.items()}
    before_db = {pid: _cpu_seconds([pid]) for pid in processes(name="postgres")}
    result = wrk(port, rows, workdir, seconds, connections)
    requests = max(result["requests"], 1)
    web = processes(parent=server)
    for key, count in counters.items():
        used = sum(count([pid]) - before[key].get(pid, 0.0) for pid in web)
        result[key] = used * (1 if key == "web_switches" else 1000) / requests
    db = processes(name="postgres")
    used = sum(_cpu_seconds([pid]) - before_db.get(pid, 0.0) for pid in db)
    result["db_ms"] = used * 1000 / requests
    return result


def stored_rows(url: str) -> tuple[int, int, int]:
    """Responses stored as sent (every POST should be a first submission, so about one each),
    reading items and emails to their readers."""
    engine = create_engine(url)
    with engine.connect() as conn:
        counts = conn.execute(
            text(
                "SELECT (SELECT count(*) FROM responses WHERE status = 'submitted'),"
                " (SELECT count(*) FROM reading_items), (SELECT count(*) FROM outbox_messages)"
            )
        ).one()
    engine.dispose()
    return int(counts[0]), int(counts[1]), int(counts[2])


def gunicorn(app: str, port: int, threads: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """A bench WSGI app under gunicorn, configured as `carevoice serve` configures it."""
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    command += [
        "--reuse-port",
        "--threads",
        str(threads),
        "--config",
        "python:bench.serve_settings",
    ]
    command += ["--worker-class", "gthread" if threads > 1 else "sync", app]
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_listeners(port, 2)
    return server


def fetch(port: int, row: str) -> bytes:
    """One GET as wrk sends it (a row of the rows file), checked to be a 200."""
    _method, path, cookie, _body = row.split("\t")
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=10) as answer:  # nosec B310 - local bench server
        if answer.status != 200:
            raise RuntimeError(f"{path} answered {answer.status}")
        return bytes(answer.read())


def run(kind: str, seconds: int, connections: int, threads: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        url, pg_name = make_database(kind, workdir)
        load = [os.getloadavg()[0]]
        try:
            # One invitation per POST: enough for the expected rate with headroom.
            count = max(4000, seconds * 1500)
            gets, posts = prepare(url, count)
            _, floor_posts = prepare(url, count)
            port, bare_port, floor_port = free_port(), free_port(), free_port()
            # The link rate limit (10 a minute per client) would turn this into a 429 benchmark;
            # the limiter still runs, with a limit this load cannot reach.
            env = {
                "DATABASE_URL": url,
                "SECRET_KEY": SECRET,
                "TOKEN_RATE_LIMIT": "10000000 per minute",
            }
            serve = ("serve", "--port", str(port), "--workers", "2", "--threads", str(threads))
            ready = f"http://127.0.0.1:{port}/healthz"
            with running(*serve, env=env, ready_url=ready) as server:
                wait_for_listeners(port, 2)  # both workers up: each listens on its own socket
                page = workdir / "form.html"
                page.write_bytes(fetch(port, gets[0]))
                page_bytes = len(page.read_bytes())
                bare = gunicorn(
                    "bench.bare_page:app", bare_port, threads, {"BARE_PAGE_FILE": str(page)}
                )
                floor = gunicorn("bench.submit_floor:app", floor_port, threads, env)
                try:
                    common = (workdir, seconds, connections)
                    # Every worker of each server loads its app before the first measurement
                    # (gunicorn listens before a worker has imported it).
                    for ready_port, path in (
                        (port, "/healthz"),
                        (bare_port, "/"),
                        (floor_port, "/"),
                    ):
                        wrk(ready_port, [f"GET\t{path}\t\t"], workdir, 2, connections)
                    app_pid = server.process.pid
                    bare_before = measured(bare_port, ["GET\t/\t\t"], *common, bare.pid)
                    form = measured(port, gets, *common, app_pid)
                    floor_submit = measured(floor_port, floor_posts, *common, floor.pid)
                    submit = measured(port, posts, *common, app_pid)
                    bare_after = measured(bare_port, ["GET\t/\t\t"], *common, bare.pid)
                finally:
                    for process in (bare, floor):
                        process.terminate()
                        process.wait(timeout=10)
            load.append(os.getloadavg()[0])
            stored = stored_rows(url)
        finally:
            drop_database(pg_name)
    report(
        kind,
        (seconds, connections, threads, page_bytes),
        load,
        {
            "bare page (before)": bare_before,
            "bare page (after)": bare_after,
            "GET /form": form,
            "POST floor": floor_submit,
            "POST /form (submit)": submit,
        },
        stored,
    )


def report(
    kind: str,
    setup: tuple[int, int, int, int],
    load: list[float],
    rows: dict[str, dict[str, float]],
    stored: tuple[int, int, int],
) -> None:
    seconds, connections, threads, page_bytes = setup
    print(
        f"\n{kind}: {connections} connections, {seconds} s each, gunicorn 2 workers x {threads} "
        f"thread(s); the form page is {page_bytes:,} bytes; load average (1 min) "
        f"{load[0]:.1f} before, {load[1]:.1f} after"
    )
    print(
        f"{'endpoint':<22}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'web CPU ms':>12}{'db CPU ms':>11}"
    )
    for name, r in rows.items():
        print(
            f"{name:<22}{r['rps']:>9.0f}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}"
            f"{r['errors']:>8.0f}{r['web_ms']:>12.2f}{r['db_ms']:>11.2f}"
        )
    print("web workers' CPU ms a request, user + system, and their context switches a request:")
    for name, r in rows.items():
        print(
            f"  {name:<20}{r['web_user_ms']:>7.2f} + {r['web_sys_ms']:.2f} ms"
            f"{r['web_switches']:>8.1f} switches"
        )
    before, after = rows["bare page (before)"], rows["bare page (after)"]
    bare = (before["rps"] + after["rps"]) / 2
    form, submit, floor = rows["GET /form"], rows["POST /form (submit)"], rows["POST floor"]
    drift = abs(before["rps"] - after["rps"]) / bare
    print(f"bare page: the mean of its two runs, which differ by {drift:.0%}")
    verdict = {True: "met", False: "MISSED"}
    ratio = form["rps"] / bare
    print(
        f"form page: {ratio:.2f} of the bare page (target >= 0.30, "
        f"{verdict[ratio >= 0.30]}), p99 {form['p99']:.0f} ms (target < 100, "
        f"{verdict[form['p99'] < 100]})"
    )
    ratio = submit["rps"] / floor["rps"]
    tail = submit["p99"] / floor["p99"]
    print(
        f"submit POST: {ratio:.2f} of the floor (target >= 0.80, {verdict[ratio >= 0.80]}), "
        f"p99 {tail:.2f} x the floor's (target <= 1.5, {verdict[tail <= 1.5]})"
    )
    # wrk does not count the requests still in flight when it stops, so a few more are stored.
    answered = submit["requests"] + floor["requests"]
    print(
        f"{answered:.0f} POSTs answered (app and floor); stored: {stored[0]} responses, "
        f"{stored[1]} reading items, {stored[2]} emails to their readers"
    )
    if stored[0] < answered:
        print("note: fewer stored than sent: some POSTs repeated a submission ('already answered')")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument(
        "--threads", type=int, default=2, help="gunicorn threads per worker (as `carevoice serve`)"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    allow_processes(True)  # the test helpers start servers only where that is meant
    for kind in ("sqlite", "postgresql") if args.db == "both" else (args.db,):
        run(kind, args.seconds, args.connections, args.threads)


if __name__ == "__main__":
    main()
