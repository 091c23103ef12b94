"""Answering a questionnaire: the operations the web form and the bot both call, and the rules
they share, written once.

A *step* is what a front end shows at once: a page of the web form, or one question in the bot.
Each operation takes the caller's session (and never commits: the bot moves its chat in the same
transaction) and returns what happened as data, for the front end to render.

- **Open**: an invitation not used, and not expired when the person began (a child who began in
  time may finish); a campaign open when they began. Used: already answered.
- **Resume**: at the first step with nothing answered yet.
- **A step is sent whole**: a question on it left empty, or skipped, loses any earlier answer,
  so what is stored is what the person last said.
- **Required** questions are checked on their own step: moving on from a step needs its
  required questions answered (going back does not), so the web page and the bot ask again at
  once instead of after the last step. Sending checks them again (an answer may have been
  cleared on the other channel): the person is taken to the first step with one unanswered.
- **Worrying**: a choice that raises a concern, or free text the safety screen flags; help
  comes first (`Outcome.help_needed`) and the alert is raised in the same transaction.
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, bindparam, select
from sqlalchemy.orm import Session, joinedload

from service.domain.addenda import Origin, keep_addendum
from service.domain.alerts import AlertPolicy, Concern, concern_from_choice
from service.domain.errors import AlreadySubmitted, FieldError, InvalidAnswers
from service.domain.invitations import hash_token, well_formed_token
from service.domain.openness import (
    Status,
    campaign_status,
    invitation_status,
    invitation_status_of,
)
from service.domain.responses import (
    AnswerInput,
    concerns_in,
    parse_answers,
    save_answers,
    start_response,
    submit_response,
)
from service.domain.text_input import RefusedText, clean_text
from service.domain.whole_responses import send_whole_response
from service.driver_statements import first_row
from service.messages import PLEASE_ANSWER, Audience
from service.models import (
    Alert,
    Campaign,
    Channel,
    Invitation,
    Response,
    ResponseStatus,
    Review,
    Role,
    Urgency,
)
from service.questionnaires import Question, Questionnaire, get_questionnaire
from service.questionnaires.bands import age_band
from service.questionnaires.loose_words import MESSAGE, MESSAGE_QUESTION

Raw = Mapping[str, Sequence[str]]
# A step's answers, or why one of them cannot be read (see `parse_step`).
Parsed = dict[str, AnswerInput] | InvalidAnswers
MAX_WORDS = 4000  # characters kept of words typed outside any question
CHILDLINE_UPTO = 19  # Childline is for children and young people under 19


class StepUnit(enum.StrEnum):
    """How a front end divides a questionnaire: the web shows pages, the bot one question."""

    PAGE = "page"
    QUESTION = "question"


def steps_of(questionnaire: Questionnaire, unit: StepUnit) -> tuple[tuple[Question, ...], ...]:
    """The questionnaire's questions, grouped into the steps a front end shows."""
    if unit is StepUnit.PAGE:
        return tuple(page.questions for page in questionnaire.pages)
    return tuple((question,) for question in questionnaire.questions)


def step_of(questionnaire: Questionnaire, unit: StepUnit, question_id: str) -> int:
    """The step a question is on."""
    return next(
        i
        for i, questions in enumerate(steps_of(questionnaire, unit))
        if any(q.id == question_id for q in questions)
    )


@dataclass(frozen=True)
class Subject:
    """What a person is answering, and when they began: one person's invitation, or an
    anonymous campaign response found again by its submission key."""

    began_at: datetime
    questionnaire_key: str
    questionnaire_version: int | None = None  # None: the latest
    invitation_id: int | None = None
    campaign_id: int | None = None
    submission_key: str | None = None

    @property
    def questionnaire(self) -> Questionnaire:
        return get_questionnaire(self.questionnaire_key, self.questionnaire_version)

    @property
    def anonymous(self) -> bool:
        return self.invitation_id is None


