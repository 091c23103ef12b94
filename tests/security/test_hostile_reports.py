"""Markdown reports escape every text they did not write themselves: children's quotes, "you
said, we did" text and imported IRO names render as the words they are, never as HTML or links."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

from flask.testing import FlaskCliRunner
from markdown_it import MarkdownIt

from analysis.reporting.charts import bar_chart
from analysis.reporting.document import (
    Bullets,
    Document,
    Figure,
    Heading,
    Para,
    Quote,
    Table,
    to_markdown,
)
from service.domain.actions import publish_action, record_action
from service.domain.responses import parse_answers, record_response
from service.models import Channel
from service.questionnaires import get_questionnaire
from service.runtime import Runtime
from tests.factories import make_invitation

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(1))",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "&lt;b&gt;not bold&lt;/b&gt;",
    "*not* _emphasis_ `code` ~~gone~~",
    "# not a heading",
    "1. not a list",
    "- not a bullet",
    "> not a quote",
    "cell | with | bars",
    "line one\nline two\r\n<svg onload=alert(1)>",
]


class _Tags(HTMLParser):
    """Every start tag and its attributes in rendered HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _render(markdown: str) -> list[tuple[str, dict[str, str | None]]]:
    """As a permissive renderer would: raw HTML on, every link scheme allowed, tables on."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.validateLink = lambda _url: True
    parser = _Tags()
    parser.feed(md.render(markdown))
    return parser.tags


def _assert_only_structure(markdown: str, figure: str | None = None) -> None:
    structure = {"h1", "h2", "h3", "p", "ul", "li", "blockquote", "table", "thead", "tbody"}
    structure |= {"tr", "th", "td", "strong", "em"}
    for tag, attrs in _render(markdown):
        if tag == "img" and figure is not None and attrs.get("src") == figure:
            continue
        assert tag in structure, (tag, attrs)
        assert not any(name.startswith("on") or name == "href" for name in attrs), (tag, attrs)


def test_every_block_escapes_what_it_is_given() -> None:
    doc = Document("Report <script>alert(1)</script>")
    for text in HOSTILE:
        doc.add(
            Heading(1, text),
            Para(text),
            Para(text, emphasis=True),
            Bullets((text, f"item {text}")),
            Quote(text),
            Table(text, ("IRO", text), ((text, text),)),
        )
    chart = replace(bar_chart("chart", ["a"], [1.0]), alt="<img src=x onerror=alert(1)>")
    doc.add(Figure("chart", chart))
    markdown = to_markdown(doc, image_prefix="report-")
    _assert_only_structure(markdown, figure="report-chart.png")
    text = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text  # the words survive, as words
    assert "[click me](javascript:alert(1))" in text


def _answers(runtime: Runtime, text: str, count: int = 6) -> None:
    with runtime.sessions.begin() as db:
        for number in range(count):
            issued = make_invitation(
                db,
                runtime.now() - timedelta(days=2),
                child_ref=f"H-{number}",
                review_date=date(2026, 10, 1),
                participation_code="PN1",
                iro="<img src=x onerror=alert(1)>",
            )
            q = get_questionnaire(issued.invitation.questionnaire_key)
            raw = {
                "spoke_to_iro": ["yes"],
                "felt_involved": ["yes"],
                "review_rating": ["happy"],
                "share_words": ["yes"],  # quotes come only from those who agreed
            }
            record_response(
                db,
                parse_answers(q, {**raw, "do_better": [text]}),
                channel=Channel.WEB,
                language="en",
                now=runtime.now(),
                invitation=issued.invitation,
            )


def test_iro_and_cicc_markdown_reports_carry_hostile_text_as_text(
    runner: FlaskCliRunner, runtime: Runtime, tmp_path: Path
) -> None:
    # No digits or capitals: a quote must pass the publishable-quote rule to be printed at all.
    quote = "My IRO listened to me <script>alert()</script> [x](javascript:alert())"
    _answers(runtime, quote)
    with runtime.sessions.begin() as db:
        done = record_action(
            db,
            you_said="<img src=x onerror=alert(1)> meetings are too big",
            we_did="[You choose who comes](javascript:alert(document.cookie))",
            theme_ids=["meeting_experience"],
            by=None,
            now=runtime.now(),
        )
        publish_action(db, done.id, by=None, now=runtime.now())
    iro = runner.invoke(
        args=["report", "iro", "--year", "2026", "--format", "md", "--out", str(tmp_path)]
    )
    assert iro.exit_code == 0, iro.output
    iro_md = (tmp_path / "iro-report-2026-27.md").read_text(encoding="utf-8")
    assert "listened to me" in iro_md
    cicc = runner.invoke(
        args=[
            *("report", "cicc", "--from", "2026-10-01", "--to", "2026-11-30"),
            *("--format", "md", "--out", str(tmp_path)),
        ]
    )
    assert cicc.exit_code == 0, cicc.output
    cicc_md = next(tmp_path.glob("cicc*.md")).read_text(encoding="utf-8")
    assert "You choose who comes" in cicc_md
    for markdown in (iro_md, cicc_md):
        figures = {f"{name}" for name in _figure_sources(markdown)}
        for tag, attrs in _render(markdown):
            if tag == "img":
                assert attrs.get("src") in figures and "onerror" not in attrs
                continue
            assert tag not in {"script", "a", "svg"}, (tag, attrs)
            assert not any(name.startswith("on") for name in attrs), (tag, attrs)


def _figure_sources(markdown: str) -> list[str]:
    return [line.rsplit("](", 1)[1][:-1] for line in markdown.splitlines() if line.startswith("![")]
