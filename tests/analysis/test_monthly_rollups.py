"""Monthly rollups: the dashboard's figures are the live ones, before and after every write
that changes a month already rolled up; reading them never writes, and the refresh that
`carevoice worker` runs each round is what stores them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, delete, event, select, text, update
from sqlalchemy.orm import Session

from analysis.reporting import rollups
from analysis.reporting.dashboard import build_dashboard
from analysis.reporting.filters import Filters
from analysis.reporting.indicators import indicators
from analysis.reporting.periods import Period
from analysis.reporting.response_rates import ResponseRates, response_rates
from analysis.reporting.rollup_maintenance import rebuild_rollups, verify_rollups
from analysis.reporting.rollup_refresh import ROLLUP_COUNTS, refresh_rollups
from analysis.reporting.rollups import closed_months
from service.demo_data import load_demo_data
from service.domain import chats
from service.domain.invitations import issue_codes_for_reviews, issue_review_invitations
from service.domain.letters import issue_letters
from service.domain.responses import (
    AnswerInput,
    record_response,
    save_answers,
    start_response,
    submit_response,
)
from service.domain.retention import run_retention
from service.domain.reviews import ReviewRow, import_reviews
from service.domain.rollup_invalidation import invalidate_months
from service.domain.subject_access import erase_child
from service.models import (
    AuditEvent,
    Channel,
    Invitation,
    MonthBasis,
    MonthlyRollup,
    Review,
    Role,
    RollupFigure,
    RollupGeneration,
    StaffRole,
)
from service.runtime import Runtime
from service.worker import Worker
from tests.conftest import Clock
from tests.domain.test_retention_and_sar import POLICY
from tests.factories import make_review
from tests.support.deadlines import READY, wait_for
from tests.web.test_reporting_pages import sign_in_as

FIVE_YEARS = Filters(Period(date(2021, 11, 2), date(2026, 11, 3)))  # the clock: 2 Nov 2026
MARCH = date(2025, 3, 1)
ANSWERS = {
    "spoke_to_iro": AnswerInput("spoke_to_iro", value="yes"),
    "felt_involved": AnswerInput("felt_involved", value="no"),
    "review_rating": AnswerInput("review_rating", value="happy"),
    "do_better": AnswerInput("do_better", text="Shorter meetings please"),
    "feel_safe": AnswerInput("feel_safe", value="safe"),
}

Figures = tuple[ResponseRates, list[dict[str, Any]]]


def _figures(db: Session, filters: Filters, now: datetime | None) -> Figures:
    rates = response_rates(db, filters, now=now)
    return rates, [i.to_dict() for i in indicators(db, filters, now=now)]


def _dashboard(runtime: Runtime, filters: Filters = FIVE_YEARS) -> Figures:
    """Figures as the dashboard reads them: stored rollups where current, the rest live."""
    with runtime.sessions.begin() as db:
        return _figures(db, filters, runtime.now())


def _refresh(runtime: Runtime) -> int:
    """The rollups refreshed as `carevoice worker` does each round; how many months stored."""
    with runtime.sessions.begin() as db:
        return refresh_rollups(db, runtime.now())


def _live(runtime: Runtime, filters: Filters = FIVE_YEARS) -> Figures:
    with runtime.sessions() as db:
        return _figures(db, filters, None)


def _stored(runtime: Runtime, figure: RollupFigure) -> set[date]:
    with runtime.sessions() as db:
        return set(db.scalars(select(MonthlyRollup.month).where(MonthlyRollup.figure == figure)))


def _invite(
    db: Session,
    child_ref: str,
    review_date: date,
    *,
    ttl_days: int = 30,
    role: Role = Role.CHILD,
) -> Invitation:
    """A review and its invitation, sent a week before it."""
    review = make_review(db, child_ref=child_ref, review_date=review_date)
    sent = datetime.combine(review_date, time(9)) - timedelta(days=7)
    (issued,) = issue_review_invitations(
        db, review, (role,), ttl=timedelta(days=ttl_days), now=sent
    )
    return issued.invitation


def _answer(db: Session, invitation: Invitation, at: datetime) -> None:
    record_response(db, ANSWERS, channel=Channel.WEB, language="en", now=at, invitation=invitation)


def _answered(db: Session, child_ref: str, review_date: date) -> Invitation:
    invitation = _invite(db, child_ref, review_date)
    _answer(db, invitation, datetime.combine(review_date, time(15)))
    return invitation


@pytest.fixture
def history(runtime: Runtime) -> None:
    """Answered and unanswered reviews over two years, all long closed."""
    with runtime.sessions.begin() as db:
        _answered(db, "REF-1", date(2025, 3, 10))
        _invite(db, "REF-2", date(2025, 3, 12))
        _answered(db, "REF-3", date(2025, 6, 3))
        _answered(db, "REF-4", date(2024, 1, 20))
        _invite(db, "REF-5", date(2024, 1, 22), role=Role.CARER)


def _changed(runtime: Runtime, write: Callable[[Session], object]) -> tuple[Figures, Figures]:
    """Figures (rolled up) before and after a write; the second must equal the live ones, both
    before the next refresh (the months the write changed are counted live) and after it."""
    _refresh(runtime)
    before = _dashboard(runtime)
    assert MARCH in _stored(runtime, RollupFigure.INVITATIONS)
    assert MARCH in _stored(runtime, RollupFigure.ANSWER_VALUES)
    with runtime.sessions.begin() as db:
        write(db)
    after = _dashboard(runtime)
    assert after == _live(runtime)
    _refresh(runtime)
    assert _dashboard(runtime) == after
    return before, after


# --- the rollups are used, and hold what the live queries count -------------------------------


def test_closed_months_are_whole_months_ended_a_day_before_now() -> None:
    months = closed_months(date(2026, 7, 15), date(2026, 11, 3), datetime(2026, 11, 1, 23, 0))
    assert months == [date(2026, 8, 1), date(2026, 9, 1)]  # July is partial; October not settled


@pytest.mark.usefixtures("history")
def test_figures_with_rollups_equal_the_live_ones_cold_and_warm(runtime: Runtime) -> None:
    live = _live(runtime)
    assert live[0].invitations == 5 and live[0].responses == 3

    assert _dashboard(runtime) == live  # cold: all counted live
    assert not any(_stored(runtime, figure) for figure in RollupFigure)
    assert _refresh(runtime) > 0
    assert _dashboard(runtime) == live  # warm: closed months read back

    for figure in RollupFigure:
        assert {MARCH, date(2024, 1, 1), date(2025, 6, 1)} <= _stored(runtime, figure)


@pytest.mark.usefixtures("history")
def test_a_dashboard_view_only_reads(runtime: Runtime, engine: Engine) -> None:
    """Cold or warm, building the dashboard runs SELECTs and nothing else."""
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    def dashboard_statements() -> list[str]:
        statements.clear()
        event.listen(engine, "before_cursor_execute", record)
        try:
            with runtime.sessions() as db:
                build_dashboard(db, FIVE_YEARS, now=runtime.now())
        finally:
            event.remove(engine, "before_cursor_execute", record)
        return [s for s in statements if not s.startswith("BEGIN")]  # SQLite's BEGIN IMMEDIATE

    cold = dashboard_statements()
    _refresh(runtime)
    warm = dashboard_statements()
    for ran in (cold, warm):
        assert ran and all(s.lstrip().upper().startswith(("SELECT", "WITH")) for s in ran), ran


@pytest.mark.usefixtures("history")
def test_a_refresh_stores_only_what_is_missing(runtime: Runtime) -> None:
    assert _refresh(runtime) > 0
    assert _refresh(runtime) == 0  # every closed month already stored and current
    with runtime.sessions.begin() as db:
        invalidate_months(db, MonthBasis.INVITED, [MARCH])
    assert _refresh(runtime) == 1  # March's invitations, counted again


@pytest.mark.usefixtures("history")
def test_the_dashboard_reads_closed_months_from_the_rollups(runtime: Runtime) -> None:
    """Doctored stored counts show through: the rollup path is the one taken."""
    _refresh(runtime)
    doctored = {
        RollupFigure.INVITATIONS: [[["review_child", "child"], [40, 30]]],
        RollupFigure.SENT_RESPONSES: [[["review_child", "child"], [30]]],
        RollupFigure.ANSWER_VALUES: [[["spoke_to_iro", "yes"], [25]]],
    }
    with runtime.sessions.begin() as db:
        for figure, counts in doctored.items():
            db.execute(
                update(MonthlyRollup)
                .where(MonthlyRollup.figure == figure, MonthlyRollup.month == MARCH)
                .values(counts=counts)
            )
        rates = response_rates(db, FIVE_YEARS, now=runtime.now())
        (spoke, *_) = indicators(db, FIVE_YEARS, now=runtime.now())
    march = next(p for p in rates.by_month if p.month == MARCH)
    assert (march.invitations, march.responses) == (40, 30)
    assert rates.all_responses == 2 + 30
    assert (spoke.n, spoke.counts["yes"]) == (2 + 25, 2 + 25)


@pytest.mark.usefixtures("history")
def test_filters_the_rollups_cannot_answer_are_counted_live(runtime: Runtime) -> None:
    """Stored counts doctored beyond recognition do not show through a team filter."""
    _refresh(runtime)
    with runtime.sessions.begin() as db:
        db.execute(update(MonthlyRollup).values(counts=[[["review_child", "child"], [99, 99]]]))
    by_team = Filters(FIVE_YEARS.period, team="North")
    assert _dashboard(runtime, by_team) == _live(runtime, by_team)


@pytest.mark.usefixtures("history")
def test_questionnaire_and_role_filters_are_read_from_the_rollups(runtime: Runtime) -> None:
    _refresh(runtime)
    children = Filters(FIVE_YEARS.period, roles=(Role.CHILD,))
    for filters in (Filters(FIVE_YEARS.period, questionnaire="review_carer"), children):
        assert _dashboard(runtime, filters)[0] == _live(runtime, filters)[0]
    with runtime.sessions.begin() as db:
        db.execute(
            update(MonthlyRollup)
            .where(MonthlyRollup.figure == RollupFigure.INVITATIONS, MonthlyRollup.month == MARCH)
            .values(counts=[[["review_child", "child"], [40, 30]], [["x", "carer"], [7, 7]]])
        )
    rates = _dashboard(runtime, children)[0]
    march = next(p for p in rates.by_month if p.month == MARCH)
    assert (march.invitations, march.responses) == (40, 30)


@pytest.mark.usefixtures("history")
def test_a_channel_filter_counts_only_the_responses_live(runtime: Runtime) -> None:
    """Invitations have no channel: with a channel filter they still come from the rollups,
    and only the responses sent on that channel are counted live."""
    with runtime.sessions.begin() as db:
        invitation = _invite(db, "REF-6", date(2025, 3, 20))
        record_response(
            db,
            ANSWERS,
            channel=Channel.TELEGRAM,
            language="en",
            now=datetime(2025, 3, 20, 15),
            invitation=invitation,
        )
    by_telegram = Filters(FIVE_YEARS.period, channel=Channel.TELEGRAM)
    _refresh(runtime)
    assert _dashboard(runtime, by_telegram) == _live(runtime, by_telegram)
    with runtime.sessions.begin() as db:
        db.execute(
            update(MonthlyRollup)
            .where(MonthlyRollup.figure == RollupFigure.INVITATIONS, MonthlyRollup.month == MARCH)
            .values(counts=[[["review_child", "child"], [40, 30]]])
        )
        rates = response_rates(db, by_telegram, now=runtime.now())
    march = next(p for p in rates.by_month if p.month == MARCH)
    assert (march.invitations, march.responses, march.on_channel) == (40, 30, 1)
    assert rates.all_responses == 1


# --- every write that changes a closed month -----------------------------------------------------


@pytest.mark.usefixtures("history")
def test_a_late_answer_before_expiry_is_counted(runtime: Runtime, clock: Clock) -> None:
    """A closed month whose invitations have not all expired is counted live, not stored."""
    with runtime.sessions.begin() as db:
        waiting = _invite(db, "REF-9", date(2026, 9, 10), ttl_days=120)
    _refresh(runtime)
    assert date(2026, 9, 1) not in _stored(runtime, RollupFigure.INVITATIONS)

    with runtime.sessions.begin() as db:
        _answer(db, db.merge(waiting), runtime.now())
    assert _dashboard(runtime) == _live(runtime)

    clock.current = waiting.expires_at + timedelta(days=2)  # expired: now it is stored
    _refresh(runtime)
    assert date(2026, 9, 1) in _stored(runtime, RollupFigure.INVITATIONS)
    assert _dashboard(runtime) == _live(runtime)


@pytest.mark.usefixtures("history")
def test_a_telegram_chat_finishing_after_expiry_is_counted(runtime: Runtime, clock: Clock) -> None:
    """The bot finishes a response begun before expiry without looking at the expiry again."""
    june = date(2026, 6, 1)
    clock.current = datetime(2026, 6, 8, 10)
    with runtime.sessions.begin() as db:
        invitation = _invite(db, "REF-9", date(2026, 6, 10))
        response = start_response(
            db, channel=Channel.TELEGRAM, language="en", now=clock(), invitation=invitation
        )
        chat = chats.open_chat(db, 77, clock())
        db.flush()
        chats.begin_answering(chat, response.id, now=clock(), invitation_id=invitation.id)
    clock.current = datetime(2026, 11, 2, 9, 30)  # long expired
    _refresh(runtime)
    assert june not in _stored(runtime, RollupFigure.INVITATIONS)

    with runtime.sessions.begin() as db:
        chat = chats.open_chat(db, 77, clock())
        response = chats.current_response(db, chat)
        assert response is not None
        save_answers(db, response, ANSWERS, now=clock())
        submit_response(db, response, now=clock())
        chats.finish_answering(chat, clock())
    after = _dashboard(runtime)
    assert after == _live(runtime)
    assert next(p for p in after[0].by_month if p.month == june).responses == 1
    _refresh(runtime)
    assert june in _stored(runtime, RollupFigure.INVITATIONS)  # no chat left: it cannot change


@pytest.mark.usefixtures("history")
def test_retention_deleting_expired_invitations_is_counted(runtime: Runtime) -> None:
    before, after = _changed(runtime, lambda db: run_retention(db, POLICY, now=runtime.now()))
    assert after[0].invitations == before[0].invitations - 2


@pytest.mark.usefixtures("history")
def test_erasing_a_childs_data_is_counted(runtime: Runtime) -> None:
    before, after = _changed(
        runtime, lambda db: erase_child(db, "REF-1", now=runtime.now(), actor=None)
    )
    assert after[0].all_responses == before[0].all_responses - 1
    assert after[1][0]["n"] == before[1][0]["n"] - 1


@pytest.mark.usefixtures("history")
def test_a_new_invitation_for_an_old_review_is_counted(runtime: Runtime) -> None:
    def invite_carer(db: Session) -> None:
        review = db.scalars(select(Review).where(Review.review_date == date(2025, 3, 10))).one()
        issue_review_invitations(
            db, review, (Role.CARER,), ttl=timedelta(days=30), now=runtime.now()
        )

    before, after = _changed(runtime, invite_carer)
    assert after[0].invitations == before[0].invitations + 1


@pytest.mark.usefixtures("history")
def test_reissuing_an_old_invitation_then_answering_it_is_counted(runtime: Runtime) -> None:
    """A new expiry reopens the month: the answer that follows is not lost."""

    def reissue(db: Session) -> None:
        review = db.scalars(select(Review).where(Review.review_date == date(2025, 3, 12))).one()
        (issued,) = issue_review_invitations(
            db, review, (Role.CHILD,), ttl=timedelta(days=30), now=runtime.now(), reissue=True
        )
        _answer(db, issued.invitation, runtime.now())

    before, after = _changed(runtime, reissue)
    assert after[0].responses == before[0].responses + 1


@pytest.mark.usefixtures("history")
def test_reimporting_a_review_with_another_date_keeps_figures_exact(runtime: Runtime) -> None:
    """A child and a date identify a review: the import adds one, nothing moves month."""

    def reimport(db: Session) -> None:
        row = ReviewRow("REF-1", date(2025, 5, 10), "IRO-A", "North", None, None, None, 14, "en")
        import_reviews(db, [row])

    before, after = _changed(runtime, reimport)
    assert after == before
    with runtime.sessions() as db:
        assert db.scalar(select(Review.id).where(Review.review_date == date(2025, 5, 10)))


def test_loading_historical_responses_is_counted(runtime: Runtime) -> None:
    """The demo data is sent with past times into months the rollups may hold already."""
    _refresh(runtime)
    empty = _dashboard(runtime)
    assert _stored(runtime, RollupFigure.ANSWER_VALUES)
    with runtime.sessions.begin() as db:
        assert load_demo_data(db, now=runtime.now())
    loaded = _dashboard(runtime)
    assert loaded == _live(runtime)
    assert loaded[0].all_responses > empty[0].all_responses == 0
    _refresh(runtime)
    assert _dashboard(runtime) == loaded


# --- readers and writers at the same time (PostgreSQL: SQLite lets one transaction at a time) ---


@contextmanager
def _write_after_counting(
    monkeypatch: pytest.MonkeyPatch, write: Callable[[], object]
) -> Iterator[None]:
    """Run `write` (on other connections) once a refresh has counted invitations live, before
    it stores them: the worst moment, whichever order it reads the generation in."""
    real_count = ROLLUP_COUNTS[RollupFigure.INVITATIONS]
    done: list[bool] = []

    def count_then_write(*args: Any) -> rollups.Counted:
        counted = real_count(*args)
        if not done:
            done.append(True)
            write()
        return counted

    monkeypatch.setitem(ROLLUP_COUNTS, RollupFigure.INVITATIONS, count_then_write)
    yield
    monkeypatch.undo()
    assert done


def _march_generations(runtime: Runtime) -> tuple[int | None, int | None]:
    """March's current invited generation, and the one its stored invitation counts carry."""
    with runtime.sessions() as db:
        current = db.scalar(
            select(RollupGeneration.generation).where(
                RollupGeneration.basis == MonthBasis.INVITED, RollupGeneration.month == MARCH
            )
        )
        stored = db.scalar(
            select(MonthlyRollup.generation).where(
                MonthlyRollup.figure == RollupFigure.INVITATIONS, MonthlyRollup.month == MARCH
            )
        )
    return current, stored


