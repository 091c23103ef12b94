"""The Children in Care Council summary: what children said and what changed, in young people's words.

Everything here may be shown on a screen at a meeting or handed out, so every count under 5 is
replaced by words, shares are only given when both sides are 5 or more, quotes pass
`is_publishable_quote`, and nothing names, dates or numbers a child.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import distinct, func, select, true
from sqlalchemy.orm import Session

from analysis.reporting.charts import Chart, bar_chart
from analysis.reporting.comments import comment_candidates
from analysis.reporting.document import Bullets, Document, Figure, Heading, Para, Quote
from analysis.reporting.figures import is_suppressed, suppress, suppress_all
from analysis.reporting.filters import Filters, filter_answers, filter_responses
from analysis.reporting.indicators import FACE_ORDER, Indicator, indicators
from analysis.reporting.periods import Period
from analysis.reporting.questionnaire_results import QuestionnaireResult, questionnaire_results
from analysis.reporting.quotes import pick_quotes
from analysis.reporting.theme_figures import ThemeFigures, theme_elements, theme_figures
from analysis.text.themes import theme_by_id
from service.domain.actions import list_actions
from service.models import Answer, Response, Role
from service.questionnaires import FOR_AGE_BAND, REVIEW_QUESTIONNAIRES

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
    count: str  # young people who wrote about it, already suppressed
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
    responses: int  # everything children and care leavers sent, whatever the form
    reviews: int  # of which told us how their review went
    faces: dict[str, int]
    spoke: Indicator
    involved: Indicator
    themes: list[CiccTheme]
    actions: list[CiccAction]
    results: list[QuestionnaireResult]  # every questionnaire, carers' and parents' included
    generated_at: datetime

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)


def build_cicc_summary(session: Session, start: date, end: date, *, now: datetime) -> CiccSummary:
    """What children and care leavers said from `start` up to (not including) `end`, and what changed."""
    filters = Filters(period=Period(start, end), roles=CHILDREN)
    by_question = {i.spec.question_id: i for i in indicators(session, filters)}
    people_by_theme = _people_by_theme(session, filters)
    used: set[str] = set()  # one quote is never shown under two themes
    themes = [
        _theme(session, filters, figures, people_by_theme[figures.theme_id], used)
        for figures in theme_figures(session, filters)
        if people_by_theme.get(figures.theme_id)
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
    results = questionnaire_results(session, Filters(period=filters.period))
    sent = _sent_by_questionnaire(session, filters)
    return CiccSummary(
        start=start,
        end=end,
        responses=sum(sent.values()),
        reviews=sum(n for key, n in sent.items() if key in REVIEW_KEYS),
        faces=by_question["review_rating"].counts,
        spoke=by_question["spoke_to_iro"],
        involved=by_question["felt_involved"],
        themes=themes,
        actions=actions[:12],
        results=results,
        generated_at=now,
    )


# The forms that ask a child how their review went (the under-8 form among them).
_REVIEW_CHILD = REVIEW_QUESTIONNAIRES[Role.CHILD]
REVIEW_KEYS = frozenset(
    {_REVIEW_CHILD, *(v for (k, _band), v in FOR_AGE_BAND.items() if k == _REVIEW_CHILD)}
)


def _sent_by_questionnaire(session: Session, filters: Filters) -> dict[str, int]:
    stmt = (
        select(Response.questionnaire_key, func.count())
        .select_from(Response)
        .group_by(Response.questionnaire_key)
    )
    return {str(k): int(n) for k, n in session.execute(filter_responses(stmt, filters))}


def _people_by_theme(session: Session, filters: Filters) -> dict[str, int]:
    """How many young people wrote about each theme: one who wrote about it twice counts once."""
    elements = theme_elements(session)
    stmt = (
        select(elements.c.value, func.count(distinct(Answer.response_id)))
        .select_from(Answer)
        .join(elements, true())
        .where(Answer.themes.is_not(None))
        .group_by(elements.c.value)
    )
    return {str(t): int(n) for t, n in session.execute(filter_answers(stmt, filters))}


def _theme(
    session: Session, filters: Filters, figures: ThemeFigures, people: int, used: set[str]
) -> CiccTheme:
    quote = None
    if not is_suppressed(people):
        candidates = comment_candidates(session, filters, figures.theme_id, limit=100)
        quote = next((q for q in pick_quotes(candidates, limit=5) if q not in used), None)
        if quote is not None:
            used.add(quote)
    return CiccTheme(
        theme_id=figures.theme_id,
        title=theme_by_id(figures.theme_id).plain_title,
        count=suppress(people),
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


@dataclass(frozen=True)
class Asked:
    """How a yes/no question reads in a sentence: what a "yes" did, and what it was about."""

    did: str  # "talked to your IRO before your review"
    about: str  # "talking to your IRO before your review"


SPOKE = Asked("talked to your IRO before your review", "talking to your IRO before your review")
INVOLVED = Asked("felt part of your review", "feeling part of your review")


def share_sentence(indicator: Indicator, asked: Asked) -> str:
    """One whole sentence about how many said yes, whatever the numbers: "About 7 in 10 of you
    talked to your IRO before your review." or why it cannot be said."""
    yes, whole = indicator.counts.get("yes", 0), indicator.n
    if whole == 0:
        return f"Nobody answered the question about {asked.about}."
    if is_suppressed(whole):
        return (
            f"Fewer than 5 of you answered the question about {asked.about}, "
            "so we keep those answers to ourselves."
        )
    if is_suppressed(yes) or is_suppressed(whole - yes):
        return f"We can't say how many of you {asked.did}, because the numbers are small."
    return f"{in_ten(yes, whole)} {asked.did}."


