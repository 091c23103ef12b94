"""Figures for the free-text safety screen: recall, precision, misses, false alarms, speed.

Run: python bench/safety_screen.py [file.jsonl ...]. Prints figures only; the pass/fail
thresholds live in tests/analysis/test_safety.py.

What each data file is worth (read the figures with this in mind):
  safety_labelled.jsonl  written before the rules, then the rules were tuned on it
  safety_heldout.jsonl   blind for safety-1 (recall 0.634, precision 0.897), then tuned on
  safety_heldout2.jsonl  blind for safety-2 (recall 0.628, precision 1.000), then tuned on
  safety_heldout3.jsonl  blind for safety-3 (recall 0.681, precision 0.941), then tuned on
  safety_heldout4.jsonl  blind for safety-4 (recall 0.509, precision 0.964); never tuned on
Only the last blind file says how the current rules do on wording they have not seen.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.text.safety import CATEGORIES, SAFETY_VERSION, screen_text  # noqa: E402

DATA = ROOT / "tests" / "analysis" / "data"
DEFAULT_FILES = [
    DATA / "safety_labelled.jsonl",
    DATA / "safety_heldout.jsonl",
    DATA / "safety_heldout2.jsonl",
    DATA / "safety_heldout3.jsonl",
    DATA / "safety_heldout4.jsonl",
]


def load(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def report(path: Path) -> None:
    rows = load(path)
    tp = fp = fn = 0
    gold_by_cat: Counter[str] = Counter()
    caught_by_cat: Counter[str] = Counter()
    same_cat = 0
    misses: list[str] = []
    false_alarms: list[str] = []
    for row in rows:
        text, lang = str(row["text"]), str(row.get("lang", "en"))
        finding = screen_text(text, lang)
        gold = bool(row["flag"])
        if gold:
            cat = str(row["category"])
            gold_by_cat[cat] += 1
            if finding.flag:
                tp += 1
                caught_by_cat[cat] += 1
                same_cat += finding.category == cat
            else:
                fn += 1
                misses.append(f"[{lang}] {cat}: {text}")
        elif finding.flag:
            fp += 1
            false_alarms.append(f"[{lang}] {finding.category} {list(finding.matched)}: {text}")
    recall = tp / (tp + fn) if tp + fn else 0.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    langs = Counter(str(r.get("lang", "en")) for r in rows)
    print(f"== {path.relative_to(ROOT)}  ({SAFETY_VERSION})")
    print(f"n={len(rows)} ({dict(langs)}), flagged in gold={tp + fn}")
    print(f"recall={recall:.3f} precision={precision:.3f} F1={f1:.3f}  (tp={tp} fp={fp} fn={fn})")
    print(f"same category as gold among caught: {same_cat}/{tp}")
    print("per-category recall:")
    for cat in CATEGORIES:
        if gold_by_cat[cat]:
            print(
                f"  {cat:24s} {caught_by_cat[cat]:3d}/{gold_by_cat[cat]:<3d}"
                f" = {caught_by_cat[cat] / gold_by_cat[cat]:.3f}"
            )
    print(f"misses ({len(misses)}):")
    for line in misses:
        print("  -", line)
    print(f"false alarms ({len(false_alarms)}):")
    for line in false_alarms:
        print("  -", line)
    print()


def throughput(paths: list[Path], seconds: float = 2.0) -> None:
    """Messages per CPU-second (process time), so other work on the machine does not count."""
    texts = [(str(r["text"]), str(r.get("lang", "en"))) for p in paths for r in load(p)]
    done = 0
    wall, cpu = time.perf_counter(), time.process_time()
    while time.process_time() - cpu < seconds:
        for text, lang in texts:
            screen_text(text, lang)
        done += len(texts)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    chars = sum(len(t) for t, _ in texts) / len(texts)
    print(
        f"throughput: {done / cpu:,.0f} messages per CPU-second on one core"
        f" ({done / wall:,.0f}/s wall clock; {done} messages, mean {chars:.0f} chars)"
    )


def main(argv: list[str]) -> None:
    paths = [Path(a).resolve() for a in argv] or [p for p in DEFAULT_FILES if p.exists()]
    for path in paths:
        report(path)
    throughput(paths)


if __name__ == "__main__":
    main(sys.argv[1:])
