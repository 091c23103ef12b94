"""Errors the domain raises; each carries a plain-words message the front end can translate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field


class DomainError(Exception):
    """Base for errors a person can act on."""


class AlreadySubmitted(DomainError):
    """The invitation has already been used; retries and double taps land here."""


@dataclass(frozen=True)
class FieldError:
    """A problem with one answer (or one CSV cell), as an English msgid whose `{name}`
    placeholders `params` fill once it is translated."""

    field: str
    message: str
    params: Mapping[str, int | str] = dataclass_field(default_factory=dict)


class InvalidAnswers(DomainError):
    """Some answers could not be accepted; nothing was stored."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors
