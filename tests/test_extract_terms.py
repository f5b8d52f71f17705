"""Term matching as DESIGN.md defines it: word start, cut short, case and ё/е insensitive,
both Ukrainian apostrophes, inflected Cyrillic names; one index for thousands of terms."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.extract import extract, matcher_for
from bot.extract.terms import TermIndex, matches, stem
from bot.model import Claim, Config, Side
from bot.text import fold
from tests.builders import make_text


@pytest.mark.parametrize(
    ("term", "text", "hit"),
    [
        ("retreat", "Troops retreated overnight", True),
        ("retreat", "RETREATING", True),
        ("treat", "they retreated", False),
        ("отступ", "Войска отступили ночью", True),
        ("Бахмут", "под Бахмутом", True),
        ("Бахмут", "під Бахмутом", True),
        ("fell back", "they fell   back to regroup", True),
        ("fell back", "they fell and went back", False),
        ("Пасечник", "сообщил Леонид Пасечника", True),
        ("Пасечник", "с Пасечником", True),
        ("Зеленський", "за словами Зеленського", True),
        ("Зеленський", "Зеленським було заявлено", True),
        ("Министерство обороны", "Министерства обороны России", True),
        ("Генштаб ЗСУ", "за даними Генштабу ЗСУ", True),
        ("Слов'янськ", "у Слов’янську", True),
        ("Слов’янськ", "у Слов'янську", True),
        ("ёлка", "ЕЛКА", True),
        ("Артёмовск", "в Артемовске", True),
        ("«Вагнер»", "бойцы «Вагнера»", True),
        ("Kyiv", "Kyivstar", True),  # a prefix by design: claim terms are cut short on purpose
    ],
)
def test_terms_match_at_word_starts_and_may_be_cut_short(term: str, text: str, hit: bool) -> None:
    assert matches(term, text) is hit


@given(
    st.sampled_from(["Бахмут", "Отступили", "Київ", "withdrew", "Слов'янськ", "Пасечник", "fell back"]),
    st.sampled_from([" ", "  ", "\u00a0", "\t", "\n", " \u202f"]),
    st.booleans(),
    st.booleans(),
)
def test_case_yo_and_whitespace_never_change_a_match(word: str, space: str, upper: bool, yo: bool) -> None:
    text = f"Сегодня{space}{word.upper() if upper else word.lower()}{space}и далее".replace(" ", space)
    if yo:
        text = text.replace("е", "ё").replace("Е", "Ё")
    assert matches(word, text)
    assert matches(word.replace("е", "ё"), text)
    assert matches(word.upper(), text)


def test_stems_are_only_for_long_cyrillic_words() -> None:
    assert stem("пасечника") == "пасечник"
    assert stem("кива") == "кива" and stem("retreated") == "retreated"


def test_every_payload_of_a_shared_term_is_found_once() -> None:
    index: TermIndex[str] = TermIndex()
    index.add("retreat", "a")
    index.add("Retreat", "b")
    hits = index.find(fold("They retreated."))
    assert len(hits) == 1 and hits[0].payloads == {"a", "b"}


def _config(n: int) -> Config:
    claims = tuple(
        Claim(f"c{i}", f"Claim {i}", match=(f"Town{i}", f"Город{i}"), supports=("retreat", f"отход{i}"),
              refutes=("repelled",))
        for i in range(n)
    )  # fmt: skip
    return Config(path=f"bench{n}", sides=(Side("MoD", ("Konashenkov",)),), claims=claims)


def test_a_thousand_claims_take_as_many_passes_over_a_text_as_ten(monkeypatch: pytest.MonkeyPatch) -> None:
    """Work counted, not timed (bench/matching.py times it): the matcher is compiled once per
    config, and a text is scanned the same number of times whatever the number of claims."""
    text = make_text(" ".join(["Konashenkov said troops near Town5 fell back and repelled attacks."] * 20))
    small, large = _config(10), _config(1000)
    assert matcher_for(large) is matcher_for(large)
    passes: list[int] = []
    find = TermIndex.find

    def counted(self: TermIndex[object], folded: str) -> list[object]:
        passes[-1] += 1
        return find(self, folded)  # type: ignore[arg-type]

    monkeypatch.setattr(TermIndex, "find", counted)
    for config in (small, large):
        passes.append(0)
        extract(text, config)
    assert passes[0] == passes[1] > 0
