"""The pure-Python linear model reads its file and scores as TfidfVectorizer + LogisticRegression."""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from analysis.text.linear_model import (
    _FASTER_PATTERNS,
    FORMAT,
    LinearModel,
    _char_wb_grams,
    decisions,
    file_version,
    load_path,
)


def _document(task: str = "binary", **changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": FORMAT,
        "name": "fixture",
        "task": task,
        "classes": ["alert"],
        "intercepts": [-0.25],
        "featurisers": [
            {
                "analyzer": "word",
                "ngram_range": [1, 2],
                "lowercase": True,
                "terms": ["knife", "tonight", "knife tonight", "fine"],
                "idf": [2.0, 1.5, 3.0, 1.25],
                "weights": [[1.0], [0.5], [2.0], [-1.5]],
            },
            {
                "analyzer": "char_wb",
                "ngram_range": [2, 3],
                "lowercase": True,
                "terms": [" k", "kn", "ife", "e "],
                "idf": [1.1, 1.2, 1.3, 1.4],
                "weights": [[0.3], [0.2], [0.1], [-0.4]],
            },
        ],
        "meta": {"thresholds": {"alert": 0.6}},
    }
    document.update(changes)
    return document


def _write(tmp_path: Path, document: dict[str, Any], name: str = "fixture") -> Path:
    path = tmp_path / f"{name}.json.gz"
    path.write_bytes(gzip.compress(json.dumps(document).encode("utf-8")))
    return path


def _l2(values: list[float]) -> list[float]:
    norm = math.sqrt(sum(v * v for v in values))
    return [v / norm for v in values]


def test_binary_score_is_tfidf_sublinear_l2_times_weights(tmp_path: Path) -> None:
    model = load_path(_write(tmp_path, _document()))
    # words: knife x2, tonight, "knife knife" (unknown), "knife tonight"
    word = _l2([(1 + math.log(2)) * 2.0, 1.5, 3.0])
    # char_wb 2-3 grams of " knife " twice and " tonight " once: " k" x2, "kn" x2, "ife" x2,
    # "e " x2 (both from knife; "tonight" ends in "t ")
    tf = 1 + math.log(2)
    char = _l2([tf * 1.1, tf * 1.2, tf * 1.3, tf * 1.4])
    expected = (
        -0.25
        + word[0] * 1.0
        + word[1] * 0.5
        + word[2] * 2.0
        + char[0] * 0.3
        + char[1] * 0.2
        + char[2] * 0.1
        + char[3] * -0.4
    )
    (score,) = model.decision("Knife knife TONIGHT")
    assert score == pytest.approx(expected, abs=1e-12)
    assert model.probabilities("Knife knife TONIGHT")[0] == pytest.approx(
        1 / (1 + math.exp(-expected))
    )


def test_text_without_known_terms_scores_the_intercept(tmp_path: Path) -> None:
    model = load_path(_write(tmp_path, _document()))
    assert model.decision("") == (-0.25,)
    assert model.decision("zzz qqq") == (-0.25,)


def test_labels_use_the_threshold_in_meta(tmp_path: Path) -> None:
    model = load_path(_write(tmp_path, _document()))
    assert model.threshold("alert") == 0.6
    assert model.labels("knife tonight") == ("alert",)
    assert model.labels("fine") == ()


def test_explain_names_the_words_that_pushed_towards_the_class(tmp_path: Path) -> None:
    model = load_path(_write(tmp_path, _document()))
    words = [c.word for c in model.explain("i am fine but knife tonight", top=2)]
    assert words == ["knife", "tonight"]
    assert [c.word for c in model.explain("fine", top=5)] == []


def test_multiclass_softmax_and_multilabel_sigmoids(tmp_path: Path) -> None:
    featuriser = {
        "analyzer": "word",
        "ngram_range": [1, 1],
        "lowercase": True,
        "terms": ["food", "staff"],
        "idf": [1.0, 1.0],
        "weights": [[2.0, -1.0], [-1.0, 2.0]],
    }
    common = {"classes": ["food", "staff"], "intercepts": [0.0, 0.0], "featurisers": [featuriser]}
    multiclass = load_path(_write(tmp_path, _document("multiclass", **common), "mc"))
    assert multiclass.labels("the food") == ("food",)
    assert sum(multiclass.probabilities("food and staff")) == pytest.approx(1.0)
    multilabel = load_path(_write(tmp_path, _document("multilabel", **common, meta={}), "ml"))
    assert multilabel.labels("food staff") == ("food", "staff")
    assert multilabel.explain("food staff", label="staff", top=1)[0].word == "staff"


