"""PURE (CPU only). A claim's timeline as a PNG: each side's stance over time, and its figures.

matplotlib with the Agg backend, drawn into bytes; call it off the event loop.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt

from bot.model import Stance, Statement

_LEVEL = {Stance.SUPPORTS: 1, Stance.NEUTRAL: 0, Stance.REFUTES: -1}


def timeline_png(claim_id: str, claim_text: str, statements: Sequence[Statement]) -> bytes:
    """Stances (top) and figures (bottom, if any) per side, in order of publication."""
    dated = [s for s in statements if s.published is not None]
    figures = [(s, f) for s in dated for f in s.figures]
    rows = 2 if figures else 1
    fig, axes = plt.subplots(rows, 1, figsize=(8, 3.2 * rows), squeeze=False, sharex=True)
    try:
        stance_ax = axes[0][0]
        for side in sorted({s.side for s in dated}):
            said = [s for s in dated if s.side == side]
            stance_ax.step(
                [s.published for s in said],
                [_LEVEL[s.stance] for s in said],
                where="post",
                marker="o",
                label=side,
            )
        stance_ax.set_yticks([-1, 0, 1], ["refutes", "neutral", "supports"])
        stance_ax.set_ylim(-1.5, 1.5)
        stance_ax.set_title(f"{claim_id}: {claim_text}"[:90], fontsize=10)
        stance_ax.grid(alpha=0.3)
        if dated:
            stance_ax.legend(fontsize=8, loc="best")
        if figures:
            figure_ax = axes[1][0]
            for side, counted in sorted({(s.side, f.counted) for s, f in figures}):
                points = [(s.published, f.value) for s, f in figures if s.side == side and f.counted == counted]
                figure_ax.plot([p[0] for p in points], [p[1] for p in points], marker="o",
                               label=f"{side}: {counted.replace('|', ' ')}")  # fmt: skip
            figure_ax.grid(alpha=0.3)
            figure_ax.legend(fontsize=8, loc="best")
        axes[-1][0].xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))  # type: ignore[no-untyped-call]
        fig.autofmt_xdate()
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()
    finally:
        plt.close(fig)
