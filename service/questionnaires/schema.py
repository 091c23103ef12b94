"""The shape of a questionnaire: plain data rendered by the web form and the bot alike.

Texts are English msgids; front ends translate them with `service.i18n`. Nothing here knows
about Flask or Telegram.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from service.models.enums import Role
from service.questionnaires.bands import AGE_BANDS

__all__ = [
    "AGE_BANDS",
    "N_",
    "PREFER_NOT_SAY",
    "Choice",
    "Page",
    "Question",
    "QuestionType",
    "Questionnaire",
]

PREFER_NOT_SAY = "prefer_not_say"


class QuestionType(enum.StrEnum):
    FACE = "face"
    YES_NO = "yes_no"
    SINGLE = "single"
    MULTI = "multi"
    TEXT = "text"
    SAFETY = "safety"


def N_(msgid: str) -> str:
    """Mark a string for translation without translating it (babel extracts N_ calls)."""
    return msgid


@dataclass(frozen=True)
class Choice:
    """One answer a person can pick; a safety choice names the concern it raises."""

    key: str
    label: str
    emoji: str = ""  # shown by the bot (Telegram draws its own emoji); pages draw `picture`
    picture: str = ""  # a symbol in service/web/pictures.py, drawn as inline SVG
    alert_category: str | None = None
    alert_urgency: str | None = None  # "urgent" or "high"
    score: int | None = None  # face scale position, 1 (worst) to 5 (best)
    maps_to: str | None = None  # e.g. a participation code for the consultation question

    @property
    def raises_alert(self) -> bool:
        return self.alert_category is not None


@dataclass(frozen=True)
class Question:
    """A question with wording per age band; `text` is used where no band-specific wording exists."""

    id: str
    type: QuestionType
    text: str
    by_age: Mapping[str, str] = field(default_factory=dict)
    hint: str = ""
    choices: tuple[Choice, ...] = ()
    required: bool = False
    max_length: int = 2000
    prefer_not_say: bool = True
    max_choices: int | None = None  # for MULTI: at most this many ticks
    hint_by_age: Mapping[str, str] = field(default_factory=dict)

    def wording(self, age_band: str | None) -> str:
        """The question in the words for this age band."""
        if age_band and age_band in self.by_age:
            return self.by_age[age_band]
        return self.text

    def hint_for(self, age_band: str | None) -> str:
        """The hint in the words for this age band."""
        if age_band and age_band in self.hint_by_age:
            return self.hint_by_age[age_band]
        return self.hint

    def all_choices(self) -> tuple[Choice, ...]:
        """The choices shown, with "I'd rather not say" as easy to pick as any other."""
        return self._all_choices

    def choice(self, key: str) -> Choice | None:
        return self._choice_by_key.get(key)

    @cached_property
    def _all_choices(self) -> tuple[Choice, ...]:
        """Worked out once: every answer of every submission is checked against them."""
        if self.type is QuestionType.TEXT or not self.prefer_not_say:
            return self.choices
        return (*self.choices, Choice(PREFER_NOT_SAY, N_("I'd rather not say"), "🤐", "zip"))

    @cached_property
    def _choice_by_key(self) -> dict[str, Choice]:
        by_key: dict[str, Choice] = {}
        for choice in self._all_choices:
            by_key.setdefault(choice.key, choice)  # the first, as a search in order finds
        return by_key


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    """A versioned questionnaire; a response records the version it answered."""

    key: str
    version: int
    title: str
    intro: str
    roles: tuple[Role, ...]
    pages: tuple[Page, ...]
    anonymous: bool = False
    written_for: str | None = None  # the age band a questionnaire is written for, if only one

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for page in self.pages for q in page.questions)

    @cached_property
    def _by_id(self) -> dict[str, Question]:
        """Each question by id, worked out once: every answer of every submission looks one up."""
        by_id: dict[str, Question] = {}
        for question in self.questions:
            by_id.setdefault(question.id, question)  # the first, as a search in order finds
        return by_id

    def question(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    def page_index(self, page_id: str) -> int:
        return next(i for i, page in enumerate(self.pages) if page.id == page_id)
