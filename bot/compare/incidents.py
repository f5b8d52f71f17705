"""PURE. Which incident each of one side's figures on one claim is about.

Users track topics ("strikes on Kharkiv", "floods in the region"), so one (claim, side) history
holds figures about many incidents: the next night's attack, another district's shelling, the
forecast for another year, a running total since the protests began beside each night's count.
Figures are compared only within an incident (`number_change.py`).

Signal, strongest first, for a figure in publication order:
1. its time key (`extract/when.py`: "2023-11-25/night", "2024/end", "2023-09", "2021-Q1", "since:2024-11-28"):
   a figure joins the incident with a compatible key (the same key; a day and the night that
   borders it), however long after; a different key of the same kind is a different incident,
   and a running total since a date is never one day's or one night's count. An incident that
   had no key takes a keyed figure only if it was first reported when that key allows: not
   before the day or night named began, and not long after it ended (nobody reports a night
   before it falls, and a first report days later is about something else).
2. its places (rough keys of the place names around it): when the figure and a candidate
   incident both name places and none is shared, they are different incidents;
3. update words ("уточнені дані", "rose to", "возросло до", "not 63"; a count as of a calendar day,
   "as of August 28", "на 10:00 23 августа", or a toll said to "stand at"): the figure revises the
   latest incident of the last `UPDATE_WINDOW` it fits; a running total ("всего", "in total")
   sums up an incident reported within `RUNNING_WINDOW` (a total "so far" is no word that an
   earlier figure was wrong, so it reaches back two days, not weeks); but a text that says something happened
   anew ("a new quake", "ще одна атака", "second night of protests") is never about an incident
   that began before `CONTINUE_WINDOW`;
4. otherwise time: a figure with neither key nor update word continues an incident only while
   that incident is fresh, within `CONTINUE_WINDOW` of its first report (the night's toll and
   the morning's roundup); a figure after that, on a topic where something happens every day,
   is the next day's incident. A sum of money (a cost, a loss) is the exception: it is estimated
   once and revised weeks later, so it continues within `UPDATE_WINDOW`.
Errs towards a new incident: comparing two incidents is a false alarm, while a revision missed
across a long silence is rare and is still shown in `claims ID`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from bot.model import Figure
from bot.text import same_place

__all__ = [
    "CONTINUE_WINDOW",
    "UPDATE_WINDOW",
    "Incident",
    "assign",
    "compatible_keys",
    "fits",
    "reported_before",
    "reported_within",
]

CONTINUE_WINDOW = timedelta(hours=24)  # a figure with no key or update word continues an incident this fresh
RUNNING_WINDOW = timedelta(hours=48)  # "всего", "in total": sums up an incident last reported this recently
UPDATE_WINDOW = timedelta(days=45)  # "уточнені дані", "revised to": revises an incident last reported this recently
REPORT_LAG = timedelta(hours=36)  # a first report this long after the day or night it names is still about it
CLOCK_SLACK = timedelta(hours=4)  # keys are local days, publication times UTC: a day may begin a little "before" it


@dataclass
class Incident:
    number: int
    when: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    first: datetime | None = None
    last: datetime | None = None
    values: list[float] = field(default_factory=list)
    fresh: bool = False  # its first figure said it happened anew ("ще одна атака"): a later "another" may be it

    @property
    def label(self) -> str:
        """A stable name: its time key when it has one (alert keys use it), else empty."""
        return min(self.when) if self.when else ""


def _parse(key: str) -> tuple[str, date | None]:
    """A time key as (kind, date): "2023-11-25/night" → ("night", 2023-11-25)."""
    if key.startswith("since"):
        _, _, start = key.partition(":")
        return "since", _date(start) if start else None
    if key.endswith("/night"):
        return "night", _date(key[:-6])
    if key.endswith("/end"):
        return "year", None
    if "-Q" in key:
        return "quarter", None  # a company's quarter: the same quarter only
    if len(key) == 7:
        return "month", _date(key + "-01")
    found = _date(key)
    return ("day", found) if found else ("other", None)


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def compatible_keys(a: str, b: str) -> bool:
    """Could two time keys name the same incident? A night and the evening before it or the
    morning after it can; a month and a day in it can; a running total since a date is only
    ever the same running total."""
    if a == b:
        return True
    kind_a, day_a = _parse(a)
    kind_b, day_b = _parse(b)
    if "since" in (kind_a, kind_b):
        return kind_a == kind_b and (day_a is None or day_b is None or abs((day_a - day_b).days) <= 1)
    if day_a is None or day_b is None:
        return False
    if {kind_a, kind_b} == {"day", "night"}:
        night, day_ = (day_a, day_b) if kind_a == "night" else (day_b, day_a)
        return (night - day_).days in (0, 1)  # the night ending on the 25th borders the 24th and the 25th
    if "month" in (kind_a, kind_b) and kind_a != kind_b:
        return (day_a.year, day_a.month) == (day_b.year, day_b.month)
    return False


def fits(key: str, incident_keys: set[str]) -> bool:
    """Does a figure's time key fit an incident's keys? It must meet one of them and contradict
    none of its own kind ("night of the 26th" never joins an incident that has "night of the 25th",
    even if that incident also holds the 25th's day, which the 26th's night borders)."""
    kind = _parse(key)[0]
    if any(_parse(k)[0] == kind and not compatible_keys(k, key) for k in incident_keys):
        return False
    return any(compatible_keys(key, k) for k in incident_keys)


def _span(key: str) -> tuple[datetime, datetime] | None:
    """When what a key names began and ended (UTC, give or take a time zone), if it is a span."""
    kind, day_ = _parse(key)
    if day_ is None or kind not in ("day", "night", "month"):
        return None
    midnight = datetime.combine(day_, time(), tzinfo=UTC)
    if kind == "day":
        return midnight, midnight + timedelta(days=1)
    if kind == "night":
        return midnight - timedelta(hours=8), midnight + timedelta(hours=8)  # the evening before to the morning
    following = (day_.replace(day=28) + timedelta(days=4)).replace(day=1)
    return midnight, datetime.combine(following, time(), tzinfo=UTC)


def reported_within(key: str, reported: datetime | None) -> bool:
    """Could something first reported at `reported` be what `key` names? Not if it was reported
    before that began, nor long after it ended; a running total or a forecast is never an
    unkeyed report's incident."""
    if reported is None:
        return True
    span = _span(key)
    if span is None:
        return False
    reported = reported if reported.tzinfo else reported.replace(tzinfo=UTC)
    return span[0] - CLOCK_SLACK <= reported <= span[1] + REPORT_LAG


