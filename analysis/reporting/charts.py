"""Charts for the dashboard and reports: PNG for documents, SVG for pages that need no JavaScript.

matplotlib's object API (Figure + Agg canvas) is used directly, never pyplot, so charts can be
drawn from several web threads at once without a global figure registry.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.hashsalt"] = "carevoice"  # stable ids: the same data draws the same SVG
matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable, readable

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

INK = "#1b1b1b"
BLUE = "#0b5394"
ORANGE = "#b45309"
GREY = "#767676"
PALETTE = ("#0b5394", "#3d85c6", "#9fc5e8", "#e69138", "#b45309")


@dataclass(frozen=True)
class Chart:
    """A drawn chart with the text alternative a screen reader reads instead."""

    title: str
    alt: str
    figure: Figure

    def png(self, dpi: int = 144) -> bytes:
        """The chart as a PNG, for DOCX and Markdown reports."""
        buffer = io.BytesIO()
        FigureCanvasAgg(self.figure)
        self.figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        return buffer.getvalue()

    def svg(self) -> str:
        """The chart as SVG text, for HTML pages."""
        buffer = io.StringIO()
        self.figure.savefig(buffer, format="svg", metadata={"Date": None})
        return buffer.getvalue()

    def svg_data_uri(self) -> str:
        """An <img src> that needs no second request and no script."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg().encode()).decode()


def _figure(width: float = 7.0, height: float = 3.2) -> Figure:
    figure = Figure(figsize=(width, height), layout="constrained")
    figure.set_facecolor("white")
    return figure


def _style(axes: object) -> None:
    from matplotlib.axes import Axes

    assert isinstance(axes, Axes)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(colors=INK, labelsize=9)
    axes.yaxis.grid(True, color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)


def line_chart(
    title: str,
    labels: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    unit: str = "%",
    y_max: float | None = 100.0,
) -> Chart:
    """One line per series over labelled points (months or years); gaps where a value is missing."""
    figure = _figure()
    axes = figure.add_subplot()
    _style(axes)
    xs = list(range(len(labels)))
    for index, (name, values) in enumerate(series.items()):
        ys = [float("nan") if v is None else v for v in values]
        axes.plot(xs, ys, marker="o", color=PALETTE[index % len(PALETTE)], label=name, linewidth=2)
    axes.set_xticks(xs, list(labels), rotation=45 if len(labels) > 6 else 0, ha="right")
    if y_max is not None:
        axes.set_ylim(0, y_max)
    axes.set_ylabel(unit, color=INK)
    axes.set_title(title, color=INK, fontsize=11, loc="left")
    if len(series) > 1:
        axes.legend(frameon=False, fontsize=8)
    alt = f"{title}. " + " ".join(
        f"{name}: "
        + ", ".join(f"{lab} {_fmt(v)}{unit}" for lab, v in zip(labels, values, strict=True))
        + "."
        for name, values in series.items()
    )
    return Chart(title, alt, figure)


def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    unit: str = "",
    horizontal: bool = False,
    notes: Sequence[str] | None = None,
) -> Chart:
    """Bars with their values written on them (a chart should never need a ruler)."""
    height = max(2.4, 0.38 * len(labels) + 1.0) if horizontal else 3.2
    figure = _figure(7.0, height)
    axes = figure.add_subplot()
    _style(axes)
    positions = list(range(len(labels)))
    texts = list(notes) if notes is not None else [f"{_fmt(v)}{unit}" for v in values]
    if horizontal:
        bars = axes.barh(positions, list(values), color=BLUE)
        axes.set_yticks(positions, list(labels))
        axes.invert_yaxis()
        axes.xaxis.grid(True, color="#dddddd", linewidth=0.6)
        axes.yaxis.grid(False)
    else:
        bars = axes.bar(positions, list(values), color=BLUE)
        axes.set_xticks(positions, list(labels), rotation=45 if len(labels) > 6 else 0, ha="right")
    axes.bar_label(bars, labels=texts, fontsize=8, color=INK, padding=2)
    axes.set_title(title, color=INK, fontsize=11, loc="left")
    alt = f"{title}. " + "; ".join(f"{lab}: {t}" for lab, t in zip(labels, texts, strict=True))
    return Chart(title, alt, figure)


def stacked_bar_chart(
    title: str, labels: Sequence[str], parts: dict[str, Sequence[float]], *, unit: str = "%"
) -> Chart:
    """Each bar split into parts (e.g. how children took part in their reviews, by year)."""
    figure = _figure(7.0, 3.6)
    axes = figure.add_subplot()
    _style(axes)
    positions = list(range(len(labels)))
    bottoms = [0.0] * len(labels)
    for index, (name, values) in enumerate(parts.items()):
        axes.bar(
            positions, list(values), bottom=bottoms, label=name, color=PALETTE[index % len(PALETTE)]
        )
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    axes.set_xticks(positions, list(labels))
    axes.set_ylabel(unit, color=INK)
    axes.set_title(title, color=INK, fontsize=11, loc="left")
    axes.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    alt = f"{title}. " + " ".join(
        f"{lab}: "
        + ", ".join(f"{name} {_fmt(values[i])}{unit}" for name, values in parts.items())
        + "."
        for i, lab in enumerate(labels)
    )
    return Chart(title, alt, figure)


def month_label(month: date) -> str:
    """Apr 2022: short enough for an axis."""
    return month.strftime("%b %Y")


def _fmt(value: float | None) -> str:
    if value is None:
        return "no data"
    return f"{value:.0f}" if float(value).is_integer() or abs(value) >= 10 else f"{value:.1f}"
