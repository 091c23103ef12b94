"""The IRO service's annual report for the Corporate Parenting Committee (1 April to 31 March).

It carries what the council's report carries, computed from the records: reviews held and on
time, reports written within 20 working days, the PN0-PN7 participation table for the year and up
to four years before it (with its own arithmetic shown, so a slip like 2017/18's 748 against 750
is visible), and "Feedback from children in care about the IRO service".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from analysis.reporting.caseloads import Caseloads, iro_caseloads
from analysis.reporting.charts import bar_chart, line_chart, month_label
from analysis.reporting.comments import comment_candidates
from analysis.reporting.document import (
    Bullets,
    Document,
    Figure,
    Heading,
    Para,
    Quote,
    Table,
    fmt_pct,
)
from analysis.reporting.figures import SUPPRESS_BELOW, is_suppressed, pct, suppress
from analysis.reporting.filters import Filters
from analysis.reporting.indicators import FACE_LABELS, FACE_ORDER, Indicator, indicators
from analysis.reporting.participation import NO_CODE, Participation, participation_by_year
from analysis.reporting.periods import reporting_year, year_label
from analysis.reporting.quotes import pick_quotes
from analysis.reporting.response_rates import ResponseRates, response_rates
from analysis.reporting.theme_figures import ThemeFigures, theme_figures
from analysis.reporting.timeliness import Timeliness, timeliness
from analysis.text.themes import theme_by_id
from service.models import Role

PREVIOUS_YEARS = 4
CODE_MEANINGS = {
    "PN0": "Child aged under 4 at the time of the review",
    "PN1": "Attended and spoke for themselves",
    "PN2": "Attended, an advocate spoke for them",
    "PN3": "Attended and gave their views non-verbally",
    "PN4": "Attended without contributing",
    "PN5": "Did not attend, an advocate was briefed with their views",
    "PN6": "Did not attend, views were sent",
    "PN7": "Did not attend and sent no views",
    NO_CODE: "No participation recorded",
}
CHILDREN = (Role.CHILD, Role.CARE_LEAVER)
ADULTS = {Role.CARER: "Carers", Role.PARENT: "Parents"}


@dataclass(frozen=True)
class AdultFeedback:
    """What carers or parents said about the reviews: their own forms, counted apart."""

    role: Role
    rates: ResponseRates
    indicators: list[Indicator]
    themes: list[ThemeFigures]

    @property
    def label(self) -> str:
        return ADULTS[self.role]

    def to_dict(self) -> dict[str, Any]:
        return {
            "responses": self.rates.all_responses,
            "invitations": self.rates.invitations,
            "invitations_answered": self.rates.responses,
            "pct_response_rate": self.rates.pct,
            "indicators": [i.to_dict() for i in self.indicators],
            "themes": [t.to_dict() for t in self.themes],
        }


@dataclass(frozen=True)
class IroReport:
    year: int
    participation: Participation
    history: list[Participation]  # earlier years with reviews, oldest first, then this year
    timeliness: Timeliness
    caseloads: Caseloads
    rates: ResponseRates
    indicators: list[Indicator]
    themes: list[ThemeFigures]
    quotes: list[str]
    generated_at: datetime
    adults: list[AdultFeedback]

    @property
    def label(self) -> str:
        return year_label(self.year)


def build_iro_report(session: Session, year: int, *, now: datetime) -> IroReport:
    """Compute every figure of the report for reporting year `year` (e.g. 2022 = 2022/23)."""
    period = reporting_year(year)
    years = list(range(year - PREVIOUS_YEARS, year + 1))
    table = participation_by_year(session, years)
    current = table[-1]
    history = [p for p in table[:-1] if p.total] + [current]
    feedback = Filters(period=period, roles=CHILDREN)
    themes = theme_figures(session, feedback)
    quotes: list[str] = []  # one per theme raised by 5 or more, so no quote stands out alone
    for theme in themes:
        if len(quotes) >= 5 or is_suppressed(theme.count):
            continue
        candidates = comment_candidates(session, feedback, theme.theme_id, limit=100)
        quotes += [q for q in pick_quotes(candidates, limit=5) if q not in quotes][:1]
    return IroReport(
        year=year,
        participation=current,
        history=history,
        timeliness=timeliness(session, period),
        caseloads=iro_caseloads(session, period),
        rates=response_rates(session, feedback),
        indicators=indicators(session, feedback),
        themes=themes,
        quotes=quotes,
        generated_at=now,
        adults=[
            AdultFeedback(
                role,
                response_rates(session, Filters(period=period, roles=(role,))),
                indicators(session, Filters(period=period, roles=(role,))),
                theme_figures(session, Filters(period=period, roles=(role,))),
            )
            for role in ADULTS
        ],
    )


def iro_report_json(report: IroReport) -> dict[str, Any]:
    """The report for machines: exact counts, percentages 0-100 unrounded."""
    period = reporting_year(report.year)
    return {
        "year": report.year,
        "label": report.label,
        "period": {
            "from": period.start.isoformat(),
            "to": (period.end - timedelta(days=1)).isoformat(),
        },
        "generated_at": report.generated_at.isoformat(timespec="seconds"),
        "participation": {
            **report.participation.to_dict(),
            "history": [p.to_dict() for p in report.history],
        },
        "timeliness": report.timeliness.to_dict(),
        "caseload": report.caseloads.to_dict(),
        "feedback": {
            "responses": report.rates.all_responses,
            "invitations": report.rates.invitations,
            "invitations_answered": report.rates.responses,
            "pct_response_rate": report.rates.pct,
            "indicators": [i.to_dict() for i in report.indicators],
            "themes": [t.to_dict() for t in report.themes],
            "quotes": list(report.quotes),
        },
        "carers_and_parents": {a.role.value: a.to_dict() for a in report.adults},
    }


def _count(n: int) -> str:
    return suppress(n)


def _share(part: int, whole: int) -> str:
    """A published share: withheld when either count is small enough to point to a child."""
    if is_suppressed(whole) or is_suppressed(part):
        return "withheld (small numbers)"
    return fmt_pct(pct(part, whole))


def iro_report_document(report: IroReport) -> Document:
    """The report's content in order, ready to render as Markdown, HTML or DOCX."""
    doc = Document(f"Independent Reviewing Officer service: annual report {report.label}")
    period = reporting_year(report.year)
    doc.add(
        Para(
            f"Covers reviews and feedback from {period.start:%-d %B %Y} to "
            f"{period.end - timedelta(days=1):%-d %B %Y}. Computed from the council's records on "
            f"{report.generated_at:%-d %B %Y}. Percentages are shown to two decimal places; counts of "
            f"feedback under 5 are not published."
        ),
    )
    _timeliness_section(doc, report.timeliness)
    _caseload_section(doc, report.caseloads)
    _participation_section(doc, report)
    _feedback_section(doc, report)
    _adults_section(doc, report)
    return doc


