"""number_change: a side gives a different figure for the same counted thing, about the same
incident, on the same claim, than it gave before.

Signal: one side's figures on one claim in order of publication, split by counted thing (the
"<thing>|<event>|<unit>" key extraction gives) and by incident (`incidents.py`). Within one
series a figure that says the same as the run so far continues it: an equal value; a rounded
restatement ("8 тисяч" after 7,920, "3.9 million" after 3,942,000); an approximation the value
already satisfies ("more than a hundred" after 121, "майже 8 тисяч"). Anything else starts a
new run, and the boundary between runs is the alert. Only figures the side gives as its own
word on a total are compared (`Qualifier.compared`): never subsets, increments, ranges, counts
for a period, earlier values given as background, or other sides' figures quoted.
Errs towards silence: late and duplicate statements join runs; a boundary already alerted
is not raised again.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.compare import incidents
from bot.compare.stance_flip import snapshot
from bot.model import AlertDraft, AlertKind, Figure, Qualifier, Statement

__all__ = [
    "SERIES_VERSION",
    "IncidentFigures",
    "by_incident",
    "find",
    "restates",
    "revised_in_place",
    "series_key",
    "series_label",
]

# Storage indexes figures by `series_key` so a poll reads only a series, not the whole history.
# Change what a key is and bump this: the index is rebuilt when the poll next opens the database.
# 2: keys are "<thing>|<event>|<unit>" concepts (extract/figures.py), compared per incident.
SERIES_VERSION = 2


def series_key(figure: Figure) -> str:
    """The series a figure belongs to: figures are compared only within one key (an opaque
    string to everything outside compare/). Incidents are told apart inside a series, from the
    figures' own time keys, places and update words, so a series holds every incident of one
    counted thing."""
    return figure.counted


@dataclass(frozen=True)
class _Said:
    statement: Statement
    figure: Figure

    @property
    def id(self) -> int | None:
        return self.statement.id

    @property
    def value(self) -> float:
        return self.figure.value


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _round_step(value: float) -> float:
    """The precision a round number was given at: 8000 → 1000, 3_900_000 → 100_000, 121 → 1."""
    if value <= 0 or value != int(value):
        return 0.0
    step = 1.0
    while value % (step * 10) == 0:
        step *= 10
    return step


def _rounds_to(exact: float, rounded: float) -> bool:
    """Is `rounded` `exact` said roughly (at least to hundreds, within 5%)?"""
    step = _round_step(rounded)
    return step >= 100 and abs(exact - rounded) <= step / 2 and abs(exact - rounded) <= 0.05 * max(exact, 1)


def _consistent(exact: float, approximate: Figure) -> bool:
    """Does an approximate figure hold for an exact value ("more than 100" for 121)?"""
    v = approximate.value
    if approximate.qualifier is Qualifier.LOWER_BOUND:
        return exact >= v and exact <= v * 1.5 + 10
    if approximate.qualifier is Qualifier.UPPER_BOUND:
        return exact <= v and exact >= v * 0.8 - 10
    # "about 9,000" says more than 8,500 and less than 9,500 (half its last round step) or within 5%:
    # after 10,100 it is a revision, and "about $500 million" then $550 million is one too.
    return abs(exact - v) < max(_round_step(v) / 2, 0.05 * max(v, 1)) + (1 if v < 100 else 0)  # "about", "близько"


def _refines(bound: Figure, exact: float) -> bool:
    """Is an exact count that follows a bound the bound made precise, not the count moving on?
    After "не менее 60" a later 93 is the toll rising (an analyst wants it); "more than 100"
    then 107 is the same count told exactly. A bound said after an exact value is read more
    loosely (`_consistent`): officials round their own figure down to "more than a hundred"."""
    if bound.qualifier is Qualifier.APPROX:
        return True
    return abs(exact - bound.value) <= max(1.0, 0.1 * bound.value)


def restates(run: Figure, new: Figure) -> bool:
    """Does `new` say the same as the run it follows (whose figure is `run`)?"""
    if _same(run.value, new.value):
        return True
    run_exact = not run.qualifier.approximate
    new_exact = not new.qualifier.approximate
    if run_exact and new_exact:
        return _rounds_to(run.value, new.value) or _rounds_to(new.value, run.value)
    if run_exact and not new_exact:
        return _consistent(run.value, new) and _round_step(new.value) >= 10
    if new_exact and not run_exact:
        return _consistent(new.value, run) and _round_step(run.value) >= 10 and _refines(run, new.value)
    return False  # "more than 200", later "over 300": the side moved its figure


def series_label(counted: str, incident: incidents.Incident) -> str:
    """What an alert's `counted` records: the key, and the incident's time key when it has one."""
    return _labelled(counted, incident.label)


def _labelled(counted: str, when: str | None) -> str:
    return f"{counted}#{when}" if when else counted


@dataclass(frozen=True)
class IncidentFigures:
    """One side's own figures for one counted thing about one incident, oldest first: what
    `find` compares with each other (and never with another incident's)."""

    side: str
    counted: str  # `series_label`: the key, and the incident's time key when it has one
    said: tuple[tuple[Statement, Figure], ...]


def by_incident(statements: Sequence[Statement]) -> list[IncidentFigures]:
    """A claim's figures grouped as `find` groups them: by side, counted thing and incident,
    each in order of publication. Only figures a side gives as its own total are grouped
    (subsets, increments, period counts and quoted figures are never compared). Groups come
    side by side in the order each was first reported."""
    histories: dict[str, list[Statement]] = {}
    for statement in statements:
        histories.setdefault(statement.side, []).append(statement)
    groups: list[tuple[tuple[float, int], IncidentFigures]] = []
    for side, history in histories.items():
        ordered = sorted(history, key=lambda s: s.published.timestamp() if s.published else float("-inf"))
        by_key: dict[str, list[_Said]] = {}
        for statement in ordered:
            for figure in statement.figures:
                if figure.qualifier.compared:
                    by_key.setdefault(series_key(figure), []).append(_Said(statement, figure))
        for key, said in by_key.items():
            assigned = incidents.assign([(x.figure, x.statement.published) for x in said])
            members: dict[int, list[tuple[_Said, incidents.Incident]]] = {}
            for x, incident in zip(said, assigned, strict=True):
                members.setdefault(incident.number, []).append((x, incident))
            for found in members.values():
                first = found[0][0].statement.published
                group = IncidentFigures(
                    side, series_label(key, found[-1][1]), tuple((x.statement, x.figure) for x, _ in found)
                )
                groups.append(((first.timestamp() if first else float("-inf"), len(groups)), group))
    return [group for _, group in sorted(groups, key=lambda pair: pair[0])]


def find(
    history: Sequence[Statement], known: Collection[tuple[int | None, int | None, str | None]]
) -> list[AlertDraft]:
    """Changes of figure in one (claim, side) history that no alert covers yet.

    `known` holds (before statement id, after statement id, counted) of changes already alerted.
    """
    by_key: dict[str, list[_Said]] = {}
    # values given as parts of a total ("14 над Краснодарским краем"), and when
    parts: dict[tuple[str, float], datetime | None] = {}
    for statement in history:
        for figure in statement.figures:
            part = (series_key(figure), figure.value)
            if figure.qualifier.compared and not (part in parts and _within_a_day(parts[part], statement.published)):
                by_key.setdefault(series_key(figure), []).append(_Said(statement, figure))
        # A figure equal to a part given hours before is that part told alone ("уничтожили 25: 14 над
        # Краснодарским краем, ...", then "14 над Краснодарским краем"), not the total revised. The
        # parts of a list often read as some other thing ("5 – над Брянской"): a part is a part of
        # every total its statement gives.
        totals = {series_key(f) for f in statement.figures if f.qualifier.compared}
        parts.update(((key, f.value), statement.published) for f in statement.figures
                     if f.qualifier is Qualifier.SUBSET for key in totals)  # fmt: skip
    series: dict[tuple[str, int], list[tuple[_Said, incidents.Incident]]] = {}
    for key, said in by_key.items():  # incidents are told apart within each counted thing
        assigned = incidents.assign([(x.figure, x.statement.published) for x in said])
        for x, incident in zip(said, assigned, strict=True):
            series.setdefault((key, incident.number), []).append((x, incident))
    drafts = []
    for (counted, _), members in series.items():
        incident = members[0][1]
        label = series_label(counted, incident)
        known_here = [(b, a) for b, a, c in known if _same_series(c, counted, incident)]
        for before_run, after_run in _boundaries([m[0] for m in members]):
            before_ids = {x.id for x in before_run}
            after_ids = {x.id for x in after_run}
            if any(b in before_ids or a in after_ids for b, a in known_here):
                continue
            # The figure before is the run's last exact one: "more than a hundred" restating 121 is not what changed.
            exact = [x for x in before_run if not x.figure.qualifier.approximate]
            before, after = (exact or before_run)[-1], after_run[0]
            if before.id == after.id:
                continue  # one statement giving two values: no change of word
            drafts.append(
                AlertDraft(
                    kind=AlertKind.NUMBER_CHANGE,
                    key=f"number_change:{after.statement.claim}:{after.statement.side}:{label}:{after.id}",
                    claim=after.statement.claim,
                    side=after.statement.side,
                    source=after.statement.source,
                    url=after.statement.url,
                    counted=label,
                    before=snapshot(before.statement, value=before.value),
                    after=snapshot(after.statement, value=after.value),
                )
            )
    return drafts


def revised_in_place(
    retired: Sequence[Statement], new: Sequence[Statement], known: Collection[tuple[int | None, int | None, str | None]]
) -> list[AlertDraft]:
    """Figures a side changed by editing its own post ("Попередньо — 8 загиблих" edited to "10
    загиблих", "ОБНОВЛЕНО 02:40: погибли 25"): channels update a tally in place as often as they
    post a new one. The edited revision's statement replaces the old one in the side's history
    (a history is what its items say now), so the change is read here, from the revision retired
    to the one that replaced it: the same counted thing, the same incident (the same time key, or
    neither has one), a value that does not restate the old."""
    drafts = []
    for after in new:
        before = next((s for s in retired if s.item_id == after.item_id and s.item_id is not None
                       and (s.claim, s.side) == (after.claim, after.side)), None)  # fmt: skip
        if before is None or any(b == before.id and a == after.id for b, a, _ in known):
            continue
        for figure in after.figures:
            if not figure.qualifier.compared:
                continue
            old = [f for f in before.figures if f.qualifier.compared and series_key(f) == series_key(figure)
                   and f.when == figure.when]  # fmt: skip
            if len(old) != 1 or restates(old[0], figure):
                continue  # no old value, two (no one figure was revised), or the same said again
            counted = _labelled(series_key(figure), figure.when)
            drafts.append(
                AlertDraft(
                    kind=AlertKind.NUMBER_CHANGE,
                    key=f"number_change:{after.claim}:{after.side}:{counted}:{after.id}",
                    claim=after.claim,
                    side=after.side,
                    source=after.source,
                    url=after.url,
                    counted=counted,
                    before=snapshot(before, value=old[0].value),
                    after=snapshot(after, value=figure.value),
                )
            )
    return drafts


def _within_a_day(given: datetime | None, now: datetime | None) -> bool:
    """Was a part given within a day before (the same night's breakdown)? Undated: assume so."""
    if given is None or now is None:
        return True
    return timedelta(0) <= now - given <= incidents.CONTINUE_WINDOW


def _same_series(known: str | None, counted: str, incident: incidents.Incident) -> bool:
    """Is an alert's `counted` this series? The same key, and the same incident when both name
    one: an incident gains time keys as later figures name it ("since" beside "since:2024-11-28",
    a date for an incident that had none), so an alert raised under any key it holds, or under
    the bare key before it had one, still covers it; two named incidents ("2023/end", "2024/end")
    differ."""
    if known is None:
        return False
    key, _, label = known.partition("#")
    return key == counted and (not label or not incident.when or label in incident.when)


def _boundaries(said: Sequence[_Said]) -> list[tuple[list[_Said], list[_Said]]]:
    """Consecutive runs of figures that say the same, as (earlier run, later run) pairs."""
    runs: list[list[_Said]] = []
    anchors: list[Figure] = []  # per run, the figure it is compared by: its latest exact one
    for x in said:
        if runs and restates(anchors[-1], x.figure):
            runs[-1].append(x)
            if not x.figure.qualifier.approximate:
                anchors[-1] = x.figure
        else:
            runs.append([x])
            anchors.append(x.figure)
    return [(runs[n], runs[n + 1]) for n in range(len(runs) - 1)]
