"""A command run before `carevoice db upgrade` says what to run instead of printing a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from service.web.cli import main


@pytest.mark.parametrize("command", [["users", "list"], ["translations", "status"]])
def test_a_database_without_tables_gets_a_sentence_not_a_traceback(
    command: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setattr(sys, "argv", ["carevoice", *command])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert "carevoice db upgrade" in err and "Traceback" not in err
