"""PURE. Alerts and command replies as text: Telegram HTML, console lines, within limits.

Every string that comes from outside (item text, names, URLs) is escaped with `html.escape`
before it meets markup, and long quotes are shortened on word boundaries before escaping, so
a cut never lands inside a tag or an entity. Telegram allows 4096 characters in a message
and 1024 in a photo caption (`fit`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from bot.model import Alert, AlertKind, Snapshot
from bot.text import shorten

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
QUOTE = 700  # characters of each quote in an alert

HEADLINES = {
    AlertKind.STANCE_FLIP: ("🔄", "Stance flip"),
    AlertKind.NUMBER_CHANGE: ("🔢", "Number change"),
    AlertKind.EDITED: ("✏️", "Edited"),
    AlertKind.DELETED: ("🗑", "Deleted"),
}


def when(iso_time: str | None) -> str:
    """'2023-05-12T16:40:00+00:00' → '2023-05-12 16:40 UTC'."""
    return f"{iso_time[:16].replace('T', ' ')} UTC" if iso_time else "undated"


def number(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.6g}" if not value.is_integer() else f"{int(value):,}"
    return str(value)


def _what(snapshot: Snapshot, kind: AlertKind) -> str:
    if kind is AlertKind.NUMBER_CHANGE:
        return number(snapshot.value)
    return snapshot.stance or ""


def headline(alert: Alert) -> str:
    d = alert.draft
    icon, title = HEADLINES[d.kind]
    if d.kind is AlertKind.STANCE_FLIP and d.before and d.after:
        return f"{icon} {title}: {d.side} on {d.claim}: {d.before.stance} → {d.after.stance}"
    if d.kind is AlertKind.NUMBER_CHANGE and d.before and d.after:
        counted = (d.counted or "").replace("|", " ").strip()
        return f"{icon} {title}: {d.side} on {d.claim}: {number(d.before.value)} → {number(d.after.value)} {counted}"
    subject = f" on {d.source}" + (f" ({d.side})" if d.side else "")
    return f"{icon} {title}{subject}"


def console_text(alert: Alert) -> str:
    """A few plain lines for the console and `claimwatch alerts`."""
    d = alert.draft
    lines = [f"#{alert.id} {headline(alert)}"]
    if d.kind in (AlertKind.STANCE_FLIP, AlertKind.NUMBER_CHANGE):
        for label, snap in (("before", d.before), ("after", d.after)):
            if snap is not None:
                lines.append(
                    f"  {label} ({when(snap.published)}, {_what(snap, d.kind)}): {shorten(snap.text or '', 300)}"
                )
                if snap.url:
                    lines.append(f"    {snap.url}")
    elif d.kind is AlertKind.EDITED:
        lines.append(f"  {d.url or ''}")
        lines.append("  " + shorten(d.diff or "", 600).replace("\n", "\n  "))
    else:
        before = d.before.text if d.before else ""
        lines.append(f"  {d.url or ''} (published {when(d.before.published if d.before else None)})")
        lines.append(f"  was: {shorten(before or '', 300)}")
    return "\n".join(lines)


def _link(url: str | None, label: str) -> str:
    return f'<a href="{escape(url, quote=True)}">{escape(label)}</a>' if url else escape(label)


def _quote(snapshot: Snapshot, label: str, kind: AlertKind, limit: int) -> str:
    what = _what(snapshot, kind)
    head = f"<b>{escape(label)}</b> · {escape(when(snapshot.published))}" + (
        f" · <i>{escape(what)}</i>" if what else ""
    )
    body = escape(shorten(snapshot.text or "", limit))
    return f"{head}\n<blockquote>{body}</blockquote>\n{_link(snapshot.url, 'source')}"


def _diff_html(diff: str, limit: int) -> str:
    """The word diff with removals struck through and additions underlined."""
    text = shorten(diff, limit)
    out: list[str] = []
    rest = text
    while rest:
        starts = [(rest.find(m), m) for m in ("[-", "{+") if rest.find(m) >= 0]
        if not starts:
            out.append(escape(rest))
            break
        position, mark = min(starts)
        out.append(escape(rest[:position]))
        close = "-]" if mark == "[-" else "+}"
        end = rest.find(close, position + 2)
        if end < 0:
            out.append(escape(rest[position:]))
            break
        inner = escape(rest[position + 2 : end])
        out.append(f"<s>{inner}</s>" if mark == "[-" else f"<u>{inner}</u>")
        rest = rest[end + 2 :]
    return "".join(out)


def telegram_html(alert: Alert, limit: int = MESSAGE_LIMIT) -> str:
    """The alert as one Telegram HTML message, shortened until it fits `limit`."""
    quote = QUOTE
    while True:
        text = _telegram_html(alert, quote)
        if len(text) <= limit or quote <= 40:
            return text if len(text) <= limit else escape(shorten(headline(alert), limit))
        quote //= 2


def _telegram_html(alert: Alert, quote: int) -> str:
    d = alert.draft
    parts = [f"<b>{escape(headline(alert))}</b>"]
    if d.claim:
        parts.append(f"claim <code>{escape(d.claim)}</code>" + (f" · side <b>{escape(d.side)}</b>" if d.side else ""))
    if d.kind in (AlertKind.STANCE_FLIP, AlertKind.NUMBER_CHANGE):
        if d.before:
            parts.append(_quote(d.before, "Before", d.kind, quote))
        if d.after:
            parts.append(_quote(d.after, "Now", d.kind, quote))
    elif d.kind is AlertKind.EDITED:
        parts.append(
            f"{_link(d.url, 'the post')} · first seen {escape(when(d.before.published if d.before else None))}"
        )
        parts.append(f"<blockquote>{_diff_html(d.diff or '', quote * 2)}</blockquote>")
    else:
        parts.append(f"{_link(d.url, 'the post')} · published {escape(when(d.before.published if d.before else None))}")
        parts.append(f"<blockquote>{escape(shorten((d.before.text if d.before else '') or '', quote))}</blockquote>")
    if d.source and d.kind in (AlertKind.STANCE_FLIP, AlertKind.NUMBER_CHANGE):
        parts.append(f"<i>via {escape(d.source)}</i>")
    return "\n\n".join(parts)


def fit(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split plain (escaped, line-based) reply text into messages of at most `limit`.

    Splits only between lines, so a tag or entity on one line is never cut.
    """
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        line = line if len(line) <= limit else line[: limit - 1] + "…"
        if current and len(current) + 1 + len(line) > limit:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks or [""]


def lines(items: Iterable[str]) -> str:
    return "\n".join(items)


def table(rows: Sequence[Sequence[str]]) -> str:
    """Rows as escaped HTML lines (first cell bold)."""
    return "\n".join(f"<b>{escape(r[0])}</b> " + " · ".join(escape(c) for c in r[1:]) for r in rows)