def _timeliness_section(doc: Document, t: Timeliness) -> None:
    doc.add(
        Heading(1, "Reviews held and within timescale"),
        Para(
            f"{t.held} reviews were held; {t.in_timescale} of them within timescale "
            f"({fmt_pct(t.pct_in_timescale)})."
        ),
        Table(
            "Reviews held per month",
            ("Month", "Held", "Within timescale", "%"),
            (
                *tuple(
                    (
                        month_label(m.month),
                        str(m.held),
                        str(m.in_timescale),
                        _pct_of(m.in_timescale, m.held),
                    )
                    for m in t.by_month
                ),
                ("Total", str(t.held), str(t.in_timescale), fmt_pct(t.pct_in_timescale)),
            ),
        ),
    )
    if t.by_month:
        doc.add(
            Figure(
                "reviews-by-month",
                bar_chart(
                    "Reviews held per month",
                    [month_label(m.month) for m in t.by_month],
                    [m.held for m in t.by_month],
                ),
            )
        )
    doc.add(
        Heading(1, "Review reports completed within 20 working days"),
        Para(
            f"{t.reports_on_time} of {t.reports_recorded} review reports with a completion date "
            f"were completed within 20 working days ({fmt_pct(t.pct_reports_on_time)})."
        ),
    )


def _caseload_section(doc: Document, c: Caseloads) -> None:
    if not (c.by_iro or c.reviewed):
        return
    counts = c.to_dict()
    doc.add(Heading(1, "IRO caseloads"))
    if c.by_iro:
        doc.add(
            Para(
                f"On {c.on:%-d %B %Y} each IRO had {c.average:.0f} children allocated on average "
                f"(from {counts['min']} to {counts['max']}): the caseload. A child counts for the "
                "IRO who chaired their latest review, if that was in the last 7 months."
            )
        )
    doc.add(
        Para(
            "Children reviewed in the year is a different figure: a child who moved to another "
            "IRO counts for both, and a child who left care during the year still counts."
        ),
        Table(
            "Caseload and children reviewed, by IRO",
            ("IRO", f"Caseload on {c.on:%-d %B %Y}", "Children reviewed in the year"),
            tuple(
                (iro, str(c.by_iro.get(iro, 0)), str(c.reviewed.get(iro, 0)))
                for iro in sorted(set(c.by_iro) | set(c.reviewed))
            ),
        ),
    )


