"""edited: an item already stored came back with materially different text.

Signal: a new revision, i.e. a different `bot.text.fingerprint` (words and numbers only), so
whitespace, markup, emoji, punctuation, case and view counters never count. Raised only for
items whose word matters: from a source with a `side`, or carrying a statement on a tracked
claim. Ignored: a revert to a text the item already had (pages that flip-flop between two
versions, newsdiffs' lesson), which is stored as a revision but raises nothing.
"""

from __future__ import annotations

import difflib

from bot.clock import iso
from bot.model import AlertDraft, AlertKind, ItemText, Snapshot
from bot.text import squeeze

_DIFF_CONTEXT = 6  # words kept around each change


def word_diff(old: str, new: str) -> str:
    """A compact word diff: `[-removed-]` and `{+added+}` with a little context, '…' between hunks."""
    a, b = squeeze(old).split(), squeeze(new).split()
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for group in matcher.get_grouped_opcodes(_DIFF_CONTEXT):
        hunk: list[str] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                hunk.append(" ".join(a[i1:i2]))
            if tag in ("delete", "replace"):
                hunk.append("[-" + " ".join(a[i1:i2]) + "-]")
            if tag in ("insert", "replace"):
                hunk.append("{+" + " ".join(b[j1:j2]) + "+}")
        parts.append(" ".join(h for h in hunk if h))
    return "\n…\n".join(parts)


def _snapshot(item: ItemText) -> Snapshot:
    return Snapshot(
        text=item.full_text,
        url=item.url,
        published=iso(item.published) if item.published else None,
    )


def find(old: ItemText, new: ItemText, *, revert: bool, matters: bool) -> AlertDraft | None:
    """The `edited` draft for one text change, or None when it is not worth an alert."""
    if revert or not matters:
        return None
    return AlertDraft(
        kind=AlertKind.EDITED,
        key=f"edited:{new.source}:{new.item_id}:{new.revision_id}",
        source=new.source,
        url=new.url,
        side=new.source_side,
        before=_snapshot(old),
        after=_snapshot(new),
        diff=word_diff(old.full_text, new.full_text),
    )
