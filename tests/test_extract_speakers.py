"""Attribution through extract(): an explicit speaker wins over the source, a side quoting or
mocking another keeps the words, unnamed and untracked parties are nobody, inflected names
are found, and a third party describing a side is not that side's word."""

from __future__ import annotations

import pytest

from bot.extract import extract
from bot.model import Claim, Config, Settings, Side, Stance
from tests.builders import make_text

S, R, N = Stance.SUPPORTS, Stance.REFUTES, Stance.NEUTRAL
M, W, U, L = "Russian MoD", "Wagner", "Ukraine", "LPR"

CONFIG = Config(
    path="test",
    sides=(
        Side(M, ("Russian defence ministry", "Konashenkov", "Минобороны России", "Конашенков", "Міноборони Росії")),
        Side(W, ("Prigozhin", "Yevgeny Prigozhin", "Пригожин")),
        Side(U, ("Zelensky", "Syrskyi", "Зеленський", "Сирський", "Генштаб ЗСУ")),
        Side(L, ("Pasechnik", "Пасечник", "Пасічник")),
    ),
    claims=(
        Claim("retreat", "Russian forces retreated near Bakhmut", match=("Bakhmut", "Бахмут"),
              supports=("fell back", "retreat", "regroup", "rout", "fled", "отошли", "отступ", "перегруппир",
                        "бегств", "відступ", "відійшли"),
              refutes=("repelled", "отразил", "отбит", "відбили")),
        Claim("founder", "Yevgeny Prigozhin founded the Wagner private military group"),
    ),
    settings=Settings(semantic=False),
)  # fmt: skip


def said(text: str, side: str | None = None) -> dict[tuple[str, str], Stance]:
    return {(s.claim, s.side): s.stance for s in extract(make_text(text, side=side), CONFIG)}


@pytest.mark.parametrize(
    ("text", "side", "expected"),
    [
        ("Prigozhin said Russian troops fell back near Bakhmut.", M, {("retreat", W): S}),
        ("«Это бегство, а не перегруппировка», — заявил Пригожин о ситуации под Бахмутом.", M, {("retreat", W): S}),
        ('"We are retreating from Bakhmut," Prigozhin said.', M, {("retreat", W): S}),
        ('"Our troops repelled every attack near Bakhmut," he said.', M, {("retreat", M): R}),
        ("“Russian troops repelled every attack near Bakhmut,” the ministry said.", M, {("retreat", M): R}),
        ("Konashenkov told reporters the troops repelled attacks near Bakhmut.", None, {("retreat", M): R}),
        ("Troops repelled attacks near Bakhmut, according to Konashenkov.", None, {("retreat", M): R}),
        ("Troops repelled attacks near Bakhmut, according to the Russian defence ministry.", None, {("retreat", M): R}),
        ("Как сообщает Минобороны России, атаки под Бахмутом отбиты.", None, {("retreat", M): R}),
        ("Як повідомляє Генштаб ЗСУ, ворог відступив від Бахмута.", None, {("retreat", U): S}),
        ("Зеленський: ворог відступив від Бахмута.", None, {("retreat", U): S}),
    ],
)
def test_an_explicit_speaker_wins_over_the_source(text: str, side: str | None, expected: dict[object, Stance]) -> None:
    assert said(text, side) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("По словам Пасечника, войска отошли от Бахмута.", {("retreat", L): S}),
        ("Глава ЛНР Леонид Пасечник сообщил, что войска отошли от Бахмута.", {("retreat", L): S}),
        ("За словами Пасічника, війська відійшли від Бахмута.", {("retreat", L): S}),
        ("За словами Зеленського, російські війська відійшли від Бахмута.", {("retreat", U): S}),
        ("За даними Генштабу ЗСУ, ворог відступив від Бахмута.", {("retreat", U): S}),
        ("Заява Зеленського: ворог відступив від Бахмута.", {("retreat", U): S}),
    ],
)
def test_inflected_names_are_found(text: str, expected: dict[object, Stance]) -> None:
    assert said(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prigozhin said what Konashenkov described as regrouping near Bakhmut was a rout.", {("retreat", W): S}),
        ("Prigozhin mocked Konashenkov's claim that troops near Bakhmut were regrouping, calling it a rout.",
         {("retreat", W): S}),
        ("Prigozhin ridiculed Konashenkov's statement about regrouping near Bakhmut as a rout.", {("retreat", W): S}),
        ("Пригожин высмеял заявление Конашенкова о «перегруппировке» под Бахмутом, назвав это бегством.",
         {("retreat", W): S}),
    ],
)  # fmt: skip
def test_a_side_quoting_or_mocking_another_keeps_the_words(text: str, expected: dict[object, Stance]) -> None:
    assert said(text) == expected


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("According to unnamed sources, Russian troops fell back near Bakhmut.", M),
        ("Russian military bloggers said troops fell back near Bakhmut.", M),
        ("Troops fell back near Bakhmut, according to military bloggers.", M),
        ("По данным военкоров, войска отошли от Бахмута.", M),
        ("За словами анонімних джерел, війська відступили від Бахмута.", U),
        ("Як повідомляють анонімні джерела, ворог відступив від Бахмута.", U),
        ("Western analysts said troops fell back near Bakhmut.", None),
        ("Troops fell back near Bakhmut.", None),
    ],
)
def test_unnamed_and_untracked_parties_are_nobody(text: str, side: str | None) -> None:
    assert said(text, side) == {}


