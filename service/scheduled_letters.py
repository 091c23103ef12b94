"""One run of the council's timetable with its letters: what `carevoice schedule run` and the
worker both do. New codes are printed to a PDF per questionnaire in the letters folder (when one
is set), in the same transaction's lifetime, so no code is issued without its letter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from qr.letters import build_letters_pdf
from service.domain.audit import Actor, record_audit
from service.domain.letters import PersonLetter, letter_sheet
from service.domain.schedule import Timetable, run_schedule
from service.runtime import Runtime


@dataclass(frozen=True)
class ScheduleReport:
    pre_review: int  # invitations issued
    feedback: int
    files: tuple[Path, ...]  # letters written


def timetable_from(runtime: Runtime) -> Timetable:
    settings = runtime.settings
    return Timetable(
        pre_review_days_before=settings.schedule_pre_review_days,
        feedback_days_after=settings.schedule_feedback_days,
        feedback_ttl=timedelta(days=settings.invitation_ttl_days),
    )


def _system(_db: Session) -> Actor | None:
    return None


def run_scheduled(
    runtime: Runtime,
    letters_dir: str | None,
    operator: Callable[[Session], Actor | None] = _system,
) -> ScheduleReport:
    """Issue what is due and write its letters; nothing is committed if a letter cannot be made.
    A run that issued codes is audited, under `operator` (the worker is the system)."""
    files: list[Path] = []
    now = runtime.now()
    with runtime.sessions.begin() as db:
        actor = operator(db)
        run = run_schedule(db, timetable_from(runtime), now=now, secret=runtime.settings.secret_key)
        if run.pre_review or run.feedback:
            record_audit(
                db,
                actor=actor,
                action="schedule_run",
                now=now,
                detail={"pre_review": len(run.pre_review), "feedback": len(run.feedback)},
            )
        if letters_dir:
            stamp = now.strftime("%Y-%m-%d-%H%M%S")
            for name, letters in (("pre_review", run.pre_review), ("feedback", run.feedback)):
                if letters:
                    path = Path(letters_dir) / f"{stamp}-{name}.pdf"
                    _write(path, letters, runtime.settings.public_base_url)
                    files.append(path)
    return ScheduleReport(len(run.pre_review), len(run.feedback), tuple(files))


def _write(path: Path, letters: list[PersonLetter], public_base_url: str) -> None:
    pdf = build_letters_pdf(letter_sheet(x, public_base_url=public_base_url) for x in letters)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