@dataclass(frozen=True)
class Opened:
    """What is being answered and how far the person got."""

    status: Status
    subject: Subject | None = None
    questionnaire: Questionnaire | None = None
    band: str | None = None
    language: str = "en"
    response_id: int | None = None
    audience: Audience = Audience.UNKNOWN  # whose helplines to show
    saved: Mapping[str, list[str]] = field(default_factory=dict)
    missing: tuple[str, ...] = ()  # required questions not answered yet

    def resume_step(self, unit: StepUnit) -> int:
        """Where to carry on: the first step with nothing answered yet, else the last."""
        assert self.questionnaire is not None
        steps = steps_of(self.questionnaire, unit)
        return next(
            (i for i, qs in enumerate(steps) if not any(q.id in self.saved for q in qs)),
            len(steps) - 1,
        )


@dataclass(frozen=True)
class Via:
    """How a step arrives: through which channel, in which language, when, and which alert
    policy applies to what it says."""

    channel: Channel
    language: str
    now: datetime
    policy: AlertPolicy


class Move(enum.StrEnum):
    NEXT = "next"
    BACK = "back"


class Result(enum.StrEnum):
    SAVED = "saved"  # the step is stored; show `next_step`
    KEPT = "kept"  # could not be an answer, so kept as an addendum for a person to read
    SENT = "sent"  # the response is sent
    INVALID = "invalid"  # nothing stored; `errors` say why, on `next_step`
    MISSING = "missing"  # stored, but a required answer is missing: show `next_step`
    ANSWERED = "answered"  # sent already (a double tap, or the other channel); nothing stored
    CLOSED = "closed"  # no longer open; nothing stored


@dataclass(frozen=True)
class Outcome:
    """What answering did, for the front end to show."""

    result: Result
    next_step: int | None = None
    errors: tuple[FieldError, ...] = ()
    alerts: tuple[Alert, ...] = ()
    anonymous: bool = False
    response_id: int | None = None

    @property
    def help_needed(self) -> bool:
        """The person said something worrying: show them help before anything else."""
        return bool(self.alerts)


# ---------------------------------------------------------------- opening


def new_submission_key() -> str:
    """A fresh key for an anonymous campaign response, so a retry finds the same response."""
    return secrets.token_urlsafe(24)


def open_link(session: Session, token: str, now: datetime) -> Opened:
    """The invitation behind a QR code or deep link, beginning now; malformed tokens cost the same
    query as real ones."""
    invitation = session.scalars(_INVITATION_BY_HASH, {"token_hash": hash_token(token)}).first()
    if invitation is None or not well_formed_token(token):
        return Opened(Status.CLOSED)
    subject = Subject(now, invitation.questionnaire_key, invitation_id=invitation.id)
    return _opened(session, subject, invitation, invitation.response)


def open_invitation(session: Session, invitation_id: int, now: datetime) -> Opened:
    """An invitation named by a handoff from the web (see `handoff`), beginning now."""
    invitation = session.scalars(_INVITATION_BY_ID, {"invitation_id": invitation_id}).first()
    if invitation is None:
        return Opened(Status.CLOSED)
    subject = Subject(now, invitation.questionnaire_key, invitation_id=invitation.id)
    return _opened(session, subject, invitation, invitation.response)


def open_campaign(
    session: Session, campaign: Campaign, submission_key: str, now: datetime
) -> Opened:
    """An anonymous response to an open campaign, beginning now (resumed if the key has one)."""
    subject = Subject(
        now, campaign.questionnaire_key, campaign_id=campaign.id, submission_key=submission_key
    )
    return _opened(session, subject, campaign, _campaign_response(session, submission_key))


def resume(session: Session, subject: Subject) -> Opened:
    """How far the person got with what they began answering."""
    if subject.invitation_id is not None:
        unbegun = _resume_unbegun(session, subject, subject.invitation_id)
        if unbegun is not None:
            return unbegun
    return resume_begun(session, subject)


def resume_begun(session: Session, subject: Subject) -> Opened:
    """`resume` once `resume_unbegun` has found it cannot answer alone (a response was begun,
    or the subject is a campaign's): loads the response and its saved answers."""
    source, response = _load(session, subject)
    if source is None:
        return Opened(Status.CLOSED)
    return _opened(session, subject, source, response)


