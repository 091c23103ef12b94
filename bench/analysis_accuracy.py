"""Accuracy of the sentiment and theme analysers on hand-labelled feedback sets.

    .venv/bin/python bench/analysis_accuracy.py [FILE.jsonl | SET_DIR ...]

For each file (a directory means its feedback.jsonl), prints aggregate figures only, never a
comment: sentiment accuracy with a Wilson 95% interval and macro-F1 for plain textblob (polarity
> 0.1 positive, < -0.1 negative, else neutral; it never says "mixed"), the lexicon alone
(``lexicon_sentiment``) and the combined analyser (``score_sentiment``: lexicon and model);
theme micro precision / recall / F1, with Wilson 95% intervals on precision and recall and a
bootstrap 95% interval on F1, for the rules alone (``rule_themes``) and the combined analyser
(``find_themes``: rules and model), and per-theme precision / recall / F1 for both.

Figures only: this is not a test. feedback_labelled.jsonl was used to tune the rules;
feedback_heldout.jsonl was not. Neither was used to train the models (training/data/feedback).
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from textblob import TextBlob

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.text.sentiment import (  # noqa: E402
    SENTIMENT_VERSION,
    lexicon_sentiment,
    score_sentiment,
)
from analysis.text.themes import THEMES, THEMES_VERSION, find_themes, rule_themes  # noqa: E402
from bench.stats import wilson  # noqa: E402

DATA = ROOT / "tests" / "analysis" / "data"
LABELS = ("positive", "negative", "neutral", "mixed")
BOOTSTRAP = 2000
SEED = 17


def load(path: Path) -> list[dict[str, object]]:
    if path.is_dir():
        path = path / "feedback.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def textblob_label(text: str, _lang: str) -> str:
    p = float(TextBlob(text).sentiment.polarity)
    return "positive" if p > 0.1 else "negative" if p < -0.1 else "neutral"


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Mean F1 over the four labels (a label never predicted scores 0 for that label)."""
    scores = []
    for lab in LABELS:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred, strict=True))
        scores.append(prf(tp, fp, fn)[2])
    return sum(scores) / len(scores)


def interval(lo_hi: tuple[float, float]) -> str:
    return f"[{lo_hi[0]:.3f}, {lo_hi[1]:.3f}]"


def sentiment_report(rows: list[dict[str, object]], name: str) -> None:
    gold = [str(r["label"]) for r in rows]
    analysers: list[tuple[str, Callable[[str, str], str]]] = [
        ("plain textblob", textblob_label),
        ("lexicon alone", lambda t, lang: lexicon_sentiment(t, lang).label),
        ("lexicon + model", lambda t, lang: score_sentiment(t, lang).label),
    ]
    for label, analyse in analysers:
        pred = [analyse(str(r["text"]), str(r["lang"])) for r in rows]
        k = sum(g == p for g, p in zip(gold, pred, strict=True))
        print(
            f"  sentiment [{name:>3}] {label:<16} accuracy {k / len(rows):.3f} "
            f"{interval(wilson(k, len(rows)))} ({k}/{len(rows)})  "
            f"macro-F1 {macro_f1(gold, pred):.3f}"
        )


Counts = list[tuple[int, int, int]]  # per comment: (tp, fp, fn)


def theme_counts(
    rows: list[dict[str, object]], analyse: Callable[[str, str], list[str]]
) -> tuple[Counts, dict[str, list[int]]]:
    per_comment: Counts = []
    per_theme = {t.id: [0, 0, 0] for t in THEMES}
    for r in rows:
        gold = set(r["themes"])  # type: ignore[call-overload]
        pred = set(analyse(str(r["text"]), str(r["lang"])))
        for t in pred & gold:
            per_theme[t][0] += 1
        for t in pred - gold:
            per_theme[t][1] += 1
        for t in gold - pred:
            per_theme[t][2] += 1
        per_comment.append((len(pred & gold), len(pred - gold), len(gold - pred)))
    return per_comment, per_theme


def bootstrap_f1(per_comment: Counts) -> tuple[float, float]:
    """95% percentile interval of micro-F1 over comments resampled with replacement."""
    rng = random.Random(SEED)
    n = len(per_comment)
    scores = []
    for _ in range(BOOTSTRAP):
        sample = [per_comment[rng.randrange(n)] for _ in range(n)]
        scores.append(prf(*(sum(c[i] for c in sample) for i in range(3)))[2])
    scores.sort()
    return scores[int(0.025 * BOOTSTRAP)], scores[int(0.975 * BOOTSTRAP) - 1]


def theme_report(rows: list[dict[str, object]]) -> None:
    tables = []
    for label, analyse in (("rules alone", rule_themes), ("rules + model", find_themes)):
        per_comment, per_theme = theme_counts(rows, analyse)
        tp, fp, fn = (sum(c[i] for c in per_comment) for i in range(3))
        p, r, f = prf(tp, fp, fn)
        print(
            f"  themes {label:<14} micro P {p:.3f} {interval(wilson(tp, tp + fp))}  "
            f"R {r:.3f} {interval(wilson(tp, tp + fn))}  "
            f"F1 {f:.3f} {interval(bootstrap_f1(per_comment))}"
        )
        tables.append(per_theme)
    print(f"    {'theme':<20} {'gold':>4}   {'rules P/R/F1':>17}   {'combined P/R/F1':>17}")
    for theme in THEMES:
        rules, combined = (table[theme.id] for table in tables)
        support = rules[0] + rules[2]
        cells = ["/".join(f"{x:.2f}" for x in prf(*counts)) for counts in (rules, combined)]
        print(f"    {theme.id:<20} {support:>4}   {cells[0]:>17}   {cells[1]:>17}")


def report(path: Path) -> None:
    rows = load(path)
    english = [r for r in rows if r["lang"] == "en"]
    print(f"\n== {path}: {len(rows)} comments ({len(rows) - len(english)} not English)")
    sentiment_report(rows, "all")
    if english and len(english) != len(rows):
        sentiment_report(english, "en")
    theme_report(rows)


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv] or [
        DATA / "feedback_labelled.jsonl",
        DATA / "feedback_heldout.jsonl",
    ]
    print(f"sentiment {SENTIMENT_VERSION}, themes {THEMES_VERSION}")
    for path in paths:
        report(path)


if __name__ == "__main__":
    main(sys.argv[1:])
