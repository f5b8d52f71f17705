"""Pure text normalisation, the single definition of "the same text".

- `fold` is for matching terms: case-folded, ё→е, one apostrophe, NFKC.
- `html_to_text` turns feed / channel markup into plain text with line breaks kept.
- `fingerprint` is for edits: two texts with the same fingerprint are not materially different.
  It keeps only word and number tokens, folded, so whitespace, markup, emoji, punctuation,
  quote styles, case, clock times and "3 hours ago" never make an edit; a changed word or
  figure always does.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from html.parser import HTMLParser

# Every apostrophe-like mark Ukrainian and English texts use, mapped to one (a regex, not
# str.translate: translate looks up every character of a text in a dict; the regex scans in C).
_APOSTROPHES = re.compile("[\u2019\u02bc\u2018`\u00b4\u02b9\u2032]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_SOURCE_WHITESPACE = re.compile(r"[ \t\r\n]+")
_WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*", re.UNICODE)


def fold(text: str) -> str:
    """Case- and ё-insensitive, NFKC, one apostrophe: the form terms are matched in."""
    text = _APOSTROPHES.sub("'", unicodedata.normalize("NFKC", text))
    return text.casefold().replace("ё", "е")


def squeeze(text: str) -> str:
    """Collapse runs of spaces (nbsp and friends too) and blank lines; strip the ends."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def words(text: str) -> list[str]:
    """Folded word and number tokens, in order."""
    return _WORD.findall(fold(text))


def is_emoji(ch: str) -> bool:
    return unicodedata.category(ch) in ("So", "Sk", "Cs", "Co") or ch in "\u200d\ufe0f\ufe0e"


def strip_emoji(text: str) -> str:
    return "".join(ch for ch in text if not is_emoji(ch))


# Clock times and "3 hours ago" change on every render of a page: never material.
_VOLATILE = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?\b|\b\d+\s*(?:minutes?|mins?|hours?|hrs?|seconds?|хв|хвилин\w*|минут\w*|"
    r"час\w*|годин\w*)\s+(?:ago|тому|назад)\b",
    re.IGNORECASE,
)


def fingerprint(text: str) -> str:
    """A digest of the words and numbers only: equal digests mean no material change."""
    return hashlib.sha256(" ".join(words(_VOLATILE.sub(" ", text))).encode("utf-8")).hexdigest()[:32]


# Bidirectional embedding, override and isolate controls (the "Trojan Source" set): in a quote,
# a name or a link they make text display in another order than it reads (U+202E, RIGHT-TO-LEFT
# OVERRIDE, shows "txt.exe" as "exe.txt"). Nothing a source says needs them; the marks
# U+200E/U+200F/U+061C, which only set the direction of neutral characters, are kept.
_BIDI_CONTROLS = re.compile("[\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069]")  # a regex: see fold


def strip_bidi(text: str) -> str:
    """Drop bidirectional embedding, override and isolate controls."""
    return _BIDI_CONTROLS.sub("", text)


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and mark the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    space = cut.rfind(" ")
    if space > limit * 0.5:
        cut = cut[:space]
    return cut.rstrip() + "…"


# ── markup ─────────────────────────────────────────────────────────────────────────────────

_BLOCK_TAGS = frozenset(
    "p div br li ul ol tr table h1 h2 h3 h4 h5 h6 blockquote pre section article header footer"
    " figure figcaption hr dd dt".split()
)
_SKIPPED_TAGS = frozenset("script style noscript template svg head title iframe object".split())


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt and not self.skipping:
                self.parts.append(alt)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:  # in HTML, a line break in the source is just a space
            self.parts.append(_SOURCE_WHITESPACE.sub(" ", data))


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities decoded, blocks on new lines.

    Never raises on broken markup; text that is not HTML comes back squeezed.
    """
    if "<" not in markup and "&" not in markup:
        return squeeze(markup)
    collector = _TextCollector()
    try:
        collector.feed(markup)
        collector.close()
    except Exception:  # html.parser is lenient; this is a last resort for hostile input
        return squeeze(re.sub(r"<[^>]*>", " ", markup))
    return squeeze("".join(collector.parts))


def same_place(a: str, b: str) -> bool:
    """Two place keys (extract/places.py) name one place: the same first five sounds, lengths within three."""
    return a[:5] == b[:5] and abs(len(a) - len(b)) <= 3