@pytest.mark.parametrize(
    "text",
    [
        "Western governments call Prigozhin the founder of Wagner.",
        "Western governments have long described Prigozhin as the founder of Wagner.",
        "Ukrainian officials said Prigozhin founded Wagner in 2014.",
        "Prigozhin had for years denied any link to Wagner.",
        "Prigozhin opened a restaurant in St. Petersburg and later founded a catering firm.",
    ],
)
def test_a_third_party_describing_a_side_is_not_its_word(text: str) -> None:
    assert said(text).get(("founder", W), N) is N


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prigozhin said he founded Wagner in 2014.", S),
        ("Prigozhin, who had for years denied any link to Wagner, said he founded the group in 2014.", S),
        ("Prigozhin denied he had founded Wagner.", R),
        ("Prigozhin's company denied that he founded Wagner.", R),
        ("Prigozhin admitted that he created Wagner.", S),
    ],
)
def test_a_claim_given_only_as_text(text: str, expected: Stance) -> None:
    assert said(text) == {("founder", W): expected}


def test_a_pronoun_continues_the_last_named_speaker() -> None:
    text = "Konashenkov spoke about Bakhmut on Friday. He said the troops fell back to regroup."
    assert said(text) == {("retreat", M): S}


def test_one_statement_per_claim_and_side() -> None:
    text = make_text("Подразделения отошли от Бахмута. Отход от Бахмута проведен организованно. "
                     "Перегруппировка под Бахмутом завершена.", side=M)  # fmt: skip
    statements = extract(text, CONFIG)
    assert [(s.claim, s.side, s.stance) for s in statements] == [("retreat", M, S)]
    assert statements[0].quote.startswith("Подразделения отошли") and len(statements[0].quote) <= 500


def test_a_pronoun_with_an_adverb_before_its_verb_continues_the_last_speaker() -> None:
    config = Config(
        path="t",
        sides=(Side("Turkish central bank", ("Turkey's central bank", "Hafize Gaye Erkan", "Erkan")),),
        claims=(Claim("outlook", "Turkey's central bank expects inflation to stay high", match=("inflation",)),),
        settings=Settings(semantic=False),
    )
    text = ("Turkey's central bank now expects inflation to end the year at 65%, Governor Hafize Gaye Erkan "
            "said on Thursday. For the end of 2025 it now sees 14%.")  # fmt: skip
    [statement] = extract(make_text(text), config)
    # "it now sees 14%": the bank's figure, not nobody's
    assert statement.side == "Turkish central bank" and 14 in [f.value for f in statement.figures]


def test_a_side_named_as_the_object_of_a_headline_is_not_its_speaker() -> None:
    from bot.extract import extract
    from bot.model import Claim, Config, Settings, Side
    from tests.builders import make_text

    config = Config(path="t", sides=(Side("Boeing", ("Boeing",)),),
                    claims=(Claim("ground", "The 737 MAX should be grounded", match=("737 MAX",),
                                  supports=("ground", "suspend")),),
                    settings=Settings(semantic=False))  # fmt: skip
    assert extract(make_text("China grounds Boeing 737 MAX jets after second deadly crash"), config) == []
    (own,) = extract(make_text("Boeing recommends that the FAA suspend the 737 MAX fleet."), config)
    assert own.side == "Boeing"


def _speakers_of(text: str) -> set[tuple[str, str]]:
    from bot.extract import extract
    from bot.model import Claim, Config, Settings, Side
    from tests.builders import make_text

    config = Config(path="t", sides=(Side("OpenAI", ("OpenAI",)), Side("Sam Altman", ("Sam Altman", "Altman"))),
                    claims=(Claim("back", "Sam Altman will return as chief executive of OpenAI"),),
                    settings=Settings(semantic=False))  # fmt: skip
    return {(s.side, str(s.stance)) for s in extract(make_text(text), config)}


def test_a_name_that_opens_the_reported_clause_is_what_is_said_not_who_says_it() -> None:
    assert not {side for side, _ in _speakers_of("OpenAI names an interim CEO, says Altman will not return")} & {
        "Sam Altman"}  # fmt: skip


def test_a_sides_staff_are_not_the_side() -> None:
    assert _speakers_of("Most OpenAI staff threaten to quit unless the board brings back Altman") == set()


def test_according_to_a_report_then_a_comma_is_the_reports_word() -> None:
    assert ("Sam Altman", "supports") not in _speakers_of("According to the report, Altman is ready to come back.")


def test_a_participle_after_a_comma_goes_on_with_the_opening_subject() -> None:
    text = "OpenAI dismissed the rumours as baseless, saying Altman will return as chief executive."
    assert {side for side, _ in _speakers_of(text)} == {"OpenAI"}
