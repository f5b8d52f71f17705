"""PURE (CPU only). A claim's timeline as a PNG: each side's stance over time, its figures, and
the moments alerts were raised.

Drawn for a phone: about 900 px wide, large type, the legend above the plot rather than over
the points. Sides that say the same thing at the same time stay visible: each side's stance line
sits a little above or below the others, with its own marker. Dates are labelled once a day
(hours too when everything happened within a few days), a single statement gets a day either
side rather than an axis of years, and counts start at zero with whole-number ticks. An alert
is a dotted vertical line at the moment of the statement that raised it, labelled above the
plot.

matplotlib with the Agg backend, drawn into bytes; call it off the event loop.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure as Figure_
from matplotlib.ticker import MaxNLocator

from bot.clock import parse_iso
from bot.model import Alert, AlertKind, Figure, Stance, Statement
from bot.render import counted_words, number

_LEVEL = {Stance.SUPPORTS: 1, Stance.NEUTRAL: 0, Stance.REFUTES: -1}
_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
_ALERT_COLOURS = {
    AlertKind.STANCE_FLIP: "#d62728",
    AlertKind.NUMBER_CHANGE: "#9467bd",
    AlertKind.EDITED: "#7f7f7f",
    AlertKind.DELETED: "#7f7f7f",
}
WIDTH_IN, DPI = 6.0, 150  # 900 px: sharp on a phone, small enough to send quickly
FONT = 10
# Claim texts and side names are someone else's words: "$5 to $9" is money, never TeX.
_STYLE: Any = {"font.size": FONT, "axes.titlesize": FONT + 1, "legend.fontsize": FONT - 1, "text.parse_math": False}


def timeline_png(
    claim_id: str, claim_text: str, statements: Sequence[Statement], alerts: Sequence[Alert] = ()
) -> bytes:
    """Stances (top) and figures (below, if any) per side, in order of publication, with the
    claim's alerts marked, as PNG bytes."""
    with plt.rc_context(_STYLE):
        fig = timeline_figure(claim_id, claim_text, statements, alerts)
        try:
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=DPI)
            return buffer.getvalue()
        finally:
            plt.close(fig)


def timeline_figure(
    claim_id: str, claim_text: str, statements: Sequence[Statement], alerts: Sequence[Alert] = ()
) -> Figure_:
    """The chart as a matplotlib Figure (the caller closes it): what `timeline_png` draws."""
    dated = [s for s in statements if s.published is not None]
    figures = [(s, f) for s in dated for f in s.figures]
    marks = _marks(alerts)
    sides = sorted({s.side for s in dated})
    rows = 2 if figures else 1
    with plt.rc_context(_STYLE):
        fig, axes = plt.subplots(
            rows, 1, figsize=(WIDTH_IN, 2.9 * rows + 1.1), squeeze=False, sharex=True,
            gridspec_kw={"height_ratios": [1] * rows},
        )  # fmt: skip
        try:
            stance_ax = axes[0][0]
            _stances(stance_ax, dated, sides)
            if figures:
                _figures(axes[1][0], figures, sides)
            times = [s.published for s in dated if s.published is not None] + [at for at, _, _ in marks]
            for row in axes:
                _mark_alerts(row[0], marks)
            if times:
                _time_axis(axes[-1][0], min(times), max(times))
            title = textwrap.shorten(f"{claim_id}: {claim_text}", 110, placeholder="…")
            fig.suptitle("\n".join(textwrap.wrap(title, 60)), fontsize=FONT + 1)
            _label_alerts(stance_ax, marks)
            fig.align_ylabels()
            fig.tight_layout()
        except BaseException:
            plt.close(fig)
            raise
    return fig


def _colour(sides: Sequence[str], side: str) -> str:
    """One colour per side, the same in both plots."""
    return f"C{sides.index(side) % 10}"


def _offsets(n: int) -> list[float]:
    """Vertical offsets that keep n sides' stance lines apart (0 for one side)."""
    if n <= 1:
        return [0.0] * n
    spread = min(0.3, 0.1 * (n - 1))
    return [-spread / 2 + spread * i / (n - 1) for i in range(n)]


def _stances(ax: Axes, dated: Sequence[Statement], sides: Sequence[str]) -> None:
    for index, (side, offset) in enumerate(zip(sides, _offsets(len(sides)), strict=True)):
        said = [s for s in dated if s.side == side]
        ax.step(
            mdates.date2num([s.published for s in said]),
            [_LEVEL[s.stance] + offset for s in said],
            where="post",
            color=_colour(sides, side),
            marker=_MARKERS[index % len(_MARKERS)],
            markersize=7,
            linewidth=2,
            alpha=0.9,
            label=side,
        )
    ax.set_yticks([-1, 0, 1], ["refutes", "neutral", "supports"])
    ax.set_ylim(-1.5, 1.5)
    ax.grid(alpha=0.3)
    if sides:
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.02), ncol=min(3, len(sides)), frameon=False,
                  borderaxespad=0, handlelength=1.5)  # fmt: skip