def begin(
    session: Session, subject: Subject, *, channel: Channel, language: str, now: datetime
) -> Opened:
    """Open a response to answer step by step (the bot keeps its place in it), resuming one
    begun earlier, on this channel or the other."""
    source, response = _load(session, subject)
    if source is None or _status(subject, source, response) is not Status.OPEN:
        return _opened(session, subject, source, response)
    response = _start(session, subject, source, channel, language, now)
    session.flush()
    return _opened(session, subject, source, response)


# ---------------------------------------------------------------- answering


def answer_step(
    session: Session,
    subject: Subject,
    unit: StepUnit,
    step: int,
    raw: Raw,
    *,
    move: Move,
    via: Via,
    tried_whole: bool = False,
    parsed: Parsed | None = None,
) -> Outcome:
    """Store one step's answers (the step is sent whole) and move on; the last step sends.

    The usual web form, one page to an invitation nobody has begun, is sent in one statement
    of its own when the session holds nothing else (see `whole_responses`), unless the caller
    has tried that already (`answer_whole`). `parsed`: the step's `parse_step`, when the caller
    has it already."""
    checked = _checked(subject, unit, step, raw, move, parsed)
    if isinstance(checked, Outcome):
        return checked
    questionnaire, questions, answers = checked
    bind = session.get_bind()
    if not tried_whole and isinstance(bind, Engine) and _holds_nothing(session):
        sent = _send_whole(bind, subject, questionnaire, unit, step, answers, move=move, via=via)
        if sent is not None:
            return sent
    return _store(session, subject, unit, step, answers, questions, move=move, via=via)


def answer_whole(
    engine: Engine,
    subject: Subject,
    unit: StepUnit,
    step: int,
    raw: Raw,
    *,
    move: Move,
    via: Via,
    parsed: Parsed | None = None,
) -> Outcome | None:
    """`answer_step` for the usual web form without opening a session: the answers checked,
    then sent in one statement of its own when they can be (see `whole_responses`). None when
    nothing was written and `answer_step` must store them (with `tried_whole`): not the last
    step of a one-step form, a concern, or an invitation the statement cannot claim."""
    checked = _checked(subject, unit, step, raw, move, parsed)
    if isinstance(checked, Outcome):
        return checked  # invalid: nothing to store
    questionnaire, _questions, answers = checked
    return _send_whole(engine, subject, questionnaire, unit, step, answers, move=move, via=via)


def parse_step(questionnaire: Questionnaire, questions: Sequence[Question], raw: Raw) -> Parsed:
    """A step's answers, or why one cannot be read: worked out once by the web form, which asks
    `chose_a_worry` before it stores them."""
    try:
        return parse_answers(questionnaire, raw, questions)
    except InvalidAnswers as invalid:
        return invalid


def _checked(
    subject: Subject, unit: StepUnit, step: int, raw: Raw, move: Move, parsed: Parsed | None
) -> tuple[Questionnaire, tuple[Question, ...], dict[str, AnswerInput]] | Outcome:
    """The questionnaire, the step's questions and its answers, or the outcome that says what
    is wrong with the answers."""
    questionnaire, questions = _step(subject, unit, step)
    answers = parse_step(questionnaire, questions, raw) if parsed is None else parsed
    if isinstance(answers, InvalidAnswers):
        return Outcome(Result.INVALID, step, tuple(answers.errors), anonymous=subject.anonymous)
    if move is Move.NEXT:
        unanswered = [q for q in questions if q.id not in answers]
        # One question at a time (the bot): an answer or Skip; a page: its required questions.
        needed = unanswered if unit is StepUnit.QUESTION and not answers else []
        needed += [q for q in unanswered if q.required and q not in needed]
        if needed:
            errors = tuple(FieldError(q.id, PLEASE_ANSWER) for q in needed)
            return Outcome(Result.INVALID, step, errors, anonymous=subject.anonymous)
    return questionnaire, questions, answers


