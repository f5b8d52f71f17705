"""Deciders: histories and revisions in, alert drafts out. No I/O, no clock.

- `stance_flip.find` and `number_change.find` walk one side's history on one claim in order of
  publication and report the points where its word changed.
- `edited.find` judges one text change of a stored item.
- `deleted.find` compares the posts a channel page shows with the ones stored.

Each draft carries a deterministic `key`; storage makes raising a key twice a no-op.
"""

from bot.compare import deleted, edited, number_change, stance_flip

__all__ = ["deleted", "edited", "number_change", "stance_flip"]
