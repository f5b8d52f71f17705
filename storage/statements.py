"""Statements: who said what about which claim, per item revision.

A statement belongs to one revision. When an item gets a new revision, the statements of the
older ones stop being `current`: a side's history is what its items say now.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.clock import iso, parse_iso
from bot.errors import StaleRead
from bot.intents import PairHistory, PairVersion, StatementRow
from bot.model import Figure, Qualifier, Stance, Statement
from storage.db import Database, transaction

_COLUMNS = "id, claim, side, stance, quote, figures, source, url, published, item_id, revision_id, confidence, held"
_AT = len(_COLUMNS.split(","))  # where a query's said_at follows the columns


@dataclass(frozen=True)
class SideState:
    """A side's current word on a claim: its latest non-neutral stance and latest figures."""

    side: str
    stance: str
    published: str | None
    url: str | None
    quote: str
    figures: list[dict[str, object]] = field(default_factory=list)  # {"counted", "value", "published"}
    statements: int = 0


def figure_record(figure: Figure) -> dict[str, object]:
    """A figure as stored in a statement's `figures` JSON (fields added later are optional on read)."""
    record: dict[str, object] = {"value": figure.value, "counted": figure.counted, "text": figure.text}
    if figure.qualifier is not Qualifier.TOTAL:
        record["qualifier"] = str(figure.qualifier)
    if figure.when:
        record["when"] = figure.when
    if figure.places:
        record["places"] = list(figure.places)
    if figure.update:
        record["update"] = True
    if figure.fresh:
        record["fresh"] = True
    if figure.running:
        record["running"] = True
    if figure.replaces is not None:
        record["replaces"] = figure.replaces
    return record


def figure_from_record(f: dict[str, object]) -> Figure:
    places = f.get("places") or ()
    return Figure(
        value=float(f["value"]),  # type: ignore[arg-type]
        counted=str(f["counted"]),
        text=str(f.get("text", "")),
        qualifier=Qualifier(str(f.get("qualifier") or "total")),
        when=str(f["when"]) if f.get("when") else None,
        places=tuple(str(p) for p in places) if isinstance(places, list | tuple) else (),
        update=bool(f.get("update")),
        fresh=bool(f.get("fresh")),
        running=bool(f.get("running")),
        replaces=float(f["replaces"]) if f.get("replaces") is not None else None,  # type: ignore[arg-type]
    )


def _from_row(row: Sequence[object]) -> Statement:
    raw = str(row[5])
    figures = tuple(figure_from_record(f) for f in (json.loads(raw) if raw != "[]" else ()))
    published = row[8]
    return Statement(
        id=int(row[0]),  # type: ignore[call-overload]
        claim=str(row[1]),
        side=str(row[2]),
        stance=Stance(str(row[3])),
        quote=str(row[4]),
        figures=figures,
        source=str(row[6]),
        url=row[7] if isinstance(row[7], str) else None,
        published=parse_iso(published) if isinstance(published, str) else None,
        item_id=int(row[9]),  # type: ignore[call-overload]
        revision_id=int(row[10]),  # type: ignore[call-overload]
        confidence=float(row[11]),  # type: ignore[arg-type]
        held=Stance(str(row[12])) if row[12] else None,
    )


