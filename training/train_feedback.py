"""Train the feedback models: `python -m training.train_feedback` (needs the `train` extra).

Data: the English comments in training/data/feedback/*.jsonl (text, label, themes), each text
once. Writes analysis/text/models/sentiment.json.gz (four labels, multinomial logistic
regression) and themes.json.gz (one logistic regression per theme), each with the settings that
combine it with the rules (``combine`` in meta), and prints the cross-validated figures.

The combination settings are chosen by code, not by a person: the grids below are scored by
leave-one-file-out cross-validation (each training file was written by a different person, so a
held-out file is the nearest thing to a new writer), and `choose` takes the first setting in grid
order within one standard error of the best (paired by file). Out-of-fold predictions only,
never a blind set. `--check` prints the figures and writes nothing; `--grid` also prints every
setting compared.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from sklearn.model_selection import KFold, StratifiedKFold

from analysis.text import sentiment, themes
from analysis.text.normalise import normalise
from bench.stats import wilson
from training.common import (
    FEEDBACK_FILES,
    ROOT,
    SEED,
    Featuriser,
    Fitted,
    Folds,
    data_fingerprint,
    file_folds,
    fit,
    load_jsonl,
    ship,
)

HELDOUT = ROOT / "tests" / "analysis" / "data" / "feedback_heldout.jsonl"  # a check, not trained on
FOLDS = 5

# Word n-grams only: character n-grams gained about 0.01 in CV but cost about 0.4 ms per
# 160-character comment in pure Python, which the 2,000 comments/s/core floor has no room for.
SENTIMENT_FEATURISERS = (Featuriser("word", (1, 2)),)
SENTIMENT_C = 10.0
# The combination settings compared by leave-one-file-out CV, those that lean most on the
# lexicon first (see `choose`).
SENTIMENT_GRID = tuple(
    {"lexicon_weight": w, "short_words": n, "lexicon_confident": c}
    for w, n, c in itertools.product((1.0, 0.75, 0.5, 0.25), (10, 8, 6, 4, 0), (0.3, 0.5))
)

THEME_FEATURISERS = (Featuriser("word", (1, 2)),)
THEME_C = 30.0
THEME_CLASS_WEIGHT = "balanced"
# A theme is found when the model gives it model_at, or the rules found it and the model gives
# it the theme's with_rule_at: 0 (the model cannot veto) where the rules' precision on the
# training data is at least trusted_at, else veto_below. The settings compared, those that lean
# most on the rules first (see `choose`):
THEME_GRID = tuple(itertools.product((0.7, 0.6, 0.5), (0.7, 1.01), (0.05, 0.1, 0.2, 0.4)))
THEME_IDS = [t.id for t in themes.THEMES]


def rows() -> list[dict[str, Any]]:
    """English training comments, the first of any text written twice (case and spaces aside),
    each with the name of the file it came from ("source")."""
    seen: set[str] = set()
    out = []
    for path in FEEDBACK_FILES:
        for r in load_jsonl([path]):
            key = " ".join(r["text"].lower().split())
            if r["lang"] != "en" or key in seen:
                continue
            seen.add(key)
            out.append({**r, "source": path.name})
    return out


def by_file(sources: Sequence[str], score: Callable[[np.ndarray], float]) -> dict[str, float]:
    """`score` of each file's rows (indices), in file-name order."""
    names = np.array(sources)
    return {s: score(np.flatnonzero(names == s)) for s in sorted(set(sources))}


def mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values)


def choose(scored: Sequence[tuple[dict[str, float], Any]]) -> tuple[dict[str, float], Any]:
    """The first setting in grid order (the grids list the settings that lean most on the lexicon
    or the rules first) that is not worse than the best by more than one standard error of their
    file-by-file differences. A smaller difference is noise between writers, and chasing it would
    trade rules a reader can check for a model's guess."""
    best_files = max(scored, key=lambda s: mean(s[0].values()))[0]
    for files, setting in scored:
        gaps = np.array([best_files[f] - files[f] for f in best_files])
        if gaps.mean() <= gaps.std(ddof=1) / np.sqrt(len(gaps)) + 1e-9:
            return files, setting
    raise AssertionError("unreachable: the best setting is within its own error")


def model_meta(
    chosen: dict[str, Any], kfold: dict[str, Any], by_writer: dict[str, Any], mean_over_files: float
) -> dict[str, Any]:
    """What a feedback model file records beside its weights: the chosen settings, the data's
    fingerprint and the figures they were chosen by."""
    return {
        "combine": chosen,
        "data": data_fingerprint(FEEDBACK_FILES),
        "cv": {
            "folds": FOLDS,
            **kfold,
            "leave_one_file_out": {**by_writer, "mean_over_files": mean_over_files},
        },
        "preprocess": "analysis.text.normalise.normalise",
    }


# --- sentiment ---------------------------------------------------------------------------------


