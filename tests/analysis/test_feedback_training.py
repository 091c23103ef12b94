"""The feedback trainer chooses its combination settings by code: leave-one-file-out folds, the
best mean over files, the first on a tie. The shipped models carry settings from its grids."""

from __future__ import annotations

import pytest

pytest.importorskip("sklearn")

from analysis.text import linear_model
from training import train_feedback as trainer


def test_each_file_is_held_out_once_and_trained_on_otherwise() -> None:
    sources = ["b.jsonl", "a.jsonl", "b.jsonl", "c.jsonl", "a.jsonl"]
    folds = trainer.file_folds(sources)
    assert [sorted(test.tolist()) for _, test in folds] == [[1, 4], [0, 2], [3]]
    for train, test in folds:
        assert set(train.tolist()) | set(test.tolist()) == set(range(5))
        assert not set(train.tolist()) & set(test.tolist())


def test_the_first_setting_within_noise_of_the_best_is_chosen() -> None:
    best = {"f1": 0.80, "f2": 0.90, "f3": 0.70}
    # 0.01 worse on every file: a real difference, so the later, better setting wins
    worse = {f: v - 0.01 for f, v in best.items()}
    assert trainer.choose([(worse, "first"), (best, "best")])[1] == "best"
    # better on one file, worse on others, 0.003 worse on average: noise, the first wins
    noisy = {"f1": 0.82, "f2": 0.88, "f3": 0.691}
    assert trainer.choose([(noisy, "first"), (best, "best")])[1] == "first"
    assert trainer.choose([(best, "first"), (dict(best), "second")])[1] == "first"


def test_scores_are_given_per_file_in_name_order() -> None:
    sources = ["b", "a", "b"]
    got = trainer.by_file(sources, lambda idx: float(len(idx)))
    assert list(got.items()) == [("a", 1.0), ("b", 2.0)]


def test_the_shipped_sentiment_settings_come_from_the_grid() -> None:
    meta = linear_model.load("sentiment").meta
    assert meta["combine"] in trainer.SENTIMENT_GRID
    assert "leave_one_file_out" in meta["cv"]


def test_the_shipped_theme_settings_come_from_the_grid() -> None:
    meta = linear_model.load("themes").meta
    combine = meta["combine"]
    settings = [
        (m, t, v)
        for m, t, v in trainer.THEME_GRID
        if m == combine["model_at"]
        and set(combine["with_rule_at"].values()) <= {0.0, v}
        and all(
            (combine["with_rule_at"][theme] == 0.0) == (p >= t)
            for theme, p in combine["rules_precision"].items()
        )
    ]
    assert settings, combine
    assert "leave_one_file_out" in meta["cv"]