def _word_model(tmp_path: Path, name: str, weights: list[list[float]], idf: float = 1.5) -> Any:
    featuriser = {
        "analyzer": "word",
        "ngram_range": [1, 2],
        "lowercase": True,
        "terms": ["food", "staff", "food staff", "good", "too", "too long"],
        "idf": [idf, 1.25, 2.5, 1.75, 1.1, 3.0],
        "weights": weights,
    }
    rows = len(weights[0])
    common = {
        "classes": [f"c{i}" for i in range(rows)],
        "intercepts": [0.125 * i - 0.3 for i in range(rows)],
        "featurisers": [featuriser],
    }
    return load_path(_write(tmp_path, _document("multilabel", **common), name))


def test_models_that_share_their_features_score_in_one_pass_to_the_last_bit(
    tmp_path: Path,
) -> None:
    weights = [[0.3, -1.7], [1.1, 0.2], [-0.4, 0.9], [2.2, -0.1], [0.05, 0.7], [-1.3, 0.6]]
    first = _word_model(tmp_path, "first", weights)
    second = _word_model(tmp_path, "second", [[w[1], w[0], w[0] / 3] for w in weights])
    text = "Food staff food, too long too long too long: good food staff good"
    joint = decisions((first, second), text)
    assert joint == (first.decision(text), second.decision(text))
    assert [list(map(float.hex, s)) for s in joint] == [  # bit for bit, not approximately
        list(map(float.hex, first.decision(text))),
        list(map(float.hex, second.decision(text))),
    ]
    other_idf = _word_model(tmp_path, "other", weights, idf=1.6)
    assert decisions((first, other_idf), text) == (first.decision(text), other_idf.decision(text))


def test_version_is_a_hash_of_the_file(tmp_path: Path) -> None:
    first = _write(tmp_path, _document(), "a")
    same = _write(tmp_path, _document(), "b")
    changed = _write(tmp_path, _document(intercepts=[-0.5]), "c")
    assert file_version(first).startswith("a-")
    assert file_version(first)[2:] == file_version(same)[2:]
    assert file_version(first)[2:] != file_version(changed)[2:]
    assert load_path(first).version == file_version(first)