def sentiment_oof(
    texts: Sequence[str], labels: Sequence[str], folds: Folds
) -> tuple[list[str], np.ndarray]:
    """Out-of-fold class probabilities: each comment scored by a model that never saw it."""
    probabilities = np.zeros((len(texts), 4))
    classes: list[str] = []
    for train, test in folds:
        fitted = fit(
            [texts[i] for i in train],
            [labels[i] for i in train],
            SENTIMENT_FEATURISERS,
            "multiclass",
            SENTIMENT_C,
        )
        classes = fitted.classes
        scores = fitted.decision([texts[i] for i in test])
        exp = np.exp(scores - scores.max(axis=1, keepdims=True))
        probabilities[test] = exp / exp.sum(axis=1, keepdims=True)
    return classes, probabilities


def sentiment_labels(
    classes: Sequence[str],
    probabilities: np.ndarray,
    lexicon: Sequence[sentiment.SentimentResult],
    texts: Sequence[str],
    params: dict[str, float],
) -> list[str]:
    return [
        sentiment.combine(tuple(classes), tuple(map(float, p)), lex, len(t.split()), params).label
        for p, lex, t in zip(probabilities, lexicon, texts, strict=True)
    ]


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)


def sentiment_figures(
    gold: Sequence[str], pred: Sequence[str], sources: Sequence[str]
) -> tuple[float, dict[str, float]]:
    """Mean accuracy over files, and each file's."""
    files = by_file(
        sources, lambda idx: round(accuracy([gold[i] for i in idx], [pred[i] for i in idx]), 3)
    )
    return mean(files.values()), files


def print_accuracy(name: str, gold: Sequence[str], pred: Sequence[str]) -> float:
    right = sum(g == p for g, p in zip(gold, pred, strict=True))
    low, high = wilson(right, len(gold))
    print(f"  {name:<34} {right / len(gold):.3f} [{low:.3f}, {high:.3f}]")
    return right / len(gold)


def train_sentiment(data: list[dict[str, Any]], grid: bool, write: bool) -> None:
    texts = [normalise(r["text"]) for r in data]
    labels = [r["label"] for r in data]
    sources = [r["source"] for r in data]
    lexicon = [sentiment.lexicon_sentiment(r["text"], "en") for r in data]
    kfold = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    classes, oof = sentiment_oof(texts, labels, list(kfold.split(np.zeros(len(texts)), labels)))
    _, by_writer = sentiment_oof(texts, labels, file_folds(sources))

    def combined(probabilities: np.ndarray, params: dict[str, float]) -> list[str]:
        return sentiment_labels(classes, probabilities, lexicon, texts, params)

    scored = []
    for params in SENTIMENT_GRID:
        score, files = sentiment_figures(labels, combined(by_writer, params), sources)
        scored.append((files, params))
        if grid:
            print(f"  {params}  mean over files {score:.3f}  {files}")
    chosen_files, chosen = choose(scored)
    chosen_score = mean(chosen_files.values())
    print(f"sentiment: {len(data)} comments; settings chosen by leave-one-file-out CV: {chosen}")
    print(" leave-one-file-out (each file scored by a model trained on the others), pooled:")
    cv: dict[str, Any] = {
        "lexicon": print_accuracy("lexicon alone", labels, [x.label for x in lexicon]),
        "model": print_accuracy("model alone", labels, [classes[i] for i in by_writer.argmax(1)]),
        "combined": print_accuracy("combined", labels, combined(by_writer, chosen)),
    }
    print(f"  combined by file (mean {chosen_score:.3f}): {chosen_files}")
    print(f" {FOLDS}-fold CV:")
    print_accuracy("model alone", labels, [classes[i] for i in oof.argmax(axis=1)])
    kfold_combined = print_accuracy("combined", labels, combined(oof, chosen))
    if not write:
        return
    fitted = fit(texts, labels, SENTIMENT_FEATURISERS, "multiclass", SENTIMENT_C)
    meta = model_meta(chosen, {"accuracy": {"combined": kfold_combined}}, cv, chosen_score)
    ship(fitted, sentiment.MODEL, meta, texts)


# --- themes ------------------------------------------------------------------------------------


