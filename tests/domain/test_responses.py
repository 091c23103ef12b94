"""Recording responses: one transaction, one response per invitation, alerts with the answer."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.domain.errors import AlreadySubmitted, InvalidAnswers
from service.domain.responses import (
    parse_answers,
    record_response,
    save_answers,
    start_response,
    submit_response,
)
from service.models import Alert, Answer, Channel, Invitation, Response, ResponseStatus, Urgency
from service.questionnaires import get_questionnaire
from service.runtime import Runtime
from tests.factories import make_invitation

NOW = datetime(2026, 11, 2, 9, 30)
CHILD = get_questionnaire("review_child")


def answers(**raw: str) -> dict:
    return parse_answers(CHILD, {k: [v] for k, v in raw.items()})


def test_a_response_stores_every_answer_with_channel_and_language(session: Session) -> None:
    issued = make_invitation(session, NOW)
    given = answers(
        spoke_to_iro="yes",
        felt_involved="not_sure",
        review_rating="happy",
        do_better="Shorter meetings please",
        feel_safe="safe",
    )
    recorded = record_response(
        session, given, channel=Channel.WEB, language="en", now=NOW, invitation=issued.invitation
    )
    session.commit()
    response = session.get(Response, recorded.response.id)
    assert response is not None and response.status is ResponseStatus.SUBMITTED
    assert (response.channel, response.language, response.submitted_at) == (Channel.WEB, "en", NOW)
    assert {a.question_id: a.value or a.text for a in response.answers} == {
        "spoke_to_iro": "yes",
        "felt_involved": "not_sure",
        "review_rating": "happy",
        "do_better": "Shorter meetings please",
        "feel_safe": "safe",
    }
    assert issued.invitation.used_at == NOW
    assert recorded.alerts == []


def test_free_text_is_analysed_with_the_analyser_version(session: Session) -> None:
    issued = make_invitation(session, NOW)
    record_response(
        session,
        answers(do_better="Too many people at my meeting"),
        channel=Channel.WEB,
        language="en",
        now=NOW,
        invitation=issued.invitation,
    )
    answer = session.scalar(select(Answer).where(Answer.question_id == "do_better"))
    assert answer is not None and answer.analyser_version
    assert answer.sentiment_label in {"negative", "mixed"}
    assert "meeting_experience" in (answer.themes or [])


def test_answer_not_safe_raises_an_urgent_alert_in_the_same_transaction(session: Session) -> None:
    issued = make_invitation(session, NOW)
    recorded = record_response(
        session,
        answers(feel_safe="not_safe"),
        channel=Channel.WEB,
        language="en",
        now=NOW,
        invitation=issued.invitation,
    )
    (alert,) = recorded.alerts
    assert (alert.urgency, alert.category, alert.source) == (
        Urgency.URGENT,
        "unsafe_scared",
        "answer",
    )
    assert alert.child_id == issued.invitation.review.child_id
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Alert)) == 0


def test_worrying_free_text_raises_an_alert(session: Session) -> None:
    issued = make_invitation(session, NOW)
    recorded = record_response(
        session,
        answers(do_better="my carer hits me"),
        channel=Channel.WEB,
        language="en",
        now=NOW,
        invitation=issued.invitation,
    )
    assert [a.source for a in recorded.alerts] == ["free_text"]
    assert recorded.alerts[0].excerpt == "my carer hits me"


def test_an_invitation_answers_once(session: Session) -> None:
    issued = make_invitation(session, NOW)
    record_response(
        session,
        answers(review_rating="ok"),
        channel=Channel.WEB,
        language="en",
        now=NOW,
        invitation=issued.invitation,
    )
    with pytest.raises(AlreadySubmitted):
        record_response(
            session,
            answers(review_rating="sad"),
            channel=Channel.WEB,
            language="en",
            now=NOW,
            invitation=issued.invitation,
        )


def test_unknown_choice_is_refused_with_a_message() -> None:
    with pytest.raises(InvalidAnswers) as invalid:
        parse_answers(CHILD, {"review_rating": ["amazing"], "spoke_to_iro": ["yes", "no"]})
    assert {e.field for e in invalid.value.errors} == {"review_rating", "spoke_to_iro"}


def test_hidden_control_characters_are_refused_with_a_message() -> None:
    with pytest.raises(InvalidAnswers) as invalid:
        parse_answers(CHILD, {"do_better": ["fine\u202egnp.exe"]})
    assert "control characters" in invalid.value.errors[0].message


def test_saving_again_replaces_the_earlier_answer(session: Session) -> None:
    issued = make_invitation(session, NOW)
    response = start_response(
        session, channel=Channel.WEB, language="en", now=NOW, invitation=issued.invitation
    )
    save_answers(session, response, answers(review_rating="ok"), now=NOW)
    save_answers(session, response, answers(review_rating="happy"), now=NOW)
    values = session.scalars(select(Answer.value).where(Answer.response == response)).all()
    assert values == ["happy"]


def test_twenty_parallel_submissions_store_one_response(runtime: Runtime) -> None:
    with runtime.sessions.begin() as db:
        issued = make_invitation(db, NOW)
        invitation_id = issued.invitation.id
    barrier = threading.Barrier(20)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit() -> None:
        barrier.wait()
        try:
            with runtime.sessions.begin() as db:
                invitation = db.get(Invitation, invitation_id)
                record_response(
                    db,
                    answers(review_rating="happy", feel_safe="not_safe"),
                    channel=Channel.WEB,
                    language="en",
                    now=NOW,
                    invitation=invitation,
                )
            outcome = "stored"
        except (AlreadySubmitted, IntegrityError):
            outcome = "already"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["already"] * 19 + ["stored"]
    with runtime.sessions() as db:
        assert db.scalar(select(func.count()).select_from(Response)) == 1
        assert db.scalar(select(func.count()).select_from(Alert)) == 1


def test_an_emptied_answer_is_removed_not_kept(session: Session) -> None:
    issued = make_invitation(session, NOW)
    response = start_response(
        session, channel=Channel.WEB, language="en", now=NOW, invitation=issued.invitation
    )
    save_answers(session, response, answers(do_better="my old words", review_rating="ok"), now=NOW)
    save_answers(
        session,
        response,
        answers(review_rating="ok"),
        now=NOW,
        cleared=["do_better", "review_rating"],
    )
    stored = session.scalars(select(Answer.question_id).where(Answer.response == response)).all()
    assert stored == ["review_rating"]


def test_changing_free_text_replaces_its_analysis(session: Session) -> None:
    issued = make_invitation(session, NOW)
    response = start_response(
        session, channel=Channel.WEB, language="en", now=NOW, invitation=issued.invitation
    )
    save_answers(session, response, answers(do_better="my carer hits me"), now=NOW)
    save_answers(session, response, answers(do_better="It was great"), now=NOW)
    answer = session.scalar(select(Answer).where(Answer.question_id == "do_better"))
    assert answer is not None and answer.safety is not None and answer.safety["flag"] is False
    assert answer.sentiment_label == "positive"


def test_choice_answers_store_no_analysis_at_all(session: Session) -> None:
    issued = make_invitation(session, NOW)
    record_response(
        session,
        answers(review_rating="ok", feel_safe="safe"),
        channel=Channel.WEB,
        language="en",
        now=NOW,
        invitation=issued.invitation,
    )
    session.commit()
    # SQL NULL, not JSON null: reports treat "IS NULL" as "no themes".
    assert (
        session.scalar(select(func.count()).where(Answer.themes.is_(None), Answer.safety.is_(None)))
        == 2
    )


def test_a_refused_claim_leaves_the_response_unsent(session: Session) -> None:
    """Sent elsewhere meanwhile (the web form while the bot asks the last question): this
    channel's submission is refused and its response stays as it was, nothing stamped."""
    issued = make_invitation(session, NOW)
    response = start_response(
        session, channel=Channel.TELEGRAM, language="en", now=NOW, invitation=issued.invitation
    )
    save_answers(session, response, answers(review_rating="ok", feel_safe="safe"), now=NOW)
    session.flush()
    session.execute(
        update(Invitation)
        .where(Invitation.id == issued.invitation.id)
        .values(used_at=NOW)
        .execution_options(synchronize_session=False)
    )
    with pytest.raises(AlreadySubmitted):
        submit_response(session, response, now=NOW)
    session.flush()
    session.expire_all()
    assert (response.status, response.submitted_at) == (ResponseStatus.IN_PROGRESS, None)
    assert {a.submitted_at for a in response.answers} == {None}


