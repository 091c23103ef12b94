"""Recording what a child, carer or parent said: the one path shared by the web form and the bot."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from analysis.text.pipeline import ANALYSER_VERSION, analyse_text
from analysis.text.safety import SafetyFinding, screen_text
from service.domain.alerts import (
    AlertPolicy,
    Concern,
    concern_from_choice,
    concern_from_text,
    raise_alerts,
)
from service.domain.errors import AlreadySubmitted, FieldError, InvalidAnswers
from service.domain.reading import queue_for_reading
from service.domain.text_input import RefusedText, clean_text
from service.domain.views_arrived import tell_iro_views_arrived
from service.messages import PLEASE_ANSWER
from service.models import (
    Alert,
    Answer,
    Campaign,
    Channel,
    Invitation,
    Response,
    ResponseStatus,
    Role,
)
from service.questionnaires import (
    PREFER_NOT_SAY,
    Question,
    Questionnaire,
    QuestionType,
    get_questionnaire,
)
from service.questionnaires.bands import age_band
from service.questionnaires.schema import N_


@dataclass(frozen=True)
class AnswerInput:
    """One checked answer: a choice key, several keys, or free text."""

    question_id: str
    value: str | None = None
    values: tuple[str, ...] = ()
    text: str | None = None


def parse_answers(
    questionnaire: Questionnaire,
    raw: Mapping[str, Sequence[str]],
    questions: Sequence[Question] | None = None,
) -> dict[str, AnswerInput]:
    """Check raw answers (question id -> submitted strings) against the questions; unanswered ones are left out."""
    answers: dict[str, AnswerInput] = {}
    errors: list[FieldError] = []
    for question in questions if questions is not None else questionnaire.questions:
        submitted = [v for v in raw.get(question.id, ()) if v.strip()]
        if not submitted:
            continue
        try:
            given = _parse_one(question, submitted)
        except RefusedText as refused:
            errors.append(FieldError(question.id, refused.msgid, refused.params))
        except TooManyChoices as too_many:
            errors.append(FieldError(question.id, str(too_many), {"limit": too_many.limit}))
        except ValueError:
            errors.append(FieldError(question.id, N_("Please choose one of the answers shown.")))
        else:
            if given.text != "":  # only invisible characters: not an answer
                answers[question.id] = given
    if errors:
        raise InvalidAnswers(errors)
    return answers


class TooManyChoices(ValueError):
    """More ticks than the question allows."""

    def __init__(self, limit: int) -> None:
        super().__init__(N_("Please pick no more than {limit}."))
        self.limit = limit


def _parse_one(question: Question, submitted: list[str]) -> AnswerInput:
    if question.type is QuestionType.TEXT:
        return AnswerInput(question.id, text=clean_text(submitted[0], question.max_length))
    if any(question.choice(v) is None for v in submitted):
        raise ValueError(question.id)
    if question.type is QuestionType.MULTI:
        values = tuple(dict.fromkeys(submitted))
        if PREFER_NOT_SAY in values and len(values) > 1:
            raise ValueError(question.id)
        if question.max_choices is not None and len(values) > question.max_choices:
            raise TooManyChoices(question.max_choices)
        return AnswerInput(question.id, values=values)
    if len(submitted) != 1:
        raise ValueError(question.id)
    return AnswerInput(question.id, value=submitted[0])


def questionnaire_of(response: Response) -> Questionnaire:
    """The exact version a response answered."""
    return get_questionnaire(response.questionnaire_key, response.questionnaire_version)


def start_response(
    session: Session,
    *,
    channel: Channel,
    language: str,
    now: datetime,
    invitation: Invitation | None = None,
    campaign: Campaign | None = None,
    submission_key: str | None = None,
) -> Response:
    """Begin (or resume) a response to an invitation, or begin an anonymous campaign response."""
    if invitation is not None:
        existing = invitation.response  # loaded with the invitation by the web form
        if existing is not None:
            if existing.status is ResponseStatus.SUBMITTED:
                raise AlreadySubmitted
            existing.channel = channel
            existing.language = language
            return existing
        review = invitation.review
        columns = new_response_columns(
            get_questionnaire(invitation.questionnaire_key),
            role=invitation.role,
            channel=channel,
            language=language,
            now=now,
            review_id=review.id if review else None,
            child_id=review.child_id if review else None,
            age_at_review=review.age_at_review if review else None,
        )
        response = Response(invitation=invitation, status=ResponseStatus.IN_PROGRESS, **columns)
    elif campaign is not None:
        if submission_key is not None:
            duplicate = session.scalar(
                select(Response).where(Response.submission_key == submission_key)
            )
            if duplicate is not None:
                if duplicate.status is ResponseStatus.SUBMITTED:
                    raise AlreadySubmitted
                return duplicate
        columns = new_response_columns(
            get_questionnaire(campaign.questionnaire_key),
            role=Role.CHILD,
            channel=channel,
            language=language,
            now=now,
        )
        response = Response(
            campaign_id=campaign.id,
            submission_key=submission_key,
            status=ResponseStatus.IN_PROGRESS,
            **columns,
        )
    else:
        raise ValueError("a response needs an invitation or a campaign")
    response.answers = []  # a new response has none: saves a lazy load when answers are added
    # Not flushed here: the answers and the submission go in the same round trips (a form sent
    # in one page is one INSERT each); a query or the commit writes it.
    session.add(response)
    return response


def new_response_columns(
    questionnaire: Questionnaire,
    *,
    role: Role,
    channel: Channel,
    language: str,
    now: datetime,
    review_id: int | None = None,
    child_id: int | None = None,
    age_at_review: int | None = None,
) -> dict[str, Any]:
    """What a new response holds when it is begun, whichever path writes it."""
    return {
        "questionnaire_key": questionnaire.key,
        "questionnaire_version": questionnaire.version,
        "role": role,
        "review_id": review_id,
        "child_id": child_id,
        "age_band": age_band(age_at_review),
        "channel": channel,
        "language": language,
        "started_at": now,
    }


def save_answers(
    session: Session,
    response: Response,
    answers: Mapping[str, AnswerInput],
    *,
    now: datetime,
    policy: AlertPolicy | None = None,
    cleared: Iterable[str] = (),
) -> list[Alert]:
    """Store answers (replacing earlier ones to the same questions) and raise any safety alerts.

    `cleared` names questions the person emptied (a text box wiped, say): their earlier answers
    are removed, so what is stored is what they last said.
    """
    if response.id is not None:
        # A response begun earlier may have been sent meanwhile through the other channel (the
        # web form while the bot waits for an answer): lock it and read its status afresh.
        session.refresh(response, attribute_names=["status"], with_for_update=True)
    if response.status is ResponseStatus.SUBMITTED:
        raise AlreadySubmitted
    questionnaire = questionnaire_of(response)
    current = {a.question_id: a for a in response.answers}
    for question_id in set(cleared) - set(answers):
        if question_id in current:
            response.answers.remove(current.pop(question_id))
    concerns: list[Concern] = []
    for question_id, given in answers.items():
        question = questionnaire.question(question_id)
        if question is None:
            continue
        answer = current.get(question_id)
        if answer is None:
            answer = Answer(question_id=question_id)
            response.answers.append(answer)
        columns, raised = answer_columns(question, given, response.language)
        for name, value in columns.items():
            setattr(answer, name, value)
        concerns.extend(raised)
    alerts = raise_alerts(session, response, concerns, now=now, policy=policy)
    if alerts:  # a worried child may stop before sending: a person reads it now
        queue_for_reading(session, response, policy=(policy or AlertPolicy()).reading, now=now)
    return alerts


def answer_columns(
    question: Question, given: AnswerInput, language: str
) -> tuple[dict[str, Any], list[Concern]]:
    """What is stored for one answer, analysis included, and the concerns it raises.

    Every analysis column is set, analysed or not: no stale analysis survives an edited answer,
    and all rows share one column set so they go in one INSERT.
    """
    columns: dict[str, Any] = {
        "value": given.value,
        "values": list(given.values) if given.values else None,
        "text": given.text,
        "sentiment": None,
        "sentiment_label": None,
        "themes": None,
        "safety": None,
        "analyser_version": None,
    }
    if not given.text:
        return columns, concerns_of(question, given, language)
    analysis = analyse_text(given.text, language)
    columns.update(
        sentiment=analysis.sentiment,
        sentiment_label=analysis.label,
        themes=list(analysis.themes),
        safety=dict(analysis.safety.to_dict()),
        analyser_version=ANALYSER_VERSION,
    )
    return columns, concerns_of(question, given, language, analysis.safety)


def concerns_of(
    question: Question, given: AnswerInput, language: str, finding: SafetyFinding | None = None
) -> list[Concern]:
    """What in one answer a person must follow up: the one test of whether an answer is
    worrying (a choice that raises a concern, or words the safety screen flags), whether or not
    it can be stored; `finding` is the screen's, when the text was analysed already."""
    concerns = [c for c in (concern_from_choice(question, given.value),) if c]
    if given.text:
        finding = finding or screen_text(given.text, language)
        text_concern = concern_from_text(question.id, given.text, finding)
        if text_concern:
            concerns.append(text_concern)
    return concerns


