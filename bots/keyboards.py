"""Inline keyboards and the callback filters that match them, both generated from the questionnaires.

Callback data is short (Telegram allows 64 bytes) and carries the response the question belongs
to and its position, so a press on an old message's button, or on a button of another form the
chat answered before, is recognised instead of answering the wrong question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bots.texts import BACK, DONE, SKIP, t
from service.questionnaires import Question, QuestionType, all_questionnaires


@dataclass(frozen=True)
class Button:
    """One inline button: what it says and what it sends back."""

    label: str
    data: str


Keyboard = tuple[tuple[Button, ...], ...]


def _choice_keys() -> list[str]:
    keys = {
        c.key
        for q in all_questionnaires()
        for question in q.questions
        for c in question.all_choices()
    }
    return sorted(keys, key=lambda k: (-len(k), k))


_KEYS = "|".join(re.escape(k) for k in _choice_keys())
# What each kind of press looks like; the handlers are registered with these patterns.
# Each is kind:response:position[:choice].
ANSWER = re.compile(rf"^a:(\d+):(\d+):({_KEYS})$")
TOGGLE = re.compile(rf"^m:(\d+):(\d+):({_KEYS})$")
FINISH_MULTI = re.compile(r"^d:(\d+):(\d+)$")
SKIP_QUESTION = re.compile(r"^s:(\d+):(\d+)$")
GO_BACK = re.compile(r"^b:(\d+):(\d+)$")
CAMPAIGN = re.compile(r"^c:([A-Za-z0-9_-]{1,32})$")
LANGUAGE = re.compile(r"^l:([a-z]{2,3})$")
UPDATES = re.compile(r"^u:([01])$")


def question_keyboard(
    question: Question,
    response_id: int,
    position: int,
    language: str,
    *,
    can_back: bool,
    picked: tuple[str, ...] = (),
) -> Keyboard:
    """One button per answer (emoji and words), then "skip" where allowed and "back"."""
    place = f"{response_id}:{position}"
    rows: list[tuple[Button, ...]] = []
    if question.type is QuestionType.MULTI:
        for choice in question.all_choices():
            mark = "☑️" if choice.key in picked else "⬜"
            label = f"{mark} {choice.emoji} {t(choice.label, language)}".replace("  ", " ")
            rows.append((Button(label, f"m:{place}:{choice.key}"),))
        rows.append((Button(t(DONE, language), f"d:{place}"),))
    elif question.type is not QuestionType.TEXT:
        for choice in question.all_choices():
            label = f"{choice.emoji} {t(choice.label, language)}".strip()
            rows.append((Button(label, f"a:{place}:{choice.key}"),))
    extra: list[Button] = []
    if can_back:
        extra.append(Button("⬅️ " + t(BACK, language), f"b:{place}"))
    if not question.required:
        extra.append(Button(t(SKIP, language) + " ➡️", f"s:{place}"))
    if extra:
        rows.append(tuple(extra))
    return tuple(rows)
