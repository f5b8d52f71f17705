"""PURE. A sentence as tokens: words, numbers and punctuation, with their offsets and spacing.

Unlike `bot.text.words`, case and punctuation are kept: figures need the dash of a bullet, the
colon of a header, the hyphen of "Kh-22" and the capital of a place name. Text is NFKC-normalised
with every apostrophe made one (so "п'ять" and "п’ять" are one word).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.extract import morph
from bot.extract.memo import remembered

_APOSTROPHES = re.compile("[\u2019\u02bc\u2018`\u00b4\u02b9\u2032]")  # as in bot.text.fold: faster than translate
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)*|[^\w\s]", re.UNICODE)


def normalise(text: str) -> str:
    return _APOSTROPHES.sub("'", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    kind: str  # "word" | "num" | "punct"
    glued_before: bool  # no space between this token and the previous one
    lang: str

    @property
    def lower(self) -> str:
        return self.text.lower().replace("ё", "е")

    @property
    def word(self) -> morph.Word:
        # morph.analyse is cached by (text, lang); a cached_property would take a lock per token (3.11)
        return morph.analyse(self.text, self.lang)

    @property
    def capitalised(self) -> bool:
        return self.kind == "word" and self.text[:1].isupper()

    def is_(self, *words: str) -> bool:
        return self.lower in words

    def starts(self, *prefixes: str) -> bool:
        return self.kind == "word" and self.lower.startswith(prefixes)


def _token(text: str, start: int, end: int, kind: str, glued_before: bool, lang: str) -> Token:
    """A Token without the frozen dataclass's __init__ (one object.__setattr__ per field): tokens
    are made by the hundred thousand, and this is most of what tokenising costs."""
    token = object.__new__(Token)
    token.__dict__.update(text=text, start=start, end=end, kind=kind, glued_before=glued_before, lang=lang)
    return token


def tokenize(text: str, lang: str | None = None) -> list[Token]:
    """Tokens of a normalised text (call `normalise` first if offsets must match the input)."""
    return _tokens(text, lang or morph.language(text))


@remembered  # a sentence's reading, its figures and their places tokenise the same text
def _tokens(text: str, lang: str) -> list[Token]:
    tokens: list[Token] = []
    previous_end = -1
    append = tokens.append
    for match in _TOKEN.finditer(text):
        word = match.group()
        start, end = match.span()
        kind = "num" if word[0].isdigit() else "word" if word[0].isalpha() else "punct"
        append(_token(word, start, end, kind, start == previous_end, lang))
        previous_end = end
    return tokens