def _send_whole(
    engine: Engine,
    subject: Subject,
    questionnaire: Questionnaire,
    unit: StepUnit,
    step: int,
    answers: Mapping[str, AnswerInput],
    *,
    move: Move,
    via: Via,
) -> Outcome | None:
    """The sent outcome, when the step is the whole of a form to an invitation and its one
    statement stored it; None, having written nothing, otherwise."""
    steps = steps_of(questionnaire, unit)
    whole = move is Move.NEXT and len(steps) == 1 and step == 0
    if not whole or subject.invitation_id is None:
        return None
    sent = send_whole_response(
        engine,
        subject.invitation_id,
        questionnaire,
        answers,
        channel=via.channel,
        language=via.language,
        began_at=subject.began_at,
        now=via.now,
        reading=via.policy.reading,
    )
    return None if sent is None else Outcome(Result.SENT, response_id=sent)


def skip(
    session: Session,
    subject: Subject,
    unit: StepUnit,
    step: int,
    *,
    via: Via,
) -> Outcome:
    """Leave a step unanswered (removing any earlier answer) and move on; required questions
    cannot be skipped."""
    _questionnaire, questions = _step(subject, unit, step)
    required = tuple(FieldError(q.id, PLEASE_ANSWER) for q in questions if q.required)
    if required:
        return Outcome(Result.INVALID, step, required, anonymous=subject.anonymous)
    return _store(session, subject, unit, step, {}, questions, move=Move.NEXT, via=via)


def go_back(session: Session, subject: Subject, step: int) -> Outcome:
    """The step before, to change an answer (nothing is stored)."""
    opened = resume(session, subject)
    if opened.status is not Status.OPEN:
        return _not_open(opened.status, subject)
    return Outcome(Result.SAVED, max(step - 1, 0), anonymous=subject.anonymous)


def rescue(
    session: Session, subject: Subject | None, questionnaire: Questionnaire, raw: Raw, via: Via
) -> Outcome:
    """Keep what a person sent when it cannot be taken as an answer (their visit timed out, the
    page was stale, or it comes back after the database was down): every word is kept as an
    addendum to what they were answering, where a signed reference says what that was, and a
    worry raises its alert."""
    origin = _origin(session, subject)
    kept, alerts = keep_addendum(
        session,
        _questionnaire_of(origin.adds_to) if origin.adds_to else questionnaire,
        _lenient(questionnaire, raw),
        origin,
        channel=via.channel,
        language=via.language,
        now=via.now,
        policy=via.policy,
    )
    return Outcome(Result.KEPT, alerts=tuple(alerts), anonymous=kept.child_id is None)


def keep_words(
    session: Session, subject: Subject | None, question: Question | None, text: str, via: Via
) -> Outcome:
    """Keep words a person typed that answer no question (to the bot, where a button was
    expected, or outside any questionnaire), screened like any answer."""
    origin = _origin(session, subject)
    questionnaire = subject.questionnaire if subject and question else MESSAGE
    question = question if subject and question else MESSAGE_QUESTION
    try:
        given = {question.id: AnswerInput(question.id, text=clean_text(text, MAX_WORDS))}
    except RefusedText:  # hidden controls: kept without them, still read
        cleaned = "".join(c for c in text if c.isprintable() or c == "\n")[:MAX_WORDS]
        given = {question.id: AnswerInput(question.id, text=cleaned)}
    kept, alerts = keep_addendum(
        session,
        questionnaire,
        given,
        origin,
        channel=via.channel,
        language=via.language,
        now=via.now,
        policy=via.policy,
    )
    return Outcome(Result.KEPT, alerts=tuple(alerts), anonymous=kept.child_id is None)


def keep_unreadable(session: Session, subject: Subject | None, kind: str, via: Via) -> Outcome:
    """A voice note, photo or file the service cannot read: nobody here can hear or see it, so a
    person is alerted to reach the child another way."""
    concern = Concern(
        question_id=MESSAGE_QUESTION.id,
        source="unreadable",
        category="unreadable",
        urgency=Urgency.HIGH,
        matched=(kind,),
        excerpt=None,
    )
    kept, alerts = keep_addendum(
        session,
        MESSAGE,
        {MESSAGE_QUESTION.id: AnswerInput(MESSAGE_QUESTION.id, value=kind)},
        _origin(session, subject),
        channel=via.channel,
        language=via.language,
        now=via.now,
        policy=via.policy,
        concerns=(concern,),
    )
    return Outcome(Result.KEPT, alerts=tuple(alerts), anonymous=kept.child_id is None)


