"""The joined sentiment+themes pass's fast paths give what the general code they replace gives."""

from __future__ import annotations

import random
from collections import Counter

from analysis.text import linear_model, sentiment, themes

_ALPHABET = [chr(c) for c in range(128)] + ["é", "ß", "’", "good ", "bad ", "staff ", "  "]


def _texts(seed: int, count: int = 5000) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(_ALPHABET, k=rng.randint(0, 60))) for _ in range(count)]


def _joint() -> linear_model._Featuriser:
    models = (linear_model.load(sentiment.MODEL), linear_model.load(themes.MODEL))
    joint = linear_model._joined(models)
    assert joint is not None
    return joint


def test_word_grams_are_those_of_the_regex_tokens() -> None:
    joint = _joint()
    for text in _texts(1):
        tokens = joint.token_rx.findall(text.lower())
        assert joint.grams(text) == linear_model._word_grams(tokens, joint.low, joint.high), text


def test_entries_are_those_of_a_loop_over_every_term() -> None:
    joint = _joint()
    vocabulary = list(joint.scoring)[:300]
    rng = random.Random(2)
    for _ in range(2000):
        grams = rng.choices([*vocabulary[: rng.randint(1, 300)], "zzqx"], k=rng.randint(0, 400))
        expected = [
            entry if count == 1 else linear_model._scaled(entry, count)
            for term, count in Counter(grams).items()
            if (entry := joint.scoring.get(term)) is not None
        ]
        assert joint._entries(grams) == expected


def test_word_grams_are_every_run_of_n_tokens_in_order() -> None:
    rng = random.Random(3)
    for _ in range(3000):
        tokens = rng.choices(["a", "bb", "cc", "good", "staff"], k=rng.randint(0, 8))
        for low, high in ((1, 1), (1, 2), (1, 3), (2, 2), (2, 3), (3, 4)):
            plain = [
                " ".join(tokens[i : i + n])
                for n in range(low, high + 1)
                for i in range(len(tokens) - n + 1)
            ]
            assert linear_model._word_grams(tokens, low, high) == plain, (tokens, low, high)
