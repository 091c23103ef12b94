"""The shipped models were trained on the training data as it is now: a labelled file added or
changed without running the trainer fails here, so a model's version always fingerprints the data
it learned from."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.text import linear_model
from training.common import FEEDBACK_FILES, data_fingerprint
from training.train_safety import SAFETY_FILES


@pytest.mark.parametrize(
    ("model", "files", "trainer"),
    [
        ("safety", SAFETY_FILES + FEEDBACK_FILES, "train_safety"),
        ("safety_category", SAFETY_FILES + FEEDBACK_FILES, "train_safety"),
        ("sentiment", FEEDBACK_FILES, "train_feedback"),
        ("themes", FEEDBACK_FILES, "train_feedback"),
    ],
)
def test_the_model_was_trained_on_todays_data(model: str, files: list[Path], trainer: str) -> None:
    shipped = linear_model.load(model).meta["data"]
    assert shipped == data_fingerprint(files), f"run: python -m training.{trainer}"
