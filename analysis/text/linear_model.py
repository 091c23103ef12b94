"""Pure-Python inference for the linear text models trained by `training/` (no numpy at run time).

A model is TF-IDF features (word and/or character n-grams, as scikit-learn's TfidfVectorizer
with sublinear_tf and l2 norm makes them) times logistic-regression weights. Training needs
scikit-learn (the `train` extra); running needs only this module and the model file, so the
service starts without scikit-learn and the numbers are the same on every machine.

Model file: gzipped JSON in analysis/text/models/<name>.json.gz:
  {"format": 1, "name": str, "task": "binary" | "multiclass" | "multilabel",
   "classes": [str, ...],            # binary: the one positive class
   "intercepts": [float, ...],       # one per row of weights (binary: one)
   "featurisers": [{"analyzer": "word" | "char_wb", "ngram_range": [lo, hi],
                    "lowercase": bool, "token_pattern": str,   # word only
                    "terms": [str, ...], "idf": [float, ...],
                    "weights": [[float, ...] per term]}, ...],
   "meta": {...}}                    # free: thresholds, training parameters, data fingerprint
Each featuriser's vector is l2-normalised on its own and the vectors are joined, as an hstack
of separately fitted TfidfVectorizers gives. The model's version is a hash of the file's bytes.
"""

from __future__ import annotations

import copy
import gzip
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain, compress, pairwise, repeat
from operator import add, gt, mul, truediv
from pathlib import Path
from typing import Any, Literal

from analysis.text.normalise import ascii_word_runs

__all__ = [
    "MODELS",
    "Contribution",
    "LinearModel",
    "decisions",
    "file_version",
    "load",
    "load_path",
    "model_path",
]

MODELS = Path(__file__).resolve().parent / "models"
FORMAT = 1
Task = Literal["binary", "multiclass", "multilabel"]
_TASKS = ("binary", "multiclass", "multilabel")
_WORD_PATTERN = r"(?u)\b\w\w+\b"
_WORD_RX = re.compile(_WORD_PATTERN)
# The same tokens found faster: a run of two or more word characters taken whole has a word
# boundary at each end, so the engine need not test for one at every place it looks.
_FASTER_PATTERNS = {_WORD_PATTERN: r"\w\w+"}
_VERSION_LENGTH = 8
_TOKENS = _FASTER_PATTERNS[_WORD_PATTERN]


def _ascii_tokens(text: str) -> list[str]:
    """The _TOKENS of an ASCII text: its runs of word characters at least two long."""
    return [word for word in ascii_word_runs(text) if len(word) > 1]


@dataclass(frozen=True)
class Contribution:
    """One word's share of a score: what a person reads to see why the model decided."""

    word: str
    weight: float


def _word_grams(tokens: Sequence[str], low: int, high: int) -> list[str]:
    """Word n-grams as TfidfVectorizer(analyzer="word") makes them."""
    grams: list[str] = list(tokens) if low == 1 else []
    if low <= 2 <= high:  # pairs, the usual case, without the general loop's generator
        grams += map(" ".join, pairwise(tokens))
    for n in range(max(low, 3), min(high, len(tokens)) + 1):
        # the n words from each position in turn, joined in C
        grams += map(" ".join, zip(*(tokens[i:] for i in range(n)), strict=False))
    return grams


@lru_cache(maxsize=1 << 16)
def _char_wb_grams(word: str, low: int, high: int) -> tuple[str, ...]:
    """Character n-grams of one space-padded word, as TfidfVectorizer(analyzer="char_wb").

    Cached: most words of a message were in earlier messages, and this is most of the work."""
    padded = f" {word} "
    size = len(padded)
    grams: list[str] = []
    for n in range(low, high + 1):
        if n >= size:  # a short word counts once, whole
            grams.append(padded)
            break
        grams.extend(padded[i : i + n] for i in range(size - n + 1))
    return tuple(grams)