def _figures(ax: Axes, figures: Sequence[tuple[Statement, Figure]], sides: Sequence[str]) -> None:
    series = sorted({(s.side, f.counted) for s, f in figures})
    values: list[float] = []
    for side, counted in series:
        points = sorted(
            (s.published, float(f.value))
            for s, f in figures
            if s.side == side and f.counted == counted and s.published is not None
        )
        values += [v for _, v in points]
        nth = [c for d, c in series if d == side].index(counted)  # the side's nth counted thing
        hollow = nth % 2 == 1  # a hollow, larger marker around a filled one: both show
        ax.plot(
            mdates.date2num([p[0] for p in points]),
            [p[1] for p in points],
            color=_colour(sides, side),
            marker=_MARKERS[sides.index(side) % len(_MARKERS)],
            markersize=10 if hollow else 7,
            markerfacecolor="none" if hollow else None,
            markeredgewidth=2 if hollow else 1,
            linestyle=["-", "--", ":"][nth % 3],
            linewidth=2,
            alpha=0.9,
            label=f"{side}: {counted_words(counted)}",
        )
        for at, value in points:
            ax.annotate(number(value), (mdates.date2num(at), value), textcoords="offset points", xytext=(0, 7), ha="center",
                        fontsize=FONT - 2)  # fmt: skip
    low, high = min(values), max(values)
    bottom = 0.0 if low >= 0 else low * 1.2
    top = high * 1.25 if high > 0 else 1.0
    ax.set_ylim(bottom, max(top, bottom + 1))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=all(v.is_integer() for v in values)))
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.02), ncol=min(2, len(series)), frameon=False,
              borderaxespad=0, handlelength=1.5)  # fmt: skip


def _marks(alerts: Sequence[Alert]) -> list[tuple[datetime, str, AlertKind]]:
    """(when, label, kind) for each alert: the moment of the statement that raised it."""
    marks = []
    for alert in alerts:
        d = alert.draft
        moment = (d.after.published if d.after else None) or (d.before.published if d.before else None)
        if not moment:
            continue
        if d.kind is AlertKind.STANCE_FLIP:
            label = f"{d.side}: flip"
        elif d.kind is AlertKind.NUMBER_CHANGE and d.before and d.after:
            label = f"{d.side}: {number(d.before.value)}→{number(d.after.value)}"
        else:
            label = str(d.kind)
        marks.append((parse_iso(moment), label, d.kind))
    return sorted(marks, key=lambda m: m[0])


def _mark_alerts(ax: Axes, marks: Sequence[tuple[datetime, str, AlertKind]]) -> None:
    for at, _, kind in marks:
        ax.axvline(mdates.date2num(at), color=_ALERT_COLOURS[kind], linestyle=":", linewidth=1.6, alpha=0.9, zorder=0)


def _label_alerts(ax: Axes, marks: Sequence[tuple[datetime, str, AlertKind]]) -> None:
    """Each alert's label just inside the top of the stance plot, staggered when they crowd."""
    for n, (at, label, kind) in enumerate(marks):
        ax.annotate(
            "⚠ " + label if kind is AlertKind.STANCE_FLIP else label,
            (mdates.date2num(at), 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -12 - 12 * (n % 3)),
            textcoords="offset points",
            fontsize=FONT - 2,
            color=_ALERT_COLOURS[kind],
        )


def _time_axis(ax: Axes, first: datetime, last: datetime) -> None:
    """A day either side of a lone moment; ticks once a day (or every few days), never a date
    twice; hours as well when everything fits in a few days."""
    span = last - first
    pad = max(span * 0.06, timedelta(hours=6)) if span else timedelta(days=1)
    start, end = first - pad, last + pad
    ax.set_xlim(mdates.date2num(start), mdates.date2num(end))
    days = (end - start).total_seconds() / 86400
    one_day = "%d %b %Y, UTC"
    if days <= 4:
        locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
        ax.xaxis.set_major_locator(locator)
        concise = mdates.ConciseDateFormatter(
            locator,
            formats=["%Y", "%b", "%d %b", "%H:%M", "%H:%M", "%S"],
            zero_formats=["", "%Y", "%b", "%d %b", "%d %b", "%H:%M"],  # midnight: the day, not 00:00
            # Below the axis: the day itself when everything is on one day (no midnight tick
            # names it), else the year.
            offset_formats=["", "%Y, UTC", "%Y, UTC", *[one_day if first.date() == last.date() else "%Y, UTC"] * 3],
        )
        ax.xaxis.set_major_formatter(concise)
    elif days <= 60:
        every = max(1, math.ceil(days / 7))  # at most about seven labels across a phone screen
        ax.xaxis.set_major_locator(mdates.DayLocator(interval=every))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
        ax.set_xlabel("–".join(str(y) for y in sorted({first.year, last.year})) + ", UTC")
    elif days <= 3 * 365:
        months = max(1, math.ceil(days / 30.5 / 6))
        ax.xaxis.set_major_locator(mdates.MonthLocator(interval=months))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
        ax.set_xlabel("UTC")
    else:
        ax.xaxis.set_major_locator(mdates.YearLocator(base=max(1, math.ceil(days / 365 / 6))))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.set_xlabel("UTC")
    for label in ax.get_xticklabels():
        label.set_rotation(0)
        label.set_horizontalalignment("center")
