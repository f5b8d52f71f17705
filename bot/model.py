"""The data every stage of the flow passes along: frozen dataclasses and enums, stdlib only.

    sources ──▶ Page(Item…) ──▶ storage (items, revisions) ──▶ ItemText ──extract──▶ Statement
            ──compare──▶ AlertDraft ──storage──▶ Alert ──render──▶ Telegram / console / JSON

Times are timezone-aware `datetime`s in UTC inside the program and ISO-8601 strings in the
database and in JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Stance(StrEnum):
    SUPPORTS = "supports"
    REFUTES = "refutes"
    NEUTRAL = "neutral"


class AlertKind(StrEnum):
    STANCE_FLIP = "stance_flip"
    NUMBER_CHANGE = "number_change"
    EDITED = "edited"
    DELETED = "deleted"


class SourceKind(StrEnum):
    RSS = "rss"  # RSS, Atom, RDF and JSON Feed: feedparser tells them apart
    TELEGRAM = "telegram"  # a public channel's web preview, t.me/s/<channel>


# ── config ─────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Side:
    """Who can hold a position. Aliases find the side in text."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    name: str
    kind: SourceKind
    url: str  # absolute http(s) URL, file:// URL, or an absolute local path
    every: float = 300.0  # poll interval, seconds
    side: str | None = None  # unattributed statements from here are this side's word
    channel: str | None = None  # telegram only
    origin: str = "config"  # "chat" when an admin added it: fetched as untrusted (public hosts only)

    @property
    def trusted(self) -> bool:
        return self.origin == "config"


@dataclass(frozen=True)
class Claim:
    id: str
    text: str
    match: tuple[str, ...] = ()  # topic terms; empty means "derive from text"
    supports: tuple[str, ...] = ()
    refutes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    """Operational knobs, the optional `settings:` block of feeds.yaml."""

    timeout: float = 20.0  # seconds for one HTTP request
    max_bytes: int = 10 * 1024 * 1024  # a bigger body is refused, never parsed
    max_redirects: int = 5
    backfill_pages: int = 3  # on a channel's first poll, pages to read back with ?before=
    concurrency: int = 8  # fetches running at once
    user_agent: str = "claimwatch/0.1 (+https://github.com/claimwatch/claimwatch)"
    retention_days: int | None = None  # prune revisions older than this (never alert evidence)
    semantic: bool = True  # cross-language matching of claims given as text, if the extra is installed
    confidence: float = 0.5  # a stance read with less (bot/extract/confidence.py) is held back: shown, not alerted


@dataclass(frozen=True)
class Config:
    path: str
    sides: tuple[Side, ...] = ()
    sources: tuple[Source, ...] = ()
    claims: tuple[Claim, ...] = ()
    settings: Settings = field(default_factory=Settings)

    def source(self, name: str) -> Source | None:
        return next((s for s in self.sources if s.name == name), None)

    def claim(self, claim_id: str) -> Claim | None:
        return next((c for c in self.claims if c.id == claim_id), None)

    def side_names(self) -> set[str]:
        return {s.name for s in self.sides}


# ── what sources give ──────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Item:
    """One entry of a feed or one post of a channel, as parsed, before storage.

    `key` is the item's stable identity within its source: the feed's guid/id, else its
    canonical link, else a hash of its content; for Telegram `<channel>/<message id>`.
    `text` is plain text (markup, emoji wrappers and spacers removed), `title` may be empty.
    """

    key: str
    url: str | None
    title: str
    text: str
    published: datetime | None
    author: str | None = None
    views: int | None = None  # never part of text comparison
    forwarded_from: str | None = None  # origin post or channel URL
    media: str | None = None  # photo, video, album, document, voice, poll, sticker …
    post_id: int | None = None  # Telegram message id


@dataclass(frozen=True)
class Page:
    """A parsed fetch. For Telegram, the ids the page shows bound what can be called deleted."""

    items: tuple[Item, ...]
    title: str | None = None
    before: int | None = None  # Telegram: the id to page back from (?before=), if any
    complete: bool = True  # False when a hostile or cut page makes absences meaningless


@dataclass(frozen=True)
class Fetched:
    """Raw bytes of one fetch, with what the server said about them."""

    url: str  # final URL after redirects
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    status: int = 200


@dataclass(frozen=True)
class StoredPost:
    """A Telegram post already stored, as deletion detection sees it."""

    item_id: int
    post_id: int
    url: str | None
    text: str
    published: str | None


# ── what extraction finds ──────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class ItemText:
    """One stored revision of an item, as extraction sees it."""

    source: str
    url: str | None
    title: str
    text: str
    published: datetime | None
    source_side: str | None = None
    item_id: int | None = None
    revision_id: int | None = None

    @property
    def full_text(self) -> str:
        """Title and body as one text; the title is a sentence of its own."""
        if self.title and not self.text.startswith(self.title):
            return f"{self.title}.\n{self.text}" if self.text else self.title
        return self.text


