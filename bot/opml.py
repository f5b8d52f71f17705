"""PURE. OPML, the file feed readers import and export subscription lists in, to and from sources.

Reading: every outline with an `xmlUrl` is a feed (`kind: rss`); an outline whose URL is a public
Telegram channel (`https://t.me/s/<name>` or `https://t.me/<name>`, as `xmlUrl`, or as `url` of a
`type="link"` outline) is that channel (`kind: telegram`). Outlines without a URL are folders:
a folder named like a side gives its feeds that side. Writing does the reverse, so an export
reads back as the same sources: channels as `type="link"` outlines, sources with a side in a
folder named after it.

An outline claimwatch cannot poll (a URL that is not http(s), has no host or has a space in it)
or already polls is skipped with the reason. Imported sources are fetched like sources added
from chat: public addresses only, checked again on every redirect.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse
from xml.sax.saxutils import escape, quoteattr

from bot.errors import ConfigError
from bot.model import Config, Source, SourceKind

_CHANNEL_URL = re.compile(r"^https?://(?:www\.)?t\.me/(?:s/)?([A-Za-z][A-Za-z0-9_]{3,63})/?$")


@dataclass(frozen=True)
class Outline:
    """One feed of an OPML file, with the folders it sits in (outermost first)."""

    title: str
    url: str
    folders: tuple[str, ...] = ()
    kind: SourceKind = SourceKind.RSS
    channel: str | None = None


@dataclass
class ImportPlan:
    added: list[Source] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one line each: what and why


def parse(raw: bytes, label: str = "OPML") -> list[Outline]:
    """The feeds of an OPML document, in document order. ConfigError if it is not OPML."""
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise ConfigError(label, None, f"not an OPML file: {exc}") from None
    if root.tag != "opml":
        raise ConfigError(label, None, f"not an OPML file: the document is <{root.tag}>, not <opml>")
    body = root.find("body")
    if body is None:
        raise ConfigError(label, None, "not an OPML file: it has no <body>")
    return list(_walk(body, ()))


def _walk(node: ET.Element, folders: tuple[str, ...]) -> Iterator[Outline]:
    for outline in node.findall("outline"):
        title = (outline.get("title") or outline.get("text") or "").strip()
        url = (outline.get("xmlUrl") or "").strip()
        if not url and (outline.get("type") or "").lower() == "link":
            url = (outline.get("url") or "").strip()
        if url:
            channel = _CHANNEL_URL.match(url)
            if channel:
                yield Outline(title, url, folders, SourceKind.TELEGRAM, channel.group(1))
            else:
                yield Outline(title, url, folders)
        yield from _walk(outline, (*folders, title) if not url and title else folders)


def plan_import(outlines: Iterable[Outline], config: Config, *, side: str | None, every: float) -> ImportPlan:
    """Sources to add for `outlines`, beside `config`'s: new URLs only, names made unique.

    `side` gives every source that side; otherwise the innermost folder named like a side does.
    """
    plan = ImportPlan()
    names = {s.name for s in config.sources}
    urls = {_same(s.url): s.name for s in config.sources}
    sides = config.side_names()
    for outline in outlines:
        label = f"{outline.title or outline.url!r}"
        problem = _url_problem(outline.url)
        if problem:
            plan.skipped.append(f"{label}: {problem}")
            continue
        url = f"https://t.me/s/{outline.channel}" if outline.channel else outline.url
        if _same(url) in urls:
            plan.skipped.append(f"{label}: already polled as {urls[_same(url)]!r}")
            continue
        base = (f"@{outline.channel}" if outline.channel else outline.title) or urlparse(url).netloc
        name, n = base, 2
        while name in names:
            name, n = f"{base} ({n})", n + 1
        chosen = side if side is not None else next((f for f in reversed(outline.folders) if f in sides), None)
        source = Source(name, outline.kind, url, every, chosen, outline.channel, origin="chat")
        plan.added.append(source)
        names.add(name)
        urls[_same(url)] = name
    return plan


def _same(url: str) -> str:
    """A URL as compared for duplicates: scheme and host case and a trailing slash ignored."""
    parsed = urlparse(url)
    return f"{parsed.scheme.lower()}://{parsed.netloc.lower()}{parsed.path.rstrip('/')}" + (
        f"?{parsed.query}" if parsed.query else ""
    )


def _url_problem(url: str) -> str | None:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        return f"{url!r} is not an http(s) URL"
    if not parsed.netloc:
        return f"{url!r} has no host"
    if re.search(r"\s", url):
        return f"{url!r} has a space in it"
    return None


def dump(sources: Sequence[Source], title: str = "claimwatch sources") -> str:
    """Sources as an OPML 2.0 document: those with a side in a folder named after it."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{escape(title)}</title></head>",
        "  <body>",
    ]
    lines += [_outline(s, "    ") for s in sources if s.side is None]
    sides = list(dict.fromkeys(s.side for s in sources if s.side is not None))
    for side in sides:
        lines.append(f"    <outline text={quoteattr(side)} title={quoteattr(side)}>")
        lines += [_outline(s, "      ") for s in sources if s.side == side]
        lines.append("    </outline>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _outline(source: Source, indent: str) -> str:
    name = quoteattr(source.name)
    if source.kind is SourceKind.TELEGRAM:
        url = f"https://t.me/s/{source.channel}" if source.channel else source.url
        return f'{indent}<outline type="link" text={name} title={name} url={quoteattr(url)}/>'
    url = source.url if urlparse(source.url).scheme else Path(source.url).as_uri()
    return f'{indent}<outline type="rss" text={name} title={name} xmlUrl={quoteattr(url)}/>'