def reported_before(key: str, reported: datetime | None) -> bool:
    """Was something first reported before what `key` names (a day or a night) began?"""
    span = _span(key)
    if reported is None or span is None or _parse(key)[0] == "month":
        return False
    reported = reported if reported.tzinfo else reported.replace(tzinfo=UTC)
    return reported < span[0] - CLOCK_SLACK


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
            chosen = Incident(number=len(incidents), fresh=figure.fresh)
            incidents.append(chosen)
        if figure.when:
            chosen.when.add(figure.when)
        chosen.places.update(figure.places)
        chosen.values.append(figure.value)
        if published is not None:
            chosen.first = chosen.first or published
            chosen.last = max(chosen.last or published, published)
        result.append(chosen)
    return result


def _choose(figure: Figure, published: datetime | None, incidents: list[Incident]) -> Incident | None:
    recent_first = sorted(incidents, key=lambda i: i.last.timestamp() if i.last else float("-inf"), reverse=True)
    # A toll does not fall below half of itself unless the text says it was revised: "поранено 1
    # людину" after 18 injured is the next attack, however close in time or date.
    recent_first = [i for i in recent_first if not _toll_collapses(figure, i)]
    if figure.toll and figure.update and not figure.replaces:
        # "кількість загиблих зросла до 19": the toll it revises is the one nearest it, not the
        # next night's single death reported in between.
        recent_first.sort(key=lambda i: abs(math.log((figure.value + 1) / (i.values[-1] + 1))) if i.values else 0.0)
    if figure.replaces is not None:
        # "an increase over the $1.9 billion estimate": the incident whose figure it names, however long before
        named = [i for i in recent_first if any(math.isclose(v, figure.replaces, rel_tol=0.01) for v in i.values)
                 and (not figure.when or fits(figure.when, i.when) or not i.when)]  # fmt: skip
        # (places named at another grain, the region's "Иркутской области" for the towns' flood, do
        # not part what the text ties together; places that meet win when several were so valued)
        named = [i for i in named if _places_meet(figure, i) is not False] or named
        if named:
            return named[0]
    if figure.when:
        # Nobody reports a night before it falls: an incident first reported on the morning of the
        # 26th is not the night to the 27th, which borders the 26th's evening (a key the incident
        # already holds joins it whenever reported: a forecast names a day ahead).
        keyed = [i for i in recent_first if fits(figure.when, i.when)
                 and (figure.when in i.when or not reported_before(figure.when, i.first))]  # fmt: skip
        keyed = [i for i in keyed if _places_meet(figure, i) is not False] or keyed
        if keyed:
            return keyed[0]
        # An incident with no key yet, first reported when this key allows: the text now names its day.
        undated = [i for i in recent_first if not i.when and reported_within(figure.when, i.first)
                   and _places_meet(figure, i) is not False]  # fmt: skip
        return undated[0] if undated else None
    candidates = [i for i in recent_first if _continues(figure, published, i)]
    meeting = [i for i in candidates if _places_meet(figure, i) is True]
    if meeting:
        return meeting[0]
    unknown = [i for i in candidates if _places_meet(figure, i) is None]
    # Places named on both sides and none shared: another incident, even in a post that says it
    # updates ("Maui wildfires update #41": the Kula fire's acres are no revision of Lahaina's).
    return unknown[0] if unknown else None