def add(db: Database, rows: Iterable[StatementRow], now: datetime) -> None:
    """Store statements with the ids handed out ahead, and index their figures by series key.
    Call inside the poll's transaction."""
    for row in rows:
        s = row.statement
        if s.id is None or s.revision_id is None or s.item_id is None:
            raise ValueError("a statement must have its id and come from a stored revision")
        figures = json.dumps([figure_record(f) for f in s.figures], ensure_ascii=False)
        at = iso(s.published) if s.published else iso(now)
        db.execute(
            """INSERT INTO statements (id, revision_id, item_id, source, claim, side, stance, quote, figures,
                                       url, published, created_at, said_at, confidence, held)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [s.id, s.revision_id, s.item_id, s.source, s.claim, s.side, str(s.stance), s.quote, figures, s.url,
             iso(s.published) if s.published else None, iso(now), at, s.confidence,
             str(s.held) if s.held else None],
        )  # fmt: skip
        for series in dict.fromkeys(row.series):
            db.execute(
                """INSERT INTO figure_series (statement_id, claim, side, series, said_at) VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT DO NOTHING""",
                [s.id, s.claim, s.side, series, at],
            )


def retired_pairs(db: Database, item_ids: Sequence[int]) -> set[tuple[str, str]]:
    """The (claim, side) pairs whose history changes when these items' current statements retire."""
    pairs: set[tuple[str, str]] = set()
    for item_id in item_ids:
        rows = db.execute(
            "SELECT DISTINCT claim, side FROM statements WHERE item_id = ? AND current = 1", [item_id]
        ).fetchall()
        pairs.update((str(r[0]), str(r[1])) for r in rows)
    return pairs


def retire(db: Database, item_id: int, revision_id: int) -> None:
    """An item has a new revision: its older revisions' statements stop counting."""
    db.execute(
        """DELETE FROM figure_series WHERE statement_id IN
               (SELECT id FROM statements WHERE item_id = ? AND revision_id != ? AND current = 1)""",
        [item_id, revision_id],
    )
    db.execute(
        "UPDATE statements SET current = 0 WHERE item_id = ? AND revision_id != ? AND current = 1",
        [item_id, revision_id],
    )


def history(db: Database, claim: str, side: str) -> list[Statement]:
    """A side's current statements on a claim that decide or count something, in order of
    publication (then of arrival). Neutral statements without figures cannot move an alert."""
    rows = db.execute(
        f"""SELECT {_COLUMNS} FROM statements WHERE claim = ? AND side = ? AND current = 1
              AND (stance != 'neutral' OR figures != '[]') ORDER BY said_at, id""",
        [claim, side],
    ).fetchall()
    return [_from_row(r) for r in rows]


# ── the slice of a history a poll reads (see bot/decide.py for why it is enough) ────────────

_DECIDED = "claim = ? AND side = ? AND current = 1 AND stance != 'neutral'"


def _one(db: Database, where: str, params: list[object], order: str) -> tuple[Statement, str] | None:
    row = db.execute(
        f"SELECT {_COLUMNS}, said_at FROM statements WHERE {where} ORDER BY {order} LIMIT 1", params
    ).fetchone()
    return (_from_row(row), str(row[_AT])) if row else None


def _beyond_run(
    db: Database, claim: str, side: str, of: tuple[Statement, str], later: bool
) -> tuple[Statement, str] | None:
    """The nearest decided statement with the other stance after (later) or before the run of
    equal stances that `of` belongs to: where that run ends. None at the history's end."""
    statement, at = of
    other = str(Stance.REFUTES if statement.stance is Stance.SUPPORTS else Stance.SUPPORTS)
    if later:
        return _one(db, f"{_DECIDED} AND stance = ? AND (said_at, id) > (?, ?)",
                    [claim, side, other, at, statement.id], "said_at, id")  # fmt: skip
    return _one(db, f"{_DECIDED} AND stance = ? AND (said_at, id) < (?, ?)",
                [claim, side, other, at, statement.id], "said_at DESC, id DESC")  # fmt: skip


def _run_end(
    db: Database, claim: str, side: str, beyond: tuple[Statement, str] | None, later: bool
) -> tuple[Statement, str] | None:
    """The far end of the run that ends at `beyond` (from `_beyond_run`): its last member when
    the run lies before `beyond` (later), its first when after it; the history's end without one."""
    if beyond is None:
        return _one(db, _DECIDED, [claim, side], "said_at DESC, id DESC" if later else "said_at, id")
    statement, at = beyond
    if later:
        return _one(db, f"{_DECIDED} AND (said_at, id) < (?, ?)",
                    [claim, side, at, statement.id], "said_at DESC, id DESC")  # fmt: skip
    return _one(db, f"{_DECIDED} AND (said_at, id) > (?, ?)", [claim, side, at, statement.id], "said_at, id")


def _place(found: tuple[Statement, str]) -> tuple[str, int]:
    return found[1], found[0].id or 0


def pair_history(db: Database, claim: str, side: str, *, span: tuple[str, str] | None, series: Iterable[str],
                 whole: bool) -> tuple[PairHistory, dict[int, str]]:  # fmt: skip
    """Read the part of one (claim, side) history that statements said within `span` (and
    figures in `series`) can change, with the alerts already raised on it; `whole` reads it all.

    The stance part: the last decided statement at or before the span (p), every decided one
    inside it, the first after it (q), the first member of p's run and the last of q's, the
    statement beyond each of those runs, and the members of these runs that alerts point at.
    Returns the slice and each statement's said_at.
    """
    version_row = db.execute("SELECT version FROM claim_pairs WHERE claim = ? AND side = ?", [claim, side]).fetchone()
    version = int(version_row[0]) if version_row else 0
    flips = [(a, b) for a, b, _ in _transitions(db, "stance_flip", claim, side)]
    changes = _transitions(db, "number_change", claim, side)
    times: dict[int, str] = {}
    if whole:
        rows = db.execute(
            f"""SELECT {_COLUMNS}, said_at FROM statements WHERE claim = ? AND side = ? AND current = 1
                  AND (stance != 'neutral' OR figures != '[]') ORDER BY said_at, id""",
            [claim, side],
        ).fetchall()
        everything = tuple(_from_row(r) for r in rows)
        times.update({int(r[0]): str(r[_AT]) for r in rows})
        return PairHistory(claim, side, version, stance=everything, known_flips=tuple(flips),
                           known_changes=tuple(changes), whole=True), times  # fmt: skip
    stance: list[Statement] = []
    if span is not None:
        first, last = span
        p = _one(db, f"{_DECIDED} AND said_at <= ?", [claim, side, first], "said_at DESC, id DESC")
        q = _one(db, f"{_DECIDED} AND said_at > ?", [claim, side, last], "said_at, id")
        rows = db.execute(
            f"SELECT {_COLUMNS}, said_at FROM statements WHERE {_DECIDED} AND said_at > ? AND said_at <= ?",
            [claim, side, first, last],
        ).fetchall()
        found = [(_from_row(r), str(r[_AT])) for r in rows]
        pointed = [m for m in _by_ids(db, {i for pair in flips for i in pair if i is not None})
                   if m[0].claim == claim and m[0].side == side]  # fmt: skip
        # p's run and q's run, and the run beyond each: a new statement that splits the run p
        # and q shared changes the boundaries on both sides of it (see bot/decide.py).
        for edge, later in ((p, False), (q, True)):
            for level in range(2):
                if edge is None:
                    break
                found.append(edge)
                beyond = _beyond_run(db, claim, side, edge, later)
                if level == 0:
                    # The boundary into p's run names its first member (the one out of q's run, its
                    # last): once a split makes that boundary new, its alert names that statement.
                    far = _run_end(db, claim, side, beyond, later)
                    if far is not None:
                        found.append(far)
                start, end = _place(edge), (_place(beyond) if beyond else None)
                for member in pointed:
                    where = _place(member)
                    if (start <= where and (end is None or where < end)) if later else (
                            where <= start and (end is None or where > end)):  # fmt: skip
                        found.append(member)
                edge = beyond
        for statement, at in found:
            times[statement.id or 0] = at
        stance = list({s.id: s for s, _ in found}.values())
    by_series: dict[str, tuple[Statement, ...]] = {}
    for key in series:
        rows = db.execute(
            f"""SELECT {", ".join("s." + c.strip() for c in _COLUMNS.split(","))}, s.said_at
                FROM figure_series f JOIN statements s ON s.id = f.statement_id
                WHERE f.claim = ? AND f.side = ? AND f.series = ? AND s.current = 1 ORDER BY f.said_at, s.id""",
            [claim, side, key],
        ).fetchall()
        by_series[key] = tuple(_from_row(r) for r in rows)
        times.update({int(r[0]): str(r[_AT]) for r in rows})
    return PairHistory(claim, side, version, stance=tuple(stance), series=by_series, known_flips=tuple(flips),
                       known_changes=tuple(changes)), times  # fmt: skip


def _by_ids(db: Database, ids: Iterable[int]) -> list[tuple[Statement, str]]:
    wanted = sorted(ids)
    found: list[tuple[Statement, str]] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT {_COLUMNS}, said_at FROM statements WHERE current = 1 AND id IN ({marks})", chunk
        ).fetchall()
        found += [(_from_row(r), str(r[_AT])) for r in rows]
    return found


