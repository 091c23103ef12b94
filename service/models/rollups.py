"""Monthly pre-aggregated counts for the dashboard, and the generations that invalidate them."""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

from sqlalchemy import JSON
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base
from service.models._types import str_enum


class MonthBasis(enum.StrEnum):
    """What puts a row in a month: writers invalidate months on one of these."""

    SENT = "sent"  # the month a response (and so each of its answers) was sent
    INVITED = "invited"  # the month of the review invited to, or of sending if there is none


class RollupFigure(enum.StrEnum):
    """One kind of monthly counts, and the basis its months are on."""

    ANSWER_VALUES = "answer_values"  # answers by question and value (satisfaction indicators)
    SENT_RESPONSES = "sent_responses"  # sent responses by questionnaire and role
    INVITATIONS = "invitations"  # invitations and used ones, by questionnaire and role

    @property
    def basis(self) -> MonthBasis:
        return MonthBasis.INVITED if self is RollupFigure.INVITATIONS else MonthBasis.SENT


class RollupGeneration(Base):
    """Bumped in the same transaction as any write that changes a month's figures after the
    fact; a missing row is generation 0."""

    __tablename__ = "rollup_generations"

    basis: Mapped[MonthBasis] = mapped_column(str_enum(MonthBasis, 16), primary_key=True)
    month: Mapped[date] = mapped_column(primary_key=True)
    generation: Mapped[int]


class MonthlyRollup(Base):
    """One month's counts of one figure, valid while `generation` equals the month's current one.

    `counts` is a list of [key, counts] pairs, e.g. [["spoke_to_iro", "yes"], [412]].
    """

    __tablename__ = "monthly_rollups"

    figure: Mapped[RollupFigure] = mapped_column(str_enum(RollupFigure), primary_key=True)
    month: Mapped[date] = mapped_column(primary_key=True)
    generation: Mapped[int]
    counts: Mapped[list[Any]] = mapped_column(JSON)