_WORD_CACHE_SIZE = 1 << 16
# 1 + ln(count), sublinear tf, for the counts a message has (a bigger count computes it)
_TF = tuple(1.0 + math.log(c) if c else 0.0 for c in range(64))
# What an n-gram met `count` times adds beyond `count` times one: the factors of its idf squared
# and of its idf * weight, the same numbers as (tf * tf - count) and (tf - count) computed inline
_SQUARE_LESS_COUNT = tuple(tf * tf - c for c, tf in enumerate(_TF))
_TF_LESS_COUNT = tuple(tf - c for c, tf in enumerate(_TF))


def _scaled(entry: tuple[float, ...], count: int) -> tuple[float, ...]:
    """A scoring entry (idf squared, then idf * weight per row) for a term met `count` times:
    the square times tf squared, each product times tf."""
    tf = _TF[count] if count < 64 else 1.0 + math.log(count)
    return (tf * tf * entry[0], *map(mul, repeat(tf), entry[1:]))


# bytes.translate's table for _more_than_once: 1 for a count above one, else 0
_MORE_THAN_ONCE = bytes([0, 0] + [1] * 254)


def _more_than_once(counts: Collection[int]) -> Iterable[int]:
    """For compress(): whether each count is above one. In C by one bytes.translate while every
    count fits in a byte (a call to gt per count cost more than the rest of the scan)."""
    try:
        return bytes(counts).translate(_MORE_THAN_ONCE)
    except ValueError:  # a count of 256 or more
        return map(gt, counts, repeat(1))