@pytest.mark.usefixtures("history")
def test_a_write_committed_while_a_month_is_filled_leaves_that_fill_unused(
    runtime: Runtime, db_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if db_backend != "postgresql":
        pytest.skip("SQLite runs one transaction at a time (BEGIN IMMEDIATE)")

    def retention() -> None:
        with runtime.sessions.begin() as db:
            run_retention(db, POLICY, now=runtime.now())

    stale = _live(runtime)
    with _write_after_counting(monkeypatch, retention):
        _refresh(runtime)  # counted before retention, stored after it committed
    current, stored = _march_generations(runtime)
    assert current is not None and stored is not None and stored < current
    assert _dashboard(runtime) == _live(runtime) != stale
    _refresh(runtime)
    assert _march_generations(runtime) == (current, current)  # counted again


@pytest.mark.usefixtures("history")
def test_a_slow_filler_never_replaces_a_newer_rollup(
    runtime: Runtime, db_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if db_backend != "postgresql":
        pytest.skip("SQLite runs one transaction at a time (BEGIN IMMEDIATE)")

    def write_then_fill() -> None:
        with runtime.sessions.begin() as db:
            run_retention(db, POLICY, now=runtime.now())
        _refresh(runtime)  # a second refresh stores the current generation

    with _write_after_counting(monkeypatch, write_then_fill):
        _refresh(runtime)  # holds the older generation's counts, stored last
    current, stored = _march_generations(runtime)
    assert stored == current  # the second refresh's
    assert _dashboard(runtime) == _live(runtime)


# --- the `carevoice rollups` commands ------------------------------------------------------------


@pytest.mark.usefixtures("history")
def test_rollups_rebuild_stores_five_years_that_verify_finds_exact(runner: FlaskCliRunner) -> None:
    rebuilt = runner.invoke(args=["rollups", "rebuild"])
    assert rebuilt.exit_code == 0 and rebuilt.output.startswith("180 months stored")
    verified = runner.invoke(args=["rollups", "verify"])
    assert verified.exit_code == 0 and "180 months checked, 0 different" in verified.output


@pytest.mark.usefixtures("history")
def test_rollups_refresh_stores_only_what_is_missing(runner: FlaskCliRunner) -> None:
    refreshed = runner.invoke(args=["rollups", "refresh"])
    assert refreshed.exit_code == 0 and refreshed.output.startswith("180 months stored")
    again = runner.invoke(args=["rollups", "refresh"])
    assert again.exit_code == 0 and again.output.startswith("0 months stored")
    verified = runner.invoke(args=["rollups", "verify"])
    assert verified.exit_code == 0 and "180 months checked, 0 different" in verified.output


@pytest.mark.usefixtures("history")
def test_rollups_verify_reports_a_month_changed_behind_its_back(
    runner: FlaskCliRunner, runtime: Runtime
) -> None:
    _refresh(runtime)
    with runtime.sessions.begin() as db:  # as a write that forgot to invalidate would
        db.execute(update(Invitation).values(used_at=runtime.now()))
    result = runner.invoke(args=["rollups", "verify"])
    assert result.exit_code == 1
    assert "invitations 2025-03" in result.output and "different" in result.output


# --- the rows are only a cache: neither a view nor the worker waits on, or deadlocks with, a rebuild


def _rebuild(runtime: Runtime) -> None:
    with runtime.sessions.begin() as db:
        rebuild_rollups(db, date(2021, 11, 1), runtime.now())


def _in_thread(work: Callable[[], object], errors: dict[str, BaseException]) -> threading.Thread:
    """`work` started in a thread; what it raises is kept in `errors` under its name."""

    def run() -> None:
        try:
            work()
        except BaseException as error:
            errors[getattr(work, "__name__", "work")] = error

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _waiting_for_locks(runtime: Runtime) -> bool:
    """Whether any PostgreSQL session is waiting for a lock another holds."""
    with runtime.engine.connect() as conn:
        return bool(conn.execute(text("SELECT count(*) FROM pg_locks WHERE NOT granted")).scalar())


@pytest.mark.usefixtures("history")
def test_each_worker_round_refreshes_the_rollups(runtime: Runtime) -> None:
    worker = Worker(runtime, senders={})
    assert worker.run_once().rollups_stored == 180  # five years of three figures
    assert worker.run_once().rollups_stored == 0
    with runtime.sessions.begin() as db:  # a write leaves the counting to the next round
        run_retention(db, POLICY, now=runtime.now())
    assert worker.run_once().rollups_stored > 0
    assert _dashboard(runtime) == _live(runtime)


@pytest.mark.usefixtures("history")
def test_a_rebuild_and_a_refresh_at_once_do_not_deadlock(
    runtime: Runtime, db_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refresh has stored answer values, uncommitted, when a rebuild locks the table."""
    if db_backend != "postgresql":
        pytest.skip("SQLite runs one transaction at a time (BEGIN IMMEDIATE)")
    refresh_has_stored = threading.Event()
    count_sent = ROLLUP_COUNTS[RollupFigure.SENT_RESPONSES]
    rebuilding: list[threading.Thread] = []
    held: list[bool] = []

    def sent_once_the_rebuild_is_under_way(*args: Any) -> rollups.Counted:
        if not held:  # the refresh's count; the rebuild's own counts go straight through
            held.append(True)
            refresh_has_stored.set()
            wait_for(lambda: rebuilding, "the rebuild to start")
            wait_for(
                lambda: not rebuilding[0].is_alive() or _waiting_for_locks(runtime),
                "the rebuild to wait for the refresh's locks, or to finish",
            )
        return count_sent(*args)

    monkeypatch.setitem(
        ROLLUP_COUNTS, RollupFigure.SENT_RESPONSES, sent_once_the_rebuild_is_under_way
    )
    errors: dict[str, BaseException] = {}

    def refresh() -> None:
        _refresh(runtime)

    def rebuild() -> None:
        refresh_has_stored.wait(READY)
        _rebuild(runtime)

    threads = [_in_thread(refresh, errors)]
    refresh_has_stored.wait(READY)
    rebuilding.append(_in_thread(rebuild, errors))
    for thread in [*threads, *rebuilding]:
        thread.join(READY)
        assert not thread.is_alive(), "the refresh and the rebuild are stuck"
    assert not errors, {name: f"{type(e).__name__}: {e}" for name, e in errors.items()}
    assert _dashboard(runtime) == _live(runtime)
    with runtime.sessions() as db:
        assert verify_rollups(db, runtime.now()).differences == []


@pytest.mark.usefixtures("history")
def test_a_dashboard_does_not_wait_for_a_rebuild(
    runtime: Runtime, db_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rebuild has deleted every stored month, uncommitted, and holds the table: a view
    reads the rows as committed, without waiting."""
    if db_backend != "postgresql":
        pytest.skip("SQLite runs one transaction at a time (BEGIN IMMEDIATE)")
    _refresh(runtime)
    rebuilding, release = threading.Event(), threading.Event()
    count_sent = ROLLUP_COUNTS[RollupFigure.SENT_RESPONSES]

    def held_sent(*args: Any) -> rollups.Counted:
        rebuilding.set()  # answer values stored, uncommitted
        release.wait(READY)  # the rebuild holds its locks until the dashboard has answered
        return count_sent(*args)

    monkeypatch.setitem(ROLLUP_COUNTS, RollupFigure.SENT_RESPONSES, held_sent)
    errors: dict[str, BaseException] = {}
    rebuild = _in_thread(lambda: _rebuild(runtime), errors)
    assert rebuilding.wait(READY)
    shown: list[object] = []
    viewer = _in_thread(lambda: shown.append(_dashboard(runtime)), errors)
    viewer.join(READY)
    answered_while_rebuilding = not viewer.is_alive() and rebuild.is_alive()
    release.set()
    rebuild.join(READY)
    assert not errors
    assert answered_while_rebuilding, "the dashboard waited for the rebuild"
    assert shown == [_live(runtime)] == [_dashboard(runtime)]


def _hold_the_rollups_as_a_rebuild_does(
    runtime: Runtime, errors: dict[str, BaseException]
) -> tuple[threading.Thread, threading.Event]:
    """A transaction holding monthly_rollups as a rebuild does, until the event returned is set."""
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        with runtime.sessions.begin() as db:
            db.execute(text("LOCK TABLE monthly_rollups IN SHARE ROW EXCLUSIVE MODE"))
            locked.set()
            release.wait(READY)

    holder = _in_thread(hold, errors)
    assert locked.wait(READY)
    return holder, release


@pytest.mark.usefixtures("history")
def test_a_dashboard_view_shows_and_records_while_a_rebuild_holds_the_rollups(
    runtime: Runtime, db_backend: str, client: FlaskClient
) -> None:
    if db_backend != "postgresql":
        pytest.skip("SQLite runs one transaction at a time (BEGIN IMMEDIATE)")
    sign_in_as(client, runtime, StaffRole.PARTICIPATION_OFFICER)
    errors: dict[str, BaseException] = {}
    holder, release = _hold_the_rollups_as_a_rebuild_does(runtime, errors)
    pages: list[Any] = []
    viewer = _in_thread(
        lambda: pages.append(client.get("/staff/dashboard?" + urlencode(FIVE_YEARS.as_query()))),
        errors,
    )
    viewer.join(READY)
    answered_while_locked = not viewer.is_alive() and holder.is_alive()
    release.set()
    holder.join(READY)
    assert not errors
    assert answered_while_locked, "the dashboard waited for the lock to be released"
    (page,) = pages
    assert page.status_code == 200
    with runtime.sessions() as db:
        actions = db.scalars(select(AuditEvent.action)).all()
    assert "dashboard_viewed" in actions


@pytest.mark.usefixtures("history")
def test_the_workers_refresh_leaves_storing_to_the_next_round_while_a_rebuild_runs(
    runtime: Runtime, db_backend: str
) -> None:
    """Alerts are sent by the same rounds: one must not wait for a rebuild to finish."""
    if db_backend != "postgresql":
        pytest.skip("SQLite runs one transaction at a time (BEGIN IMMEDIATE)")
    worker = Worker(runtime, senders={})
    errors: dict[str, BaseException] = {}
    holder, release = _hold_the_rollups_as_a_rebuild_does(runtime, errors)
    reports: list[Any] = []
    round_ = _in_thread(lambda: reports.append(worker.run_once()), errors)
    round_.join(READY)
    finished_while_locked = not round_.is_alive() and holder.is_alive()
    release.set()
    holder.join(READY)
    assert not errors
    assert finished_while_locked, "the worker's round waited for the rebuild"
    assert [report.rollups_stored for report in reports] == [0]
    assert worker.run_once().rollups_stored == 180


# --- verify reads one snapshot -------------------------------------------------------------------


@pytest.mark.usefixtures("history")
def test_verify_ignores_a_write_that_invalidates_while_it_runs(
    runtime: Runtime, db_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Generations, stored and live counts are read in one snapshot: a correct write committed
    between those reads is not a difference."""
    if db_backend != "postgresql":
        pytest.skip("SQLite runs one transaction at a time (BEGIN IMMEDIATE)")
    _refresh(runtime)
    count_invitations = ROLLUP_COUNTS[RollupFigure.INVITATIONS]
    written: list[bool] = []

    def write_then_count(*args: Any) -> rollups.Counted:
        if not written:
            written.append(True)
            with runtime.sessions.begin() as db:  # invalidates the months it changes
                run_retention(db, POLICY, now=runtime.now())
        return count_invitations(*args)

    monkeypatch.setitem(ROLLUP_COUNTS, RollupFigure.INVITATIONS, write_then_count)
    with runtime.sessions() as db:
        racing = verify_rollups(db, runtime.now())
    assert written
    assert racing.differences == [], [(d.figure, d.month) for d in racing.differences]


@pytest.mark.usefixtures("history")
def test_a_rebuild_stays_exact_after_generation_rows_were_deleted(runtime: Runtime) -> None:
    """Deleting rollup_generations restarts a month's count at 0: a stored row of an older,
    higher generation would match again once writes bring the count back up to it."""
    _refresh(runtime)
    before, stored = _march_generations(runtime)
    assert before is not None and before == stored and before >= 2
    with runtime.sessions.begin() as db:
        db.execute(delete(RollupGeneration))
    _rebuild(runtime)
    with runtime.sessions.begin() as db:
        run_retention(db, POLICY, now=runtime.now())  # changes March
    while (_march_generations(runtime)[0] or 0) < before:
        with runtime.sessions.begin() as db:
            invalidate_months(db, MonthBasis.INVITED, [MARCH])
    assert _dashboard(runtime) == _live(runtime)


def test_issuing_codes_for_many_reviews_invalidates_their_months_once(
    runtime: Runtime, engine: Engine
) -> None:
    with runtime.sessions.begin() as db:
        for n, day in enumerate([date(2024, 1, 5), date(2024, 1, 20), MARCH, date(2025, 6, 9)]):
            make_review(db, child_ref=f"REF-{n}", review_date=day)
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        with runtime.sessions.begin() as db:
            issued = issue_codes_for_reviews(
                db, roles=(Role.CHILD,), ttl=timedelta(days=30), now=runtime.now()
            )
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len(issued) == 4
    assert sum("rollup_generations" in statement for statement in statements) == 1
    with runtime.sessions() as db:
        generations = dict(
            db.execute(select(RollupGeneration.month, RollupGeneration.generation)).all()
        )
    assert generations == {date(2024, 1, 1): 1, MARCH: 1, date(2025, 6, 1): 1}


@pytest.mark.usefixtures("history")
def test_letters_for_old_reviews_are_counted(runtime: Runtime) -> None:
    """Letters issue invitations for a whole range and invalidate its months once, at the end."""

    def print_letters(db: Session) -> None:
        issue_letters(
            db,
            date_from=date(2025, 3, 1),
            date_to=date(2025, 3, 31),
            ttl=timedelta(days=30),
            now=runtime.now(),
            secret="rollup-test-secret",
            questionnaire="how_things_are",
        )

    before, after = _changed(runtime, print_letters)
    assert after[0].invitations > before[0].invitations
