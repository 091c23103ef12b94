"""Inline keyboards and the callback filters that match them, both generated from the questionnaires.

Callback data is short (Telegram allows 64 bytes) and carries the question's position, so a
press on an old message's button is recognised instead of answering the wrong question.
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
ANSWER = re.compile(rf"^a:(\d+):({_KEYS})$")
TOGGLE = re.compile(rf"^m:(\d+):({_KEYS})$")
FINISH_MULTI = re.compile(r"^d:(\d+)$")
SKIP_QUESTION = re.compile(r"^s:(\d+)$")
GO_BACK = re.compile(r"^b:(\d+)$")
CAMPAIGN = re.compile(r"^c:([A-Za-z0-9_-]{1,32})$")
LANGUAGE = re.compile(r"^l:([a-z]{2,3})$")
UPDATES = re.compile(r"^u:([01])$")


def question_keyboard(
    question: Question,
    position: int,
    language: str,
    *,
    can_back: bool,
    picked: tuple[str, ...] = (),
) -> Keyboard:
    """One button per answer (emoji and words), then "skip" where allowed and "back"."""
    rows: list[tuple[Button, ...]] = []
    if question.type is QuestionType.MULTI:
        for choice in question.all_choices():
            mark = "☑️" if choice.key in picked else "⬜"
            label = f"{mark} {choice.emoji} {t(choice.label, language)}".replace("  ", " ")
            rows.append((Button(label, f"m:{position}:{choice.key}"),))
        rows.append((Button(t(DONE, language), f"d:{position}"),))
    elif question.type is not QuestionType.TEXT:
        for choice in question.all_choices():
            label = f"{choice.emoji} {t(choice.label, language)}".strip()
            rows.append((Button(label, f"a:{position}:{choice.key}"),))
    extra: list[Button] = []
    if can_back:
        extra.append(Button("⬅️ " + t(BACK, language), f"b:{position}"))
    if not question.required:
        extra.append(Button(t(SKIP, language) + " ➡️", f"s:{position}"))
    if extra:
        rows.append(tuple(extra))
    return tuple(rows)