class _Featuriser:
    """One TfidfVectorizer's vocabulary with each term's idf and weights."""

    def __init__(self, spec: dict[str, Any], rows: int) -> None:
        self.analyzer: str = spec["analyzer"]
        if self.analyzer not in ("word", "char_wb"):
            raise ValueError(f"unsupported analyzer {self.analyzer!r}")
        low, high = spec["ngram_range"]
        self.low, self.high = int(low), int(high)
        self.lowercase = bool(spec.get("lowercase", True))
        pattern = spec.get("token_pattern") or _WORD_PATTERN
        self.token_rx = re.compile(_FASTER_PATTERNS.get(pattern, pattern))
        terms, idf, weights = spec["terms"], spec["idf"], spec["weights"]
        if not len(terms) == len(idf) == len(weights):
            raise ValueError("terms, idf and weights differ in length")
        if any(len(w) != rows for w in weights):
            raise ValueError("a term has the wrong number of weights")
        # term -> (idf, weight per row), for explain()
        self.vocabulary: dict[str, tuple[float, ...]] = {
            t: (float(i), *map(float, w)) for t, i, w in zip(terms, idf, weights, strict=True)
        }
        # For scoring, one dict lookup per n-gram: term -> (idf squared, then idf * weight for each
        # row). A text's score is sum(tf * idf * w) / sqrt(sum((tf * idf) ** 2)) plus the intercept:
        # with the square first, one column sum per place gives the norm's square and every row.
        self.scoring: dict[str, tuple[float, ...]] = {
            t: (e[0] * e[0], *(e[0] * w for w in e[1:])) for t, e in self.vocabulary.items()
        }
        self.binary: dict[str, tuple[float, ...]] = self.scoring if rows == 1 else {}
        # char_wb, binary: word -> (sum of idf squared, sum of idf * weight, its n-grams)
        self._word_sums: dict[str, tuple[float, float, tuple[str, ...]]] = {}

    def same_vectoriser(self, other: _Featuriser) -> bool:
        """Whether `other` makes the same features of every text (the same n-grams, terms and
        idf): then one pass can score both models' rows."""
        return (
            (self.analyzer, self.low, self.high, self.lowercase, self.token_rx.pattern)
            == (other.analyzer, other.low, other.high, other.lowercase, other.token_rx.pattern)
            and self.vocabulary.keys() == other.vocabulary.keys()
            and all(e[0] == other.vocabulary[t][0] for t, e in self.vocabulary.items())
        )

    def joined(self, others: Sequence[_Featuriser]) -> _Featuriser:
        """This featuriser scoring its rows and then each of `others`' (same_vectoriser) in one
        pass: a term's entry holds every row's idf * weight, so each row's column of products,
        and so its sum, is what the featuriser of its own model adds up."""
        joint = copy.copy(self)
        joint.scoring = {
            t: tuple(chain(e, *(o.scoring[t][1:] for o in others))) for t, e in self.scoring.items()
        }
        joint.vocabulary, joint.binary, joint._word_sums = {}, {}, {}  # only scoring is read
        return joint

    def grams(self, text: str) -> list[str]:
        if self.lowercase:
            text = text.lower()
        if self.analyzer == "word":
            return _word_grams(self._tokens(text), self.low, self.high)
        grams: list[str] = []
        for word in text.split():
            grams.extend(_char_wb_grams(word, self.low, self.high))
        return grams

    def add_scores(self, text: str, scores: list[float]) -> None:
        """Add this featuriser's part of each row's decision score to `scores`."""
        if len(scores) == 1:
            scores[0] += self._binary_score(text)
            return
        # Each column of the terms' entries (the idf squares, then each row's products) is added up
        # by sum() in C, in the order the terms were first met; a term met once has tf 1, so its
        # entry is taken as it is.
        entries = self._entries(self.grams(text))
        if not entries:
            return
        squares, *sums = map(sum, zip(*entries, strict=True))
        if squares:
            norm = math.sqrt(squares)
            scores[:] = list(map(add, scores, map(truediv, sums, repeat(norm))))

    def _entries(self, grams: list[str]) -> list[tuple[float, ...]]:
        """The scoring entries of the known terms among `grams`, in the order first met, each
        scaled by its tf. Looked up and filtered in C; only the terms met more than once (few)
        are scaled in a Python loop, where one loop over every term cost more."""
        counts = Counter(grams)
        found = list(map(self.scoring.get, counts))
        if len(counts) < len(grams):
            values = list(counts.values())
            for i in compress(range(len(values)), _more_than_once(values)):
                if (entry := found[i]) is not None:
                    found[i] = _scaled(entry, values[i])
        return list(filter(None, found))  # an entry is a non-empty tuple, a miss None

    def _binary_score(self, text: str) -> float:
        """add_scores for one row, without the per-row loops (the safety screen's hot path)."""
        if self.analyzer == "char_wb":
            return self._binary_char_score(text)
        scoring = self.binary
        squares = total = 0.0
        counts = Counter(self.grams(text))
        for count, entry in zip(counts.values(), map(scoring.get, counts), strict=True):
            if entry is not None:
                if count == 1:
                    squares += entry[0]
                    total += entry[1]
                else:
                    tf = _TF[count] if count < 64 else 1.0 + math.log(count)
                    squares += tf * tf * entry[0]
                    total += tf * entry[1]
        return total / math.sqrt(squares) if squares else 0.0

    def _tokens(self, text: str) -> list[str]:
        """token_rx.findall(text), for ASCII text and the usual pattern without the regex, which
        tests each character for a Unicode word character."""
        if self.token_rx.pattern == _TOKENS and text.isascii():
            return _ascii_tokens(text)
        return self.token_rx.findall(text)

    def _binary_char_score(self, text: str) -> float:
        """_binary_score for char n-grams, from each word's sums (cached: most words of a message
        were in earlier ones) as if every n-gram occurred once, then corrected for the n-grams
        that occur more than once in the text (their tf is 1 + ln(count), not count)."""
        if self.lowercase:
            text = text.lower()
        scoring, cache = self.binary, self._word_sums
        squares = total = 0.0
        grams: list[str] = []
        for word in text.split():
            known = cache.get(word)
            if known is None:
                word_grams = _char_wb_grams(word, self.low, self.high)
                entries = [e for e in map(scoring.get, word_grams) if e is not None]
                known = (sum(e[0] for e in entries), sum(e[1] for e in entries), word_grams)
                if len(cache) >= _WORD_CACHE_SIZE:
                    cache.clear()
                cache[word] = known
            squares += known[0]
            total += known[1]
            grams += known[2]
        counts = Counter(grams)
        if len(counts) < len(grams):
            # only the n-grams met more than once, in the order they were first met; the
            # corrections come from tables below 64 (the same numbers as computed inline)
            for term in compress(counts, _more_than_once(counts.values())):
                if (entry := scoring.get(term)) is not None:
                    count = counts[term]
                    if count < 64:
                        squares += _SQUARE_LESS_COUNT[count] * entry[0]
                        total += _TF_LESS_COUNT[count] * entry[1]
                    else:
                        tf = 1.0 + math.log(count)
                        squares += (tf * tf - count) * entry[0]
                        total += (tf - count) * entry[1]
        return total / math.sqrt(squares) if squares > 0 else 0.0

    def share_out(self, text: str, row: int, by_word: dict[str, float]) -> None:
        """Add each word's share of this featuriser's part of `row`'s score to `by_word`: each
        n-gram's contribution (its l2-normalised tf-idf value times its weight) is shared out
        equally among its occurrences, and each occurrence among the words it was made from."""
        if self.lowercase:
            text = text.lower()
        counts = Counter(self.grams(text))
        values: dict[str, float] = {}
        squares = 0.0
        for term, count in counts.items():
            entry = self.vocabulary.get(term)
            if entry is not None:
                value = (1.0 + math.log(count)) * entry[0]
                squares += value * value
                values[term] = value * entry[1 + row] / count
        if not values:
            return
        norm = math.sqrt(squares)
        if self.analyzer == "word":
            tokens = self.token_rx.findall(text)
            for n in range(self.low, self.high + 1):
                for i in range(len(tokens) - n + 1):
                    words = tokens[i : i + n]
                    if (share := values.get(" ".join(words))) is not None:
                        for word in words:
                            by_word[word] = by_word.get(word, 0.0) + share / norm / n
            return
        for whole in text.split():
            words = _WORD_RX.findall(whole) or [whole]
            for gram in _char_wb_grams(whole, self.low, self.high):
                if (share := values.get(gram)) is not None:
                    for word in words:
                        by_word[word] = by_word.get(word, 0.0) + share / norm / len(words)


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


