"""Who reads a child's words, by when (working days in England and Wales), and whether the
screen could read them at all: the rules of the reading queue, apart from its storage."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache

import holidays

from analysis.text.safety import covers
from service.settings import Settings

# The scripts each offered form language is written in; text mostly in another script is words
# the screen was not built for, whatever the form's language.
_LATIN = frozenset({"LATIN"})
_ARABIC = frozenset({"ARABIC"})
_ETHIOPIC = frozenset({"ETHIOPIC"})
SCRIPTS: dict[str, frozenset[str]] = {
    "en": _LATIN,
    "sq": _LATIN,
    "vi": _LATIN,
    "ar": _ARABIC,
    "ps": _ARABIC,
    "prs": _ARABIC,
    "fa": _ARABIC,
    "ckb": _ARABIC,
    "ti": _ETHIOPIC,
    "am": _ETHIOPIC,
}


@dataclass(frozen=True)
class ReadingPolicy:
    """The council's routing and deadlines for reading children's words.

    A reader rule is "iro" (the child's IRO), a staff role name (the first active person with
    that role) or a member of staff's email."""

    review_reader: str = "iro"
    campaign_reader: str = "participation_officer"
    due_working_days: int = 2
    escalate_after_working_days: int = 1
    escalation_contacts: tuple[str, ...] = ()  # empty: every active IRO manager

    @classmethod
    def from_settings(cls, settings: Settings) -> ReadingPolicy:
        """The policy the council configured."""
        return cls(
            review_reader=settings.reading_review_reader,
            campaign_reader=settings.reading_campaign_reader,
            due_working_days=settings.reading_due_working_days,
            escalate_after_working_days=settings.reading_escalate_after_working_days,
            escalation_contacts=settings.reading_escalation_contacts,
        )

    def due(self, received_at: datetime) -> datetime:
        """When words received at `received_at` must have been read."""
        return add_working_days(received_at, self.due_working_days)

    def escalation_due(self, due_at: datetime) -> datetime:
        """When an item still unread after its reminder goes to the IRO managers."""
        return add_working_days(due_at, self.escalate_after_working_days)


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday, except bank holidays in England and Wales."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: datetime, days: int) -> datetime:
    """The same time of day, `days` working days later (a weekend or holiday start counts from
    the next working day: Saturday plus two is Tuesday)."""
    day, left = start.date(), days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return datetime.combine(day, start.time())


@lru_cache(maxsize=4096)  # looked up for every letter a child types; few distinct letters
def _script(char: str) -> str:
    return unicodedata.name(char, "").split(" ")[0]


def foreign_script(text: str, language: str) -> bool:
    """Whether most letters of `text` are in a script the form's language is not written in."""
    expected = SCRIPTS.get(language, _LATIN)
    letters = [_script(c) for c in text if c.isalpha()]
    foreign = sum(1 for script in letters if script not in expected)
    return foreign * 2 > len(letters) > 0


def needs_interpreter(text: str, language: str) -> bool:
    """Words the screen cannot read: a language it has no terms for, or another script."""
    return not covers(language) or foreign_script(text, language)
