"""PURE. Which incident each of one side's figures on one claim is about.

Users track topics ("strikes on Kharkiv", "floods in the region"), so one (claim, side) history
holds figures about many incidents: the next night's attack, another district's shelling, the
forecast for another year. Figures are compared only within an incident (`number_change.py`).

Signal, strongest first, for a figure in publication order:
1. its time key (`extract/when.py`: "2023-11-25/night", "2024/end", "2023-09"): a figure joins
   the incident with a compatible key (the same key; or a day and the night next to it), however
   long ago; a different key of the same kind is a different incident;
2. its places (rough keys of the place names around it): when the figure and a candidate
   incident both name places and none is shared, they are different incidents;
3. update words ("уточнені дані", "rose to", "возросло до", "not 63"): the figure revises the
   latest compatible incident of the last `UPDATE_WINDOW`;
4. otherwise time: a figure published within `QUIET_WINDOW` of an incident's last figure, on a
   compatible day, continues it; later it starts a new incident.
Errs towards a new incident: comparing two incidents is a false alarm, while a revision missed
across a long silence is rare and is still shown in `claims ID`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.model import Figure
from bot.text import same_place

__all__ = ["Incident", "assign", "compatible_keys", "fits"]

QUIET_WINDOW = timedelta(hours=30)  # a figure with no time key or update word continues an incident this long
UPDATE_WINDOW = timedelta(days=21)  # "уточнені дані", "rose to": revises an incident at most this old


@dataclass
class Incident:
    number: int
    when: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    first: datetime | None = None
    last: datetime | None = None

    @property
    def label(self) -> str:
        """A stable name: its time key when it has one (alert keys use it), else empty."""
        return min(self.when) if self.when else ""


def _parse(key: str) -> tuple[str, date | None, str]:
    """A time key as (kind, date, raw): "2023-11-25/night" → ("night", 2023-11-25, ...)."""
    if key.endswith("/night"):
        return "night", date.fromisoformat(key[:-6]), key
    if key.endswith("/end"):
        return "year", None, key
    if len(key) == 7:
        return "month", date.fromisoformat(key + "-01"), key
    try:
        return "day", date.fromisoformat(key), key
    except ValueError:
        return "other", None, key


def compatible_keys(a: str, b: str) -> bool:
    """Could two time keys name the same incident? A night and the day before or after it can."""
    if a == b:
        return True
    kind_a, day_a, _ = _parse(a)
    kind_b, day_b, _ = _parse(b)
    if day_a is None or day_b is None:
        return False
    if {kind_a, kind_b} == {"day", "night"}:
        return abs((day_a - day_b).days) <= 1
    if "month" in (kind_a, kind_b) and kind_a != kind_b:
        return (day_a.year, day_a.month) == (day_b.year, day_b.month)
    return False


def fits(key: str, incident_keys: set[str]) -> bool:
    """Does a figure's time key fit an incident's keys? It must meet one of them and contradict
    none of its own kind ("night of the 26th" never joins an incident that has "night of the 25th",
    even if that incident also holds the 25th's day, which the 26th's night borders)."""
    kind = _parse(key)[0]
    if any(_parse(k)[0] == kind and k != key for k in incident_keys):
        return False
    return any(compatible_keys(key, k) for k in incident_keys)


def _places_meet(figure: Figure, incident: Incident) -> bool | None:
    """True if they share a place, False if both name places and none is shared, None if unknown."""
    if not figure.places or not incident.places:
        return None
    return any(same_place(a, b) for a in figure.places for b in incident.places)


def _date_fits(published: datetime | None, incident: Incident) -> bool:
    """A figure with no time key, published on a day the incident's keys allow (or it has none)."""
    if not incident.when or published is None:
        return True
    day = published.date()
    return any(
        compatible_keys(key, day.isoformat()) or compatible_keys(key, (day - timedelta(days=1)).isoformat())
        for key in incident.when
    )


def assign(figures: Sequence[tuple[Figure, datetime | None]]) -> list[Incident]:
    """The incident of each (figure, published) pair, given in publication order."""
    incidents: list[Incident] = []
    result: list[Incident] = []
    for figure, published in figures:
        chosen = _choose(figure, published, incidents)
        if chosen is None:
            chosen = Incident(number=len(incidents))
            incidents.append(chosen)
        if figure.when:
            chosen.when.add(figure.when)
        chosen.places.update(figure.places)
        if published is not None:
            chosen.first = chosen.first or published
            chosen.last = max(chosen.last or published, published)
        result.append(chosen)
    return result


def _choose(figure: Figure, published: datetime | None, incidents: list[Incident]) -> Incident | None:
    recent_first = sorted(incidents, key=lambda i: i.last.timestamp() if i.last else float("-inf"), reverse=True)
    if figure.when:
        keyed = [i for i in recent_first if fits(figure.when, i.when)]
        keyed = [i for i in keyed if _places_meet(figure, i) is not False] or keyed
        if keyed:
            return keyed[0]
        undated = [i for i in recent_first if not i.when and _within(published, i, figure.update)
                   and _date_fits_key(figure.when, i) and _places_meet(figure, i) is not False]  # fmt: skip
        return undated[0] if undated else None
    candidates = [i for i in recent_first if (_within(published, i, figure.update) and _date_fits(published, i))
                  or (figure.update and _within(published, i, True))]  # fmt: skip
    meeting = [i for i in candidates if _places_meet(figure, i) is True]
    if meeting:
        return meeting[0]
    unknown = [i for i in candidates if _places_meet(figure, i) is None]
    if unknown:
        return unknown[0]
    # Places named on both sides and none shared: another incident, unless the text says it
    # revises a figure, which it can only do of an incident it had reported.
    return candidates[0] if figure.update and candidates else None


def _within(published: datetime | None, incident: Incident, update: bool) -> bool:
    if published is None or incident.last is None:
        return True
    window = UPDATE_WINDOW if update else QUIET_WINDOW
    return published - incident.last <= window


def _date_fits_key(key: str, incident: Incident) -> bool:
    """An undated incident takes a dated figure only if the date fits when the incident was reported."""
    if incident.first is None:
        return True
    reported = incident.first.date()
    return any(compatible_keys(key, d.isoformat()) for d in (reported, reported - timedelta(days=1)))
