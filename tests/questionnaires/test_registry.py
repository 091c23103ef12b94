"""The questionnaire registry: one questionnaire per key and version, refused at registration."""

from __future__ import annotations

import dataclasses

import pytest

from service.questionnaires import DuplicateQuestionnaire, build_registry, get_questionnaire


def test_a_second_questionnaire_with_the_same_key_and_version_is_refused() -> None:
    child = get_questionnaire("review_child", 1)
    changed = dataclasses.replace(child, title="How did your review go, really?")
    with pytest.raises(DuplicateQuestionnaire, match=r"'review_child' version 1 .* twice"):
        build_registry([child, changed])


def test_the_same_questionnaire_listed_twice_is_refused() -> None:
    child = get_questionnaire("review_child", 1)
    with pytest.raises(DuplicateQuestionnaire):
        build_registry([child, child])


def test_a_new_version_of_a_questionnaire_is_registered_beside_the_old() -> None:
    child = get_questionnaire("review_child", 1)
    newer = dataclasses.replace(child, version=2, title="Your review")
    registry = build_registry([child, newer])
    assert registry[("review_child", 1)] is child and registry[("review_child", 2)] is newer
