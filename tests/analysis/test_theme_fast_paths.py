"""The themes' fast paths find what the plain patterns and the general code they stand in for find."""

from __future__ import annotations

import random
from pathlib import Path

from analysis.text import linear_model, themes
from analysis.text import theme_rules as rules
from analysis.text.alternation import compile_alternation

DATA = Path(__file__).parent / "data"
_PLAIN = compile_alternation([pat for pat, _ in rules.RULES], r"\b", r"\b")
_PIECES = [
    *(chr(c) for c in range(128)),
    *"éß’  ..",
    "social worker ",
    "carers ",
    "my work ",
    "home",
    "plan ",
    "don't want ",
    "suicid",
    "contact ",
    "i.r.o",
]


def _texts() -> list[str]:
    rng = random.Random(5)
    made = ["".join(rng.choices(_PIECES, k=rng.randint(0, 40))) for _ in range(20000)]
    shipped = [
        line.lower()
        for path in sorted(DATA.rglob("*"))
        if path.is_file()
        for line in path.read_text(errors="replace").splitlines()
    ]
    return made + shipped


def test_rules_behind_a_non_word_character_find_what_the_plain_tree_finds() -> None:
    for low in _texts():
        plain = [(m.span(), _PLAIN.index(m)) for m in _PLAIN.regex.finditer(low)]
        # in " " + low a match starts at the character before the word: one before in both
        fast = [
            ((m.start(), m.end() - 1), themes._RULES.owners[(m.lastindex or 0) - 2])
            for m in themes._RULE_RX.finditer(" " + low)
        ]
        assert fast == plain, low
        assert themes._rule_themes(low) == {t for _, k in plain for t in themes._RULE_THEMES[k]}
        assert themes._RULE_RX.sub(r"\1 , ", " " + low)[1:] == _PLAIN.regex.sub(" , ", low), low


def test_noun_triggers_are_the_trigger_regex_matches() -> None:
    for low in _texts():
        assert themes._noun_triggers(low) == themes._NOUN_TRIGGER_RX.findall(low), low


def test_the_model_alone_is_combine_without_rule_themes() -> None:
    model = linear_model.load(themes.MODEL)
    params = model.meta["combine"]
    rng = random.Random(6)
    levels = [0.0, 0.4, 0.7, 1.0, params["model_at"], *params["with_rule_at"].values()]
    for _ in range(20000):
        probabilities = tuple(
            rng.choice(levels) if rng.random() < 0.3 else rng.random() for _ in model.classes
        )
        unsure = frozenset(
            c
            for c, p in zip(model.classes, probabilities, strict=True)
            if params["with_rule_at"][c] <= p < params["model_at"]
        )
        assert themes._rules_could_add(model.classes, probabilities, model) == unsure
        if not unsure:
            assert themes._model_alone(model.classes, probabilities, model) == themes.combine(
                model.classes, probabilities, [], params
            )
