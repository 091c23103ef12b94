"""The safety screen's fast paths give what the general code they stand in for gives."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from analysis.text import linear_model, safety

DATA = Path(__file__).parent / "data"
# ASCII with every character, and more of those the normal form treats specially
_ASCII = [chr(c) for c in range(128)] + list("aabbeellooss  ..''__113@$AZ")


def _texts(seed: int, alphabet: list[str], count: int = 20000) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(alphabet, k=rng.randint(0, 40))) for _ in range(count)]


def test_ascii_stage_equals_the_unicode_stage() -> None:
    for text in _texts(1, _ASCII):
        assert safety._ascii_stage(text) == safety._unicode_stage(text), text


def test_collapse_by_cached_words_equals_collapse_of_the_whole_text() -> None:
    letters = [*_ASCII, "é", "éé", "ß", "ـ", "اا", "٣", "²"]
    texts = _texts(2, letters)
    for text in texts + texts:  # the second round reads the cache
        assert safety._collapse(text) == safety._collapse_word(text), text


def test_ascii_tokens_are_the_word_models_regex_tokens() -> None:
    tokens = re.compile(linear_model._TOKENS)
    for text in _texts(3, [*_ASCII, "ab", "not_"]):
        assert linear_model._ascii_tokens(text) == tokens.findall(text), text


def test_the_safety_word_model_reads_the_tokens_its_regex_finds() -> None:
    word = safety._MODEL.featurisers[0]
    assert word.analyzer == "word"
    assert word.token_rx.pattern == linear_model._TOKENS


def _urgent_texts() -> list[str]:
    """Each urgent word in a sentence, and the test data's messages."""
    texts = [
        f"x {pattern.replace('%', 'a').replace('(?! giá)', '').replace('(?! gia)', '')} x"
        for patterns in safety.urgent.URGENT_WORDS.values()
        for words in patterns.values()
        for pattern in words
    ]
    for path in sorted(DATA.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    return texts


def test_a_language_with_an_urgent_word_in_a_message_is_never_skipped() -> None:
    matched = 0
    for text in _urgent_texts():
        padded = safety._padded(safety.normalise(text))
        for code, script in safety.urgent.SCRIPT_OF.items():
            if safety._CONCERNS[code][0].regex.search(padded):
                matched += 1
                assert safety._ANY_URGENT_WORD[safety._SCRIPT_RX[script]].search(padded), text
    assert matched >= 200  # most urgent words (some are written with more regex syntax)


def test_more_than_once_marks_the_counts_above_one() -> None:
    rng = random.Random(6)
    cases = [
        [],
        [1],
        [2],
        [255],
        [256],
        [1, 300, 2, 1],
        *([rng.randint(1, 9)] * 5 for _ in range(9)),
    ]
    cases += [
        [rng.choice([1, 1, 2, 3, 63, 64, 255]) for _ in range(rng.randint(0, 50))]
        for _ in range(2000)
    ]
    for counts in cases:
        marks = list(linear_model._more_than_once(counts))
        assert [bool(m) for m in marks] == [c > 1 for c in counts], counts
