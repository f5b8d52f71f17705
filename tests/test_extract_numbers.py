"""Figures and what they count, in English, Russian and Ukrainian; what is not a count."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.extract.numbers import digits_value, figures, word_value


def found(sentence: str) -> list[tuple[float, str]]:
    return [(f.value, f.counted) for f in figures(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Six children were injured in the strike.", [(6, "children|injured")]),
        ("Nine children injured, the governor said.", [(9, "children|injured")]),
        ("Число пострадавших детей возросло до девяти.", [(9, "children|injured")]),
        ("Кількість поранених дітей зросла до дев'яти.", [(9, "children|injured")]),
        ("Кількість поранених дітей зросла до дев’ятьох.", [(9, "children|injured")]),
        ("Пострадали шесть детей.", [(6, "children|injured")]),
        ("Шестеро детей получили ранения.", [(6, "children|injured")]),
        ("Шестеро дітей зазнали поранень.", [(6, "children|injured")]),
        ("Среди погибших — трое детей.", [(3, "children|killed")]),
        ("Погибли 5 школьников.", [(5, "children|killed")]),
    ],
)
def test_children_injured_and_killed_share_keys_across_languages(
    sentence: str, expected: list[tuple[float, str]]
) -> None:
    assert found(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Число погибших возросло до 11.", [(11, "people|killed")]),
        ("Кількість загиблих зросла до 11 осіб.", [(11, "people|killed")]),
        ("The death toll rose to 11.", [(11, "people|killed")]),
        ("The toll rose from eight to 11.", [(11, "people|killed")]),
        ("Загинули одинадцятеро людей.", [(11, "people|killed")]),
        ("Погибли шестеро мирных жителей.", [(6, "people|killed")]),
        ("Двадцять одна людина загинула.", [(21, "people|killed")]),
        ("Twenty-one civilians were wounded.", [(21, "people|injured")]),
        ("двадцать один человек ранен", [(21, "people|injured")]),
        ("Ранения получили пятнадцать человек.", [(15, "people|injured")]),
        ("In total 21 people were hurt.", [(21, "people|injured")]),
        ("At least 21 people were wounded and eight killed.", [(21, "people|injured"), (8, "people|killed")]),
        ("Загинули п'ятнадцятеро людей, серед них троє дітей.", [(15, "people|killed"), (3, "children|killed")]),
        ("Two people died in hospital on 14 April.", [(2, "people|killed")]),
    ],
)
def test_killed_and_injured_are_different_things(sentence: str, expected: list[tuple[float, str]]) -> None:
    assert found(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Понад 2 тис. осіб евакуйовано.", [(2000, "people|evacuated")]),
        ("Около 12 тыс. человек эвакуированы.", [(12000, "people|evacuated")]),
        ("2000 людей евакуйовано.", [(2000, "people|evacuated")]),
        ("1\u00a0000 people were evacuated.", [(1000, "people|evacuated")]),
        ("1\u2009000 people were evacuated.", [(1000, "people|evacuated")]),
        ("1\u202f000 people were evacuated.", [(1000, "people|evacuated")]),
        ("1.000 people were evacuated.", [(1000, "people|evacuated")]),
        ("41,2 тыс. человек эвакуированы.", [(41200, "people|evacuated")]),
        ("Data of 3.9m customers was accessed.", [(3_900_000, "people|affected")]),
        ("Data of about 9.7 million current and former customers was accessed.", [(9_700_000, "people|affected")]),
        ("The number of customers whose data was stolen is about 2.1 million.", [(2_100_000, "people|affected")]),
        ("Данные 1,5 млн клиентов оказались в открытом доступе после утечки.", [(1_500_000, "people|affected")]),
    ],
)
def test_separators_decimals_scales_and_approximations(sentence: str, expected: list[tuple[float, str]]) -> None:
    assert found(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The hackers claimed 200 gigabytes of data.",
        "A sample of 100 policies was posted.",
        "A 54-year-old man was injured.",
        "Під час обстрілу поранено 54-річного чоловіка.",
        "S-300 missiles hit a five-storey block.",
        "The town lies 45 km (28 miles) away.",
        "On 14 April 2023 the port reopened.",
        "It happened at 10:20.",
        "Troops repelled 26 attacks near Bakhmut.",  # attacks each day are new events, not a revised count
        "In 2014 he founded the group.",
        "One of the injured died in hospital.",
        "No one was killed.",
        "Ни один человек не пострадал.",
        "За минулу добу вивезено 86 людей, серед них 9 дітей.",
        "Over the past 24 hours, 7 civilians were killed.",
        "У Купянска сосредоточено 1 000 военнослужащих.",
    ],
)
def test_what_is_not_a_count(sentence: str) -> None:
    assert found(sentence) == []


def test_street_house_and_school_numbers_are_labels() -> None:
    assert found("Street 15, house 3, was hit; two people injured.") == [(2, "people|injured")]
    assert found("На ул. Ленина, д. 3 погибли 2 человека.") == [(2, "people|killed")]
    assert found("Будинок 5 на вул. Миру, 15 зруйновано, поранено трьох людей.") == [(3, "people|injured")]


@pytest.mark.parametrize(
    ("word", "value"),
    [("six", 6), ("nine", 9), ("eleven", 11), ("шесть", 6), ("шестеро", 6), ("шести", 6), ("девятерых", 9),
     ("одиннадцать", 11), ("пятнадцать", 15), ("шість", 6), ("шістьох", 6), ("дев'ять", 9), ("дев'ятеро", 9),
     ("п'ятнадцяти", 15), ("одинадцять", 11), ("сорока", 40), ("nothing", None), ("шестой", None)],
)  # fmt: skip
def test_number_words_in_their_forms(word: str, value: int | None) -> None:
    assert word_value(word) == value


@given(st.integers(min_value=1, max_value=999_999))
def test_digits_with_separators_parse_to_the_same_value(n: int) -> None:
    grouped = f"{n:,}"
    for text in (str(n), grouped, grouped.replace(",", "."), grouped.replace(",", " ")):
        assert digits_value(text.replace(" ", "")) == n


@given(st.integers(min_value=1, max_value=999_999), st.sampled_from([",", ".", " ", "\u00a0", "\u202f", "\u2009"]))
def test_a_count_in_digits_with_any_separator_is_the_same_figure(n: int, mark: str) -> None:
    grouped = f"{n:,}".replace(",", mark)
    assert found(f"{grouped} people were evacuated.") == [(n, "people|evacuated")]


WORDS = {
    6: ("six", "шесть", "шестеро", "шість", "шестеро"),
    9: ("nine", "девять", "девятеро", "дев'ять", "дев’ятеро"),
    11: ("eleven", "одиннадцать", "одинадцять", "одинадцятеро", "11"),
    15: ("fifteen", "пятнадцать", "п'ятнадцять", "п’ятнадцять", "15"),
    21: ("twenty-one", "двадцать один", "двадцять один", "21", "twenty one"),
}


@given(st.sampled_from(sorted(WORDS)), st.data())
def test_a_number_in_words_or_digits_gives_the_same_value(n: int, data: st.DataObject) -> None:
    word = data.draw(st.sampled_from(WORDS[n]))
    assert found(f"Загинули {word} людей.") == [(n, "people|killed")]
