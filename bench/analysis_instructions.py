"""Machine instructions per comment of the analysis pipeline and its parts, under callgrind.

    .venv/bin/python bench/analysis_instructions.py [PART ...]

PART is one or more of: pipeline (analyse_text), safety (screen_text), joint (the sentiment and
themes models' one pass), lexicon (the English sentiment lexicon), sentiment (score_modelled:
score_sentiment given the model's scores), themes (find_modelled_themes), char (the safety
model's char n-grams, with the screen's normal form) or short (analyse_text on the short
comments); default pipeline. Each part runs in its own process under valgrind's callgrind (the
valgrind package), counting only two rounds over the comments of bench/analysis_speed.py, after
two rounds that warm every cache. Instructions do not change with the host's load or clock the
way CPU time does, so a change of a few per cent shows; analysis_speed.py gives the rates.
Figures only: not a test.
"""

from __future__ import annotations

import argparse
import os
import subprocess  # nosec B404 - runs valgrind and callgrind_control on this benchmark only
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

ROUNDS = 2
PARTS = ("pipeline", "safety", "joint", "lexicon", "sentiment", "themes", "char", "short")


def _workload(part: str) -> tuple[Callable[[], object], int]:
    """The part's work over the bench's comments, and how many comments one call reads."""
    from analysis_speed import corpus

    from analysis.text import linear_model, safety, sentiment, themes
    from analysis.text.normalise import normalise
    from analysis.text.pipeline import analyse_text

    rows = corpus()
    if part == "short":
        return lambda: [analyse_text(t, lang) for t, lang in rows], len(rows)
    english = [t for t, lang in rows if lang == "en"]
    texts = [". ".join(english[i : i + 4]) for i in range(0, len(english) - 3, 4)]
    prepared = [normalise(t) for t in texts]
    models = (linear_model.load(sentiment.MODEL), linear_model.load(themes.MODEL))
    scores = [linear_model.decisions(models, p) for p in prepared]
    char = safety._MODEL.featurisers[1]
    work: dict[str, Callable[[], object]] = {
        "pipeline": lambda: [analyse_text(t) for t in texts],
        "safety": lambda: [safety.screen_text(t) for t in texts],
        "joint": lambda: [linear_model.decisions(models, p) for p in prepared],
        "lexicon": lambda: [sentiment._score_english(p) for p in prepared],
        "sentiment": lambda: [
            sentiment.score_modelled(p, s[0]) for p, s in zip(prepared, scores, strict=True)
        ],
        "themes": lambda: [
            themes.find_modelled_themes(t, p, s[1])
            for t, p, s in zip(texts, prepared, scores, strict=True)
        ],
        "char": lambda: [
            char._binary_score(safety.mark_negation(safety.normalise(t))) for t in texts
        ],
    }
    return work[part], len(texts)


def _count(part: str) -> None:
    """Run under callgrind: warm, then switch instrumentation on for ROUNDS rounds only."""
    from analysis.text import tagging

    work, _ = _workload(part)
    work()
    work()
    me = str(os.getpid())
    subprocess.run(["callgrind_control", "-i", "on", me], check=True, capture_output=True)  # nosec B603 B607
    for _ in range(ROUNDS):
        tagging._tag_sentence.cache_clear()  # each comment tagged cold, as in analysis_speed
        work()
    subprocess.run(["callgrind_control", "-i", "off", me], check=True, capture_output=True)  # nosec B603 B607


def instructions(part: str) -> float:
    """Instructions per comment of `part` (callgrind's total over ROUNDS rounds, divided)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        subprocess.run(  # nosec B603 B607
            [
                "valgrind",
                "--tool=callgrind",
                "--instr-atstart=no",
                f"--callgrind-out-file={out}",
                sys.executable,
                __file__,
                "--under-callgrind",
                part,
            ],
            check=True,
            capture_output=True,
        )
        totals = [
            int(line.split()[1])
            for line in out.read_text().splitlines()
            if line.startswith(("summary:", "totals:"))
        ]
    _, comments = _workload(part)
    return max(totals) / ROUNDS / comments


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("parts", nargs="*", choices=PARTS, default=["pipeline"])
    ap.add_argument("--under-callgrind", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.under_callgrind:
        _count(args.parts[0])
        return
    for part in args.parts:
        print(f"{part:<10} {instructions(part) / 1e6:.3f} M instructions per comment")


if __name__ == "__main__":
    main()