def micro(gold: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = int((gold & pred).sum())
    fp = int((~gold & pred).sum())
    fn = int((gold & ~pred).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def theme_oof(texts: Sequence[str], gold: list[set[str]], folds: Folds) -> np.ndarray:
    """Out-of-fold probabilities, one column per theme in THEME_IDS order."""
    probabilities = np.zeros((len(texts), len(THEME_IDS)))
    for train, test in folds:
        fitted = fit_themes([texts[i] for i in train], [gold[i] for i in train])
        probabilities[test] = 1.0 / (1.0 + np.exp(-fitted.decision([texts[i] for i in test])))
    return probabilities


def as_matrix(found: Sequence[Sequence[str]]) -> np.ndarray:
    return np.array([[t in set(f) for t in THEME_IDS] for f in found])


def combined_themes(
    probabilities: np.ndarray, by_rules: Sequence[Sequence[str]], params: dict[str, Any]
) -> np.ndarray:
    return as_matrix(
        [
            themes.combine(tuple(THEME_IDS), tuple(map(float, p)), r, params)
            for p, r in zip(probabilities, by_rules, strict=True)
        ]
    )


def theme_params(
    gold: np.ndarray, by_rules: np.ndarray, model_at: float, trusted_at: float, veto_below: float
) -> dict[str, Any]:
    """The combination settings: each theme's with_rule_at from its rules' precision."""
    found = by_rules.sum(axis=0)
    precision = (gold & by_rules).sum(axis=0) / np.maximum(found, 1)
    return {
        "model_at": model_at,
        "with_rule_at": {
            t: (0.0 if p >= trusted_at else veto_below)
            for t, p in zip(THEME_IDS, precision, strict=True)
        },
        "rules_precision": {
            t: round(float(p), 3) for t, p in zip(THEME_IDS, precision, strict=True)
        },
    }


def print_micro(name: str, gold: np.ndarray, pred: np.ndarray) -> float:
    p, r, f = micro(gold, pred)
    print(f"  {name:<40} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    return f


def fit_themes(texts: Sequence[str], gold_sets: list[set[str]]) -> Fitted:
    """The theme model with the shipped settings, on all of `texts`."""
    return fit(
        texts,
        gold_sets,
        THEME_FEATURISERS,
        "multilabel",
        THEME_C,
        THEME_CLASS_WEIGHT,
        classes=THEME_IDS,
    )


def held_out_themes(
    texts: Sequence[str], gold_sets: list[set[str]]
) -> tuple[np.ndarray, list[list[str]], np.ndarray]:
    """Gold, rule themes and model probabilities (trained on all the data) on HELDOUT."""
    held = [r for r in load_jsonl([HELDOUT]) if r["lang"] == "en"]
    fitted = fit_themes(texts, gold_sets)
    scores = fitted.decision([normalise(r["text"]) for r in held])
    rules = [themes.rule_themes(r["text"], "en") for r in held]
    return as_matrix([r["themes"] for r in held]), rules, 1.0 / (1.0 + np.exp(-scores))


def train_themes(data: list[dict[str, Any]], grid: bool, write: bool) -> None:
    texts = [normalise(r["text"]) for r in data]
    sources = [r["source"] for r in data]
    gold_sets = [set(r["themes"]) for r in data]
    gold = as_matrix([r["themes"] for r in data])
    by_rules = [themes.rule_themes(r["text"], "en") for r in data]
    rules = as_matrix(by_rules)
    kfold = KFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    oof = theme_oof(texts, gold_sets, list(kfold.split(np.zeros(len(texts)))))
    by_writer = theme_oof(texts, gold_sets, file_folds(sources))

    def per_file(pred: np.ndarray) -> dict[str, float]:
        return by_file(sources, lambda idx: round(micro(gold[idx], pred[idx])[2], 3))

    scored = []
    for model_at, trusted_at, veto_below in THEME_GRID:
        params = theme_params(gold, rules, model_at, trusted_at, veto_below)
        files = per_file(combined_themes(by_writer, by_rules, params))
        scored.append((files, params))
        if grid:
            name = f"model_at {model_at} trusted_at {trusted_at} veto_below {veto_below}"
            print(f"  {name}  mean over files {mean(files.values()):.3f}  {files}")
    chosen_files, chosen = choose(scored)
    chosen_score = mean(chosen_files.values())
    combined = combined_themes(by_writer, by_rules, chosen)
    print(f"themes: {len(data)} comments; settings chosen by leave-one-file-out CV:")
    print(f"    model_at {chosen['model_at']}, with_rule_at {chosen['with_rule_at']}")
    print(" leave-one-file-out, pooled micro-averaged:")
    cv = {"rules": print_micro("rules alone", gold, rules)}
    cv["model"] = print_micro("model alone (p >= 0.5)", gold, by_writer >= 0.5)
    cv["combined"] = print_micro("combined", gold, combined)
    print(f"  combined by file (mean {chosen_score:.3f}): {chosen_files}")
    for j, theme in enumerate(THEME_IDS):
        p, r, f = micro(gold[:, j], combined[:, j])
        print(f"    {theme:<20} n={int(gold[:, j].sum()):4d}  P {p:.2f}  R {r:.2f}  F1 {f:.2f}")
    print(f" {FOLDS}-fold CV:")
    kfold_combined = print_micro("combined", gold, combined_themes(oof, by_rules, chosen))
    held_gold, held_rules, held_p = held_out_themes(texts, gold_sets)
    print_micro("held-out set: rules alone", held_gold, as_matrix(held_rules))
    print_micro("held-out set: combined", held_gold, combined_themes(held_p, held_rules, chosen))
    if not write:
        return
    fitted = fit_themes(texts, gold_sets)
    meta = model_meta(chosen, {"micro_f1": {"combined": kfold_combined}}, cv, chosen_score)
    ship(fitted, themes.MODEL, meta, texts)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="CV figures only, write nothing")
    parser.add_argument("--grid", action="store_true", help="compare combination settings by CV")
    args = parser.parse_args(argv)
    data = rows()
    train_sentiment(data, args.grid, not args.check)
    train_themes(data, args.grid, not args.check)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
