"""Timeline charts as a phone user sees them: rendered to PNG (kept under the test's folder for
a look) and checked for what the eye would catch: a date once, a sensible range for one point,
sides that say the same thing both visible, alerts marked where they happened."""

from __future__ import annotations

import re
import struct
from datetime import UTC, datetime, timedelta
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure as MplFigure

from bot.chart import timeline_figure, timeline_png
from bot.clock import iso
from bot.model import Alert, AlertDraft, AlertKind, Figure, Snapshot, Stance, Statement


def at(day: int, hour: int = 8) -> datetime:
    return datetime(2024, 5, day, hour, tzinfo=UTC)


def said(side: str, stance: Stance, when: datetime, *figures: tuple[float, str]) -> Statement:
    return Statement("bridge-hit", side, stance, "q", tuple(Figure(v, c) for v, c in figures), published=when)


STORY = [
    said("Gov", Stance.REFUTES, at(1), (6, "people|injured")),
    said("Army", Stance.REFUTES, at(1), (6, "people|injured")),  # the same stance and figure at once
    said("Gov", Stance.SUPPORTS, at(3), (9, "people|injured")),
    said("Army", Stance.SUPPORTS, at(3, 9), (9, "people|injured")),
    said("Gov", Stance.SUPPORTS, at(5), (40, "vehicles|lost")),
]
FLIP = Alert(1, AlertDraft(AlertKind.STANCE_FLIP, "f", Snapshot("x", "refutes", published=iso(at(1))),
                           Snapshot("y", "supports", published=iso(at(3))), "bridge-hit", "Gov"), iso(at(3)))  # fmt: skip
CHANGE = Alert(2, AlertDraft(AlertKind.NUMBER_CHANGE, "n", Snapshot("x", value=6, published=iso(at(1))),
                             Snapshot("y", value=9, published=iso(at(3))), "bridge-hit", "Gov",
                             counted="people|injured"), iso(at(3)))  # fmt: skip


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def drawn(*args: object) -> MplFigure:
    return timeline_figure("bridge-hit", "The river bridge was hit", *args)  # type: ignore[arg-type]


def labels(fig: MplFigure) -> list[str]:
    fig.canvas.draw()
    return [t.get_text() for t in fig.axes[-1].get_xticklabels() if t.get_text()]


@pytest.fixture(autouse=True)
def _close_figures() -> object:
    yield
    plt.close("all")


def test_the_chart_is_a_phone_sized_png(tmp_path: Path) -> None:
    png = timeline_png("bridge-hit", "The river bridge was hit", STORY, [FLIP, CHANGE])
    (tmp_path / "timeline.png").write_bytes(png)  # to look at: pytest --basetemp=charts
    width, height = png_size(png)
    assert width == 900 and 600 <= height <= 1400


@pytest.mark.parametrize("days", [1, 3, 12, 60, 400, 2000])
def test_every_date_is_labelled_once(days: int) -> None:
    start = datetime(2024, 1, 1, 6, tzinfo=UTC)
    story = [said("Gov", Stance.REFUTES if n % 2 else Stance.SUPPORTS, start + timedelta(hours=6 + n * days * 24 / 9))
             for n in range(10)]  # fmt: skip
    shown = labels(drawn(story))
    dates = [label for label in shown if not re.fullmatch(r"\d\d:\d\d", label)]  # hours may repeat, days not
    assert dates and len(dates) == len(set(dates)), shown
    assert 2 <= len(shown) <= 8, shown  # readable across a phone screen


def test_a_day_is_shown_with_its_hours_and_its_date() -> None:
    fig = drawn([said("Gov", Stance.REFUTES, at(1, 8)), said("Gov", Stance.SUPPORTS, at(1, 14))])
    shown = labels(fig)
    assert "08:00" in shown and "12:00" in shown
    assert fig.axes[-1].xaxis.get_major_formatter().get_offset() == "01 May 2024, UTC"


def test_a_single_statement_gets_a_day_either_side_not_years() -> None:
    fig = drawn([said("Gov", Stance.REFUTES, at(1), (6, "people|injured"))])
    left, right = fig.axes[-1].get_xlim()
    assert right - left == pytest.approx(2.0)  # days
    bottom, top = fig.axes[1].get_ylim()
    assert bottom == 0 and 6 < top < 10  # a count from zero, not 5.7 to 6.3
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[1].get_yticklabels()]
    assert all("." not in t for t in ticks if t), ticks  # whole numbers for counts


def test_sides_saying_the_same_thing_at_once_both_show() -> None:
    fig = drawn(STORY)
    stance_lines = {line.get_label(): line for line in fig.axes[0].get_lines() if not line.get_label().startswith("_")}
    gov, army = stance_lines["Gov"], stance_lines["Army"]
    assert gov.get_ydata()[0] != army.get_ydata()[0]  # both refute on 1 May: drawn apart
    assert gov.get_marker() != army.get_marker() and gov.get_color() != army.get_color()
    figure_lines = [line for line in fig.axes[1].get_lines() if not line.get_label().startswith("_")]
    assert {line.get_label() for line in figure_lines} == {
        "Army: people injured", "Gov: people injured", "Gov: vehicles lost"}  # fmt: skip
    gov_injured = next(line for line in figure_lines if line.get_label() == "Gov: people injured")
    assert gov_injured.get_color() == gov.get_color()  # a side keeps its colour in both plots


def test_alert_moments_are_marked_and_labelled() -> None:
    fig = drawn(STORY, [FLIP, CHANGE])
    for axes in fig.axes:
        vertical = [
            line for line in axes.get_lines() if line.get_linestyle() == ":" and len(set(line.get_xdata())) == 1
        ]
        assert len(vertical) == 2
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "⚠ Gov: flip" in texts and "Gov: 6→9" in texts


def test_no_statements_yet_is_still_a_chart() -> None:
    width, _ = png_size(timeline_png("c", "A claim", []))
    assert width == 900


def test_dollar_signs_in_claims_and_names_are_text_not_tex() -> None:
    fig = timeline_figure("cost", "Cost rose from $5 to $9 million $\\frac{$",
                          [said("Side $\\sqrt{$", Stance.REFUTES, at(1))])  # fmt: skip
    fig.canvas.draw()  # would raise a mathtext ParseSyntaxException
    assert "$5 to $9" in fig.get_suptitle()
