"""Shared training steps: read labelled jsonl, fit TF-IDF + logistic regression, export, check.

Needs the `train` extra (scikit-learn). Everything is seeded and single-threaded, so the same
data and parameters give the same model file byte for byte. The exported file is read at run
time by analysis.text.linear_model, in pure Python; `parity` proves the two agree.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from analysis.text.linear_model import FORMAT, load_path, model_path

__all__ = [
    "FEEDBACK_FILES",
    "ROOT",
    "SEED",
    "Featuriser",
    "Fitted",
    "Folds",
    "data_fingerprint",
    "export",
    "file_folds",
    "fit",
    "load_jsonl",
    "parity",
    "ship",
]

ROOT = Path(__file__).resolve().parent.parent
SEED = 17
# Ordinary feedback comments: the feedback models learn from them, and the safety model learns
# from them what must not page anyone.
FEEDBACK_FILES = sorted((ROOT / "training" / "data" / "feedback").glob("*.jsonl"))
PARITY_TOLERANCE = 1e-6
SIGNIFICANT_DIGITS = 9  # weights are rounded to this in the file: far below PARITY_TOLERANCE


Folds = list[tuple[np.ndarray, np.ndarray]]


def file_folds(files: Sequence[str]) -> Folds:
    """Leave one file out, each row named by its file: train on the other files' rows, score the
    file's (in file-name order). Each file is one writer's, so a held-out file is the nearest
    thing to a writer the model never read."""
    names = np.array(files)
    return [(np.flatnonzero(names != f), np.flatnonzero(names == f)) for f in sorted(set(files))]


def load_jsonl(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Every row of every file, in file order then line order."""
    rows: list[dict[str, Any]] = []
    for path in paths:
        with path.open(encoding="utf-8") as f:
            rows.extend(json.loads(line) for line in f if line.strip())
    return rows


def data_fingerprint(paths: Iterable[Path]) -> str:
    """A hash of the training files' bytes, recorded in the model's meta."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class Featuriser:
    """One TfidfVectorizer's settings (sublinear tf and l2 norm always, as the runtime assumes)."""

    analyzer: str  # "word" or "char_wb"
    ngram_range: tuple[int, int]
    min_df: int = 1
    max_features: int | None = None

    def vectorizer(self) -> TfidfVectorizer:
        return TfidfVectorizer(
            analyzer=self.analyzer,
            ngram_range=self.ngram_range,
            min_df=self.min_df,
            max_features=self.max_features,
            sublinear_tf=True,
            norm="l2",
            lowercase=True,
            dtype=np.float64,
        )


