"""Are the analysers' outputs the same as before a change? A digest of everything they return.

    .venv/bin/python bench/analysis_identity.py --out /tmp/before.jsonl      # on the old code
    .venv/bin/python bench/analysis_identity.py --compare /tmp/before.jsonl  # on the new code

Speed work on analysis/text must not change a single result, so this runs every text of
training/data and tests/analysis/data (never tests/analysis/blind: those sets are sealed) and the
speed bench's longer comments through analyse_text and each public part (screen_text and its
finding as stored, score_sentiment, lexicon_sentiment, find_themes, rule_themes, noun_phrases,
the normal forms and every model's raw decision scores), each text also as written in ways the
normalisation must undo (curly apostrophes, zero-width and look-alike characters, odd spacing,
capitals, emoji) and under other form languages. Floats are written with repr, so a change in
their last bit shows. It prints one sha256 of all records; --compare names the first records
that differ. The digest is not stored in the repository: it changes whenever a model is
retrained or a rule changes, which is right; compare the same data and models before and after.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from analysis_speed import corpus  # noqa: E402

from analysis.text import linear_model, safety, sentiment, tagging, themes  # noqa: E402
from analysis.text.normalise import normalise  # noqa: E402
from analysis.text.pipeline import analyse_text  # noqa: E402

SOURCES = (ROOT / "training" / "data", ROOT / "tests" / "analysis" / "data")
# Other form languages, cycled through: each changes which rules and models read a text.
_LANGS = ("en-GB", "fa", "sq", "ar", "ti", "fr", "")
_EMOJI = (" :)", " 😢", " 👍👍", " :-(", "😭", " <3", " ❤️")


def _disguised(text: str, i: int) -> str:
    """`text` as a phone or a child might also write it; deterministic by position `i`."""
    out = text.replace("'", "’") if i % 2 else text
    if i % 3 == 0:
        out = out.upper()
    if i % 4 == 1:
        out = out.replace(" ", "\u200b ", 1).replace(" ", "  \n", 1)
    if i % 5 == 2:
        out = out.replace("o", "о", 2).replace("i", "1", 1)  # Cyrillic o, leet i
    if i % 6 == 3:
        out = "\u00a0" + out.replace("e", "ｅ", 1) + "\t"
    return out + _EMOJI[i % len(_EMOJI)] if i % 3 == 1 else out


def texts() -> Iterator[tuple[str, str]]:
    """Every text with its language, its disguised form, and the speed bench's rows."""
    i = 0
    for folder in SOURCES:
        for path in sorted(folder.rglob("*.jsonl")):
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        row = json.loads(line)
                        yield row["text"], row["lang"]
                        yield _disguised(row["text"], i), _LANGS[i % len(_LANGS)]
                        i += 1
    rows = corpus()
    en = [t for t, lang in rows if lang == "en"]
    yield from rows
    yield from ((". ".join(en[k : k + 4]), "en") for k in range(0, len(en) - 3, 4))
    yield from (("", "en"), ("   ", "en"), ("\u200b", "en"), ("😢", "en"), ("ok", "de"))


def _scores(values: tuple[float, ...]) -> list[str]:
    return [repr(v) for v in values]


def record(text: str, lang: str) -> dict[str, object]:
    """Everything the analysers say about one text, floats as repr."""
    whole = analyse_text(text, lang)
    senti = sentiment.score_sentiment(text, lang)
    lexi = sentiment.lexicon_sentiment(text, lang)
    prepared = normalise(text)
    out: dict[str, object] = {
        "text": text,
        "lang": lang,
        "analyse": [
            whole.safety.to_dict(),
            repr(whole.sentiment),
            whole.label,
            list(whole.themes),
        ],
        "screen": safety.screen_text(text, lang).to_dict(),
        "rules": safety.rules_finding(text, lang).to_dict(),
        "sentiment": [repr(senti.polarity), senti.label],
        "lexicon": [repr(lexi.polarity), lexi.label],
        "themes": themes.find_themes(text, lang),
        "rule_themes": themes.rule_themes(text, lang),
        "normal": [prepared, safety.normalise(text), safety.model_text(text)],
        "prepare_english": themes.prepare_english(text),
        "noun_phrases": tagging.noun_phrases(text),
        "models": [
            _scores(linear_model.load(sentiment.MODEL).decision(prepared)),
            _scores(linear_model.load(themes.MODEL).decision(prepared)),
            _scores(linear_model.load(themes.MODEL).probabilities(prepared)),
            repr(safety.model_score(text)),
            _scores(linear_model.load("safety_category").decision(safety.model_text(text))),
        ],
    }
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, help="write every record here (JSON lines)")
    ap.add_argument("--compare", type=Path, help="records written by --out before a change")
    args = ap.parse_args()
    digest = hashlib.sha256()
    lines: list[str] = []
    for text, lang in texts():
        line = json.dumps(record(text, lang), ensure_ascii=False, sort_keys=True)
        digest.update(line.encode("utf-8") + b"\n")
        lines.append(line)
    print(f"{len(lines)} records, sha256 {digest.hexdigest()}")
    if args.out:
        args.out.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    if args.compare:
        before = args.compare.read_text(encoding="utf-8").splitlines()
        differ = [k for k, (a, b) in enumerate(zip(before, lines, strict=False)) if a != b]
        if len(before) != len(lines):
            print(f"DIFFERENT: {len(before)} records before, {len(lines)} now")
        for k in differ[:5]:
            print(f"DIFFERENT record {k}:\n  before {before[k]}\n  now    {lines[k]}")
        print(f"{len(differ)} records differ" if differ else "identical")
        sys.exit(1 if differ or len(before) != len(lines) else 0)


if __name__ == "__main__":
    main()
