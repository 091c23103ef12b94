"""Every questionnaire the service ships, by key and version.

Old versions stay registered so responses given to them still render. A key and version name
one questionnaire for good (responses store them), so registering a second under the same pair
is refused at import, never a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Iterable

from service.models.enums import Role
from service.questionnaires import (
    campaigns,
    how_things_are,
    leaving_care,
    loose_words,
    pre_review,
    review_feedback,
    review_under8,
)
from service.questionnaires.schema import (
    PREFER_NOT_SAY,
    Choice,
    Page,
    Question,
    Questionnaire,
    QuestionType,
)
from service.questionnaires.sharing import (
    AGREED,
    SHARE_WORDS,
    SHARE_WORDS_QUESTION_ID,
    asking_to_share,
    asks_to_share,
    has_free_text,
)

_FIRST_VERSIONS: tuple[Questionnaire, ...] = (
    review_feedback.CHILD,
    review_feedback.CARER,
    review_feedback.PARENT,
    review_under8.CHILD,
    pre_review.CHILD,
    how_things_are.CHILD,
    leaving_care.CARE_LEAVER,
    campaigns.FEEDBACK_WEEK,
    campaigns.EVENT,
    campaigns.CICC_POLL,
    loose_words.MESSAGE,
)
# What a child writes before a review is for their IRO: never quoted, so never asked.
NEVER_QUOTED = frozenset({pre_review.CHILD.key})
# Every form issued to someone with free text that may be quoted asks, from its second version,
# whether its words may be shared; answers to the first version are never quoted. Feedback
# Week's one long page becomes two screens, its free text on the second, to stay light.
_NEW_PAGE_FROM = {campaigns.FEEDBACK_WEEK.key: "going_well"}
_ALL = (
    *_FIRST_VERSIONS,
    *(
        asking_to_share(q, new_page_from=_NEW_PAGE_FROM.get(q.key))
        for q in _FIRST_VERSIONS
        if q.roles and has_free_text(q) and q.key not in NEVER_QUOTED
    ),
)


class DuplicateQuestionnaire(ValueError):
    """A questionnaire registered under a key and version that another already has."""


def build_registry(questionnaires: Iterable[Questionnaire]) -> dict[tuple[str, int], Questionnaire]:
    """The questionnaires by (key, version).

    :raises DuplicateQuestionnaire: if two share a key and version; a changed questionnaire is
        a new version, or answers given to the old one would render under the new questions.
    """
    registry: dict[tuple[str, int], Questionnaire] = {}
    for questionnaire in questionnaires:
        key = (questionnaire.key, questionnaire.version)
        if key in registry:
            raise DuplicateQuestionnaire(
                f"questionnaire {questionnaire.key!r} version {questionnaire.version} is "
                "registered twice; give the changed one a new version"
            )
        registry[key] = questionnaire
    return registry


_REGISTRY = build_registry(_ALL)

# Which questionnaire a review invitation gets, by role.
REVIEW_QUESTIONNAIRES: dict[Role, str] = {
    Role.CHILD: "review_child",
    Role.CARE_LEAVER: "review_child",
    Role.CARER: "review_carer",
    Role.PARENT: "review_parent",
}

# A questionnaire written for one age band, issued in place of the usual one to a child whose
# age at the review is in that band: (usual key, band) -> key.
FOR_AGE_BAND: dict[tuple[str, str], str] = {
    (review_feedback.CHILD.key, "under8"): review_under8.CHILD.key,
}


def questionnaire_for(key: str, band: str | None) -> str:
    """The questionnaire to issue in place of `key` to someone whose age is in `band`: the one
    rule by age, applied wherever invitations are issued."""
    return FOR_AGE_BAND.get((key, band), key) if band else key


# Which questionnaire the consultation before a review gets, by role (the child's booklet).
PRE_REVIEW_QUESTIONNAIRES: dict[Role, str] = {
    Role.CHILD: pre_review.CHILD.key,
    Role.CARE_LEAVER: pre_review.CHILD.key,
}

# What `--questionnaire KEY` issues about a review, by role: the review feedback (the child's,
# carer's and parent's), the consultation before it, "how things are" for children and "leaving
# care" for care leavers. A role missing from a set is not asked.
ISSUABLE: dict[str, dict[Role, str]] = {
    review_feedback.CHILD.key: REVIEW_QUESTIONNAIRES,
    pre_review.CHILD.key: PRE_REVIEW_QUESTIONNAIRES,
    how_things_are.CHILD.key: {Role.CHILD: how_things_are.CHILD.key},
    leaving_care.CARE_LEAVER.key: {Role.CARE_LEAVER: leaving_care.CARE_LEAVER.key},
}

# Which questionnaire each kind of open campaign uses by default.
CAMPAIGN_QUESTIONNAIRES: dict[str, str] = dict(campaigns.BY_KIND)


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


def quotable_keys() -> list[str]:
    """Questionnaires whose answers may be quoted (with their author's agreement)."""
    return [q.key for q in all_questionnaires() if asks_to_share(q)]


def all_questionnaires() -> list[Questionnaire]:
    """The latest version of every questionnaire issued to someone (not the one that holds words
    sent outside any questionnaire)."""
    latest = [get_questionnaire(key) for key in sorted({k for k, _ in _REGISTRY})]
    return [q for q in latest if q.roles]


__all__ = [
    "AGREED",
    "CAMPAIGN_QUESTIONNAIRES",
    "FOR_AGE_BAND",
    "ISSUABLE",
    "NEVER_QUOTED",
    "PREFER_NOT_SAY",
    "PRE_REVIEW_QUESTIONNAIRES",
    "REVIEW_QUESTIONNAIRES",
    "SHARE_WORDS",
    "SHARE_WORDS_QUESTION_ID",
    "Choice",
    "DuplicateQuestionnaire",
    "Page",
    "Question",
    "QuestionType",
    "Questionnaire",
    "UnknownQuestionnaire",
    "all_questionnaires",
    "build_registry",
    "get_questionnaire",
    "questionnaire_for",
    "quotable_keys",
]
