"""A council's sign-off of its translations: someone it trusts checked one language's catalogue.

Every catalogue made by machine is marked so until signed off. A sign-off names who and when,
is written to the audit log, and covers the catalogue as it was (its digest): a translation
added or changed afterwards makes the language unreviewed again until it is signed off anew.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.catalogues import CatalogueStatus, catalogue_status, languages
from service.domain.audit import Actor, record_audit
from service.domain.errors import DomainError
from service.models import TranslationReview


class NothingToSignOff(DomainError):
    """No catalogue for that language, or it is not completely translated yet."""


@dataclass(frozen=True)
class TranslationState:
    """One language's catalogue and the council's latest sign-off of it, if any."""

    status: CatalogueStatus
    sign_off: TranslationReview | None

    @property
    def reviewed(self) -> bool:
        """Signed off, and nothing changed since."""
        return self.sign_off is not None and self.sign_off.digest == self.status.digest

    @property
    def changed_since_sign_off(self) -> bool:
        return self.sign_off is not None and not self.reviewed


def translation_states(session: Session) -> list[TranslationState]:
    """Every catalogue with its latest sign-off, in a stable order."""
    latest: dict[str, TranslationReview] = {}
    for review in session.scalars(select(TranslationReview).order_by(TranslationReview.id)):
        latest[review.language] = review
    return [TranslationState(catalogue_status(lang), latest.get(lang)) for lang in languages()]


def sign_off(session: Session, language: str, *, by: Actor, now: datetime) -> TranslationReview:
    """Record that `by` signed off `language`'s catalogue as it is now; the caller commits.

    :raises NothingToSignOff: for a language with no catalogue, or one not fully translated.
    """
    if language not in languages():
        raise NothingToSignOff(f"no catalogue for {language!r}")
    status = catalogue_status(language)
    if not status.complete:
        raise NothingToSignOff(f"{language} is {status.translated}/{status.total} translated")
    review = TranslationReview(
        language=language,
        digest=status.digest,
        strings=status.total,
        reviewed_by_id=by.id,
        reviewer=by.email,
        reviewed_at=now,
    )
    session.add(review)
    session.flush()
    record_audit(
        session,
        actor=by,
        action="translation_signed_off",
        now=now,
        object_type="catalogue",
        object_id=language,
        detail={"digest": status.digest, "strings": status.total},
    )
    return review
