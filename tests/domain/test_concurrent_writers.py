"""Sixteen writers at once never see "database is locked" (SQLite) or lose a write (both)."""

from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy import func, select

from service.domain.responses import parse_answers, record_response
from service.models import Channel, Invitation, Response
from service.questionnaires import get_questionnaire
from service.runtime import Runtime
from tests.factories import make_invitation

NOW = datetime(2026, 11, 2, 9, 30)
WRITERS = 16
EACH = 5


def test_sixteen_concurrent_writers_all_succeed(runtime: Runtime) -> None:
    ids: list[int] = []
    with runtime.sessions.begin() as db:
        for n in range(WRITERS * EACH):
            ids.append(make_invitation(db, NOW, child_ref=f"C{n}").invitation.id)
    questionnaire = get_questionnaire("review_child")
    answers = parse_answers(questionnaire, {"review_rating": ["ok"], "do_better": ["more breaks"]})
    errors: list[BaseException] = []
    barrier = threading.Barrier(WRITERS)

    def writer(chunk: list[int]) -> None:
        barrier.wait()
        for invitation_id in chunk:
            try:
                with runtime.sessions.begin() as db:
                    invitation = db.get(Invitation, invitation_id)
                    record_response(
                        db,
                        answers,
                        channel=Channel.WEB,
                        language="en",
                        now=NOW,
                        invitation=invitation,
                    )
            except BaseException as error:
                errors.append(error)

    threads = [threading.Thread(target=writer, args=(ids[i::WRITERS],)) for i in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with runtime.sessions() as db:
        assert db.scalar(select(func.count()).select_from(Response)) == WRITERS * EACH
