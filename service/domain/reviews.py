"""Importing reviews from the council's case system: all rows or none, never duplicated."""

from __future__ import annotations

import csv
import re
import secrets
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.domain.errors import DomainError
from service.models import PARTICIPATION_CODES, REMOVED_REF_PREFIXES, Child, Review

REQUIRED_COLUMNS = ("child_ref", "review_date", "iro", "team")
OPTIONAL_COLUMNS = (
    "participation_code",
    "held_in_timescale",
    "report_completed",
    "age_at_review",
    "language",
)
_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.-]{0,63}$")
_NAME = re.compile(r"^[^\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]{1,64}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_FIELD_LIMIT = csv.field_size_limit()


@dataclass(frozen=True)
class RowError:
    """A problem in the file: row 1 is the header, so the first data row is row 2."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}"


class ReviewImportFailed(DomainError):
    """The file had errors; nothing was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the file; nothing was imported")
        self.errors = errors


@dataclass(frozen=True)
class ReviewRow:
    child_ref: str
    review_date: date
    iro: str
    team: str
    participation_code: str | None
    held_in_timescale: bool | None
    report_completed: date | None
    age_at_review: int | None
    language: str | None


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    children_created: int


def read_review_csv(stream: IO[str]) -> list[ReviewRow]:
    """Parse and check every row; raise ReviewImportFailed listing every problem found."""
    reader = csv.DictReader(stream)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ReviewImportFailed(
            [RowError(1, c, "this column is required but missing") for c in missing]
        )
    rows: list[ReviewRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, date], int] = {}
    for number, raw in _records(reader):
        if raw is None:
            errors.append(
                RowError(
                    number,
                    "row",
                    f"cannot be read: a field is too long (over {_FIELD_LIMIT:,} characters)",
                )
            )
            continue
        cells = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if not any(cells.values()):
            continue
        row, row_errors = _parse_row(number, cells)
        errors.extend(row_errors)
        if row is None:
            continue
        key = (row.child_ref, row.review_date)
        if key in seen:
            errors.append(
                RowError(number, "review_date", f"same child and date as row {seen[key]}")
            )
            continue
        seen[key] = number
        rows.append(row)
    if errors:
        raise ReviewImportFailed(errors)
    return rows


def _records(reader: csv.DictReader[str]) -> Iterator[tuple[int, dict[str, str] | None]]:
    """Rows numbered from 2 (after the header); None for one the csv module cannot read, so
    the rows after it are still checked and every problem is reported at once."""
    number = 1
    while True:
        number += 1
        try:
            yield number, next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield number, None


def _parse_row(number: int, cells: Mapping[str, str]) -> tuple[ReviewRow | None, list[RowError]]:
    errors: list[RowError] = []

    def fail(column: str, message: str) -> None:
        errors.append(RowError(number, column, message))

    child_ref = cells.get("child_ref", "")
    if not _REF.match(child_ref):
        fail("child_ref", "must be 1-64 letters, digits, / _ . or -")
    elif child_ref.startswith(REMOVED_REF_PREFIXES):
        fail(
            "child_ref",
            f"must not start with {' or '.join(REMOVED_REF_PREFIXES)} (kept for removed ones)",
        )
    review_date = _parse_date(cells.get("review_date", ""))
    if review_date is None:
        fail("review_date", "must be a date like 2024-05-31 or 31/05/2024")
    for column in ("iro", "team"):
        if not _NAME.match(cells.get(column, "")):
            fail(column, "is required (up to 64 characters, no control characters)")
    code = cells.get("participation_code", "").upper() or None
    if code is not None and code not in PARTICIPATION_CODES:
        fail("participation_code", "must be one of PN0 to PN7, or empty")
    held = _parse_bool(cells.get("held_in_timescale", ""))
    if held == "bad":
        fail("held_in_timescale", "must be yes or no, or empty")
    report_text = cells.get("report_completed", "")
    report_completed = _parse_date(report_text) if report_text else None
    if report_text and report_completed is None:
        fail("report_completed", "must be a date like 2024-05-31, or empty")
    age_text = cells.get("age_at_review", "")
    age = int(age_text) if age_text.isdigit() and len(age_text) <= 2 else None
    if age_text and (age is None or age > 25):
        fail("age_at_review", "must be a whole number from 0 to 25, or empty")
    language = cells.get("language", "").lower() or None
    if language is not None and not _LANGUAGE.match(language):
        fail("language", "must be a language code such as en, ar or ps")
    if errors or review_date is None:
        return None, errors
    return (
        ReviewRow(
            child_ref=child_ref,
            review_date=review_date,
            iro=cells["iro"],
            team=cells["team"],
            participation_code=code,
            held_in_timescale=held if isinstance(held, bool) else None,
            report_completed=report_completed,
            age_at_review=age,
            language=language,
        ),
        [],
    )


