"""PURE. Term matching as DESIGN.md defines it, compiled once for a whole config.

A term matches at the start of a word, case-insensitively, with ё = е and every apostrophe
the same (`bot.text.fold`), and may be cut short: `retreat` matches "retreated". Words of a
multi-word term follow each other with any whitespace between. Cyrillic words of five or more
letters are also matched by their stem, so an inflected name or noun still matches
("Министерство обороны" finds "Министерства обороны", "Пасечник" finds "Пасечника").
The built-in lexicon marks a short word it means whole with a trailing space ("а ", "but ").

Signal: a term's words in order at word starts. Ignored: case, ё/е, apostrophe style,
punctuation around the term. Errs towards matching: a prefix can over-match a longer word
("rout" matches "route"), which is why stance also needs the claim's topic.

`TermIndex` finds every term of thousands in one pass over the text: terms are bucketed by
their first three letters, so the cost per word does not grow with the number of terms.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from bot.text import fold

P = TypeVar("P", bound=Hashable)

_CYRILLIC = re.compile(r"[а-яіїєґ]")
_TRIM = re.compile(r"^[^\w]+|[^\w]+$")
_AT_WORD_START = r"(?<!\w)(?<!\w')"  # after an apostrophe only when it opens a quote
# Case endings of Russian and Ukrainian nouns and adjectives, longest first.
_ENDINGS = sorted(
    """ами ями ого его ому ему ыми ими ой ей ий ый ая яя ое ее ые ие ую юю ом ем ам ям ах ях ов ев ів
    ою ею а я о е и ы і у ю ь""".split(),
    key=len,
    reverse=True,
)


def stem(word: str) -> str:
    """A light stem for Cyrillic words of five letters or more; other words as they are."""
    if len(word) < 5 or not _CYRILLIC.search(word):
        return word
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def normalise_term(term: str) -> str:
    return " ".join(_TRIM.sub("", w) for w in fold(term).split() if _TRIM.sub("", w))


def term_pattern(term: str, stemmed: bool = True) -> re.Pattern[str] | None:
    """The regex a term matches with (anchored at a word start by the caller). `stemmed=False`
    keeps a Cyrillic word as written: the lexicon's "сообща" means "сообщает", never "сообщения"."""
    words = normalise_term(term).split()
    if not words:
        return None
    whole = term.endswith(" ")  # the lexicon's "а ", "but ": that word only, never "армии", "button"
    parts = []
    for n, word in enumerate(words):
        last = n == len(words) - 1
        if whole and last:
            parts.append(re.escape(word) + r"(?!\w)")
            continue
        base = stem(word) if stemmed else word
        inflects = base != word or bool(_CYRILLIC.search(word))  # "Генштаб ЗСУ" finds "Генштабу ЗСУ"
        parts.append(re.escape(base) + (r"[\w'’]*" if inflects or last else ""))
    return re.compile(r"[\s\-–—]+".join(parts))


@dataclass(frozen=True)
class Hit(Generic[P]):
    """One occurrence of a term; `payloads` are every payload that term was added with."""

    start: int  # character offsets in the folded text
    end: int
    term: str
    payloads: frozenset[P]

    @property
    def payload(self) -> P:
        """The payload, for indexes where each term has one (aliases, lexicon kinds)."""
        return min(self.payloads, key=repr) if len(self.payloads) > 1 else next(iter(self.payloads))


@dataclass
class _Entry(Generic[P]):
    term: str
    pattern: re.Pattern[str]
    payloads: set[P]
    frozen: frozenset[P] = frozenset()


@dataclass
class TermIndex(Generic[P]):
    """Many terms, each with payloads (e.g. ("claim-1", "supports")), matched in one pass.

    A term shared by many claims ("retreat") is matched once and carries all their payloads,
    so the cost of a text does not grow with the number of claims that share a word.
    """

    _entries: dict[str, _Entry[P]] = field(default_factory=dict)
    _buckets: dict[str, list[_Entry[P]]] = field(default_factory=dict)
    _short: dict[str, list[_Entry[P]]] = field(default_factory=dict)
    stemmed: bool = True  # False for the built-in lexicon, whose terms are written as the prefixes they mean
    _starts: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    def add(self, term: str, payload: P) -> None:
        normal = normalise_term(term)
        entry = self._entries.get(normal)
        if entry is not None:
            entry.payloads.add(payload)
            entry.frozen = frozenset(entry.payloads)
            return
        pattern = term_pattern(term, self.stemmed)
        if pattern is None:
            return
        entry = self._entries[normal] = _Entry(term, pattern, {payload}, frozenset({payload}))
        self._starts = None
        key = stem(normal.split()[0]) if self.stemmed else normal.split()[0]
        if len(key) >= 3:
            self._buckets.setdefault(key[:3], []).append(entry)
        else:
            self._short.setdefault(key, []).append(entry)

    def add_all(self, terms: Iterable[str], payload: P) -> None:
        for term in terms:
            self.add(term, payload)

    def find(self, folded: str) -> list[Hit[P]]:
        """Every term occurrence in an already folded text, in order of position."""
        hits: list[Hit[P]] = []
        if not self._entries:
            return hits
        starts = self._starts
        if starts is None:
            starts = self._starts = _word_starts([*self._buckets, *self._short])
        # Only the word starts some term's first letters stand at: most words are no term's.
        for word in starts.finditer(folded):
            start = word.start()
            candidates = self._buckets.get(folded[start : start + 3], [])
            if self._short:
                candidates = candidates + self._short.get(folded[start : start + 1], [])
                candidates = candidates + self._short.get(folded[start : start + 2], [])
            for entry in candidates:
                match = entry.pattern.match(folded, start)
                if match:
                    hits.append(Hit(start, match.end(), entry.term, entry.frozen))
        return hits


def _word_starts(prefixes: list[str]) -> re.Pattern[str]:
    """A word start followed by one of the prefixes, as one regex:
    the prefixes are put in a trie, so the scan stays in the regex engine, not a Python loop."""
    trie: dict[str, dict[str, Any]] = {}
    for prefix in prefixes:
        node = trie
        for char in prefix:
            node = node.setdefault(char, {})
        node[""] = {}

    def alternatives(node: dict[str, Any]) -> str:
        if "" in node:  # a whole prefix matched: that is enough
            return ""
        branches = [re.escape(char) + alternatives(child) for char, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return re.compile(_AT_WORD_START + "(?=" + alternatives(trie) + r")\w")


def matches(term: str, text: str) -> bool:
    """Whether one term occurs in a text (for tests and one-off checks)."""
    index: TermIndex[int] = TermIndex()
    index.add(term, 0)
    return bool(index.find(fold(text)))