@dataclass
class Fitted:
    """Fitted vectorizers and one weight row per class (binary: one row)."""

    vectorizers: list[TfidfVectorizer]
    coef: np.ndarray  # shape (rows, features)
    intercepts: np.ndarray  # shape (rows,)
    classes: list[str]
    task: str
    params: dict[str, Any] = field(default_factory=dict)

    def features(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return sparse.hstack([v.transform(texts) for v in self.vectorizers]).tocsr()

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        """sklearn's scores, shape (len(texts), rows)."""
        x = self.features(texts)
        scores: np.ndarray = np.asarray(x @ self.coef.T) + self.intercepts
        return scores


def _logistic(c: float, class_weight: str | dict[Any, float] | None) -> LogisticRegression:
    return LogisticRegression(
        C=c, class_weight=class_weight, max_iter=5000, solver="liblinear", random_state=SEED
    )


def fit(
    texts: Sequence[str],
    labels: Sequence[Any] | np.ndarray,
    featurisers: Sequence[Featuriser],
    task: str,
    c: float = 10.0,
    class_weight: str | dict[Any, float] | None = None,
    classes: Sequence[str] | None = None,
) -> Fitted:
    """Fit the featurisers and a logistic regression.

    binary: labels are bools, the class is `classes[0]`; multiclass: labels are class names;
    multilabel: labels are sets of class names, one binary model per class (one-vs-rest).
    """
    vectorizers = [f.vectorizer() for f in featurisers]
    x = sparse.hstack([v.fit_transform(texts) for v in vectorizers]).tocsr()
    params = {
        "featurisers": [vars(f) for f in featurisers],
        "C": c,
        "class_weight": class_weight,
        "solver": "liblinear",
        "seed": SEED,
    }
    if task == "binary":
        y = np.array([bool(v) for v in labels])
        model = _logistic(c, class_weight).fit(x, y)
        names = list(classes or ["positive"])
        return Fitted(vectorizers, model.coef_, model.intercept_, names[:1], task, params)
    if task == "multiclass":
        model = LogisticRegression(
            C=c, class_weight=class_weight, max_iter=5000, solver="lbfgs", random_state=SEED
        ).fit(x, np.array(list(labels)))
        params["solver"] = "lbfgs"
        names = [str(c_) for c_ in model.classes_]
        if len(names) == 2:  # sklearn keeps one row for two classes: make it two
            coef = np.vstack([-model.coef_[0] / 2, model.coef_[0] / 2])
            intercepts = np.array([-model.intercept_[0] / 2, model.intercept_[0] / 2])
            return Fitted(vectorizers, coef, intercepts, names, task, params)
        return Fitted(vectorizers, model.coef_, model.intercept_, names, task, params)
    if task == "multilabel":
        names = list(classes or sorted({c_ for ls in labels for c_ in ls}))
        rows: list[np.ndarray] = []
        biases: list[float] = []
        for name in names:
            y = np.array([name in ls for ls in labels])
            model = _logistic(c, class_weight).fit(x, y)
            rows.append(model.coef_[0])
            biases.append(model.intercept_[0])
        return Fitted(vectorizers, np.vstack(rows), np.array(biases), names, task, params)
    raise ValueError(f"unknown task {task!r}")


def _round(x: float) -> float:
    return float(f"{x:.{SIGNIFICANT_DIGITS}g}")


def export(fitted: Fitted, name: str, path: Path, meta: dict[str, Any]) -> None:
    """Write the model file: sorted JSON, gzip without a timestamp (same bytes every run).

    Every term is kept, even one with zero weight: its idf still counts in the l2 norm."""
    specs = []
    offset = 0
    for vectorizer in fitted.vectorizers:
        vocabulary: dict[str, int] = vectorizer.vocabulary_
        terms = sorted(vocabulary, key=vocabulary.__getitem__)
        idf = vectorizer.idf_
        spec: dict[str, Any] = {
            "analyzer": vectorizer.analyzer,
            "ngram_range": list(vectorizer.ngram_range),
            "lowercase": vectorizer.lowercase,
            "terms": terms,
            "idf": [_round(float(idf[vocabulary[t]])) for t in terms],
            "weights": [
                [_round(float(w)) for w in fitted.coef[:, offset + vocabulary[t]]] for t in terms
            ],
        }
        if vectorizer.analyzer == "word":
            spec["token_pattern"] = vectorizer.token_pattern
        specs.append(spec)
        offset += len(terms)
    document = {
        "format": FORMAT,
        "name": name,
        "task": fitted.task,
        "classes": fitted.classes,
        "intercepts": [_round(float(b)) for b in fitted.intercepts],
        "featurisers": specs,
        "meta": {**meta, "training": fitted.params},
    }
    raw = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(raw.encode("utf-8"), compresslevel=9, mtime=0))


def parity(path: Path, fitted: Fitted, texts: Sequence[str]) -> float:
    """Largest difference between the pure-Python scores from the file and sklearn's.

    Raises if it is over PARITY_TOLERANCE: the shipped model must be the model measured."""
    model = load_path(path)
    expected = fitted.decision(texts)
    worst = 0.0
    for text, row in zip(texts, expected, strict=True):
        got = model.decision(text)
        worst = max(worst, *(abs(g - float(e)) for g, e in zip(got, row, strict=True)))
    if worst > PARITY_TOLERANCE:
        raise AssertionError(f"pure-Python scores differ from sklearn's by {worst:.3g}")
    return worst


def ship(fitted: Fitted, name: str, meta: dict[str, Any], texts: Sequence[str]) -> None:
    """Write a model into the package, check its scores against sklearn's, and say so."""
    path = model_path(name)
    export(fitted, name, path, meta)
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes); parity", end=" ")
    print(f"{parity(path, fitted, texts):.2g}")
