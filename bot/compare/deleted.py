"""deleted: a Telegram post seen before is gone while the page still shows older and newer posts.

Signal: a stored post id strictly between the lowest and highest ids the page shows, and not
on the page. Ignored: posts that slide out of the page window (not bracketed), pages marked
incomplete, and ids we never stored (album members and posts deleted before we looked use up
ids too). Compared as sets of ids, never as counts.

Two guards against false alarms:
- a post that vanishes while a new post with near-identical text appears in the same poll was
  reposted: that is an edit of the original, not a deletion;
- a channel wiping many posts at once is one event: one alert lists them all.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from bot.compare.edited import word_diff
from bot.model import AlertDraft, AlertKind, Item, Page, Snapshot, StoredPost
from bot.text import words

REPOST_SIMILARITY = 0.85  # word-sequence ratio above which a new post is the old one reposted
MASS_DELETION = 5  # more posts than this gone in one poll is reported as one event


@dataclass(frozen=True)
class Verdict:
    drafts: list[AlertDraft]
    deleted_item_ids: list[int]  # to be marked deleted in storage (reposts too: the old id is gone)


def window(page: Page) -> tuple[int, int] | None:
    ids = [item.post_id for item in page.items if item.post_id is not None]
    return (min(ids), max(ids)) if len(ids) >= 2 and page.complete else None


def _similar(a: str, b: str) -> bool:
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    return difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).ratio() >= REPOST_SIMILARITY


def find(source: str, side: str | None, page: Page, stored: Sequence[StoredPost], new_items: Sequence[Item]) -> Verdict:
    """Posts gone from inside the page's window. `stored` are the stored posts inside it."""
    on_page = {item.post_id for item in page.items}
    gone = [post for post in stored if post.post_id not in on_page]
    drafts: list[AlertDraft] = []
    deletions: list[StoredPost] = []
    for post in gone:
        repost = next((i for i in new_items if post.text and _similar(post.text, i.text)), None)
        if repost is None:
            deletions.append(post)
            continue
        drafts.append(
            AlertDraft(
                kind=AlertKind.EDITED,
                key=f"edited:{source}:{post.item_id}:repost:{repost.key}",
                source=source,
                side=side,
                url=post.url,
                before=Snapshot(text=post.text, url=post.url, published=post.published),
                after=Snapshot(
                    text=repost.text,
                    url=repost.url,
                    published=repost.published.isoformat() if repost.published else None,
                ),
                diff=f"deleted and reposted as {repost.url}\n" + word_diff(post.text, repost.text),
            )
        )
    if len(deletions) > MASS_DELETION:
        first = deletions[0]
        listing = "\n".join(f"{p.url}: {p.text[:120]}" for p in deletions)
        drafts.append(
            AlertDraft(
                kind=AlertKind.DELETED,
                key=f"deleted:{source}:mass:" + ",".join(str(p.item_id) for p in deletions),
                source=source,
                side=side,
                url=first.url,
                before=Snapshot(text=f"{len(deletions)} posts deleted at once:\n{listing}", url=first.url,
                                published=first.published),
                after=Snapshot(text=None, url=first.url),
            )
        )  # fmt: skip
    else:
        drafts.extend(
            AlertDraft(
                kind=AlertKind.DELETED,
                key=f"deleted:{source}:{post.item_id}",
                source=source,
                side=side,
                url=post.url,
                before=Snapshot(text=post.text, url=post.url, published=post.published),
                after=Snapshot(text=None, url=post.url),
            )
            for post in deletions
        )
    return Verdict(drafts=drafts, deleted_item_ids=[p.item_id for p in gone])
