"""The safety screen's fifth-pass fast paths give what the general code they stand in for gives."""

from __future__ import annotations

import json
import math
import random
import re
from collections import Counter
from pathlib import Path

from analysis.text import linear_model, safety

DATA = Path(__file__).parent / "data"
_WORD = safety._MODEL.featurisers[0]


def _inline_word_score(text: str) -> float:
    """The word model's score as _binary_score added it up before: each n-gram's entry in the
    order first met, scaled inline by its tf where it occurs more than once."""
    squares = total = 0.0
    tokens = _WORD.token_rx.findall(text.lower())
    counts = Counter(linear_model._word_grams(tokens, _WORD.low, _WORD.high))
    for count, entry in zip(counts.values(), map(_WORD.binary.get, counts), strict=True):
        if entry is not None:
            tf = 1.0 + math.log(count)
            squares += tf * tf * entry[0]
            total += tf * entry[1]
    return total / math.sqrt(squares) if squares else 0.0


def _word_texts(count: int = 6000) -> list[str]:
    """Texts of the model's own terms and other words, with words and pairs met many times
    (tf above one, and counts of 64 and more), non-ASCII and empty ones."""
    rng = random.Random(9)
    vocabulary = [term for term in _WORD.binary if " " not in term]
    words = [*rng.sample(vocabulary, 300), "zzqx", "a", "I", "élan", "not_me", "x1", "."]
    texts = ["", "a", "zzqx zzqx", " ".join(["he hits me"] * 70)]
    for _ in range(count):
        pool = rng.sample(words, rng.randint(1, 12))
        texts.append(" ".join(rng.choices(pool, k=rng.randint(1, 90))))
    return texts


def test_the_word_models_score_is_the_inline_sums_to_the_last_bit() -> None:
    for text in _word_texts():
        fast, inline = _WORD._binary_score(text), _inline_word_score(text)
        assert fast.hex() == inline.hex(), text


def test_the_word_models_score_of_the_screens_texts_is_the_inline_sums() -> None:
    texts = [safety.model_text(t) for t in _word_texts(1000)]
    for text in texts:
        assert _WORD._binary_score(text).hex() == _inline_word_score(text).hex(), text


_RUN_OR_CHAR = re.compile(r"([^\W\d_])\1*|.", re.DOTALL)


def _unit_starts_by_match(stage: str) -> list[int]:
    """_unit_starts as the screen found them before: a regex match per run or character."""
    return [m.start() for m in _RUN_OR_CHAR.finditer(stage)] + [len(stage)]


def test_unit_starts_are_the_starts_of_each_run_or_character() -> None:
    rng = random.Random(10)
    alphabet = [*"aabbbzz  ..1122__", "é", "éé", "ß", "ـ", "اا", "٣", "²", "\n", "ssss", "A"]
    texts = ["".join(rng.choices(alphabet, k=rng.randint(0, 40))) for _ in range(20000)]
    texts += [safety._stage(t) for t in texts[:2000]]
    for text in texts:
        assert safety._unit_starts(text) == _unit_starts_by_match(text), text


def test_the_languages_of_every_set_of_scripts_are_those_whose_script_is_present() -> None:
    patterns = safety._SCRIPT_PATTERNS
    for mask in range(1 << len(patterns)):
        present = tuple(p for i, p in enumerate(patterns) if mask >> i & 1)
        found = dict.fromkeys(patterns, False) | dict.fromkeys(present, True)
        expected = tuple(code for code, script in safety._SCRIPTS.items() if found[script])
        assert safety._languages(present) == expected


def test_rule_hits_find_each_language_from_the_scripts_in_the_text() -> None:
    texts = ["he hits me", "ساعدني", "ሓግዙኒ", "cuu toi", "më rreh", "he hits me ساعدني ሓግዙኒ", "123"]
    for text in texts:
        norm = safety.normalise(text)
        present = tuple(p for p in safety._SCRIPT_PATTERNS if p.search(norm))
        assert safety._languages(present) == tuple(
            code for code, script in safety._SCRIPTS.items() if script.search(norm)
        )


def _told_as_over_still_first(norm: str, padded: str, first_concern: int | None) -> int | None:
    """safety._told_as_over as it was: STILL_HAPPENING searched before RESOLVED_NOW."""
    past = safety._RESOLVED_PAST.search(padded)
    if past is None or safety._still_happening().search(padded) is not None:
        return None
    over_end = None
    for found in safety._resolved_now().finditer(padded, first_concern or 0):
        over_end = found.end() - 1
    if over_end is None or over_end <= past.start():
        return None
    stop = safety._ACCOUNT_ENDS.search(norm, over_end)
    return len(norm) if stop is None else stop.start()


def _data_messages() -> list[str]:
    messages: list[str] = []
    for path in sorted(DATA.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            messages += [json.loads(line)["text"] for line in fh if line.strip()]
    return messages


def test_told_as_over_is_the_same_whichever_tree_is_searched_first() -> None:
    messages = _data_messages()
    rng = random.Random(11)
    joined = [". ".join(rng.sample(messages, rng.randint(2, 4))) for _ in range(3000)]
    for text in messages + joined:
        norm = safety.normalise(text)
        padded = safety._padded(norm)
        for first in (None, 0, len(norm) // 2):
            expected = _told_as_over_still_first(norm, padded, first)
            assert safety._told_as_over(norm, padded, first) == expected, text
