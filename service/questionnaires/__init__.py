"""Every questionnaire the service ships, by key and version.

Old versions stay registered so responses given to them still render.
"""

from __future__ import annotations

from service.models.enums import Role
from service.questionnaires import review_feedback
from service.questionnaires.schema import (
    PREFER_NOT_SAY,
    Choice,
    Page,
    Question,
    Questionnaire,
    QuestionType,
)

_ALL: tuple[Questionnaire, ...] = (
    review_feedback.CHILD,
    review_feedback.CARER,
    review_feedback.PARENT,
)

_REGISTRY: dict[tuple[str, int], Questionnaire] = {(q.key, q.version): q for q in _ALL}

# Which questionnaire a review invitation gets, by role.
REVIEW_QUESTIONNAIRES: dict[Role, str] = {
    Role.CHILD: "review_child",
    Role.CARE_LEAVER: "review_child",
    Role.CARER: "review_carer",
    Role.PARENT: "review_parent",
}


class UnknownQuestionnaire(LookupError):
    """No questionnaire with that key (and version)."""


def get_questionnaire(key: str, version: int | None = None) -> Questionnaire:
    """The questionnaire `key` at `version`, or its latest version."""
    if version is not None:
        try:
            return _REGISTRY[(key, version)]
        except KeyError:
            raise UnknownQuestionnaire(f"{key} v{version}") from None
    versions = [q for (k, _v), q in _REGISTRY.items() if k == key]
    if not versions:
        raise UnknownQuestionnaire(key)
    return max(versions, key=lambda q: q.version)


def all_questionnaires() -> list[Questionnaire]:
    """The latest version of every questionnaire."""
    return [get_questionnaire(key) for key in sorted({k for k, _ in _REGISTRY})]


__all__ = [
    "PREFER_NOT_SAY",
    "REVIEW_QUESTIONNAIRES",
    "Choice",
    "Page",
    "Question",
    "QuestionType",
    "Questionnaire",
    "UnknownQuestionnaire",
    "all_questionnaires",
    "get_questionnaire",
]