def chose_a_worry(questionnaire: Questionnaire, raw: Raw, parsed: Parsed | None = None) -> bool:
    """Whether a choice in `raw` says the person is not safe (no text analysed: cheap enough to
    ask before storing, so a worried child is not kept waiting for a busy database). `parsed`:
    `raw`'s `parse_step`, when the caller has it (`raw` holding that step's answers only)."""
    readable = parsed if isinstance(parsed, dict) else _lenient(questionnaire, raw)
    return any(
        concern_from_choice(question, given.value)
        for question_id, given in readable.items()
        if (question := questionnaire.question(question_id)) is not None
    )


def worrying(questionnaire: Questionnaire, raw: Raw, language: str) -> bool:
    """Whether these answers say something a person must follow up, decided without the
    database (for a page that could not be stored: help is still shown)."""
    return bool(concerns_in(questionnaire, _lenient(questionnaire, raw), language))


def _lenient(questionnaire: Questionnaire, raw: Raw) -> dict[str, AnswerInput]:
    """Every answer in `raw` that can be read, leaving out any that cannot."""
    try:
        return parse_answers(questionnaire, raw)  # all of them, as a rule: one pass
    except InvalidAnswers:
        pass
    answers: dict[str, AnswerInput] = {}
    for question in questionnaire.questions:
        try:
            answers.update(parse_answers(questionnaire, raw, (question,)))
        except InvalidAnswers:
            continue
    return answers


def _origin(session: Session, subject: Subject | None) -> Origin:
    if subject is None:
        return Origin()
    source, response = _load(session, subject)
    return Origin(
        invitation=source if isinstance(source, Invitation) else None,
        campaign=source if isinstance(source, Campaign) else None,
        adds_to=response,
    )


# ---------------------------------------------------------------- internals


def _store(
    session: Session,
    subject: Subject,
    unit: StepUnit,
    step: int,
    answers: Mapping[str, AnswerInput],
    questions: Sequence[Question],
    *,
    move: Move,
    via: Via,
) -> Outcome:
    source, response = _load(session, subject)
    status = _status(subject, source, response)
    if status is Status.ANSWERED and response is not None:
        return _sent_again(session, subject, source, response, answers, via)
    if status is not Status.OPEN or source is None:
        return _not_open(status, subject)
    try:
        response = _start(session, subject, source, via.channel, via.language, via.now)
        questionnaire = _questionnaire_of(response)
        alerts = tuple(
            save_answers(
                session,
                response,
                answers,
                now=via.now,
                policy=via.policy,
                cleared=[q.id for q in questions],  # the step is sent whole
            )
        )
        steps = steps_of(questionnaire, unit)
        done = Outcome(Result.SAVED, anonymous=subject.anonymous, alerts=alerts)
        if move is Move.BACK:
            return replace(done, next_step=max(step - 1, 0))
        if step < len(steps) - 1:
            return replace(done, next_step=step + 1)
        try:
            submit_response(session, response, now=via.now, policy=via.policy)
        except InvalidAnswers as missing:
            first = step_of(questionnaire, unit, missing.errors[0].field)
            on_step = {q.id for q in steps[first]}
            errors = tuple(e for e in missing.errors if e.field in on_step)
            return replace(done, result=Result.MISSING, next_step=first, errors=errors)
        return replace(done, result=Result.SENT, response_id=response.id)
    except AlreadySubmitted:
        return _not_open(Status.ANSWERED, subject)