class LinearModel:
    """A trained linear text model: scores, probabilities, labels and the words behind them."""

    def __init__(self, document: dict[str, Any], version: str) -> None:
        if document.get("format") != FORMAT:
            raise ValueError(f"unknown model format {document.get('format')!r}")
        task = document["task"]
        if task not in _TASKS:
            raise ValueError(f"unknown task {task!r}")
        self.task: Task = task
        self.name: str = document["name"]
        self.classes: tuple[str, ...] = tuple(document["classes"])
        self.intercepts: tuple[float, ...] = tuple(map(float, document["intercepts"]))
        rows = len(self.intercepts)
        if rows != (1 if task == "binary" else len(self.classes)):
            raise ValueError("intercepts do not match the classes")
        self.featurisers = [_Featuriser(spec, rows) for spec in document["featurisers"]]
        self.meta: dict[str, Any] = dict(document.get("meta") or {})
        self.version = version

    def decision(self, text: str) -> tuple[float, ...]:
        """Raw scores, one per row of weights (binary: one), as sklearn's decision_function."""
        scores = list(self.intercepts)
        for featuriser in self.featurisers:
            featuriser.add_scores(text, scores)
        return tuple(scores)

    def probabilities(self, text: str) -> tuple[float, ...]:
        """Binary and multilabel: each row's sigmoid; multiclass: softmax over the classes."""
        return self.probabilities_of(self.decision(text))

    def probabilities_of(self, scores: tuple[float, ...]) -> tuple[float, ...]:
        """probabilities() from scores decision() (or decisions()) gave."""
        if self.task != "multiclass":
            return tuple(map(_sigmoid, scores))
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return tuple(e / total for e in exps)

    def threshold(self, label: str) -> float:
        """A binary or multilabel class's probability threshold (meta "thresholds"), else 0.5."""
        thresholds = self.meta.get("thresholds") or {}
        return float(thresholds.get(label, 0.5))

    def labels(self, text: str) -> tuple[str, ...]:
        """Multiclass: the most likely class. Otherwise every class at or over its threshold."""
        probabilities = self.probabilities(text)
        if self.task == "multiclass":
            best = max(range(len(probabilities)), key=probabilities.__getitem__)
            return (self.classes[best],)
        return tuple(
            c for c, p in zip(self.classes, probabilities, strict=True) if p >= self.threshold(c)
        )

    def explain(
        self, text: str, label: str | None = None, top: int = 3
    ) -> tuple[Contribution, ...]:
        """The words of `text` that pushed hardest towards `label` (default: the first class, or
        the predicted one for multiclass), strongest first; only words that pushed towards it.

        Char n-grams and word pairs are shared out among the words they were made from
        (_Featuriser.share_out); the shares of all words and the intercept add up to the score.
        """
        if label is None:
            label = self.labels(text)[0] if self.task == "multiclass" else self.classes[0]
        row = 0 if self.task == "binary" else self.classes.index(label)
        by_word: dict[str, float] = {}
        for featuriser in self.featurisers:
            featuriser.share_out(text, row, by_word)
        if self.task == "binary" and label != self.classes[0]:
            by_word = {w: -s for w, s in by_word.items()}
        ranked = sorted(by_word.items(), key=lambda item: (-item[1], item[0]))
        return tuple(Contribution(w, s) for w, s in ranked[:top] if s > 0)


