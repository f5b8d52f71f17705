"""number_change: a side gives a different figure for the same counted thing on the same claim.

Signal: per counted thing (a key such as "children|injured" chosen by extraction), the
sequence of one side's figures ordered by publication. A figure restated (equal to six
significant digits) continues its run; a figure about another thing is another sequence.
Errs towards silence, as stance_flip does: late and duplicate statements join runs.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bot.compare.runs import boundaries, is_known
from bot.compare.stance_flip import snapshot
from bot.model import AlertDraft, AlertKind, Figure, Statement

# Storage indexes figures by `series_key` so a poll reads only a series, not the whole history.
# Change what a key is and bump this: the index is rebuilt when the poll next opens the database.
SERIES_VERSION = 1


def series_key(figure: Figure) -> str:
    """The series a figure belongs to: figures are compared only within one key (an opaque
    string to everything outside compare/)."""
    return figure.counted


@dataclass(frozen=True)
class _Said:
    statement: Statement
    value: float

    @property
    def id(self) -> int | None:
        return self.statement.id


def _same(value: float) -> float:
    return float(f"{value:.6g}")


def find(
    history: Sequence[Statement], known: Collection[tuple[int | None, int | None, str | None]]
) -> list[AlertDraft]:
    """Changes of figure in one (claim, side) history that no alert covers yet.

    `known` holds (before statement id, after statement id, counted) of changes already alerted.
    """
    by_counted: dict[str, list[_Said]] = {}
    for statement in history:
        for figure in statement.figures:
            by_counted.setdefault(series_key(figure), []).append(_Said(statement, figure.value))
    drafts = []
    for counted, said in by_counted.items():
        known_here = [(b, a) for b, a, c in known if c == counted]
        for boundary in boundaries(said, lambda s: _same(s.value)):
            if is_known(boundary, known_here, lambda s: s.id):
                continue
            before, after = boundary.before, boundary.after
            drafts.append(
                AlertDraft(
                    kind=AlertKind.NUMBER_CHANGE,
                    key=f"number_change:{after.statement.claim}:{after.statement.side}:{counted}:{after.id}",
                    claim=after.statement.claim,
                    side=after.statement.side,
                    source=after.statement.source,
                    url=after.statement.url,
                    counted=counted,
                    before=snapshot(before.statement, value=before.value),
                    after=snapshot(after.statement, value=after.value),
                )
            )
    return drafts