def _sent_again(
    session: Session,
    subject: Subject,
    source: Invitation | Campaign | None,
    sent: Response,
    answers: Mapping[str, AnswerInput],
    via: Via,
) -> Outcome:
    """Answers arriving after the response was sent (a double tap, Back and send again, the other
    channel): nothing sent changes, but a new worry or new words are kept as an addendum."""
    questionnaire = _questionnaire_of(sent)
    before = _saved_values(sent)
    new = {
        q: given
        for q, given in answers.items()
        if (given.text and [given.text] != before.get(q))
        or (concerns_in(questionnaire, {q: given}, via.language) and _shown(given) != before.get(q))
    }
    if not new:
        return _not_open(Status.ANSWERED, subject)
    origin = Origin(
        invitation=source if isinstance(source, Invitation) else None,
        campaign=source if isinstance(source, Campaign) else None,
        adds_to=sent,
    )
    kept, alerts = keep_addendum(
        session,
        questionnaire,
        new,
        origin,
        channel=via.channel,
        language=via.language,
        now=via.now,
        policy=via.policy,
    )
    return Outcome(Result.ANSWERED, alerts=tuple(alerts), anonymous=kept.child_id is None)


def _shown(given: AnswerInput) -> list[str]:
    """An answer as `_saved_values` shows a stored one."""
    if given.text is not None:
        return [given.text]
    return list(given.values) if given.values else [given.value] if given.value else []


def _not_open(status: Status, subject: Subject) -> Outcome:
    result = Result.ANSWERED if status is Status.ANSWERED else Result.CLOSED
    return Outcome(result, anonymous=subject.anonymous)


def _step(
    subject: Subject, unit: StepUnit, step: int
) -> tuple[Questionnaire, tuple[Question, ...]]:
    """The questionnaire being answered and the questions on `step` of it (no query: the
    one-statement send needs a session that holds nothing)."""
    questionnaire = subject.questionnaire
    steps = steps_of(questionnaire, unit)
    if not 0 <= step < len(steps):
        raise IndexError(f"no step {step}")
    return questionnaire, steps[step]


def _holds_nothing(session: Session) -> bool:
    """Nothing is loaded or waiting in this session: a statement of its own changes nothing
    about what commits together."""
    return not (session.new or session.dirty or session.deleted or len(session.identity_map))


# One query for an invitation with what answering needs: its review (wording, age band) and any
# response already begun. Built once, so its cache key is worked out once.
_INVITATION = select(Invitation).options(
    joinedload(Invitation.review), joinedload(Invitation.response)
)
_INVITATION_BY_ID = _INVITATION.where(Invitation.id == bindparam("invitation_id"))
_INVITATION_BY_HASH = _INVITATION.where(Invitation.token_hash == bindparam("token_hash"))


# An invitation's columns that `resume` needs, with its review's age and any response's id: read
# as one row, not loaded as objects (loading them was most of a form page's time).
_UNBEGUN = (
    select(
        Invitation.used_at,
        Invitation.expires_at,
        Invitation.questionnaire_key,
        Invitation.language,
        Invitation.role,
        Review.age_at_review,
        Response.id,
    )
    .outerjoin(Review, Review.id == Invitation.review_id)
    .outerjoin(Response, Response.invitation_id == Invitation.id)
    .where(Invitation.id == bindparam("invitation_id"))
)


def resume_unbegun(engine: Engine, subject: Subject) -> Opened | None:
    """`resume` for an invitation with no response begun (every first view of a form), from one
    row read on the driver (`driver_statements`), with no ORM session and no transaction; None
    when `resume` must load more (a response was begun, or the subject is a campaign's)."""
    if subject.invitation_id is None:
        return None
    row = first_row(engine, _UNBEGUN, {"invitation_id": subject.invitation_id})
    return _opened_unbegun(row, subject)


def _resume_unbegun(session: Session, subject: Subject, invitation_id: int) -> Opened | None:
    """`resume_unbegun` in a session's transaction."""
    row = session.execute(_UNBEGUN, {"invitation_id": invitation_id}).first()
    return _opened_unbegun(None if row is None else tuple(row), subject)


