"""A report as a list of plain blocks, rendered once each to Markdown, HTML and DOCX.

Report builders say *what* a report contains; this module alone knows the three formats, so the
IRO report and the CiCC summary never disagree between their Markdown, web and Word versions.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field

from analysis.reporting.charts import Chart


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    emphasis: bool = False


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Quote:
    text: str


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Figure:
    name: str  # file stem for the PNG written next to a Markdown report
    chart: Chart


Block = Heading | Para | Bullets | Quote | Table | Figure


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]


def fmt_pct(value: float | None) -> str:
    """84.08%, 98.75%, 0.847%: two decimals (three under 1%) so a reader can see how a published
    rounded figure (84%, 98.7%, 0.84%) was reached; a dash when there is nothing to divide by."""
    if value is None:
        return "–"
    if value != 0 and abs(value) < 1:
        return f"{value:.3f}%"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


# Characters that make Markdown (or the HTML a renderer lets through) out of text: tags and
# entities, links and images, emphasis, code, strike-through, table cells.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|])")
# What starts a heading, list or underline when it opens a line ("> " is escaped above).
_MD_BLOCK_MARK = re.compile(r"^([#+=-])")
_MD_LIST_NUMBER = re.compile(r"^(\d+)([.)])")


def _md(text: str) -> str:
    """Text as Markdown that shows exactly this text: every block's words come from data
    (children's quotes, "we did" text, imported IRO names) or sit beside it, so all are escaped
    and only the structure this module writes is Markdown."""
    flat = " ".join(text.splitlines()).strip()
    escaped = _MD_BLOCK_MARK.sub(r"\\\1", _MD_SPECIAL.sub(r"\\\1", flat))
    return _MD_LIST_NUMBER.sub(r"\1\\\2", escaped)


def to_markdown(document: Document, image_prefix: str = "") -> str:
    """Markdown with charts as PNG links (`image_prefix` + figure name + .png)."""
    out = [f"# {_md(document.title)}", ""]
    for block in document.blocks:
        if isinstance(block, Heading):
            out += [f"{'#' * (block.level + 1)} {_md(block.text)}", ""]
        elif isinstance(block, Para):
            out += [f"_{_md(block.text)}_" if block.emphasis else _md(block.text), ""]
        elif isinstance(block, Bullets):
            out += [f"- {_md(item)}" for item in block.items] + [""]
        elif isinstance(block, Quote):
            out += [f"> {_md(block.text)}", ""]
        elif isinstance(block, Table):
            out += [f"**{_md(block.caption)}**", ""]
            out.append("| " + " | ".join(_md(h) for h in block.header) + " |")
            out.append("|" + "|".join("---" for _ in block.header) + "|")
            out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in block.rows]
            out.append("")
        else:
            out += [f"![{_md(block.chart.alt)}]({image_prefix}{block.name}.png)", ""]
    return "\n".join(out)


_CSS = (
    "body{font:16px/1.5 system-ui,'Segoe UI',Roboto,sans-serif;color:#1b1b1b;max-width:56rem;"
    "margin:0 auto;padding:1rem}h1{font-size:1.7rem}h2{font-size:1.3rem;margin-top:2rem}"
    "table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.95rem}"
    "caption{text-align:left;font-weight:600;padding:.25rem 0}"
    "th,td{border:1px solid #999;padding:.3rem .6rem;text-align:left;vertical-align:top}"
    "thead th{background:#f3f6fa}blockquote{border-left:4px solid #0b5394;margin:1rem 0;"
    "padding:.25rem 1rem;background:#f3f6fa}img{max-width:100%;height:auto}.note{color:#4a4a4a}"
)


def to_html_body(document: Document, *, heading_offset: int = 0) -> str:
    """The blocks as HTML (no <html> wrapper), charts inline as SVG data URIs."""
    e = html.escape
    out: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            level = min(6, block.level + 1 + heading_offset)
            out.append(f"<h{level}>{e(block.text)}</h{level}>")
        elif isinstance(block, Para):
            cls = ' class="note"' if block.emphasis else ""
            out.append(f"<p{cls}>{e(block.text)}</p>")
        elif isinstance(block, Bullets):
            out.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in block.items) + "</ul>")
        elif isinstance(block, Quote):
            out.append(f"<blockquote><p>{e(block.text)}</p></blockquote>")
        elif isinstance(block, Table):
            head = "".join(f'<th scope="col">{e(h)}</th>' for h in block.header)
            body = "".join(
                "<tr>"
                + "".join(
                    f'<th scope="row">{e(c)}</th>' if i == 0 else f"<td>{e(c)}</td>"
                    for i, c in enumerate(row)
                )
                + "</tr>"
                for row in block.rows
            )
            out.append(
                f"<table><caption>{e(block.caption)}</caption><thead><tr>{head}</tr></thead>"
                f"<tbody>{body}</tbody></table>"
            )
        else:
            out.append(
                f'<figure><img src="{block.chart.svg_data_uri()}" alt="{e(block.chart.alt)}">'
                f"</figure>"
            )
    return "\n".join(out)


def to_html(document: Document) -> str:
    """A self-contained HTML page: no scripts, no files beside it, nothing from other sites."""
    title = html.escape(document.title)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{title}</h1>\n{to_html_body(document)}\n</main>\n</body>\n</html>\n"
    )


def to_docx(document: Document) -> bytes:
    """A Word document (python-docx) with charts as PNG pictures carrying their alt text."""
    from docx import Document as WordDocument
    from docx.shared import Inches

    word = WordDocument()
    word.core_properties.title = document.title
    word.add_heading(document.title, level=0)
    for block in document.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.text, level=min(block.level, 9))
        elif isinstance(block, Para):
            paragraph = word.add_paragraph()
            paragraph.add_run(block.text).italic = block.emphasis
        elif isinstance(block, Bullets):
            for item in block.items:
                word.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Quote):
            word.add_paragraph(block.text, style="Intense Quote")
        elif isinstance(block, Table):
            word.add_paragraph().add_run(block.caption).bold = True
            table = word.add_table(rows=1 + len(block.rows), cols=len(block.header))
            table.style = "Table Grid"
            # Row by row: table.cell(r, c) walks the whole grid, quadratic for a 500-IRO table.
            for word_row, texts in zip(table.rows, [block.header, *block.rows], strict=True):
                for cell, text in zip(word_row.cells, texts, strict=True):
                    cell.text = text
        else:
            shape = word.add_picture(io.BytesIO(block.chart.png()), width=Inches(6.2))
            shape._inline.docPr.set("descr", block.chart.alt)  # alt text for screen readers
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