def _parse_date(text: str) -> date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _parse_bool(text: str) -> bool | str | None:
    lowered = text.lower()
    if not lowered:
        return None
    if lowered in _YES:
        return True
    if lowered in _NO:
        return False
    return "bad"


CHILD_CODE_LENGTH = 8  # 32**8 codes: a region's children rarely collide, and collisions are retried
_CODE_CHECK_CHUNK = 5000  # stays under SQLite's limit on bound parameters


def new_child_code() -> str:
    """A short random code staff see instead of the case reference."""
    return "C-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CHILD_CODE_LENGTH))


def assign_child_codes(session: Session, children: Sequence[Child]) -> None:
    """Give each new child a random code that no other child has (checked, not assumed)."""
    pending = list(children)
    with session.no_autoflush:
        while pending:
            offered = {new_child_code(): child for child in pending}  # equal codes: one waits
            taken: set[str] = set()
            codes = list(offered)
            for start in range(0, len(codes), _CODE_CHECK_CHUNK):
                chunk = codes[start : start + _CODE_CHECK_CHUNK]
                taken.update(session.scalars(select(Child.code).where(Child.code.in_(chunk))))
            for code, child in offered.items():
                if code not in taken:
                    child.code = code
            pending = [child for child in pending if not child.code]


def import_reviews(session: Session, rows: Iterable[ReviewRow]) -> ImportResult:
    """Create or update reviews (a child and a date identify one); the caller commits once."""
    rows = list(rows)
    refs = {row.child_ref for row in rows}
    children = (
        {
            c.child_ref: c
            for c in session.scalars(select(Child).where(Child.child_ref.in_(refs))).all()
        }
        if refs
        else {}
    )
    created = updated = unchanged = children_created = 0
    new_children: list[Child] = []
    # New children get their codes after the loop, so nothing is flushed half-made before.
    with session.no_autoflush:
        for row in rows:
            child = children.get(row.child_ref)
            if child is None:
                child = Child(child_ref=row.child_ref, code="", language=row.language or "en")
                new_children.append(child)
                session.add(child)
                children[row.child_ref] = child
                children_created += 1
            elif row.language and child.language != row.language:
                child.language = row.language
            review = None
            if child.id is not None:
                review = session.scalar(
                    select(Review).where(
                        Review.child_id == child.id, Review.review_date == row.review_date
                    )
                )
            values = {
                "iro": row.iro,
                "team": row.team,
                "participation_code": row.participation_code,
                "held_in_timescale": row.held_in_timescale,
                "report_completed": row.report_completed,
                "age_at_review": row.age_at_review,
                "language": row.language,
            }
            if review is None:
                session.add(Review(child=child, review_date=row.review_date, **values))
                created += 1
                continue
            changed = {k: v for k, v in values.items() if getattr(review, k) != v}
            for key, value in changed.items():
                setattr(review, key, value)
            if changed:
                updated += 1
            else:
                unchanged += 1
    assign_child_codes(session, new_children)
    session.flush()
    return ImportResult(created, updated, unchanged, children_created)
