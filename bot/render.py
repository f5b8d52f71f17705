"""PURE. Alerts and command replies as text: Telegram HTML, console lines, within limits.

Every string that comes from outside (item text, names, URLs) is escaped with `escape` (bidi
controls dropped, then `html.escape`) after it has been cut to size, so a cut never lands
inside a tag or an entity. Long quotes are trimmed around the part that changed: the figure of
a number change, the struck and added words of an edit. Telegram allows 4096 characters in a
message and 1024 in a photo caption, counted in UTF-16 code units (`tg_len`); `fit` splits
longer replies between lines and closes and reopens tags at the split, so every part is valid
HTML on its own.

Command replies (`claims_overview`, `claim_timeline`, `sources_health`, `search_hits`,
`status_text`, `help_text`) take plain data and return HTML for `fit`. The listings the command
line prints (`claims`, `claims ID`, `sources`, `search`) are the same functions with the
`PLAIN` style: the same data and the same words, without markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.clock import parse_iso
from bot.compare.number_change import IncidentFigures, by_incident
from bot.config import format_duration
from bot.model import Alert, AlertKind, Claim, Qualifier, Snapshot, Source, Statement
from bot.text import shorten, strip_bidi

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
QUOTE = 700  # characters of each quote in an alert, before `telegram_html` halves it to fit
CALLBACK_DATA_LIMIT = 64  # bytes of an inline button's callback_data

HEADLINES = {
    AlertKind.STANCE_FLIP: ("🔄", "Stance flip"),
    AlertKind.NUMBER_CHANGE: ("🔢", "Number change"),
    AlertKind.EDITED: ("✏️", "Edited"),
    AlertKind.DELETED: ("🗑", "Deleted"),
}


def escape(text: str, quote: bool = True) -> str:
    """Text from outside, made safe to show in Telegram HTML: bidirectional controls dropped
    (they could make a quote or a link read in another order), then HTML-escaped."""
    return html.escape(strip_bidi(text), quote)


def tg_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def when(iso_time: str | None) -> str:
    """'2023-05-12T16:40:00+00:00' → '2023-05-12 16:40 UTC'."""
    return f"{iso_time[:16].replace('T', ' ')} UTC" if iso_time else "undated"


def number(value: object) -> str:
    """6.0 → '6', 1200 → '1,200', 2.5 → '2.5'."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.6g}"
    return str(value)


_PLURALS = {
    "person": "people", "child": "children", "police officer": "police officers", "house": "homes",
    "aircraft": "aircraft", "damage": "damage", "inflation": "inflation", "sand": "sand", "fuel oil": "fuel oil",
    "enterprise": "businesses", "medic": "medics", "case": "cases",
}  # fmt: skip
_EVENTS = {"downed": "shot down", "fell ill": "fallen ill", "without power": "left without power",
           "without water": "left without water", "without heating": "left without heating",
           "without gas": "left without gas"}  # fmt: skip
_UNITS = {"percent": "%", "tonne": "tonnes", "hectare": "hectares", "litre": "litres", "acre": "acres",
          "cubic metre": "cubic metres", "km2": "km²"}  # fmt: skip


def counted_words(counted: str | None) -> str:
    """What a figure counts, in words: 'drone|downed|' → 'drones shot down', 'person|injured|' →
    'people injured', 'uk:мазут|spilled|tonne#2024-12-15' → 'tonnes of мазут spilled (2024-12-15)',
    'drone|downed|#2023-11-25/night' → 'drones shot down (the night to 2023-11-25)'.
    Older keys ('children|injured') read as they are."""
    key, _, incident = (counted or "").partition("#")
    parts = ([*key.split("|"), "", ""])[:3]
    thing, event, unit = (part.split(":", 1)[-1] for part in parts)
    if key.count("|") != 2:
        words = key.replace("|", " ").strip()
    else:

        def plural(one: str) -> str:
            return _PLURALS.get(one, one if not one or ":" in parts[0] or one.endswith("s") else f"{one}s")

        noun = " and ".join(plural(one) for one in thing.split("+"))  # 'drone+missile': drones and missiles
        what = " ".join(w for w in (noun, _EVENTS.get(event, event)) if w)
        if unit:
            measure = _UNITS.get(unit, unit)
            what = f"{what}, {measure}" if unit == "percent" or len(unit) == 3 else f"{measure} of {what}".strip()
        words = what.strip(" ,") or "figure"
    return f"{words} ({incident_words(incident)})" if incident else words


