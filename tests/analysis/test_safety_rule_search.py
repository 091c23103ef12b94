"""The safety rules are searched in padded text behind "[ .]" (safety._bounded) so the regex
engine can skip from space to space; they must find what the look-behind form finds in the text
itself: the same starts, ends and rules, in every message of the test data."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from analysis.text import normalise, safety
from analysis.text.alternation import Alternation

DATA = Path(__file__).parent / "data"
EXTRA = [
    "help pls",
    "help",
    "sos sos",
    ". help me",
    "i said help me",
    "so he cant find me",
    "he cant find me. so they cant find us",
    "police found me",
    "it started again last week but it happened again",
    "kill myself kill myself",
]


def _messages() -> list[str]:
    texts = list(EXTRA)
    for path in sorted(DATA.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    return [n for n in map(safety.normalise, texts) if n]


def _look_behind_form(pattern: str) -> re.Pattern[str]:
    """The rules as they were written before: a look-behind for the word start, a plain "^"."""
    assert pattern.startswith("[ .]")
    return re.compile("(?<!\\w)" + pattern[4:].replace("(?<=^ )", "^"))


ALTERNATIONS: list[tuple[str, Alternation]] = [
    *((f"concerns {code}", alt) for code, (alt, _) in safety._CONCERNS.items()),
    *((f"harmless {code}", alt) for code, alt in safety._HARMLESS.items()),
]


@pytest.mark.parametrize(("name", "alternation"), ALTERNATIONS, ids=[a[0] for a in ALTERNATIONS])
def test_padded_search_finds_what_the_look_behind_finds(
    name: str, alternation: Alternation
) -> None:
    before = _look_behind_form(alternation.regex.pattern)
    found = 0
    for norm in _messages():
        padded = safety._padded(norm)
        now = [
            (m.start(), m.end() - 1, alternation.index(m))
            for m in alternation.regex.finditer(padded)
        ]
        then = [(m.start(), m.end(), alternation.index(m)) for m in before.finditer(norm)]
        assert now == then, norm
        found += len(now)
    if name in ("concerns en", "concerns ar", "harmless en"):
        assert found, name  # the data has messages these rules match


def test_told_as_over_phrases_are_found_as_with_the_look_behind() -> None:
    past = _look_behind_form(safety._RESOLVED_PAST.pattern)
    now = _look_behind_form(safety._resolved_now().pattern)
    still = _look_behind_form(safety._still_happening().pattern)
    for norm in _messages():
        padded = safety._padded(norm)
        assert [(m.start(), m.end() - 1) for m in safety._RESOLVED_PAST.finditer(padded)] == [
            m.span() for m in past.finditer(norm)
        ]
        assert [(m.start(), m.end() - 1) for m in safety._resolved_now().finditer(padded)] == [
            m.span() for m in now.finditer(norm)
        ]
        assert (safety._still_happening().search(padded) is None) == (still.search(norm) is None)


def test_a_rule_anchored_other_than_at_its_start_is_refused() -> None:
    with pytest.raises(ValueError, match="does not lead"):
        safety._bounded(["help (^me)"], "en")


def test_an_ascii_message_is_searched_for_the_scripts_it_can_hold() -> None:
    every_ascii = "".join(map(chr, range(128)))
    for script in safety._SCRIPT_PATTERNS:
        assert (script in safety._ASCII_SCRIPTS) == (script.search(every_ascii) is not None)
    assert safety._SCRIPTS["en"] in safety._ASCII_SCRIPTS


@pytest.mark.parametrize(
    ("pattern", "before", "alphabet", "seed"),
    [
        # _NON_WORD leaves a single space alone; the old pattern replaced it by itself
        (safety._NON_WORD, r"[^\w.]+", "ab .,  \t\n-é_1'", 17),
        (normalise._SPACE_RX, r"\s+", "ab \t\n\u00a0\u2003.", 21),
    ],
    ids=["runs of other characters", "runs of white space"],
)
def test_runs_become_one_space_as_before(
    pattern: re.Pattern[str], before: str, alphabet: str, seed: int
) -> None:
    old = re.compile(before)
    rng = random.Random(seed)
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert pattern.sub(" ", text) == old.sub(" ", text), repr(text)