def _transitions(db: Database, kind: str, claim: str, side: str) -> list[tuple[int | None, int | None, str | None]]:
    rows = db.execute(
        "SELECT before_statement, after_statement, counted FROM alerts WHERE kind = ? AND claim = ? AND side = ?",
        [kind, claim, side],
    ).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def bump_pairs(db: Database, pairs: Iterable[PairVersion]) -> None:
    """Move each (claim, side) history to its next version, if it is still at the version read;
    raise StaleRead otherwise. Call inside the poll's transaction."""
    for pair in pairs:
        if pair.version == 0:
            cursor = db.execute(
                "INSERT INTO claim_pairs (claim, side, version) VALUES (?, ?, 1) ON CONFLICT DO NOTHING",
                [pair.claim, pair.side],
            )
        else:
            cursor = db.execute(
                "UPDATE claim_pairs SET version = version + 1 WHERE claim = ? AND side = ? AND version = ?",
                [pair.claim, pair.side, pair.version],
            )
        if cursor.rowcount != 1:
            raise StaleRead(f"the history of {pair.claim!r} by {pair.side!r} changed while this poll decided")


def series_version(db: Database) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = 'series_version'").fetchone()
    return int(row[0]) if row and row[0] else 0


def reindex_series(db: Database, version: int, key: Callable[[Figure], str]) -> None:
    """Rebuild the figure index with another series key (compare changed what a key is)."""
    with transaction(db):
        db.execute("DELETE FROM figure_series")
        rows = db.execute(f"SELECT {_COLUMNS}, said_at FROM statements WHERE current = 1 AND figures != '[]'")
        for row in rows.fetchall():
            statement = _from_row(row)
            for series in dict.fromkeys(key(f) for f in statement.figures):
                db.execute(
                    "INSERT INTO figure_series (statement_id, claim, side, series, said_at) VALUES (?, ?, ?, ?, ?)",
                    [statement.id, statement.claim, statement.side, series, row[_AT]],
                )
        db.execute(
            "INSERT INTO meta (key, value) VALUES ('series_version', ?) ON CONFLICT (key) DO UPDATE SET value = ?",
            [str(version), str(version)],
        )


