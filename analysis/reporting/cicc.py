"""The Children in Care Council summary: what children said and what changed, in young people's words.

Everything here may be shown on a screen at a meeting or handed out, so every count under 5 is
replaced by words, shares are only given when both sides are 5 or more, quotes pass
`is_publishable_quote`, and nothing names, dates or numbers a child.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from analysis.reporting.charts import Chart, bar_chart
from analysis.reporting.comments import comment_candidates
from analysis.reporting.document import Bullets, Document, Figure, Heading, Para, Quote
from analysis.reporting.figures import is_suppressed, suppress
from analysis.reporting.filters import Filters
from analysis.reporting.indicators import FACE_ORDER, Indicator, indicators
from analysis.reporting.periods import Period
from analysis.reporting.quotes import pick_quotes
from analysis.reporting.response_rates import response_rates
from analysis.reporting.theme_figures import ThemeFigures, theme_figures
from analysis.text.themes import theme_by_id
from service.domain.actions import list_actions
from service.models import Role

CHILDREN = (Role.CHILD, Role.CARE_LEAVER)
PLAIN_FACES = {
    "very_happy": "Really good",
    "happy": "Good",
    "ok": "OK",
    "sad": "Not good",
    "very_sad": "Really bad",
}


@dataclass(frozen=True)
class CiccTheme:
    theme_id: str
    title: str  # the theme's plain title
    count: str  # already suppressed
    feeling: str
    quote: str | None


@dataclass(frozen=True)
class CiccAction:
    you_said: str
    we_did: str
    themes: tuple[str, ...]  # plain titles
    published: date


@dataclass(frozen=True)
class CiccSummary:
    start: date
    end: date  # exclusive
    responses: int
    faces: dict[str, int]
    spoke: Indicator
    involved: Indicator
    themes: list[CiccTheme]
    actions: list[CiccAction]
    generated_at: datetime

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)


def build_cicc_summary(session: Session, start: date, end: date, *, now: datetime) -> CiccSummary:
    """What children and care leavers said from `start` up to (not including) `end`, and what changed."""
    filters = Filters(period=Period(start, end), roles=CHILDREN)
    rates = response_rates(session, filters)
    by_question = {i.spec.question_id: i for i in indicators(session, filters)}
    used: set[str] = set()  # one quote is never shown under two themes
    themes = [
        _theme(session, filters, figures, used)
        for figures in theme_figures(session, filters)
        if figures.count > 0
    ]
    actions = [
        CiccAction(
            a.you_said,
            a.we_did,
            tuple(theme_by_id(t).plain_title for t in a.theme_ids),
            (a.published_at or a.created_at).date(),
        )
        for a in list_actions(session, published_only=True, published_before=filters.period.end_at)
    ]
    return CiccSummary(
        start=start,
        end=end,
        responses=rates.all_responses,
        faces=by_question["review_rating"].counts,
        spoke=by_question["spoke_to_iro"],
        involved=by_question["felt_involved"],
        themes=themes,
        actions=actions[:12],
        generated_at=now,
    )


def _theme(session: Session, filters: Filters, figures: ThemeFigures, used: set[str]) -> CiccTheme:
    quote = None
    if not is_suppressed(figures.count):
        candidates = comment_candidates(session, filters, figures.theme_id, limit=100)
        quote = next((q for q in pick_quotes(candidates, limit=5) if q not in used), None)
        if quote is not None:
            used.add(quote)
    return CiccTheme(
        theme_id=figures.theme_id,
        title=theme_by_id(figures.theme_id).plain_title,
        count=suppress(figures.count),
        feeling=_feeling(figures),
        quote=quote,
    )


def _feeling(figures: ThemeFigures) -> str:
    positive = figures.by_label.get("positive", 0)
    negative = figures.by_label.get("negative", 0)
    if positive >= 2 * max(negative, 1):
        return "mostly good things"
    if negative >= 2 * max(positive, 1):
        return "mostly things that need to get better"
    return "a mix of good things and things to change"


def in_ten(part: int, whole: int) -> str:
    """ "About 7 in 10": how young people read a share; words instead when numbers are small."""
    if is_suppressed(whole) or whole == 0:
        return "Not enough of you answered this for us to share it"
    if is_suppressed(part) or is_suppressed(whole - part):
        return "We can't share this one because the numbers are small"
    share = round(part * 10 / whole)
    if share == 10:
        return "Almost all of you"
    if share == 0:
        return "Hardly any of you"
    return f"About {share} in 10 of you"


def people(count: int) -> str:
    """ "23 young people" or "fewer than 5 young people"."""
    return f"{suppress(count)} young {'person' if count == 1 else 'people'}"


def face_chart(summary: CiccSummary) -> Chart | None:
    """How reviews went, with small counts written as words and not drawn to scale."""
    total = sum(summary.faces.values())
    if is_suppressed(total) or total == 0:
        return None
    values = [summary.faces.get(k, 0) for k in FACE_ORDER]
    return bar_chart(
        "How was your review?",
        [PLAIN_FACES[k] for k in FACE_ORDER],
        [0 if is_suppressed(v) else v for v in values],
        notes=[suppress(v) for v in values],
    )


def cicc_document(summary: CiccSummary) -> Document:
    """The summary in order: how reviews went, what you talked about, you said - we did."""
    doc = Document(f"What you told us: {summary.start:%-d %B %Y} to {summary.last_day:%-d %B %Y}")
    doc.add(
        Para(
            f"{people(summary.responses).capitalize()} told us how their review went. "
            "Thank you. We never show names, and when fewer than 5 people said something we "
            'just say "fewer than 5", so nobody can be picked out.'
        ),
        Heading(1, "Your reviews"),
        Bullets(
            (
                f"{in_ten(summary.spoke.counts.get('yes', 0), summary.spoke.n)} talked to "
                "your IRO before your review.",
                f"{in_ten(summary.involved.counts.get('yes', 0), summary.involved.n)} felt "
                "part of your review.",
            )
        ),
    )
    chart = face_chart(summary)
    if chart is not None:
        doc.add(Figure("how-was-your-review", chart))
    doc.add(Heading(1, "What you talked about"))
    if summary.themes:
        for theme in summary.themes:
            doc.add(
                Heading(2, theme.title),
                Para(f"{theme.count.capitalize()} of you talked about this: {theme.feeling}."),
            )
            if theme.quote:
                doc.add(Quote(theme.quote))
    else:
        doc.add(Para("Nobody wrote comments in this time."))
    doc.add(Heading(1, "You said, we did"))
    if summary.actions:
        for action in summary.actions:
            doc.add(
                Heading(2, ", ".join(action.themes) or "Changes we made"),
                Para(f"You said: {action.you_said}"),
                Para(f"We did: {action.we_did}"),
            )
    else:
        doc.add(Para("Nothing yet. We will tell you what we change."))
    return doc


def cicc_json(summary: CiccSummary) -> dict[str, Any]:
    """The summary for machines: still suppressed, because it is meant for the CiCC."""
    return {
        "from": summary.start.isoformat(),
        "to": summary.last_day.isoformat(),
        "responses": suppress(summary.responses),
        "review": {
            "spoke_to_iro": in_ten(summary.spoke.counts.get("yes", 0), summary.spoke.n),
            "felt_involved": in_ten(summary.involved.counts.get("yes", 0), summary.involved.n),
            "faces": {PLAIN_FACES[k]: suppress(summary.faces.get(k, 0)) for k in FACE_ORDER},
        },
        "themes": [
            {
                "id": t.theme_id,
                "title": t.title,
                "count": t.count,
                "feeling": t.feeling,
                "quote": t.quote,
            }
            for t in summary.themes
        ],
        "you_said_we_did": [
            {"you_said": a.you_said, "we_did": a.we_did, "themes": list(a.themes)}
            for a in summary.actions
        ],
    }
