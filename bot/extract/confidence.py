"""PURE. How sure a reading is: the evidence behind whose word it is and what it says.

A statement's stance is only as good as the weakest link behind it. Each link has a weight:

- whose word: a side named as the speaker in the sentence (1.0); a side's own feed with no
  other speaker (0.9); carried from a header or the lead to a headline or a bullet (0.85); a
  pronoun continuing the last speaker ("he added", 0.8);
- what it says: a frame of denial, admission or correction, or the claim's own terms (1.0); a
  predicate derived from a claim given only as text (0.85); similarity from the optional
  embedding model with no shared name (0.6);
- what it is about: the sentence names the claim (1.0), or only the item does (0.8).

The reading's confidence is the product. A statement takes its surest reading of the stance
it decides; below `settings: confidence` (default 0.5) the stance is held back: shown, marked,
in `claims ID` and `/claim`, but it moves no alert. Errs towards alerting: the default holds
back only readings with two or more weak links.
"""

from __future__ import annotations

__all__ = ["CARRIED", "CONTINUED", "NAMED", "OWN_FEED", "of_reading"]

NAMED = 1.0
OWN_FEED = 0.9
CARRIED = 0.85
CONTINUED = 0.8
_FRAMED = 1.0
_PREDICATE = 0.85
_SEMANTIC = 0.6
_NOT_HERE = 0.8
_UNCUED = 0.7  # a stance read from the topic alone ("Prigozhin said he did it", no word of the claim's)


def of_reading(*, speaker: float, framed: bool, own_terms: bool, predicate: bool, here: bool,
               semantic: bool) -> float:  # fmt: skip
    """The confidence of one sentence's reading of one claim for one side (see the module docstring)."""
    if framed or own_terms:
        said = _FRAMED
    elif predicate:
        said = _PREDICATE
    else:
        said = _UNCUED
    if semantic:
        said = min(said, _SEMANTIC)
    return speaker * said * (1.0 if here else _NOT_HERE)
