"""PURE. The terms a claim is matched and judged by, derived from its text where not given.

A claim with `match` terms is about those. A claim with only `text` ("Yevgeny Prigozhin founded
the Wagner private military group") is about its names (capitalised words: Prigozhin, Wagner),
and, with fewer than two names, its content words; a sentence is about it when it names two of
them, or one of them and the claim's predicate. The predicate ("founded") gives the support
cues through a small table of common predicates and the words that state them (`lexicon.
PREDICATES`), or its own stem. Derived claims are stricter than configured ones on purpose: a
claim described only in prose is easy to over-match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.extract.lexicon import FUTURE_AUXILIARIES, PREDICATES, STOPWORDS
from bot.model import Claim
from bot.text import fold

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


@dataclass(frozen=True)
class ClaimTerms:
    topic: tuple[str, ...]
    anchors: tuple[str, ...]
    supports: tuple[str, ...]
    refutes: tuple[str, ...]
    derived: bool  # matched through anchors and a predicate, not configured topic terms
    groups: tuple[int, ...] = ()  # per anchor, the entity it names ("Yevgeny" and "Prigozhin": one)

    def entities(self, anchors: set[str]) -> set[int]:
        """The distinct entities a set of (folded) anchor terms names."""
        index = {fold(a): g for a, g in zip(self.anchors, self.groups, strict=True)}
        return {index[a] for a in anchors if a in index}


def _predicate_cues(words: list[str]) -> list[str]:
    cues: list[str] = []
    for word in words:
        folded = fold(word)
        for key, stated in PREDICATES.items():
            if folded.startswith(key):
                cues.extend(stated)
        if not cues and len(folded) > 5 and folded.endswith("ed"):
            cues.append(folded[:-2] if folded[-3] != "e" else folded[:-1])
    return list(dict.fromkeys(cues))


def claim_terms(claim: Claim) -> ClaimTerms:
    words = _WORD.findall(claim.text)
    names = [w for n, w in enumerate(words) if w[:1].isupper() and fold(w) not in STOPWORDS and (n > 0 or (
        len(words) > 1 and words[1][:1].isupper()))]  # fmt: skip
    # The predicate is the claim's verb: a past tense if there is one ("killed" in "Strike on
    # Kramatorsk killed civilians", not the noun "Strike"), else a known predicate word.
    # (not in a claim about what will be done: "will pay the sum awarded" has "awarded" describing the sum)
    future = any(fold(w) in FUTURE_AUXILIARIES for w in words)
    past = [] if future else [w for w in words if len(w) > 5 and w.endswith("ed")]
    predicate_words = past or [w for w in words if any(fold(w).startswith(k) for k in PREDICATES)]
    supports = claim.supports or (tuple(_predicate_cues(predicate_words)) if not claim.refutes else ())
    if claim.match:
        return ClaimTerms(claim.match, (), supports, claim.refutes, derived=False)
    # Adjacent names are one entity: "Yevgeny Prigozhin" is one, "Wagner" another.
    groups: dict[str, int] = {}
    previous = -2
    for n, w in enumerate(words):
        if w in names and w not in groups:
            groups[w] = max(groups.values(), default=-1) + (0 if previous == n - 1 and groups else 1)
        if w in names:
            previous = n
    anchors = list(groups)
    if len(anchors) < 2:
        content = [w for w in words if fold(w) not in STOPWORDS and len(w) >= 4 and w not in predicate_words]
        for c in content:
            if c not in groups:
                groups[c] = max(groups.values(), default=-1) + 1
        anchors = list(groups)
    return ClaimTerms((), tuple(anchors), supports, claim.refutes, derived=True,
                      groups=tuple(groups[a] for a in anchors))  # fmt: skip