class Qualifier(StrEnum):
    """How a figure relates to the count it names (extract/figures.py says how each is read)."""

    TOTAL = "total"  # the speaker's own figure for the whole count
    PERIOD = "period"  # a count for a period ("over the past day"): a new count each report
    REFERENCE = "reference"  # an earlier or other value given as background ("not 63", "up from 8")
    OTHER_SIDE = "other_side"  # someone else's figure quoted ("за даними міської ради")
    SUBSET = "subset"  # a part of another figure ("among them", "з них")
    INCREMENT = "increment"  # a difference ("six more", "ще двоє")
    RANGE = "range"  # "70-75%"
    LOWER_BOUND = "lower_bound"  # "more than", "понад", "at least"
    UPPER_BOUND = "upper_bound"  # "up to", "almost", "майже"
    APPROX = "approx"  # "about", "близько", "около"

    @property
    def compared(self) -> bool:
        """Whether a figure so qualified is the side's word on a total, and so can change."""
        return self in _COMPARED

    @property
    def approximate(self) -> bool:
        return self in (Qualifier.LOWER_BOUND, Qualifier.UPPER_BOUND, Qualifier.APPROX)


_COMPARED = frozenset({Qualifier.TOTAL, Qualifier.LOWER_BOUND, Qualifier.UPPER_BOUND, Qualifier.APPROX})


# Events whose count is a toll of people: dead, hurt, missing, in hospital, ill.
TOLL_EVENTS = frozenset({"killed", "injured", "missing", "hospitalised", "fell ill"})


@dataclass(frozen=True)
class Figure:
    """A number a statement gives, and what it counts.

    `counted` is the series key figures are compared within: "<thing>|<event>|<unit>", each a
    concept shared by the three languages ("person|injured|", "drone|downed|",
    "uk:мазут|spilled|tonne") or empty. The incident a figure belongs to is decided when
    histories are compared, from `when` (a time key, see extract/when.py), `places` (place keys
    of the sentence and its header), `update` (the text says it revises an earlier figure) and
    `fresh` (the text says something happened anew: "a new quake", "ще одна атака", "второй ночи
    протестов", so the figure cannot belong to an incident that began days before) and `running`
    (the text calls it the total so far: "всего", "загалом", "in total"); `replaces` is the
    earlier value the text names as revised ("an increase over the $1.9 billion estimate",
    "раніше повідомлялося про 16"), which ties it to that figure's incident however long before.
    """

    value: float
    counted: str
    text: str = ""  # the words it was read from, e.g. "six children"
    qualifier: Qualifier = Qualifier.TOTAL
    when: str | None = None
    places: tuple[str, ...] = ()
    update: bool = False
    fresh: bool = False
    running: bool = False
    replaces: float | None = None

    @property
    def thing(self) -> str:
        return self.counted.split("|")[0]

    @property
    def event(self) -> str:
        parts = self.counted.split("|")
        return parts[1] if len(parts) > 1 else ""

    @property
    def unit(self) -> str:
        parts = self.counted.split("|")
        return parts[2] if len(parts) > 2 else ""

    @property
    def toll(self) -> bool:
        """A count of people dead, hurt, missing, in hospital or ill (no unit)."""
        return self.event in TOLL_EVENTS and not self.unit


@dataclass(frozen=True)
class Statement:
    """What one side says about one claim in one item revision."""

    claim: str
    side: str
    stance: Stance
    quote: str  # the sentence(s) it was read from
    figures: tuple[Figure, ...] = ()
    source: str = ""
    url: str | None = None
    published: datetime | None = None
    item_id: int | None = None
    revision_id: int | None = None
    id: int | None = None  # set once stored
    confidence: float = 1.0  # how sure the stance is (bot/extract/confidence.py)
    held: Stance | None = None  # a stance read below the confidence threshold: shown, never alerted


# ── alerts ─────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Snapshot:
    """One side of an alert's before/after pair (DESIGN.md's alert record)."""

    text: str | None
    stance: str | None = None
    value: float | None = None
    url: str | None = None
    published: str | None = None  # ISO-8601
    statement_id: int | None = None  # not part of the JSON record

    def record(self) -> dict[str, object]:
        value: object = self.value
        if isinstance(self.value, float) and self.value.is_integer():
            value = int(self.value)
        return {
            "text": self.text,
            "stance": self.stance,
            "value": value,
            "url": self.url,
            "published": self.published,
        }


@dataclass(frozen=True)
class AlertDraft:
    """An alert decided by compare/, not yet stored. `key` makes raising it twice a no-op."""

    kind: AlertKind
    key: str
    before: Snapshot | None
    after: Snapshot | None
    claim: str | None = None
    side: str | None = None
    source: str | None = None
    url: str | None = None
    diff: str | None = None  # edited: a unified word diff
    counted: str | None = None  # number_change: what the figures count


@dataclass(frozen=True)
class Alert:
    id: int
    draft: AlertDraft
    created_at: str

    def record(self) -> dict[str, object]:
        """The JSON record of DESIGN.md (plus `diff` and `counted`, null where unused)."""
        d = self.draft
        return {
            "id": self.id,
            "kind": str(d.kind),
            "claim": d.claim,
            "side": d.side,
            "source": d.source,
            "url": d.url,
            "before": d.before.record() if d.before else None,
            "after": d.after.record() if d.after else None,
            "diff": d.diff,
            "counted": d.counted,
            "created_at": self.created_at,
        }
