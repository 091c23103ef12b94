"""Only short, generic comments are quoted in anything published."""

from __future__ import annotations

import pytest

from analysis.reporting.quotes import is_publishable_quote, pick_quotes
from analysis.text.safety import screen_text


@pytest.mark.parametrize(
    "text",
    [
        "My IRO listened to me and didn't talk over me",
        "I want to choose who comes to my meeting",
        "It was boring and too long",
    ],
)
def test_short_generic_comments_may_be_quoted(text: str) -> None:
    assert is_publishable_quote(text)


@pytest.mark.parametrize(
    "text",
    [
        "I want to see my brother Jake more",  # a name
        "I miss living in Croydon near my school",  # a place
        "I am 14 and I want more say",  # an age
        "I'm fourteen years old and nobody asks me",  # an age in words
        "Meeting at school was embarrassing, can it be at home " * 3,  # too long
        "كان الاجتماع جيد",  # names cannot be spotted in this script
        "ok",  # too short to mean anything on its own
    ],
)
def test_comments_that_could_identify_a_child_are_never_quoted(text: str) -> None:
    assert not is_publishable_quote(text)


def test_safety_flagged_comments_are_never_quoted() -> None:
    assert not is_publishable_quote("I feel scared at home sometimes", {"flag": True})


def test_worries_told_as_over_are_never_quoted() -> None:
    text = "people at my old school used to pick on me but its sorted"
    safety = screen_text(text).to_dict()
    assert safety["told_as_over"] is True
    assert not is_publishable_quote(text, safety)
    assert is_publishable_quote(text, {**safety, "told_as_over": False})


def test_pick_quotes_drops_repeats() -> None:
    texts = [("It was fine and short", None), ("it was  fine and SHORT", None)]
    assert pick_quotes(texts) == ["It was fine and short"]