def _money(figure: Figure) -> bool:
    """Is the figure a sum of money (its unit a currency code: "USD", "UAH")?"""
    return len(figure.unit) == 3 and figure.unit.isupper()


def _toll_collapses(figure: Figure, incident: Incident) -> bool:
    """Would this toll, said without an update word, fall below half of the incident's?"""
    return figure.toll and not figure.update and bool(incident.values) and figure.value < max(incident.values) / 2


def _continues(figure: Figure, published: datetime | None, incident: Incident) -> bool:
    """Can a figure with no time key be about this incident, by when it was published?"""
    if published is None or incident.last is None or incident.first is None:
        return True
    if figure.fresh and (published - incident.first > CONTINUE_WINDOW or not incident.fresh):
        # "a new quake", "ще одна атака": not the one that began days ago, update word or not, nor
        # the one reported this morning (an incident first told as new itself may be this one again).
        return False
    if any(_parse(k)[0] in ("since", "year") for k in incident.when):
        # A running total or a forecast goes on being restated and revised: only the text's
        # own update words tie an unkeyed figure to it.
        return figure.update and published - incident.last <= UPDATE_WINDOW
    if figure.update:
        return published - incident.last <= UPDATE_WINDOW
    if _money(figure):
        # A sum (a cost, a loss) is estimated once per incident and revised weeks later ("about $500
        # million", then "$550 million" in a filing): it is not a count that starts anew each day.
        return published - incident.last <= UPDATE_WINDOW
    if figure.running and published - incident.last <= RUNNING_WINDOW:
        return True  # "Всего погибли 46 человек" the morning after "32 погибших": the same toll, summed up
    return published - incident.first <= CONTINUE_WINDOW and _date_fits(published, incident)