def _pct_of(part: int, whole: int) -> str:
    return fmt_pct(pct(part, whole))


def _participation_section(doc: Document, report: IroReport) -> None:
    history = report.history
    labels = tuple(year_label(p.year) for p in history)
    codes = [c for c in CODE_MEANINGS if c != NO_CODE or any(p.unrecorded for p in history)]
    rows: list[tuple[str, ...]] = [
        (
            f"{code if code != NO_CODE else '(none)'}: {CODE_MEANINGS[code]}",
            *tuple(str(p.by_code[code]) for p in history),
        )
        for code in codes
    ]
    rows.append(("Total reviews (sum of the rows above)", *tuple(str(p.total) for p in history)))
    p = report.participation
    doc.add(
        Heading(1, "How children took part in their reviews (PN0-PN7)"),
        Para(
            f"In {report.label} children participated in {fmt_pct(p.pct_participated_excl_under4)} "
            f"of their reviews (excluding children under 4). In {fmt_pct(p.pct_no_views_excl_under4)} "
            f"of reviews for children over 4 they did not attend nor send their views "
            f"({p.count_no_views} instances). Children attended and spoke for themselves in "
            f"{fmt_pct(p.pct_attended_spoke)} of their reviews."
        ),
        Table("Reviews by participation code and reporting year", ("Code", *labels), tuple(rows)),
        Para(
            "How the headline figures are worked out, so anyone can check them. Reviews with no "
            "participation recorded count as not participating.",
            emphasis=True,
        ),
        Table(
            "Headline figures and their arithmetic",
            (
                "Year",
                "Participated (excluding under 4s)",
                "No attendance and no views (excluding under 4s)",
                "Attended and spoke",
            ),
            tuple(_arithmetic_row(q) for q in history),
        ),
    )
    if len(history) > 1:
        doc.add(
            Figure(
                "participation-by-year",
                line_chart(
                    "Participation in reviews by year",
                    list(labels),
                    {
                        "Participated (excl. under 4s)": [
                            q.pct_participated_excl_under4 for q in history
                        ],
                        "Attended and spoke": [q.pct_attended_spoke for q in history],
                        "No attendance, no views": [q.pct_no_views_excl_under4 for q in history],
                    },
                ),
            )
        )


def _arithmetic_row(p: Participation) -> tuple[str, str, str, str]:
    unrecorded = f" − {p.unrecorded}" if p.unrecorded else ""
    return (
        year_label(p.year),
        f"({p.total} − {p.under4} − {p.count_no_views}{unrecorded}) / ({p.total} − {p.under4}) "
        f"= {p.participated_excl_under4} / {p.over4} = {fmt_pct(p.pct_participated_excl_under4)}",
        f"{p.count_no_views} / ({p.total} − {p.under4}) = {p.count_no_views} / {p.over4} "
        f"= {fmt_pct(p.pct_no_views_excl_under4)}",
        f"{p.by_code['PN1']} / {p.total} = {fmt_pct(p.pct_attended_spoke)}",
    )


