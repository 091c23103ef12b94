"""Column helpers shared by the model modules."""

from __future__ import annotations

import enum

from sqlalchemy import JSON, Enum


def str_enum(cls: type[enum.Enum], length: int = 32) -> Enum:
    """Store an enum as its value in a VARCHAR: no native PostgreSQL type to migrate."""
    return Enum(
        cls,
        native_enum=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


# Python None is stored as SQL NULL, not the JSON value null, so "IS NULL" means "no value".
NULLABLE_JSON = JSON(none_as_null=True)