def has_statements(db: Database, item_id: int) -> bool:
    """Whether any revision of the item ever carried a statement on a tracked claim."""
    return db.execute("SELECT 1 FROM statements WHERE item_id = ? LIMIT 1", [item_id]).fetchone() is not None


def timeline(db: Database, claim: str, limit: int = 50) -> list[Statement]:
    """Every side's current statements on a claim, oldest first (the latest `limit`)."""
    rows = db.execute(
        f"""SELECT * FROM (SELECT {_COLUMNS}, COALESCE(published, created_at) AS t FROM statements
                           WHERE claim = ? AND current = 1 ORDER BY t DESC, id DESC LIMIT ?) AS latest
            ORDER BY t, id""",
        [claim, limit],
    ).fetchall()
    return [_from_row(r) for r in rows]


def side_states(db: Database, claim: str) -> list[SideState]:
    """Each side's latest non-neutral stance (or neutral) and latest figure per counted thing."""
    by_side: dict[str, list[Statement]] = {}
    for statement in timeline(db, claim, limit=100_000):
        by_side.setdefault(statement.side, []).append(statement)
    states: list[SideState] = []
    for side, said in sorted(by_side.items()):
        decided = [s for s in said if s.stance is not Stance.NEUTRAL]
        last = decided[-1] if decided else said[-1]
        figures: dict[str, dict[str, object]] = {}
        for s in said:
            for f in s.figures:
                figures[f.counted] = {
                    "counted": f.counted,
                    "value": f.value,
                    "published": iso(s.published) if s.published else None,
                }
        states.append(
            SideState(
                side=side,
                stance=str(last.stance) if decided else str(Stance.NEUTRAL),
                published=iso(last.published) if last.published else None,
                url=last.url,
                quote=last.quote,
                figures=list(figures.values()),
                statements=len(said),
            )
        )
    return states