def _feedback_section(doc: Document, report: IroReport) -> None:
    rates = report.rates
    doc.add(
        Heading(1, "Feedback from children in care about the IRO service"),
        Para(
            f"Children and young people were invited {_count(rates.invitations)} times to say how "
            f"their review went; {_count(rates.responses)} of those invitations were answered "
            f"({_share(rates.responses, rates.invitations)}). In all, "
            f"{_count(rates.all_responses)} responses were received."
        ),
    )
    rows = tuple(_indicator_row(i) for i in report.indicators)
    doc.add(Table("What children told us", ("Question", "Answers (n)", "Result"), rows))
    faces = next((i for i in report.indicators if i.spec.kind == "face"), None)
    if faces is not None and faces.n >= SUPPRESS_BELOW:
        doc.add(
            Figure(
                "review-rating",
                bar_chart(
                    f"How was your review? (n = {faces.n})",
                    [FACE_LABELS[k] for k in FACE_ORDER],
                    [faces.counts.get(k, 0) for k in FACE_ORDER],
                    notes=[_count(faces.counts.get(k, 0)) for k in FACE_ORDER],
                ),
            )
        )
    themes = [t for t in report.themes if t.count >= SUPPRESS_BELOW]
    if themes:
        doc.add(
            Heading(2, "What children talked about"),
            Table(
                "Themes in children's comments",
                ("Theme", "Comments", "Mostly"),
                tuple((theme_by_id(t.theme_id).title, str(t.count), _mood(t)) for t in themes),
            ),
        )
    hidden = len(report.themes) - len(themes)
    if hidden:
        doc.add(Para(f"{hidden} further themes came up fewer than 5 times.", emphasis=True))
    if report.quotes:
        doc.add(Heading(2, "In their own words"))
        doc.add(*(Quote(q) for q in report.quotes))
    if not rates.all_responses:
        doc.add(Bullets(("No feedback was received in this year.",)))


def _adults_section(doc: Document, report: IroReport) -> None:
    doc.add(
        Heading(1, "Feedback from carers and parents"),
        Para(
            "Carers and parents are asked about the child's review on forms of their own; their "
            "answers are counted here, apart from the children's."
        ),
    )
    for adults in report.adults:
        rates = adults.rates
        doc.add(Heading(2, adults.label))
        if not rates.all_responses:
            doc.add(Para(f"{adults.label} sent no feedback in this year."))
            continue
        doc.add(
            Para(
                f"{adults.label} were invited {_count(rates.invitations)} times; "
                f"{_count(rates.responses)} of those invitations were answered "
                f"({_share(rates.responses, rates.invitations)})."
            ),
            Table(
                f"What {adults.label.lower()} told us",
                ("Question", "Answers (n)", "Result"),
                tuple(_indicator_row(i) for i in adults.indicators),
            ),
        )
        themes = [t for t in adults.themes if t.count >= SUPPRESS_BELOW]
        if themes:
            doc.add(
                Table(
                    f"Themes in {adults.label.lower()}'s comments",
                    ("Theme", "Comments", "Mostly"),
                    tuple((theme_by_id(t.theme_id).title, str(t.count), _mood(t)) for t in themes),
                )
            )


def _indicator_row(indicator: Indicator) -> tuple[str, str, str]:
    if indicator.n == 0:
        result = "no answers"
    elif indicator.spec.kind == "yes":
        result = f"{_share(indicator.counts.get('yes', 0), indicator.n)} said yes"
    else:
        good = indicator.counts.get("very_happy", 0) + indicator.counts.get("happy", 0)
        result = f"{_share(good, indicator.n)} said good or really good"
    return (indicator.spec.title, _count(indicator.n), result)


def _mood(theme: ThemeFigures) -> str:
    """The commonest sentiment label among a theme's comments, in words."""
    if not theme.by_label:
        return "–"
    label, _ = max(theme.by_label.items(), key=lambda kv: (kv[1], kv[0]))
    return {"positive": "positive", "negative": "negative", "mixed": "mixed"}.get(label, "neutral")