def in_ten(part: int, whole: int) -> str:
    """ "About 7 in 10 of you": how young people read a share (both sides 5 or more)."""
    share = round(part * 10 / whole)
    if share == 10:
        return "Almost all of you"
    if share == 0:
        return "Hardly any of you"
    return f"About {share} in 10 of you"


def people(count: int) -> str:
    """ "23 young people", "fewer than 5 young people" or "nobody"."""
    if count == 0:
        return "nobody"
    if is_suppressed(count):
        return "fewer than 5 young people"
    return f"{count} young people"


def headline(summary: CiccSummary) -> str:
    """The opening sentence: reviews first, then everything else young people sent."""
    others = summary.responses - summary.reviews
    if summary.responses == 0:
        return "Nobody has told us anything in this time yet."
    review = (
        f"{people(summary.reviews).capitalize()} told us how their review went"
        if summary.reviews
        else "Nobody told us about their review in this time"
    )
    if others == 0:
        return f"{review}."
    return f"{review}, and {people(others)} answered our other questions."


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
    """The summary in order: how reviews went, what you talked about, what you answered, you
    said - we did."""
    doc = Document(f"What you told us: {summary.start:%-d %B %Y} to {summary.last_day:%-d %B %Y}")
    doc.add(
        Para(
            f"{headline(summary)} Thank you. We never show names, and when fewer than 5 people "
            'said something we just say "fewer than 5", so nobody can be picked out.'
        ),
        Heading(1, "Your reviews"),
        Bullets((share_sentence(summary.spoke, SPOKE), share_sentence(summary.involved, INVOLVED))),
    )
    chart = face_chart(summary)
    if chart is not None:
        doc.add(Figure("how-was-your-review", chart))
    doc.add(Heading(1, "What you talked about"))
    if summary.themes:
        for theme in summary.themes:
            doc.add(
                Heading(2, theme.title),
                Para(f"{theme.count.capitalize()} of you wrote about this: {theme.feeling}."),
            )
            if theme.quote:
                doc.add(Quote(theme.quote))
    else:
        doc.add(Para("Nobody wrote comments in this time."))
    doc.add(Heading(1, "What you answered"))
    answered = [r for r in summary.results if r.responses and set(r.roles) & CHILD_ROLES]
    for result in answered:
        doc.add(Heading(2, result.title), *_result_blocks(result))
    if not answered:
        doc.add(Para("Nobody answered any of our questions in this time."))
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


CHILD_ROLES = frozenset(r.value for r in CHILDREN)


def _result_blocks(result: QuestionnaireResult) -> list[Para | Bullets]:
    """One questionnaire's answers, counts under 5 in words; none at all when fewer than 5 answered."""
    if is_suppressed(result.responses):
        return [Para("Fewer than 5 of you answered this, so we keep the answers to ourselves.")]
    blocks: list[Para | Bullets] = [Para(f"{result.responses} of you answered.")]
    for question in result.questions:
        if question.kind == "choice":
            blocks.append(Para(question.text))
            shown = suppress_all(question.counts)
            blocks.append(
                Bullets(tuple(f"{question.labels[key]}: {n}" for key, n in shown.items()))
            )
        elif question.written:
            blocks.append(
                Para(
                    f"{question.text} {suppress(question.written).capitalize()} of you wrote something."
                )
            )
    return blocks


def cicc_json(summary: CiccSummary) -> dict[str, Any]:
    """The summary for machines: still suppressed, because it is meant for the CiCC."""
    return {
        "from": summary.start.isoformat(),
        "to": summary.last_day.isoformat(),
        "responses": suppress(summary.responses),
        "headline": headline(summary),
        "review": {
            "responses": suppress(summary.reviews),
            "spoke_to_iro": share_sentence(summary.spoke, SPOKE),
            "felt_involved": share_sentence(summary.involved, INVOLVED),
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
        "questionnaires": {r.key: r.to_dict(suppressed=True) for r in summary.results},
        "you_said_we_did": [
            {"you_said": a.you_said, "we_did": a.we_did, "themes": list(a.themes)}
            for a in summary.actions
        ],
    }
