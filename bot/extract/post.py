"""PURE. A post as its parts: headline, paragraphs of sentences, and header lines over bullets.

Officials write lists: a header names the event ("Наслідки атаки на Запоріжжя станом на 8:30:",
"Что сказал президент:"), bullet lines under it carry the figures or the words ("— знеструмлено
46 тис. абонентів;"). Reading such a post one sentence at a time loses the header's topic,
speaker and time for every bullet, and lets one bullet borrow another's. So a post is split
into segments, each a sentence or a bullet line, and a bullet keeps the header it hangs from;
it never sees its sibling bullets (the sentences of one bullet line share its `line`). A headline is a segment of its own, marked as such, so
extraction can give it the body's speaker when it names none.

Signal for a bullet: a line opening with a dash, a bullet or list character, a number with a
dot or bracket ("1.", "2)"), or an emoji, inside a run of such lines or after a header line
(one ending with ":"). A header holds until a blank line or a line that is not a bullet.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.extract import sentences

__all__ = ["Segment", "segments"]

_BULLET = re.compile(r"^\s*(?:[—–\-•·▪▫◦●○■□►▶➤➢✓✔✅☑❗️❗⚡️⚡🔹🔸🔺🔻📍📌➖➕*]+|\d{1,2}[.)](?!\d))\s*")


@dataclass(frozen=True)
class Segment:
    text: str  # one sentence, or one bullet line (markers stripped)
    kind: str  # "title" | "sentence" | "bullet"
    header: str = ""  # the header line a bullet hangs from
    paragraph: int = 0
    index: int = 0  # position in the post
    line: int = -1  # a bullet's line: the sentences of one bullet line share it (-1 for other segments)


def _is_emoji_start(line: str) -> bool:
    first = line[:1]
    return bool(first) and unicodedata.category(first) in ("So", "Sk") and not first.isalnum()


def _bullet(line: str) -> str | None:
    """The text of a bullet line without its marker, or None if the line is not a bullet."""
    match = _BULLET.match(line)
    if match and match.end() > 0 and line[match.end() :].strip():
        return line[match.end() :].strip()
    if _is_emoji_start(line.strip()):
        stripped = line.strip()
        while stripped and (unicodedata.category(stripped[0]) in ("So", "Sk", "Mn", "Cf") or stripped[0] in "\ufe0f "):
            stripped = stripped[1:]
        return stripped or None
    return None


def segments(title: str, text: str) -> list[Segment]:
    """The segments of a post: its title (if not repeated in the body), then its body."""
    found: list[Segment] = []
    if title and not text.startswith(title):
        found.append(Segment(title.strip(), "title"))
    paragraph = 0
    header = ""
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            paragraph += 1
            header = ""
            continue
        bullet = _bullet(line)
        if bullet is not None and (header or _BULLET.match(line) or _is_emoji_start(line)):
            line_index = len(found)
            for sentence in sentences.split(bullet) or [bullet]:
                found.append(Segment(sentence, "bullet", header, paragraph, len(found), line_index))
            continue
        parts = sentences.split(line)
        if line.rstrip().endswith(":"):
            # A header: its sentences are segments too (it may carry a figure), and it heads what follows.
            for sentence in parts:
                found.append(Segment(sentence, "sentence", header="", paragraph=paragraph, index=len(found)))
            header = line  # the whole line: "Дніпро. Ракетний удар по ... Дані на цю годину:"
            continue
        header = ""
        for sentence in parts:
            found.append(Segment(sentence, "sentence", "", paragraph, len(found)))
    return _join_wrapped(found)


def _join_wrapped(found: list[Segment]) -> list[Segment]:
    """A sentence hand-wrapped over two lines ("подтвердили,\\nчто") is one sentence again."""
    joined: list[Segment] = []
    for segment in found:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and segment.kind == "sentence"
            and previous.kind == "sentence"
            and previous.text[-1:] not in '.!?…:;»”"'
            and (segment.text[:1].islower() or segment.text[:1].isdigit())
        ):
            joined[-1] = Segment(f"{previous.text} {segment.text}", "sentence", previous.header, previous.paragraph,
                                 previous.index)  # fmt: skip
        else:
            joined.append(segment)
    return joined
