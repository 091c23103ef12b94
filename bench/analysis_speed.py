"""Comments per second on one core: analyse_text and each of its parts.

    .venv/bin/python bench/analysis_speed.py [--rounds N]

The corpus is the labelled and held-out feedback sets (about 300 comments, English and
Arabic), then the same English comments joined four at a time into longer answers (about 160
characters), where per-word costs show. The sentence-tagging cache in analysis.text.tagging is
cleared before every round, so within a round each comment is tagged cold, as it would be in
production where comments are distinct. Plain textblob sentiment is shown for reference.

Two figures per line: CPU time of the fastest round (time.process_time, what the code costs;
steady when other work shares the machine) and wall-clock time over all rounds. Figures only:
not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from textblob import TextBlob

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.text import tagging  # noqa: E402
from analysis.text.sentiment import score_sentiment  # noqa: E402
from analysis.text.themes import find_themes  # noqa: E402

DATA = ROOT / "tests" / "analysis" / "data"


def corpus() -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for name in ("feedback_labelled.jsonl", "feedback_heldout.jsonl"):
        with (DATA / name).open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    r = json.loads(line)
                    rows.append((r["text"], r["lang"]))
    return rows


def rate(
    fn: Callable[[str, str], object], rows: list[tuple[str, str]], rounds: int
) -> tuple[float, float]:
    """(comments/s by CPU time of the fastest round, comments/s by wall-clock time overall)."""
    fn(*rows[0])  # warm imports and compiled patterns
    best_cpu = float("inf")
    wall = 0.0
    for _ in range(rounds):
        tagging._tag_sentence.cache_clear()
        c0, t0 = time.process_time(), time.perf_counter()
        for t, lang in rows:
            fn(t, lang)
        wall += time.perf_counter() - t0
        best_cpu = min(best_cpu, time.process_time() - c0)
    return len(rows) / best_cpu, rounds * len(rows) / wall


def report(
    parts: list[tuple[str, Callable[[str, str], object]]], rows: list[tuple[str, str]], rounds: int
) -> None:
    print(f"  {'':<32} {'CPU comments/s':>15} {'ms each':>8} {'wall comments/s':>16}")
    for name, fn in parts:
        cpu, wall = rate(fn, rows, rounds)
        print(f"  {name:<32} {cpu:>15,.0f} {1000 / cpu:>8.3f} {wall:>16,.0f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    rows = corpus()
    parts: list[tuple[str, Callable[[str, str], object]]] = [
        ("plain textblob .sentiment", lambda t, _l: TextBlob(t).sentiment),
        ("score_sentiment", score_sentiment),
        ("find_themes", find_themes),
        ("noun_phrases (every comment)", lambda t, _l: tagging.noun_phrases(t)),
    ]
    try:
        from analysis.text.pipeline import analyse_text
        from analysis.text.safety import screen_text

        parts.insert(1, ("screen_text (safety)", screen_text))
        parts.append(("analyse_text (whole pipeline)", analyse_text))
    except ImportError as exc:  # safety is written by another engineer
        print(f"(pipeline not measured: {exc})")
    mean_len = sum(len(t) for t, _ in rows) / len(rows)
    print(f"{len(rows)} comments (mean {mean_len:.0f} chars) x {args.rounds} rounds, one core")
    report(parts, rows, args.rounds)
    # Longer answers: four English comments joined into one paragraph.
    en = [t for t, lang in rows if lang == "en"]
    long_rows = [(". ".join(en[i : i + 4]), "en") for i in range(0, len(en) - 3, 4)]
    mean_len = sum(len(t) for t, _ in long_rows) / len(long_rows)
    print(f"{len(long_rows)} longer comments (mean {mean_len:.0f} chars)")
    report(parts, long_rows, args.rounds)


if __name__ == "__main__":
    main()
