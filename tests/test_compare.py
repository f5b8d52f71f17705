"""The deciders: histories and revisions in, alert drafts out."""

from __future__ import annotations

from bot.compare import deleted, edited, number_change, stance_flip
from bot.model import AlertKind, Page, StoredPost
from tests.builders import day, make_item, make_statement, make_text

R, S, N = "refutes", "supports", "neutral"


def flips(history, known=()):  # type: ignore[no-untyped-def]
    return [(d.before.stance, d.after.stance) for d in stance_flip.find(history, list(known))]  # type: ignore[union-attr]


def test_a_side_that_changes_its_word_flips_once() -> None:
    history = [make_statement(R), make_statement(R), make_statement(S)]
    assert flips(history) == [(R, S)]


def test_neutral_mentions_never_flip_and_never_break_a_run() -> None:
    assert flips([make_statement(R), make_statement(N), make_statement(R), make_statement(N)]) == []
    assert flips([make_statement(N), make_statement(S)]) == []


def test_the_flip_quotes_the_last_word_before_and_the_first_after() -> None:
    a, b, c, d = make_statement(R), make_statement(R), make_statement(S), make_statement(S)
    (draft,) = stance_flip.find([a, b, c, d], [])
    assert draft.kind is AlertKind.STANCE_FLIP
    assert draft.before.statement_id == b.id and draft.after.statement_id == c.id  # type: ignore[union-attr]
    assert draft.url == c.url and draft.claim == "c" and draft.side == "S"


def test_an_alerted_flip_is_not_raised_again() -> None:
    a, b = make_statement(R), make_statement(S)
    assert flips([a, b], known=[(a.id, b.id)]) == []


def test_a_late_copy_of_the_new_word_joins_its_run_and_raises_nothing() -> None:
    old, new = make_statement(R, at=day(1)), make_statement(S, at=day(3))
    copy = make_statement(S, at=day(2), source="Other wire")  # the same word, carried elsewhere, dated earlier
    assert flips([old, copy, new], known=[(old.id, new.id)]) == []


def test_late_older_items_reorder_the_history_rather_than_flip_by_arrival() -> None:
    withdrew = make_statement(S, at=day(3))
    # Arrival order would read S then R, R; publication order is R, R, S: one flip R → S.
    held_15, held_16 = make_statement(R, at=day(1)), make_statement(R, at=day(2))
    history = sorted([withdrew, held_15, held_16], key=lambda s: s.published)  # type: ignore[arg-type, return-value]
    assert flips(history) == [(R, S)]
    first = stance_flip.find([held_15, withdrew], [])[0]
    known = [(first.before.statement_id, first.after.statement_id)]  # type: ignore[union-attr]
    assert flips(history, known) == []  # the 16th landing in between changes nothing


def test_every_real_change_of_mind_is_a_flip() -> None:
    assert flips([make_statement(R), make_statement(S), make_statement(R)]) == [(R, S), (S, R)]


def changes(history, known=()):  # type: ignore[no-untyped-def]
    return [(d.counted, d.before.value, d.after.value) for d in number_change.find(history, list(known))]  # type: ignore[union-attr]


def test_a_different_figure_for_the_same_thing_is_a_change() -> None:
    history = [make_statement(figures={"children|injured": 6}), make_statement(figures={"children|injured": 9})]
    assert changes(history) == [("children|injured", 6, 9)]


def test_restated_figures_and_other_things_counted_are_not_changes() -> None:
    history = [
        make_statement(figures={"customers|affected": 3_900_000}),
        make_statement(figures={"customers|affected": 3_900_000.0, "policies": 100}),
        make_statement(figures={"gigabytes": 200}),
    ]
    assert changes(history) == []


def test_a_revision_told_by_two_sources_is_one_change() -> None:
    a = make_statement(figures={"k": 3.9e6}, source="Newsroom")
    b = make_statement(figures={"k": 9.7e6}, source="Newsroom")
    c = make_statement(figures={"k": 9.7e6}, source="ASX")
    (found,) = number_change.find([a, b, c], [])
    assert found.after.statement_id == b.id  # type: ignore[union-attr]
    assert number_change.find([a, b, c], [(a.id, b.id, "k")]) == []


def test_a_toll_that_rises_twice_is_two_changes() -> None:
    # within a day: a toll given once a day with no update word is each day's incident (test_compare_figures)
    history = [make_statement(figures={"people|killed": v}, at=day(n * 0.2)) for n, v in enumerate((8, 8, 11, 15))]
    assert changes(history) == [("people|killed", 8, 11), ("people|killed", 11, 15)]


def test_material_edits_raise_with_a_word_diff() -> None:
    old = make_text("A guided bomb hit a residential building.", side="Gov", revision_id=1)
    new = make_text("A guided bomb hit open ground near homes.", side="Gov", revision_id=2)
    draft = edited.find(old, new, revert=False, matters=True)
    assert draft is not None and draft.kind is AlertKind.EDITED
    assert "[-a residential building.-]" in draft.diff and "{+open ground near homes.+}" in draft.diff  # type: ignore[operator]
    assert draft.key.endswith(":1:2")


def test_edits_that_do_not_matter_or_revert_raise_nothing() -> None:
    old, new = make_text("a"), make_text("b", revision_id=2)
    assert edited.find(old, new, revert=False, matters=False) is None
    assert edited.find(old, new, revert=True, matters=True) is None


def post(n: int, text: str = "") -> StoredPost:
    return StoredPost(item_id=n, post_id=n, url=f"https://t.me/ch/{n}", text=text or f"post {n}", published=None)


def page(*ids: int, texts: dict[int, str] | None = None) -> Page:
    texts = texts or {}
    return Page(items=tuple(make_item(f"ch/{i}", texts.get(i, f"post {i}"), post_id=i) for i in ids))


def test_a_post_missing_between_older_and_newer_is_deleted() -> None:
    current = page(10, 11, 13, 14)
    assert deleted.window(current) == (10, 14)
    verdict = deleted.find("Ch", None, current, [post(11), post(12), post(13)], [])
    assert [d.url for d in verdict.drafts] == ["https://t.me/ch/12"]
    assert verdict.deleted_item_ids == [12]


def test_posts_that_slide_out_of_the_window_are_not_deletions() -> None:
    assert deleted.window(page(20, 21)) == (20, 21)
    assert deleted.find("Ch", None, page(20, 21), [], []).drafts == []  # 10..19 are outside: never asked


def test_an_incomplete_or_single_post_page_has_no_window() -> None:
    assert deleted.window(page(5)) is None
    assert deleted.window(Page(items=page(1, 2, 3).items, complete=False)) is None


def test_a_deleted_post_reposted_with_a_typo_fixed_is_an_edit() -> None:
    text = "Air defence shot down nine drones over the region overnight, the governor said"
    current = page(10, 13, 14, texts={14: text.replace("nine", "nine ") + " ."})
    verdict = deleted.find("Ch", "Gov", current, [post(12, text)], [current.items[-1]])
    (draft,) = verdict.drafts
    assert draft.kind is AlertKind.EDITED and draft.url == "https://t.me/ch/12"


def test_a_mass_wipe_is_one_event() -> None:
    stored = [post(n) for n in range(11, 31)]
    verdict = deleted.find("Ch", None, page(10, 31), stored, [])
    (draft,) = verdict.drafts
    assert draft.kind is AlertKind.DELETED and "20 posts deleted at once" in draft.before.text  # type: ignore[union-attr, operator]
    assert len(verdict.deleted_item_ids) == 20
