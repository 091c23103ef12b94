"""The layers' import rules, read from every module's imports (ast), so they cannot creep back.

- analysis.text, the pure text analysis, imports nothing from service, bots or qr, nothing of
  reporting and no database library: a child's words in, findings out.
- The domain (service.domain) imports from analysis only analysis.text, never reporting: so
  there is no import cycle between the domain and analysis.
- The front ends (service.web, bots) answer through service.domain.answering, never through
  the steps below it (responses, whole_responses): both channels follow the same rules.
- analysis.reporting reads service.models, the questionnaires and a few small domain helpers;
  nothing else of the service, and nothing of the front ends.
- Only the front ends, their CLI and the worker use reporting.
- Every module of analysis/ is text or reporting.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("analysis", "service", "bots", "qr")
DATABASE_LIBRARIES = ("sqlalchemy", "psycopg", "alembic")
# What reporting may use of the service: the models it counts, the questionnaires it groups by,
# and small domain helpers (calendar months, upserts, invalidating months, the actions list).
REPORTING_MAY_USE = (
    "service.models",
    "service.questionnaires",
    "service.domain.months",
    "service.domain.upsert",
    "service.domain.rollup_invalidation",
    "service.domain.actions",
)
REPORTING_USERS = ("analysis.reporting", "service.web", "service.worker")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, root: Path) -> Iterator[str]:
    """Every module `path` imports, at any depth (in functions too); for `from a import b`, both
    `a` and `a.b`, since b may be a module."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            origin = ".".join([*base, node.module or ""]) if node.level else node.module or ""
            origin = origin.strip(".")
            yield origin
            yield from (f"{origin}.{alias.name}" for alias in node.names)


def within(name: str, *prefixes: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def forbidden(importer: str, imported: str) -> str | None:
    """Why `importer` may not import `imported`, or None if it may."""
    if within(importer, "analysis.text"):
        if within(imported, "service", "bots", "qr", "analysis.reporting"):
            return "pure text analysis imports nothing from the service or reporting"
        if within(imported, *DATABASE_LIBRARIES):
            return "pure text analysis needs no database"
    if (
        within(importer, "service.domain")
        and within(imported, "analysis")
        and not within(imported, "analysis.text")
    ):
        return "the domain uses only the pure text analysis"
    if within(importer, "service.web", "bots") and within(
        imported, "service.domain.responses", "service.domain.whole_responses"
    ):
        return "front ends answer through service.domain.answering"
    if within(importer, "analysis.reporting"):
        if within(imported, "service") and not within(imported, *REPORTING_MAY_USE):
            return "reporting reads the models and small domain helpers only"
        if within(imported, "bots", "qr", "flask"):
            return "reporting knows no front end"
    if within(imported, "analysis.reporting") and not within(importer, *REPORTING_USERS):
        return "only the front ends, their CLI and the worker use reporting"
    return None


def violations(root: Path) -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            importer = module_name(path, root)
            for imported in imports_of(path, root):
                reason = forbidden(importer, imported)
                if reason:
                    found.append(f"{importer} imports {imported}: {reason}")
    return sorted(set(found))


def test_the_layers_import_only_what_their_rules_allow() -> None:
    assert violations(ROOT) == []


def test_every_analysis_module_is_text_or_reporting() -> None:
    modules = {module_name(path, ROOT) for path in (ROOT / "analysis").rglob("*.py")}
    loose = {
        name
        for name in modules
        if not within(name, "analysis.text", "analysis.reporting") and name != "analysis"
    }
    assert loose == set()


@pytest.mark.parametrize(
    ("path", "source", "reason"),
    [
        (
            "analysis/text/extra.py",
            "from service.models import Answer\n",
            "pure text analysis imports nothing from the service or reporting",
        ),
        (
            "analysis/text/extra.py",
            "def f():\n    from sqlalchemy import select\n",
            "pure text analysis needs no database",
        ),
        (
            "service/domain/extra.py",
            "from analysis.reporting import rollups\n",
            "the domain uses only the pure text analysis",
        ),
        (
            "service/domain/extra.py",
            "import analysis.reporting.iro\n",
            "the domain uses only the pure text analysis",
        ),
        (
            "analysis/reporting/extra.py",
            "from service.domain.responses import record_response\n",
            "reporting reads the models and small domain helpers only",
        ),
        (
            "analysis/text/extra.py",
            "from ..reporting import rollups\n",
            "pure text analysis imports nothing from the service or reporting",
        ),
        (
            "bots/extra.py",
            "from service.domain.responses import save_answers\n",
            "front ends answer through service.domain.answering",
        ),
        (
            "service/web/extra.py",
            "from service.domain import whole_responses\n",
            "front ends answer through service.domain.answering",
        ),
    ],
)
def test_a_forbidden_import_is_caught(tmp_path: Path, path: str, source: str, reason: str) -> None:
    """The checker itself can fail: each rule catches a module that breaks it."""
    for package in PACKAGES:
        (tmp_path / package).mkdir()
    module = tmp_path / path
    module.parent.mkdir(parents=True, exist_ok=True)
    module.write_text(source, encoding="utf-8")
    assert [v for v in violations(tmp_path) if v.endswith(reason)]