def concerns_in(
    questionnaire: Questionnaire, answers: Mapping[str, AnswerInput], language: str
) -> list[Concern]:
    """What in these answers a person must follow up: the one test of whether an answer is
    worrying, whether or not it can be stored."""
    concerns: list[Concern] = []
    for question_id, given in answers.items():
        question = questionnaire.question(question_id)
        if question is not None:
            concerns.extend(concerns_of(question, given, language))
    return concerns


def missing_required(response: Response) -> list[str]:
    """Required questions still unanswered."""
    return required_unanswered(
        questionnaire_of(response), {a.question_id for a in response.answers}
    )


def required_unanswered(questionnaire: Questionnaire, answered: Collection[str]) -> list[str]:
    """The questionnaire's required questions not among `answered`."""
    return [q.id for q in questionnaire.questions if q.required and q.id not in answered]


# Claiming an invitation: only one submission can mark it used, however many arrive at once.
# Built once as plain SQL, and extended by the whole-response path's one-statement claim.
CLAIM = (
    update(Invitation)
    .where(Invitation.id == bindparam("invitation"), Invitation.used_at.is_(None))
    .values(used_at=bindparam("now"))
)


def claim_invitation(session: Session, invitation_id: int, now: datetime) -> None:
    """Mark an invitation used, or raise AlreadySubmitted if another submission did."""
    claimed = session.connection().execute(CLAIM, {"invitation": invitation_id, "now": now})
    if claimed.rowcount != 1:
        raise AlreadySubmitted