def incident_words(key: str) -> str:
    """An incident's time key in words: '2023-11-25/night' → 'the night to 2023-11-25',
    'since:2024-11-28' → 'since 2024-11-28', '2024/end' → 'end of 2024'."""
    if key.endswith("/night"):
        return f"the night to {key.removesuffix('/night')}"
    if key.endswith("/end"):
        return f"end of {key.removesuffix('/end')}"
    if key.startswith("since"):
        start = key.partition(":")[2]
        return f"since {start}" if start else "since it began"
    return key


# ── trimming around what changed ───────────────────────────────────────────────────────────


def excerpt(text: str, limit: int, at: int | None = None, span: int = 0) -> str:
    """At most `limit` characters of `text`, cut at word boundaries.

    When the part of interest (`text[at:at + span]`) would fall outside a cut from the start,
    the window is centred on it instead, with an ellipsis on each cut side.
    """
    if len(text) <= limit or at is None or at + span <= limit - 1:
        return shorten(text, limit)
    room = max(limit - 2, span)  # two ellipses
    start = max(0, min(at - (room - span) // 2, len(text) - room))
    if start > 0:
        space = text.find(" ", start, at)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + room)
    if end < len(text):
        space = text.rfind(" ", at + span, end)
        end = space if space > 0 else end
    return ("…" if start > 0 else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def _figure_at(text: str, value: float | None, counted: str | None) -> tuple[int, int] | None:
    """Where a figure is written in a quote (as digits, with or without separators), else where
    the thing it counts is named; None when neither is there (a figure written in words)."""
    if value is None:
        return None
    if float(value).is_integer():
        digits = str(int(value))
        groups = [digits[max(0, i - 3) : i] for i in range(len(digits), 0, -3)][::-1]
        pattern = r"[ ,.\u00a0\u202f\u2009]?".join(re.escape(g) for g in groups)
    else:
        pattern = re.escape(f"{value:g}").replace(r"\.", "[.,]")
    found = re.search(rf"(?<![\d.,]){pattern}(?![\d])", text)
    if found:
        return found.start(), found.end() - found.start()
    for word in counted_words(counted).split():
        position = text.lower().find(word.lower()[:5])
        if position >= 0:
            return position, len(word)
    return None


def snapshot_quote(snapshot: Snapshot, kind: AlertKind, limit: int, counted: str | None = None) -> str:
    """A snapshot's text cut to `limit`, around its figure for number changes."""
    text = snapshot.text or ""
    where = _figure_at(text, snapshot.value, counted) if kind is AlertKind.NUMBER_CHANGE else None
    return excerpt(text, limit, *where) if where else shorten(text, limit)


_DIFF_MARK = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.DOTALL)


def _head(text: str, n: int) -> str:
    return text if len(text) <= n else shorten(text, n)


def _tail(text: str, n: int) -> str:
    if len(text) <= n:
        return text
    cut = text[len(text) - n + 1 :]
    space = cut.find(" ")
    if 0 <= space < len(cut) // 2:
        cut = cut[space + 1 :]
    return "…" + cut.lstrip()


def diff_segments(diff: str) -> list[tuple[str, str]]:
    """A word diff (`[-removed-]`, `{+added+}`) as ('=', context), ('-', removed), ('+', added)."""
    segments: list[tuple[str, str]] = []
    position = 0
    for mark in _DIFF_MARK.finditer(diff):
        if mark.start() > position:
            segments.append(("=", diff[position : mark.start()]))
        if mark.group(1) is not None:
            segments.append(("-", mark.group(1)))
        else:
            segments.append(("+", mark.group(2)))
        position = mark.end()
    if position < len(diff):
        segments.append(("=", diff[position:]))
    return segments


def trim_diff(diff: str, limit: int) -> list[tuple[str, str]]:
    """The diff's segments with context trimmed around each change and long changes shortened,
    about `limit` characters in all; changes later than that are summarised as a count."""
    segments = diff_segments(diff)
    changes = sum(1 for kind, _ in segments if kind != "=") or 1
    context = max(24, limit // (4 * changes))
    change = max(60, limit // changes)
    out: list[tuple[str, str]] = []
    used = 0
    for index, (kind, text) in enumerate(segments):
        if kind == "=":
            first, last = index == 0, index == len(segments) - 1
            if first and not last:
                text = _tail(text, context)
            elif last and not first:
                text = _head(text, context)
            elif len(text) > 2 * context + 3:
                text = _head(text, context).removesuffix("…").rstrip() + " … " + _tail(text, context).lstrip("…")
        else:
            text = _head(text.strip(), change)
        if used + len(text) > limit and out:
            left = sum(1 for k, _ in segments[index:] if k != "=")
            if left:
                out.append(("=", f" … (+{left} more changes)"))
            break
        out.append((kind, text))
        used += len(text)
    return out


# ── alerts ─────────────────────────────────────────────────────────────────────────────────


def headline(alert: Alert) -> str:
    d = alert.draft
    icon, title = HEADLINES[d.kind]
    if d.kind is AlertKind.STANCE_FLIP and d.before and d.after:
        return f"{icon} {title}: {d.side} on {d.claim}: {d.before.stance} → {d.after.stance}"
    if d.kind is AlertKind.NUMBER_CHANGE and d.before and d.after:
        return (
            f"{icon} {title}: {d.side} on {d.claim}: {number(d.before.value)} → {number(d.after.value)}"
            f" {counted_words(d.counted)}"
        ).rstrip()
    subject = f" on {d.source}" + (f" ({d.side})" if d.side else "") if d.source else ""
    return f"{icon} {title}{subject}"


def _what(snapshot: Snapshot, kind: AlertKind) -> str:
    if kind is AlertKind.NUMBER_CHANGE:
        return number(snapshot.value) if snapshot.value is not None else ""
    return snapshot.stance or ""


def console_text(alert: Alert) -> str:
    """A few plain lines for the console and `claimwatch alerts` (without bidirectional controls)."""
    return strip_bidi(_console_text(alert))


def _console_text(alert: Alert) -> str:
    d = alert.draft
    lines = [f"#{alert.id} {headline(alert)}"]
    if d.kind in (AlertKind.STANCE_FLIP, AlertKind.NUMBER_CHANGE):
        for label, snap in (("before", d.before), ("after", d.after)):
            if snap is not None:
                what = _what(snap, d.kind)
                quote = snapshot_quote(snap, d.kind, 300, d.counted)
                lines.append(f"  {label} ({when(snap.published)}{', ' + what if what else ''}): {quote}")
                if snap.url:
                    lines.append(f"    {snap.url}")
    elif d.kind is AlertKind.EDITED:
        lines.append(f"  {d.url or ''}")
        diff = "".join(
            text if kind == "=" else f"[-{text}-]" if kind == "-" else f"{{+{text}+}}"
            for kind, text in trim_diff(d.diff or "", 600)
        )
        lines.append("  " + diff.replace("\n", "\n  "))
    else:
        before = d.before.text if d.before else ""
        lines.append(f"  {d.url or ''} (published {when(d.before.published if d.before else None)})")
        lines.append(f"  was: {shorten(before or '', 300)}")
    return "\n".join(lines)


def _link(url: str | None, label: str) -> str:
    return f'<a href="{escape(url, quote=True)}">{escape(label)}</a>' if url else escape(label)


def _quote_html(snapshot: Snapshot, label: str, kind: AlertKind, limit: int, counted: str | None) -> str:
    what = _what(snapshot, kind)
    head = f"<b>{escape(label)}</b> · {escape(when(snapshot.published))}" + (
        f" · <i>{escape(what)}</i>" if what else ""
    )
    body = escape(snapshot_quote(snapshot, kind, limit, counted))
    return f"{head}\n<blockquote>{body}</blockquote>\n{_link(snapshot.url, 'source')}"


def _diff_html(diff: str, limit: int) -> str:
    """The word diff with removals struck through and additions underlined."""
    html = {"=": "{}", "-": "<s>{}</s>", "+": "<u>{}</u>"}
    return "".join(html[kind].format(escape(text)) for kind, text in trim_diff(diff, limit))


def telegram_html(alert: Alert, limit: int = MESSAGE_LIMIT) -> str:
    """The alert as one Telegram HTML message, its quotes shortened until it fits `limit`."""
    quote = QUOTE
    while True:
        text = _telegram_html(alert, quote)
        if tg_len(text) <= limit:
            return text
        if quote <= 20:  # only names and links left, and still too long: the headline alone
            return escape(shorten(headline(alert), limit // 2))
        quote //= 2


def _telegram_html(alert: Alert, quote: int) -> str:
    d = alert.draft
    parts = [f"<b>{escape(shorten(headline(alert), 300))}</b>"]
    if d.claim:
        parts.append(f"claim <code>{escape(d.claim)}</code>" + (f" · side <b>{escape(d.side)}</b>" if d.side else ""))
    if d.kind in (AlertKind.STANCE_FLIP, AlertKind.NUMBER_CHANGE):
        if d.before:
            parts.append(_quote_html(d.before, "Before", d.kind, quote, d.counted))
        if d.after:
            parts.append(_quote_html(d.after, "Now", d.kind, quote, d.counted))
        if d.source:
            parts.append(f"<i>via {escape(d.source)}</i>")
    elif d.kind is AlertKind.EDITED:
        before = escape(when(d.before.published if d.before else None))
        parts.append(f"{_link(d.url, 'the post')} · published {before}")
        parts.append(f"<blockquote>{_diff_html(d.diff or '', quote * 2)}</blockquote>")
    else:
        before = escape(when(d.before.published if d.before else None))
        parts.append(f"{_link(d.url, 'the post')} · published {before} · now gone")
        parts.append(f"<blockquote>{escape(shorten((d.before.text if d.before else '') or '', quote))}</blockquote>")
    return "\n\n".join(parts)


def callback_data(*parts: str) -> str | None:
    """Inline-button data 'a:b:c', or None when it would pass Telegram's 64 bytes."""
    data = ":".join(parts)
    return data if len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT else None


# ── splitting ──────────────────────────────────────────────────────────────────────────────

_TOKEN = re.compile(r"<[^<>]*>|&#?\w+;|\n|[^\S\n]+|[^\s<&]+|[<&]")
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)")
RESERVE = 160  # room for the tags closed at the end of a part and reopened at the start of the next


def _pieces(line: str, budget: int, html: bool) -> list[str]:
    """A line too long for one message, as runs of whole tokens (tags, entities, words)."""
    tokens = _TOKEN.findall(line) if html else re.findall(r"\S+\s*|\s+", line)
    pieces: list[str] = []
    current = ""
    for token in tokens:
        while tg_len(token) > budget:  # one enormous word: cut it where a cut cannot harm
            head = token[: budget // 2]
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
            token = token[len(head) :]
        if current and tg_len(current) + tg_len(token) > budget:
            pieces.append(current)
            current = ""
        current += token
    if current:
        pieces.append(current)
    return pieces


def _track(stack: list[tuple[str, str]], text: str) -> None:
    """Update the open-tag stack with the tags in `text`."""
    for tag in re.findall(r"<[^<>]*>", text):
        found = _TAG.match(tag)
        if not found:
            continue
        closing, name = found.group(1), found.group(2).lower()
        if not closing:
            stack.append((name, tag))
        else:
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == name:
                    del stack[i]
                    break


def _closers(stack: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _openers(stack: list[tuple[str, str]]) -> str:
    return "".join(tag for _, tag in stack)


def fit(text: str, limit: int = MESSAGE_LIMIT, *, html: bool = True) -> list[str]:
    """Split a reply into messages of at most `limit` (UTF-16 units), between lines when it can.

    A tag or entity is never cut: a line too long for one message is split between words, and
    tags open at a split are closed at the end of one part and reopened at the start of the next.
    """
    if tg_len(text) <= limit:
        return [text]
    budget = max(limit - RESERVE, limit // 2) if html else limit
    parts: list[str] = []
    current = ""
    stack: list[tuple[str, str]] = []
    units: list[str] = []
    for line in text.split("\n"):
        units.extend(_pieces(line, budget, html) if tg_len(line) > budget else [line])
        units.append("\n")
    units.pop()
    filled = False  # whether `current` holds more than the tags reopened from the last part
    for unit in units:
        # A part ends with the closers of every tag open after its last unit, the unit's own too.
        after = list(stack)
        if html:
            _track(after, unit)
        if filled and tg_len(current) + tg_len(unit) + tg_len(_closers(after)) > limit:
            parts.append(current.rstrip("\n") + (_closers(stack) if html else ""))
            current, filled = (_openers(stack) if html else ""), False
            if unit == "\n":
                continue
        current += unit
        filled = filled or bool(unit.strip())
        stack = after
    if filled:
        parts.append(current.rstrip("\n"))
    return parts or [""]


# ── command replies ────────────────────────────────────────────────────────────────────────


class SideStateLike(Protocol):
    @property
    def side(self) -> str: ...
    @property
    def stance(self) -> str: ...
    @property
    def published(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def figures(self) -> list[dict[str, object]]: ...


class HealthLike(Protocol):
    @property
    def url(self) -> str: ...
    @property
    def next_poll(self) -> str | None: ...
    @property
    def last_poll(self) -> str | None: ...
    @property
    def last_success(self) -> str | None: ...
    @property
    def last_error(self) -> str | None: ...
    @property
    def last_error_at(self) -> str | None: ...
    @property
    def failures(self) -> int: ...
    @property
    def items(self) -> int: ...


class HitLike(Protocol):
    @property
    def source(self) -> str: ...
    @property
    def url(self) -> str | None: ...
    @property
    def title(self) -> str: ...
    @property
    def snippet(self) -> str: ...
    @property
    def published(self) -> str | None: ...
    @property
    def lead(self) -> str: ...


def span(seconds: float) -> str:
    """A length of time as people say it, rounded: '45s', '12m', '3h 20m', '2d 4h'."""
    seconds = max(0, round(seconds))
    if seconds < 90:
        return f"{seconds}s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours}h" + (f" {minutes}m" if minutes else "")
    days, hours = divmod(hours, 24)
    return f"{days}d" + (f" {hours}h" if hours else "")


def plural(n: int, thing: str, things: str | None = None) -> str:
    """'1 item', '2 items', '0 items'."""
    return f"{n:,} {thing if n == 1 else things or thing + 's'}"


def hit_title(hit: HitLike, limit: int = 80) -> str:
    """A search hit's title; for a post without one (a channel's title is not the post's), its
    first words."""
    if hit.title and hit.title.strip() != hit.source:
        return shorten(hit.title, limit)
    first = next((line for line in hit.lead.splitlines() if line.strip()), "")
    return shorten(first, limit) if first else hit.source


@dataclass(frozen=True)
class Style:
    """How a listing is marked up: Telegram HTML for the bot, plain text for the command line.

    The words are the same either way. Plain text cannot put an address behind words, so it
    shows addresses on lines of their own (`addresses`), and it has no icons.
    """

    html: bool

    @property
    def addresses(self) -> bool:
        return not self.html

    def text(self, text: str) -> str:
        return escape(text) if self.html else strip_bidi(text)

    def bold(self, text: str) -> str:
        return f"<b>{escape(text)}</b>" if self.html else strip_bidi(text)

    def italic(self, text: str) -> str:
        return f"<i>{escape(text)}</i>" if self.html else strip_bidi(text)

    def link(self, url: str | None, label: str) -> str:
        return _link(url, label) if self.html else strip_bidi(label)

    def icon(self, mark: str) -> str:
        return f"{mark} " if self.html else ""


HTML = Style(html=True)
PLAIN = Style(html=False)


def _address(style: Style, url: str | None, indent: str) -> list[str]:
    """The line that shows an address in plain text (none in HTML: the link carries it)."""
    return [f"{indent}{strip_bidi(url)}"] if url and style.addresses else []


def claims_overview(claims: Sequence[Claim], states: Mapping[str, Sequence[SideStateLike]], style: Style = HTML) -> str:
    """Each claim, and each side's current stance and latest figures."""
    if not claims:
        return "No claims are tracked yet."
    blocks = []
    for claim in claims:
        lines = [f"{style.bold(claim.id)}: {style.text(claim.text)}"]
        sides = states.get(claim.id, ())
        if not sides:
            lines.append(f"  {style.italic('no statements yet')}")
        for side in sides:
            figures = ", ".join(f"{number(f['value'])} {counted_words(str(f['counted']))}" for f in side.figures
                                if f.get("qualifier") != "subset")  # fmt: skip
            lines.append(
                f"  • {style.text(side.side)}: {style.bold(side.stance)} since {style.link(side.url, when(side.published))}"
                + (f"; {style.text(figures)}" if figures else "")
            )
            lines += _address(style, side.url, "    ")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _iso(statement: Statement) -> str | None:
    return statement.published.isoformat() if statement.published else None


def stance_words(s: Statement) -> str:
    """A statement's stance; one held back below the confidence threshold is shown, marked, so an
    analyst can still look ("supports? held back, confidence 0.45")."""
    if s.held is not None:
        return f"{s.held}? held back, confidence {s.confidence:.2f}"
    return str(s.stance)


def claim_timeline(claim: Claim, statements: Sequence[Statement], quote: int = 280, style: Style = HTML) -> str:
    """Who said what when about a claim, oldest first, with links."""
    lines = [f"{style.bold(claim.id)}: {style.text(claim.text)}"]
    if not statements:
        lines.append(style.italic("no statements yet"))
    for s in statements:
        figures = ", ".join(f"{number(f.value)} {counted_words(f.counted)}" for f in s.figures
                            if f.qualifier is not Qualifier.SUBSET)  # fmt: skip
        via = f" · {style.link(s.url, s.source or 'link')}" if s.url or s.source else ""
        lines.append(
            f"\n{style.text(when(_iso(s)))} · {style.bold(s.side)} · {style.text(stance_words(s))}"
            + (f" · {style.text(figures)}" if figures else "")
            + f"{via}\n{style.text(shorten(s.quote, quote))}"
        )
        lines += _address(style, s.url, "")
    groups = by_incident(statements)
    if groups:
        lines.append(f"\n{style.bold('Figures by incident')}")
        lines += [_incident_figures(group, style) for group in groups]
    return "\n".join(lines)


def _incident_figures(group: IncidentFigures, style: Style) -> str:
    """One side's figures for one incident as runs of the same value: '12 (14 Jan, said 2×) → 45'.
    An incident with no time key of its own is named by when it was first reported."""
    named = "#" in group.counted
    first = group.said[0][0]
    what = counted_words(group.counted) + ("" if named else f" (first reported {when(_iso(first))})")
    runs: list[tuple[float, Statement, int]] = []
    for statement, figure in group.said:
        if runs and runs[-1][0] == figure.value:
            runs[-1] = (figure.value, runs[-1][1], runs[-1][2] + 1)
        else:
            runs.append((figure.value, statement, 1))
    said = " → ".join(
        f"{number(value)} ({when(_iso(statement))}{f', said {times}×' if times > 1 else ''})"
        for value, statement, times in runs
    )
    return f"{style.bold(group.side)} · {style.text(what)}\n    {style.text(said)}"


def sources_health(
    sources: Sequence[Source], health: Mapping[str, HealthLike], now: datetime, style: Style = HTML
) -> str:
    """Each source: its state (not polled yet, ok, failing, a changed url) on one line, then
    when it was polled, what it gave, when it is polled next and why then, and its last error."""
    if not sources:
        return "No sources configured."
    blocks = []
    for source in sources:
        h = health.get(source.name)
        origin = "" if source.trusted else " · added from chat"
        web = source.url.startswith(("http://", "https://"))
        name = style.link(source.url, source.name) if web else style.text(source.name)
        name = f"<b>{name}</b>" if style.html else name
        head = f"{name} ({style.text(str(source.kind))}{origin}) "
        lines: list[str] = []
        every = f"every {format_duration(source.every)}"
        if h is None or not h.last_poll:
            head += f"{style.icon('⏳')}not polled yet"
            lines.append(f"{every}; first polled by the next round of `run`, or by `poll`")
        elif h.url and h.url != source.url:
            head += f"{style.icon('⏳')}its url changed: not polled at the new one yet"
            lines.append(f"was {h.url}: a new start, polled at the new url by the next round of `run`, or by `poll`")
        else:
            if h.failures == 0:
                head += f"{style.icon('✅')}ok, {plural(h.items, 'item')}, last poll {when(h.last_poll)}"
            else:
                head += f"{style.icon('⚠️')}failing ×{h.failures} since {when(h.last_error_at)}"
                lines.append(
                    f"last poll {when(h.last_poll)}, last success {when(h.last_success) if h.last_success else 'never'},"
                    f" {plural(h.items, 'item')}"
                )
            lines.append(next_poll(source, h.next_poll, h.failures, now))
            if h.failures and h.last_error:
                lines.append(f"last error: {shorten(h.last_error, 300)}")
        block = [head] + [f"    {style.text(line)}" for line in lines]
        blocks.append("\n".join(block[:1] + _address(style, source.url, "    ") + block[1:]))
    return "\n".join(blocks)


def next_poll(source: Source, next_poll: str | None, failures: int, now: datetime) -> str:
    """When the scheduler polls this source next, and why then."""
    every = f"every {format_duration(source.every)}"
    if not failures:
        return f"next poll {when(next_poll)} ({every})" if next_poll else f"({every})"
    due = parse_iso(next_poll) if next_poll else now
    if due <= now:
        return f"next try at its next scheduled poll ({every}; it failed {plural(failures, 'time')} in a row)"
    wait = span((due - now).total_seconds())
    if (due - now).total_seconds() <= source.every:
        return f"next try {when(next_poll)}, in {wait} ({every}; it failed {plural(failures, 'time')} in a row)"
    return (
        f"next try {when(next_poll)}, in {wait}: backing off after {plural(failures, 'failure')} in a row"
        " (a restart of `run`, or a changed url or interval, tries sooner)"
    )


def search_hits(query: str, hits: Sequence[HitLike], style: Style = HTML) -> str:
    """Search hits, newest first: when, where, the title and the words around the match."""
    if not hits:
        return f"Nothing found for {style.italic(query)}."
    blocks = []
    for hit in hits:
        label = hit_title(hit)
        lines = [
            f"{style.text(when(hit.published))} · {style.text(hit.source)} · {style.link(hit.url, label)}",
            style.text(shorten(" ".join(hit.snippet.split()), 400)),
            *_address(style, hit.url, ""),
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def status_text(
    *,
    last_poll: str | None,
    sources: int,
    failing: Sequence[str],
    claims: int,
    pending: int,
    subscribers: int | None,
) -> str:
    return (
        f"Last poll: {escape(when(last_poll) if last_poll else 'never')}\n"
        f"Sources: {sources}, failing: {len(failing)}"
        + (f" ({escape(', '.join(failing))})" if failing else "")
        + f"\nClaims: {claims}\nPending deliveries: {pending}"
        + (f"\nSubscribed chats: {subscribers}" if subscribers is not None else "")
    )


class SubscriberLike(Protocol):
    @property
    def active(self) -> bool: ...
    @property
    def claims(self) -> tuple[str, ...]: ...
    @property
    def muted(self) -> dict[str, str]: ...
    @property
    def muted_sources(self) -> dict[str, str]: ...


def subscriptions_text(subscriber: SubscriberLike | None, now: str) -> str:
    """What a chat gets and what it has muted until when (mutes that ran out are left out)."""
    if subscriber is None or not subscriber.active:
        return "This chat gets no alerts. /start subscribes it to every alert."
    claims = [c for c in subscriber.claims if c != "*"]
    if "*" in subscriber.claims:
        lines = ["This chat gets <b>every alert</b>."]
    elif claims:
        lines = ["This chat gets alerts about " + ", ".join(f"<code>{escape(c)}</code>" for c in claims) + "."]
    else:
        lines = ["This chat is subscribed to nothing yet. /subscribe &lt;claim&gt; or /start."]
    mutes = [
        (f"<code>{escape(c)}</code>" if c != "*" else "every alert", until)
        for c, until in sorted(subscriber.muted.items())
        if until > now
    ] + [(f"alerts from {escape(s)}", until) for s, until in sorted(subscriber.muted_sources.items()) if until > now]
    if mutes:
        lines.append("\nMuted:")
        lines += [f"• {what} until {escape(when(until))}" for what, until in mutes]
        lines.append("/unmute &lt;claim or source&gt; or /unmute all ends a mute.")
    else:
        lines.append("Nothing is muted. /mute &lt;claim&gt; &lt;duration&gt; silences a claim for a while.")
    return "\n".join(lines)


def help_text(commands: Iterable[tuple[str, str]], admin_commands: Iterable[tuple[str, str]] = ()) -> str:
    lines = [
        "claimwatch tells you when a side changes its story on a claim you track: it flips its stance, "
        "changes its numbers, or edits or deletes a post.\n",
        *(f"/{name} {escape(about)}" for name, about in commands),
    ]
    admin = [f"/{name} {escape(about)}" for name, about in admin_commands]
    if admin:
        lines += ["\nAdmin:", *admin]
    return "\n".join(lines)


def lines(items: Iterable[str]) -> str:
    return "\n".join(items)


def table(rows: Sequence[Sequence[str]]) -> str:
    """Rows as escaped HTML lines (first cell bold)."""
    return "\n".join(f"<b>{escape(r[0])}</b> " + " · ".join(escape(c) for c in r[1:]) for r in rows)
