"""Results of every questionnaire (review feedback, the consultation before a review, how things
are, leaving care, Feedback Weeks, event feedback and polls): how many answered, and how many
picked each answer, counted in SQL.

Campaign responses carry their questionnaire's key like any other, so a Feedback Week or a poll
is counted with its questionnaire. The safety question is left out: what it raises is followed
up as alerts, not read as an opinion. So is the question asking whether words may be shared.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from analysis.reporting.figures import suppress, suppress_all
from analysis.reporting.filters import Filters, filter_answers, filter_responses
from service.models import Answer, Response
from service.questionnaires import (
    SHARE_WORDS_QUESTION_ID,
    Question,
    Questionnaire,
    QuestionType,
    all_questionnaires,
)

CHOICE_TYPES = (QuestionType.FACE, QuestionType.YES_NO, QuestionType.SINGLE, QuestionType.MULTI)


@dataclass(frozen=True)
class QuestionResult:
    """One question: how many picked each answer, or for free text how many wrote something."""

    question_id: str
    text: str  # the English wording, for staff and the CiCC
    kind: str  # "choice" or "text"
    counts: dict[str, int]  # choice key -> how many picked it (choices in the form's order)
    labels: dict[str, str]  # choice key -> its English label
    written: int = 0  # free text: comments written


@dataclass(frozen=True)
class QuestionnaireResult:
    key: str
    title: str
    roles: tuple[str, ...]
    responses: int
    questions: list[QuestionResult]

    def to_dict(self, *, suppressed: bool) -> dict[str, Any]:
        """As JSON; `suppressed` writes every count under 5 as words, for anything published."""

        def shown(count: int) -> int | str:
            return suppress(count) if suppressed else count

        def answers(q: QuestionResult) -> dict[str, int | str]:
            counts: dict[str, int | str] = (
                dict(suppress_all(q.counts)) if suppressed else dict(q.counts)
            )
            return {q.labels[k]: n for k, n in counts.items()}

        return {
            "key": self.key,
            "title": self.title,
            "for": list(self.roles),
            "responses": shown(self.responses),
            "questions": [
                {
                    "id": q.question_id,
                    "question": q.text,
                    **(
                        {"answers": answers(q)}
                        if q.kind == "choice"
                        else {"comments": shown(q.written)}
                    ),
                }
                for q in self.questions
            ],
        }


def reported_questions(questionnaire: Questionnaire) -> list[Question]:
    """The questions whose answers are counted in results."""
    return [
        q
        for q in questionnaire.questions
        if q.type is not QuestionType.SAFETY and q.id != SHARE_WORDS_QUESTION_ID
    ]


def questionnaire_results(session: Session, filters: Filters) -> list[QuestionnaireResult]:
    """Every questionnaire issued to someone (or the one the filters name), with its counts, from
    three grouped queries; a questionnaire nobody answered is listed with zeros."""
    responses = dict(
        session.execute(
            filter_responses(
                select(Response.questionnaire_key, func.count())
                .select_from(Response)
                .group_by(Response.questionnaire_key),
                filters,
            )
        ).all()
    )
    picked: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    written: dict[tuple[str, str], int] = defaultdict(int)
    single = (
        select(
            Response.questionnaire_key,
            Answer.question_id,
            Answer.value,
            func.count(),
            func.count(Answer.text),
        )
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .group_by(Response.questionnaire_key, Answer.question_id, Answer.value)
    )
    for key, question_id, value, count, texts in session.execute(
        filter_answers(single, filters, responses_joined=True)
    ):
        if value is not None:
            picked[(str(key), str(question_id))][str(value)] += int(count)
        written[(str(key), str(question_id))] += int(texts)
    elements = _value_elements(session)
    multi = (
        select(Response.questionnaire_key, Answer.question_id, elements.c.value, func.count())
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .join(elements, true())
        .where(Answer.values.is_not(None))
        .group_by(Response.questionnaire_key, Answer.question_id, elements.c.value)
    )
    for key, question_id, value, count in session.execute(
        filter_answers(multi, filters, responses_joined=True)
    ):
        picked[(str(key), str(question_id))][str(value)] += int(count)
    wanted = [
        q
        for q in all_questionnaires()
        if filters.questionnaire in (None, q.key)
        and (not filters.roles or set(q.roles) & set(filters.roles))
    ]
    return [
        QuestionnaireResult(
            key=q.key,
            title=q.title,
            roles=tuple(r.value for r in q.roles),
            responses=int(responses.get(q.key, 0)),
            questions=[
                _question(question, picked[(q.key, question.id)], written[(q.key, question.id)])
                for question in reported_questions(q)
            ],
        )
        for q in wanted
    ]


def _question(question: Question, picked: dict[str, int], written: int) -> QuestionResult:
    if question.type in CHOICE_TYPES:
        choices = question.all_choices()
        return QuestionResult(
            question.id,
            question.text,
            "choice",
            {c.key: picked.get(c.key, 0) for c in choices},
            {c.key: c.label for c in choices},
        )
    return QuestionResult(question.id, question.text, "text", {}, {}, written)


def _value_elements(session: Session) -> Any:
    """answers.values (a JSON list of the ticked choices) as rows."""
    if session.get_bind().dialect.name == "postgresql":
        return func.json_array_elements_text(Answer.values).table_valued("value")
    return func.json_each(Answer.values).table_valued("value")


RESULT_COLUMNS = ("questionnaire", "question_id", "question", "answer", "count")


def result_rows(results: list[QuestionnaireResult]) -> list[tuple[str, str, str, str, int]]:
    """One row per answer a question offers (free text: one row of comments written), for
    export; every questionnaire's responses come first as a row of their own."""
    rows: list[tuple[str, str, str, str, int]] = []
    for result in results:
        rows.append((result.key, "", "", "responses", result.responses))
        for q in result.questions:
            if q.kind == "choice":
                rows += [
                    (result.key, q.question_id, q.text, q.labels[k], n) for k, n in q.counts.items()
                ]
            else:
                rows.append((result.key, q.question_id, q.text, "comments written", q.written))
    return rows
