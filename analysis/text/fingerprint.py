"""Analyser versions computed from what the analyser runs on, never bumped by hand.

A hand-bumped version was not bumped when a rule changed ("safety-4" flagged "Nobody listens to
me" before one commit and not after), so `carevoice analyse --recompute`, which re-analyses
answers stored under any other version, never looked at them. Each analyser's version now ends
with a fingerprint of everything its output depends on: its rule tables, lexicons and parameters
as loaded, the library model data it reads (by the library's version) and the text of its code.
Any change gives a new version. A change to a comment does too: re-analysis costs minutes, a
version that hides a change leaves answers analysed by rules that no longer exist.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from types import ModuleType

__all__ = ["fingerprint", "library", "module_data", "source"]

# 8 hex digits: the few versions an analyser ever has cannot collide in practice, and the
# pipeline's combined version of four fingerprints fits answers.analyser_version (64 characters).
LENGTH = 8


def fingerprint(*parts: object) -> str:
    """A short hash of `parts` (tables, patterns, numbers, code), the same in every process."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(json.dumps(_canonical(part), ensure_ascii=False).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:LENGTH]


def module_data(module: ModuleType) -> dict[str, object]:
    """Every table and value a data module defines, by name: a table added later counts too."""
    return {
        name: value
        for name, value in vars(module).items()
        if not name.startswith("__")
        and not callable(value)
        and not isinstance(value, ModuleType)
        and type(value).__module__ != "__future__"  # `from __future__ import annotations`
    }


def source(module: ModuleType) -> str:
    """A module's code as written (line endings made uniform), to fingerprint its logic."""
    assert module.__file__ is not None  # analysers are plain .py files
    return Path(module.__file__).read_text(encoding="utf-8").replace("\r\n", "\n")


def library(name: str) -> str:
    """An installed library's name and version: its bundled model data changes only with it."""
    return f"{name}=={metadata.version(name)}"


def _canonical(value: object) -> object:
    """JSON-ready form with a fixed order (sets and mappings sorted), whatever the hash seed."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, re.Pattern):
        return {"pattern": value.pattern, "flags": value.flags}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, _canonical(dataclasses.astuple(value))]
    if isinstance(value, Mapping):
        items = [[_canonical(k), _canonical(v)] for k, v in value.items()]
        return {"map": sorted(items, key=_sort_key)}
    if isinstance(value, set | frozenset):
        return {"set": sorted((_canonical(v) for v in value), key=_sort_key)}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


def _sort_key(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
