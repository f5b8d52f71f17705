"""stance_flip: a side's stance on a claim differs from its previous non-neutral stance.

Signal: the sequence of one side's supports/refutes statements on one claim, ordered by
publication time. Ignored: neutral statements (mentions, hedges, questions) never flip
anything and never interrupt a run. Errs towards silence: a boundary already alerted, or
re-found after late or duplicate statements, raises nothing new.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from bot.clock import iso
from bot.compare.runs import boundaries, is_known
from bot.model import AlertDraft, AlertKind, Snapshot, Stance, Statement


def snapshot(statement: Statement, *, value: float | None = None) -> Snapshot:
    return Snapshot(
        text=statement.quote,
        stance=str(statement.stance),
        value=value,
        url=statement.url,
        published=iso(statement.published) if statement.published else None,
        statement_id=statement.id,
    )


def find(history: Sequence[Statement], known: Collection[tuple[int | None, int | None]]) -> list[AlertDraft]:
    """Flips in one (claim, side) history, ordered by publication, that no alert covers yet.

    `known` holds (before statement id, after statement id) of the flips already alerted.
    """
    decided = [s for s in history if s.stance is not Stance.NEUTRAL]
    drafts = []
    for boundary in boundaries(decided, lambda s: s.stance):
        if is_known(boundary, known, lambda s: s.id):
            continue
        before, after = boundary.before, boundary.after
        drafts.append(
            AlertDraft(
                kind=AlertKind.STANCE_FLIP,
                key=f"stance_flip:{after.claim}:{after.side}:{after.id}",
                claim=after.claim,
                side=after.side,
                source=after.source,
                url=after.url,
                before=snapshot(before),
                after=snapshot(after),
            )
        )
    return drafts
