"""Accuracy of the sentiment and theme analysers on the hand-labelled feedback sets.

Prints, for each file: sentiment accuracy and macro-F1 for plain textblob (polarity > 0.1
positive, < -0.1 negative, else neutral; it never says "mixed") and for analysis.text.sentiment;
theme micro-F1 and per-theme precision / recall / F1 for analysis.text.themes.

    .venv/bin/python bench/analysis_accuracy.py [FILE.jsonl ...]

Figures only: this is not a test. feedback_labelled.jsonl was used to tune the rules;
feedback_heldout.jsonl was not.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from textblob import TextBlob

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.text.sentiment import SENTIMENT_VERSION, score_sentiment  # noqa: E402
from analysis.text.themes import THEMES, THEMES_VERSION, find_themes  # noqa: E402

DATA = ROOT / "tests" / "analysis" / "data"
LABELS = ("positive", "negative", "neutral", "mixed")


def load(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def textblob_label(text: str) -> str:
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


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)


def sentiment_figures(rows: list[dict[str, object]]) -> dict[str, float]:
    gold = [str(r["label"]) for r in rows]
    base = [textblob_label(str(r["text"])) for r in rows]
    ours = [score_sentiment(str(r["text"]), str(r["lang"])).label for r in rows]
    return {
        "textblob_acc": accuracy(gold, base),
        "textblob_macro_f1": macro_f1(gold, base),
        "ours_acc": accuracy(gold, ours),
        "ours_macro_f1": macro_f1(gold, ours),
    }


def theme_figures(
    rows: list[dict[str, object]],
) -> tuple[float, float, float, dict[str, tuple[int, float, float, float]]]:
    counts = {t.id: [0, 0, 0] for t in THEMES}
    for r in rows:
        gold = set(r["themes"])  # type: ignore[call-overload]
        pred = set(find_themes(str(r["text"]), str(r["lang"])))
        for t in pred & gold:
            counts[t][0] += 1
        for t in pred - gold:
            counts[t][1] += 1
        for t in gold - pred:
            counts[t][2] += 1
    tp = sum(c[0] for c in counts.values())
    fp = sum(c[1] for c in counts.values())
    fn = sum(c[2] for c in counts.values())
    p, r, f = prf(tp, fp, fn)
    per = {k: (c[0] + c[2], *prf(*c)) for k, c in counts.items()}
    return p, r, f, per


def report(path: Path) -> None:
    rows = load(path)
    n_ar = sum(1 for r in rows if r["lang"] == "ar")
    print(f"\n== {path.name}: {len(rows)} comments ({n_ar} Arabic)")
    for subset_name, subset in (("all", rows), ("en", [r for r in rows if r["lang"] == "en"])):
        s = sentiment_figures(subset)
        print(
            f"sentiment [{subset_name:>3}]  textblob acc {s['textblob_acc']:.3f} "
            f"macro-F1 {s['textblob_macro_f1']:.3f}   |   ours acc {s['ours_acc']:.3f} "
            f"macro-F1 {s['ours_macro_f1']:.3f}   (gain {s['ours_macro_f1'] - s['textblob_macro_f1']:+.3f})"
        )
    p, r, f, per = theme_figures(rows)
    print(f"themes micro  P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    print(f"  {'theme':<20} {'gold':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for tid, (support, tp, tr, tf) in per.items():
        print(f"  {tid:<20} {support:>4} {tp:>6.2f} {tr:>6.2f} {tf:>6.2f}")


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