def submit_response(
    session: Session, response: Response, *, now: datetime, policy: AlertPolicy | None = None
) -> None:
    """Mark a response as sent (an invitation can be used only once, even under parallel
    retries) and put any words or worry in its reader's queue, in the same transaction."""
    missing = missing_required(response)
    if missing:
        raise InvalidAnswers([FieldError(q, PLEASE_ANSWER) for q in missing])
    invitation = response.invitation  # a new response has no invitation_id until it is flushed
    if invitation is not None:
        # Claimed first and without flushing, so a refused claim leaves the response as it was.
        with session.no_autoflush:
            claim_invitation(session, invitation.id, now)
        set_committed_value(invitation, "used_at", now)
    # Set before the flush, so a new response and its answers are written once, already sent,
    # instead of inserted and then updated.
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = now
    for answer in response.answers:  # reports find a period's answers by this copy
        answer.submitted_at = now
    session.flush()
    tell_iro_views_arrived(session, response)
    queue_for_reading(session, response, policy=(policy or AlertPolicy()).reading, now=now)


@dataclass(frozen=True)
class Recorded:
    """What recording a response did: the stored response and any alerts it raised."""

    response: Response
    alerts: list[Alert] = field(default_factory=list)


def record_response(
    session: Session,
    answers: Mapping[str, AnswerInput],
    *,
    channel: Channel,
    language: str,
    now: datetime,
    invitation: Invitation | None = None,
    campaign: Campaign | None = None,
    submission_key: str | None = None,
    policy: AlertPolicy | None = None,
) -> Recorded:
    """Start, fill and submit a response in one go; the caller commits once."""
    response = start_response(
        session,
        channel=channel,
        language=language,
        now=now,
        invitation=invitation,
        campaign=campaign,
        submission_key=submission_key,
    )
    alerts = save_answers(session, response, answers, now=now, policy=policy)
    submit_response(session, response, now=now, policy=policy)
    return Recorded(response, alerts)
