"""What extraction may skip, counted rather than timed (bench/ times it): an item that names no
tracked claim costs one pass of the claims' terms over its text, no tokens and no dictionary;
one that names no participant of a claim given as text, no more than its words' keys; what
several steps of one item read (a header's tokens and time cues) is read once for that item;
the term index visits only the word starts some term can begin at, and finds what a visit of
every word start finds."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bot.extract as extract_module
from bot.extract import extract, matcher_for, memo, morph, tokens, when
from bot.extract.terms import TermIndex
from bot.model import Claim, Config, Side
from bot.text import fold
from tests.builders import make_text

CONFIG = Config(
    path="cost",
    sides=(Side("MoD", ("Konashenkov", "Минобороны России")),),
    claims=(Claim("bridge", "The bridge was hit", match=("bridge", "мост"), refutes=("intact",)),),
)


def _counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    calls = {"tokenize": 0, "analyse": 0}
    tokenize, analyse = tokens.tokenize, morph.analyse

    def counted_tokenize(text: str, lang: str | None = None) -> list[tokens.Token]:
        calls["tokenize"] += 1
        return tokenize(text, lang)

    def counted_analyse(word: str, lang: str) -> morph.Word:
        calls["analyse"] += 1
        return analyse(word, lang)

    for module in ("bot.extract", "bot.extract.figures", "bot.extract.places", "bot.extract.propositions"):
        monkeypatch.setattr(f"{module}.tokenize", counted_tokenize)
    monkeypatch.setattr(morph, "analyse", counted_analyse)
    return calls


def test_an_item_naming_no_claim_is_neither_tokenised_nor_lemmatised(monkeypatch: pytest.MonkeyPatch) -> None:
    matcher_for(CONFIG)  # compiled once per config, not per item
    calls = _counting(monkeypatch)
    quiet = make_text("Konashenkov said 40 drones were shot down over the region overnight. Markets fell 3%.",
                      title="Drones downed, ministry says")  # fmt: skip
    assert extract(quiet, CONFIG) == []
    assert calls == {"tokenize": 0, "analyse": 0}
    # the same counters see the work an item naming the claim does
    extract(make_text("Konashenkov said the bridge is intact."), CONFIG)
    assert calls["tokenize"] > 0 and calls["analyse"] > 0


def _every_word_start(index: TermIndex[int], folded: str) -> list[tuple[int, int, str]]:
    """The index's answer the slow way: every word start tried against every term."""
    hits = []
    for word in re.finditer(r"(?<!\w)(?<!\w')\w", folded):
        start = word.start()
        for entry in index._entries.values():  # the reference reads the index's own terms
            match = entry.pattern.match(folded, start)
            if match:
                hits.append((start, match.end(), entry.term))
    return sorted(set(hits))


WORDS = ["bridge", "bri", "br", "b", "мост", "мосты", "Бахмут", "fell back", "а ", "and ", "п'ять", "о", "re-entry"]
PIECES = ["bridge", "bridges", "Bri", "br", "b", "мостов", "Бахмутом", "fell", "back", "а", "and", "п’ять", "о",
          "re-entry", "x", "'b", "d'bri", "-", ",", "  ", "\n"]  # fmt: skip
TEXT = st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join)


@given(terms=st.lists(st.sampled_from(WORDS), min_size=1, max_size=6), text=TEXT, stemmed=st.booleans())
def test_the_index_finds_what_trying_every_word_start_finds(terms: list[str], text: str, stemmed: bool) -> None:
    index: TermIndex[int] = TermIndex(stemmed=stemmed)
    for n, term in enumerate(terms):
        index.add(term, n)
    folded = fold(text)
    found = sorted({(h.start, h.end, h.term) for h in index.find(folded)})
    assert found == _every_word_start(index, folded)


def test_terms_added_after_a_search_are_found() -> None:
    index: TermIndex[int] = TermIndex()
    index.add("bridge", 1)
    assert index.find("the mayor at the bridge") != []
    index.add("mayor", 2)
    assert [h.term for h in index.find("the mayor at the bridge")] == ["mayor", "bridge"]


TEXT_CLAIM = Config(
    path="cost-text",
    sides=(Side("MoD", ("Konashenkov",)),),
    claims=(Claim("plant", "Russia struck the Kyiv power plant"),),  # given as text: matched by its participants
)


def test_an_item_naming_no_participant_of_a_claim_given_as_text_is_read_no_further_than_its_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    matcher_for(TEXT_CLAIM)
    read: list[str] = []
    analyse = extract_module._analyse

    def counted(text: str, *args: Any) -> Any:
        read.append(text)
        return analyse(text, *args)

    monkeypatch.setattr(extract_module, "_analyse", counted)
    assert extract(make_text("Konashenkov said markets fell 3% in London.", title="Markets"), TEXT_CLAIM) == []
    assert read == []  # no frames, cues, aliases or stances for it
    extract(make_text("Konashenkov said Russia struck the Kyiv power plant."), TEXT_CLAIM)
    assert read == ["Konashenkov said Russia struck the Kyiv power plant."]


def test_a_header_is_tokenised_and_its_time_cues_read_once_for_all_its_bullets(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"tokens": 0, "cues": 0}
    for name, module, attr in (("tokens", tokens, "_TOKEN"), ("cues", when, "_NIGHT_ON")):
        pattern = getattr(module, attr)

        class Counted:
            def __init__(self, pattern: re.Pattern[str], name: str) -> None:
                self.pattern, self.name = pattern, name

            def finditer(self, text: str) -> Any:
                calls[self.name] += text == HEADER
                return self.pattern.finditer(text)

        monkeypatch.setattr(module, attr, Counted(pattern, name))
    bullets = "\n".join(f"— {town}: {n} injured;" for n, town in enumerate(["Kharkiv", "Sumy", "Poltava", "Odesa"], 2))
    item = make_text(f"{HEADER}\n{bullets}")
    extract(item, CONFIG)
    assert calls == {"tokens": 1, "cues": 1}
    extract(item, CONFIG)  # nothing kept from one item to the next
    assert calls == {"tokens": 2, "cues": 2}


HEADER = "Konashenkov said the bridge was hit overnight on 25 November, and:"


def test_what_an_item_remembers_is_its_own_and_each_caller_gets_a_copy() -> None:
    runs: list[str] = []

    @memo.remembered
    def words(text: str) -> list[str]:
        runs.append(text)
        return text.split()

    @memo.per_item
    def read(text: str) -> list[str]:
        first = words(text)
        first.append("changed")  # a caller's own list
        return words(text)

    assert read("a b") == ["a", "b"] and runs == ["a b"]
    assert read("a b") == ["a", "b"] and runs == ["a b", "a b"]  # a new item computes afresh
    words("a b"), words("a b")
    assert runs == ["a b"] * 4  # outside an item nothing is remembered
