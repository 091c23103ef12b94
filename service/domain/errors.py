"""Errors the domain raises; each carries a plain-words message the front end can translate."""

from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    """Base for errors a person can act on."""


class AlreadySubmitted(DomainError):
    """The invitation has already been used; retries and double taps land here."""


@dataclass(frozen=True)
class FieldError:
    """A problem with one answer (or one CSV cell), as an English msgid."""

    field: str
    message: str


class InvalidAnswers(DomainError):
    """Some answers could not be accepted; nothing was stored."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors
