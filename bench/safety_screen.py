"""Figures for the free-text safety screen: counts and rates only, never a message's text.

    .venv/bin/python bench/safety_screen.py DIR_OR_FILE [...]

A directory means every *.jsonl in it. Files named feedback*.jsonl, or whose rows have no "flag",
are ordinary feedback comments (every alert on one is a false alert); others are safety messages ("flag", and
"harm" or "category" for the breakdown, "lang" defaulting to en). Blind sets
(tests/analysis/blind/set*) are read only through this bench, which prints aggregate counts, so
nobody tuning the screen sees what it missed.

Four screens, each with recall and precision and their Wilson 95% intervals, overall and by harm:
  textblob   polarity below TEXTBLOB_BELOW: what a sentiment score alone would catch
  rules      the phrase rules and urgent words alone
  model      the learned model alone (decision score at or over its threshold)
  combined   the screen as shipped (analysis.text.safety.screen_text)
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from textblob import TextBlob

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.text.safety import (  # noqa: E402
    SAFETY_VERSION,
    THRESHOLD,
    model_score,
    rules_finding,
    screen_text,
)
from bench.stats import wilson  # noqa: E402

TEXTBLOB_BELOW = -0.1
Row = dict[str, object]
Screen = Callable[[str, str], bool]

SCREENS: dict[str, Screen] = {
    "textblob": lambda t, _lang: TextBlob(t).sentiment.polarity < TEXTBLOB_BELOW,
    "rules": lambda t, lang: rules_finding(t, lang).flag,
    "model": lambda t, _lang: model_score(t) >= THRESHOLD,
    "combined": lambda t, lang: screen_text(t, lang).flag,
}


def load(paths: list[Path]) -> tuple[list[Row], list[Row]]:
    """(safety messages, feedback comments) from files and directories of .jsonl files."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    safety: list[Row] = []
    feedback: list[Row] = []
    for file in files:
        with file.open(encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        is_feedback = file.name.startswith("feedback") or any("flag" not in r for r in rows)
        (feedback if is_feedback else safety).extend(rows)
    return safety, feedback


def _interval(k: int, n: int) -> str:
    if n == 0:
        return "      -  (0/0)"
    low, high = wilson(k, n)
    return f"{k / n:6.3f} [{low:.3f}, {high:.3f}] ({k}/{n})"


def report_safety(rows: list[Row]) -> None:
    flagged = sum(bool(r["flag"]) for r in rows)
    print(f"safety messages: {len(rows)} ({flagged} flagged)")
    group = [str(r.get("harm") or r.get("category") or "-") for r in rows]
    for name, screen in SCREENS.items():
        alerts = [screen(str(r["text"]), str(r.get("lang") or "en")) for r in rows]
        tp = sum(a and bool(r["flag"]) for a, r in zip(alerts, rows, strict=True))
        fp = sum(a and not r["flag"] for a, r in zip(alerts, rows, strict=True))
        print(f"  {name:9s} recall    {_interval(tp, flagged)}")
        print(f"  {'':9s} precision {_interval(tp, tp + fp)}")
        total, hit = Counter[tuple[bool, str]](), Counter[tuple[bool, str]]()
        for a, r, g in zip(alerts, rows, group, strict=True):
            total[(bool(r["flag"]), g)] += 1
            hit[(bool(r["flag"]), g)] += a
        for key in sorted(total, key=lambda k: (not k[0], k[1])):
            what = "recall" if key[0] else "false alerts"
            print(f"      {key[1]:26s} {what:12s} {_interval(hit[key], total[key])}")


def report_feedback(rows: list[Row]) -> None:
    print(f"ordinary feedback comments: {len(rows)} (every alert is a false alert)")
    for name, screen in SCREENS.items():
        alerts = sum(screen(str(r["text"]), str(r.get("lang") or "en")) for r in rows)
        print(f"  {name:9s} alert rate {_interval(alerts, len(rows))}")


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit(__doc__)
    for arg in argv:
        path = Path(arg).resolve()
        safety, feedback = load([path])
        print(f"== {arg}  ({SAFETY_VERSION}; textblob: polarity < {TEXTBLOB_BELOW})")
        if safety:
            report_safety(safety)
        if feedback:
            report_feedback(feedback)
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
