"""Two web servers (each with two gunicorn workers) on one database: nothing duplicated or lost.

Each invitation is submitted to both servers at the same moment, twice; exactly one response
and, where the child said they are not safe, exactly one alert must be stored for each.
"""

from __future__ import annotations

import http.client
import random
import threading
from collections import Counter
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from service.models import Alert, Response
from service.runtime import Runtime
from service.web import create_app
from tests.factories import make_invitation
from tests.support.deadlines import READY
from tests.support.form_cookies import form_cookie
from tests.support.processes import free_port, running

pytestmark = pytest.mark.process

INVITATIONS = 40
SECRET = "scale-out-test"


def post(port: int, cookie: str, body: dict[str, str]) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=READY)
    conn.request(
        "POST",
        "/form",
        body=urlencode(body),
        headers={
            "Cookie": f"session={cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    status = conn.getresponse().status
    conn.close()
    return status


def test_two_web_servers_store_each_response_and_alert_exactly_once(live_runtime: Runtime) -> None:
    with live_runtime.sessions.begin() as db:
        ids = [
            make_invitation(db, live_runtime.now(), child_ref=f"S{n}").invitation.id
            for n in range(INVITATIONS)
        ]
    app = create_app({"DATABASE_URL": live_runtime.settings.database_url, "SECRET_KEY": SECRET})
    unsafe = set(random.Random(5).sample(ids, INVITATIONS // 4))
    jobs = []
    for invitation_id in ids:
        cookie, csrf = form_cookie(
            app,
            invitation_id=invitation_id,
            questionnaire="review_child",
            started=live_runtime.now(),
        )
        body = {
            "csrf_token": csrf,
            "page": "review",
            "move": "next",
            "review_rating": "ok",
            "feel_safe": "not_safe" if invitation_id in unsafe else "safe",
        }
        jobs.append((cookie, body))
    app.extensions["carevoice"].dispose()

    ports = [free_port(), free_port()]
    env = {"DATABASE_URL": live_runtime.settings.database_url, "SECRET_KEY": SECRET}
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    with (
        running(
            "serve",
            "--port",
            str(ports[0]),
            "--workers",
            "2",
            env=env,
            ready_url=f"http://127.0.0.1:{ports[0]}/healthz",
        ),
        running(
            "serve",
            "--port",
            str(ports[1]),
            "--workers",
            "2",
            env=env,
            ready_url=f"http://127.0.0.1:{ports[1]}/healthz",
        ),
    ):

        def send(cookie: str, body: dict[str, str], port: int) -> None:
            status = post(port, cookie, body)
            with lock:
                statuses[status] += 1

        threads = [
            threading.Thread(target=send, args=(cookie, body, port))
            for cookie, body in jobs
            for port in ports * 2
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    assert statuses == Counter({303: INVITATIONS * 4})
    with live_runtime.sessions() as db:
        per_invitation = db.execute(
            select(Response.invitation_id, func.count()).group_by(Response.invitation_id)
        ).all()
        assert sorted(i for i, _ in per_invitation) == sorted(ids)
        assert {n for _, n in per_invitation} == {1}
        alerted = db.scalars(
            select(Response.invitation_id).join(Alert, Alert.response_id == Response.id)
        ).all()
        assert sorted(alerted) == sorted(unsafe)
