"""Reading the dashboard's filters from the query string, with plain messages for bad values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from analysis.reporting.filters import AGE_BANDS, Filters
from analysis.reporting.periods import LONGEST_PERIOD_DAYS, Period
from service.models import Channel

DEFAULT_DAYS = 365


def parse_filters(args: Mapping[str, str], today: date) -> tuple[Filters, list[str]]:
    """Filters from `args` (from, to, team, iro, age_band, channel, questionnaire) and any problems.

    Anything unreadable falls back to its default and is reported, so the page still shows figures.
    """
    problems: list[str] = []
    start = _date(args.get("from"), today - timedelta(days=DEFAULT_DAYS), "From", problems)
    end = _date(args.get("to"), today, "To", problems)
    if end < start:
        problems.append("The 'to' date is before the 'from' date, so they were swapped.")
        start, end = end, start
    if (end - start).days > LONGEST_PERIOD_DAYS:
        problems.append("Periods are limited to five years; the start was moved forward.")
        start = end - timedelta(days=LONGEST_PERIOD_DAYS)
    age_band = args.get("age_band") or None
    if age_band is not None and age_band not in AGE_BANDS:
        problems.append("Unknown age band; showing all ages.")
        age_band = None
    channel = None
    if args.get("channel"):
        try:
            channel = Channel(args["channel"])
        except ValueError:
            problems.append("Unknown channel; showing all channels.")
    return (
        Filters(
            period=Period(start, end + timedelta(days=1)),
            team=(args.get("team") or None),
            iro=(args.get("iro") or None),
            age_band=age_band,
            channel=channel,
            questionnaire=(args.get("questionnaire") or None),
        ),
        problems,
    )


def _date(text: str | None, default: date, name: str, problems: list[str]) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(f"{name} date not understood (use YYYY-MM-DD); using {default}.")
        return default