@pytest.mark.parametrize(
    "change",
    [{"format": 99}, {"task": "ranking"}, {"intercepts": [0.0, 1.0]}],
)
def test_a_file_it_cannot_read_is_refused(change: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        LinearModel(_document(**change), "v")


def test_scores_equal_sklearns_after_export(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from training.common import Featuriser, export, fit, parity

    texts = [
        "he hit me with a belt",
        "the food is nice",
        "I  want to go home   tonight!",
        "my key worker is great x",
        "they took my phone and said dont tell",
        "a",
        "",
    ]
    labels = [True, False, True, False, True, False, False]
    featurisers = [Featuriser("word", (1, 2)), Featuriser("char_wb", (2, 5))]
    for task, y in (
        ("binary", labels),
        ("multiclass", ["x" if f else ("y" if i % 2 else "z") for i, f in enumerate(labels)]),
        ("multilabel", [{"x"} if f else {"y", "z"} for f in labels]),
    ):
        fitted = fit(texts, y, featurisers, task)
        path = tmp_path / f"{task}.json.gz"
        export(fitted, task, path, {})
        assert parity(path, fitted, [*texts, "unseen words here", "HIT hit hit"]) < 1e-6


def test_word_shares_add_up_to_the_score(tmp_path: Path) -> None:
    model = load_path(_write(tmp_path, _document()))
    text = "Knife, knife tonight... I am fine"
    by_word: dict[str, float] = {}
    for featuriser in model.featurisers:
        featuriser.share_out(text, 0, by_word)
    assert set(by_word) == {"knife", "tonight", "fine"}
    assert sum(by_word.values()) + model.intercepts[0] == pytest.approx(model.decision(text)[0])


@pytest.mark.parametrize(
    "text",
    [
        "a bb ccc d_e f1 _ __ 7 77 x-y it's don’t",
        "naïve café ḿ e\u0301 Straße ﬁne ２２ بيت مدرسة ኢትዮጵያ 中文 a\u200bb",
        "  leading, trailing.  ..a.. b\tc\nd   ",
        "",
    ],
)
def test_the_faster_token_pattern_finds_the_tokens_the_model_was_trained_with(text: str) -> None:
    trained = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token_pattern
    faster = re.compile(_FASTER_PATTERNS[trained.pattern])
    assert faster.findall(text) == trained.findall(text)
    for i in range(len(text)):  # every tail too: a run may start anywhere
        assert faster.findall(text[i:]) == trained.findall(text[i:])


def _shipped_texts() -> list[str]:
    data = Path(__file__).parent / "data"
    texts = []
    for name in ("safety_labelled.jsonl", "feedback_labelled.jsonl"):
        with (data / name).open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"].lower() for line in fh if line.strip()]
    return texts


def _char_score_as_before(featuriser: Any, text: str) -> float:
    """The char n-gram score as it was computed before the per-count tables: tf inline."""
    scoring = featuriser.binary
    grams = [g for word in text.split() for g in _char_wb_grams(word, 2, 5)]
    squares = total = 0.0
    for word in text.split():
        entries = [scoring[g] for g in _char_wb_grams(word, 2, 5) if g in scoring]
        squares += sum(e[0] for e in entries)
        total += sum(e[1] for e in entries)
    for term, count in Counter(grams).items():
        if count > 1 and term in scoring:
            tf = 1.0 + math.log(count)
            squares += (tf * tf - count) * scoring[term][0]
            total += (tf - count) * scoring[term][1]
    return total / math.sqrt(squares) if squares > 0 else 0.0


def test_the_safety_models_char_score_is_the_same_to_the_last_bit() -> None:
    from analysis.text import safety

    char = safety._MODEL.featurisers[1]
    assert (char.analyzer, char.low, char.high) == ("char_wb", 2, 5)
    texts = [*_shipped_texts()[:1500], "no no no " * 30, "knife " * 70 + "tonight"]
    texts += [" ".join(texts[i : i + 4]) for i in range(0, 400, 4)]  # longer, more repeats
    prepared = [safety.mark_negation(t) for t in texts]
    assert [float.hex(char._binary_char_score(p)) for p in prepared] == [
        float.hex(_char_score_as_before(char, p)) for p in prepared
    ]


def _rows_as_before(featuriser: Any, text: str, intercepts: list[float]) -> list[float]:
    """A multi-row score computed term by term: the terms in the order first met, tf inline,
    the idf squares and each row's products added up by sum() (a plain loop's additions on
    Python 3.11; compensated from 3.12, the same in both computations)."""
    squares: list[float] = []
    products: list[list[float]] = [[] for _ in intercepts]
    for term, count in Counter(featuriser.grams(text)).items():
        if (entry := featuriser.scoring.get(term)) is not None:
            tf = 1.0 + math.log(count)
            squares.append(tf * tf * entry[0])
            for row, weight in zip(products, entry[1:], strict=True):
                row.append(tf * weight)
    if not sum(squares):
        return intercepts
    norm = math.sqrt(sum(squares))
    return [i + sum(row) / norm for i, row in zip(intercepts, products, strict=True)]


def test_the_joined_sentiment_and_themes_scores_are_the_same_to_the_last_bit() -> None:
    from analysis.text import linear_model, sentiment, themes
    from analysis.text.normalise import normalise

    models = (linear_model.load(sentiment.MODEL), linear_model.load(themes.MODEL))
    joint = linear_model._joined(models)
    assert joint is not None
    texts = [*_shipped_texts()[:1500], "", "zzqx qqzx", "no no no " * 30, "good " * 70 + "staff"]
    texts += [" ".join(texts[i : i + 4]) for i in range(0, 400, 4)]  # longer, more repeats
    intercepts = [s for m in models for s in m.intercepts]
    for text in map(normalise, texts):
        scores = list(intercepts)
        joint.add_scores(text, scores)
        assert list(map(float.hex, scores)) == [
            float.hex(s) for s in _rows_as_before(joint, text, intercepts)
        ], text