def test_answers_to_a_response_sent_meanwhile_through_the_web_are_refused(
    runtime: Runtime,
) -> None:
    """The bot holds a begun response while the child sends it from the web form: the bot's
    next answer must not change what was sent."""
    if runtime.engine.dialect.name != "postgresql":
        pytest.skip("SQLite takes its single write lock first, so the bot's read is never stale")
    with runtime.sessions.begin() as db:
        issued = make_invitation(db, NOW)
        begun = start_response(
            db, channel=Channel.TELEGRAM, language="en", now=NOW, invitation=issued.invitation
        )
        save_answers(db, begun, answers(review_rating="ok", feel_safe="safe"), now=NOW)
        db.flush()
        response_id, invitation_id = begun.id, issued.invitation.id
    with runtime.sessions() as bot:
        held = bot.get(Response, response_id)
        assert held is not None and held.status is ResponseStatus.IN_PROGRESS
        with runtime.sessions.begin() as web:
            invitation = web.get(Invitation, invitation_id)
            sent = start_response(
                web, channel=Channel.WEB, language="en", now=NOW, invitation=invitation
            )
            submit_response(web, sent, now=NOW)
        with pytest.raises(AlreadySubmitted):
            save_answers(bot, held, answers(review_rating="very_sad"), now=NOW)
    with runtime.sessions() as db:
        rating = db.scalar(select(Answer.value).where(Answer.question_id == "review_rating"))
        assert rating == "ok"