@lru_cache(maxsize=8)
def _joined(models: tuple[LinearModel, ...]) -> _Featuriser | None:
    """One featuriser scoring every row of `models`, or None unless each model has one
    featuriser and all make the same features."""
    if len(models) < 2 or any(len(m.featurisers) != 1 for m in models):
        return None
    first, *others = (m.featurisers[0] for m in models)
    if not all(first.same_vectoriser(o) for o in others):
        return None
    return first.joined(others)


def decisions(models: Sequence[LinearModel], text: str) -> tuple[tuple[float, ...], ...]:
    """Each model's decision(text), the same numbers to the last bit, in one pass when they
    read the same features (sentiment and themes share their vocabulary): one tokenising, one
    count and one look-up per n-gram for all of them instead of one per model."""
    joint = _joined(tuple(models))
    if joint is None:
        return tuple(m.decision(text) for m in models)
    scores = [s for m in models for s in m.intercepts]
    joint.add_scores(text, scores)
    out: list[tuple[float, ...]] = []
    for m in models:
        out.append(tuple(scores[: len(m.intercepts)]))
        del scores[: len(m.intercepts)]
    return tuple(out)


def model_path(name: str) -> Path:
    """Where a model shipped with the package lives."""
    return MODELS / f"{name}.json.gz"


def file_version(path: Path) -> str:
    """A model's version: its name and a hash of the file's bytes (any retraining changes it)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:_VERSION_LENGTH]
    return f"{path.name.removesuffix('.json.gz')}-{digest}"


def load_path(path: Path) -> LinearModel:
    """Read a model file (gzipped JSON)."""
    data = path.read_bytes()
    document = json.loads(gzip.decompress(data).decode("utf-8"))
    return LinearModel(document, file_version(path))


@cache
def load(name: str) -> LinearModel:
    """A model shipped in analysis/text/models, read once per process."""
    return load_path(model_path(name))
