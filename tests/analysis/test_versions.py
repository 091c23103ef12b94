"""Analyser versions are computed from the rules the analysers run on: a changed rule is a new
version, and the same rules give the same version in every process."""

from __future__ import annotations

import subprocess

import pytest

from analysis.text import safety, safety_rules, sentiment, sentiment_lexicon, theme_rules, themes
from analysis.text.fingerprint import fingerprint
from analysis.text.pipeline import ANALYSER_VERSION, combined_version
from tests.support import processes
from tests.support.deadlines import READY


def test_changing_a_safety_rule_changes_the_safety_version(monkeypatch: pytest.MonkeyPatch) -> None:
    # The rule a2dcb27 took out without a new version: "nobody listens to me" as a worry.
    worries = safety_rules.CONCERNS["en"]["worry"]
    assert safety.rules_version() == safety.SAFETY_VERSION
    monkeypatch.setitem(safety_rules.CONCERNS["en"], "worry", (*worries, "nobody listens to me"))
    assert safety.rules_version() != safety.SAFETY_VERSION


def test_changing_a_negator_changes_the_safety_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety_rules, "NEGATORS", safety_rules.NEGATORS[:-1])
    assert safety.rules_version() != safety.SAFETY_VERSION


def test_changing_a_cue_weight_changes_the_sentiment_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (pattern, weight, negatable), *rest = sentiment_lexicon.CUES
    assert sentiment.rules_version() == sentiment.SENTIMENT_VERSION
    monkeypatch.setattr(sentiment_lexicon, "CUES", ((pattern, weight + 0.1, negatable), *rest))
    assert sentiment.rules_version() != sentiment.SENTIMENT_VERSION


def test_a_new_table_in_a_lexicon_changes_the_sentiment_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sentiment_lexicon, "SARCASM", ("yeah right",), raising=False)
    assert sentiment.rules_version() != sentiment.SENTIMENT_VERSION


def test_changing_a_theme_keyword_changes_the_themes_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert themes.rules_version() == themes.THEMES_VERSION
    monkeypatch.setitem(theme_rules.NOUN_HEADS, "minibus", (theme_rules.AC,))
    assert themes.rules_version() != themes.THEMES_VERSION


def test_a_changed_analyser_changes_the_version_stored_with_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(safety_rules.URGENCY, "worry", "urgent")
    changed = combined_version(
        safety.rules_version(), sentiment.SENTIMENT_VERSION, themes.THEMES_VERSION
    )
    assert changed != ANALYSER_VERSION
    assert len(changed) <= 64  # answers.analyser_version


def test_a_fingerprint_does_not_depend_on_the_order_tables_were_written_in() -> None:
    assert fingerprint({"b": (1, 2), "a": {"x", "y"}}) == fingerprint(
        {"a": {"y", "x"}, "b": [1, 2]}
    )
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})


@pytest.mark.process
def test_the_version_is_the_same_in_every_process() -> None:
    """Sets are iterated in a different order in each process (hash randomisation): a version
    that followed it would make every worker re-analyse what the others stored."""
    printed = []
    for seed in ("1", "2"):
        process = processes.python(
            "-c",
            "from analysis.text.pipeline import ANALYSER_VERSION; print(ANALYSER_VERSION)",
            env={"PYTHONHASHSEED": seed},
        )
        try:
            output, _ = process.communicate(timeout=READY)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        assert process.returncode == 0, output
        printed.append(output.decode().strip())
    assert printed == [ANALYSER_VERSION, ANALYSER_VERSION]