def _opened_unbegun(row: tuple[Any, ...] | None, subject: Subject) -> Opened | None:
    """`resume` from `_UNBEGUN`'s row; None when there is a response, whose answers the full
    path loads."""
    if row is None:
        return Opened(Status.CLOSED)
    used_at, expires_at, key, language, role, age, response_id = row
    if response_id is not None:
        return None
    return Opened(
        invitation_status_of(used_at, expires_at, subject.began_at),
        subject,
        get_questionnaire(key),
        band=age_band(age),
        language=language,
        audience=_audience(role, age),
    )


def _load(
    session: Session, subject: Subject
) -> tuple[Invitation | Campaign | None, Response | None]:
    if subject.invitation_id is not None:
        params = {"invitation_id": subject.invitation_id}
        invitation = session.scalars(_INVITATION_BY_ID, params).first()
        return invitation, invitation.response if invitation else None
    campaign = session.get(Campaign, subject.campaign_id) if subject.campaign_id else None
    key = subject.submission_key
    return campaign, _campaign_response(session, key) if campaign and key else None


def _campaign_response(session: Session, submission_key: str) -> Response | None:
    return session.scalar(select(Response).where(Response.submission_key == submission_key))


def _status(
    subject: Subject, source: Invitation | Campaign | None, response: Response | None
) -> Status:
    """Whether the person may answer: sent already, else the rule in `openness`."""
    if response is not None and response.status is ResponseStatus.SUBMITTED:
        return Status.ANSWERED
    if isinstance(source, Invitation):
        return invitation_status(source, subject.began_at)
    if isinstance(source, Campaign):
        return campaign_status(source, subject.began_at)
    return Status.CLOSED


def _opened(
    session: Session,
    subject: Subject,
    source: Invitation | Campaign | None,
    response: Response | None,
) -> Opened:
    status = _status(subject, source, response)
    if source is None:
        return Opened(status)
    if response is not None:
        questionnaire = _questionnaire_of(response)
    elif isinstance(source, Invitation):
        questionnaire = get_questionnaire(source.questionnaire_key)
    else:
        questionnaire = get_questionnaire(source.questionnaire_key)
    review = source.review if isinstance(source, Invitation) else None
    saved = _saved_values(response)
    missing = tuple(q.id for q in questionnaire.questions if q.required and q.id not in saved)
    return Opened(
        status,
        subject,
        questionnaire,
        band=age_band(review.age_at_review) if review else None,
        language=source.language,
        response_id=response.id if response else None,
        audience=audience_of(source.role if isinstance(source, Invitation) else None, review),
        saved=saved,
        missing=missing if response is not None else (),
    )


def audience_of(role: Role | None, review: Review | None) -> Audience:
    """Whose helplines a person needs: Childline is for under-19s; care leavers older than that
    have their leaving care team, Samaritans and Shout; nobody known, both."""
    return _audience(role, review.age_at_review if review is not None else None)


def _audience(role: Role | None, age: int | None) -> Audience:
    if age is not None:
        return Audience.CHILD if age < CHILDLINE_UPTO else Audience.CARE_LEAVER
    if role is Role.CARE_LEAVER:
        return Audience.CARE_LEAVER
    return Audience.CHILD if role is Role.CHILD else Audience.UNKNOWN


def _start(
    session: Session,
    subject: Subject,
    source: Invitation | Campaign,
    channel: Channel,
    language: str,
    now: datetime,
) -> Response:
    return start_response(
        session,
        channel=channel,
        language=language,
        now=now,
        invitation=source if isinstance(source, Invitation) else None,
        campaign=source if isinstance(source, Campaign) else None,
        submission_key=subject.submission_key,
    )


def _questionnaire_of(response: Response) -> Questionnaire:
    return get_questionnaire(response.questionnaire_key, response.questionnaire_version)


def _saved_values(response: Response | None) -> dict[str, list[str]]:
    """What was answered so far, as a front end shows it (a choice, the choices, or the text)."""
    values: dict[str, list[str]] = {}
    for answer in response.answers if response else ():
        if answer.text is not None:
            values[answer.question_id] = [answer.text]
        elif answer.values:
            values[answer.question_id] = list(answer.values)
        elif answer.value is not None:
            values[answer.question_id] = [answer.value]
    return values
