"""Figures: a number, what it counts (thing|event|unit, the same across languages), how it is
qualified, and what is not a figure at all. The labelled table (tests/tables.py) measures the
same code on 479 sentences; these pin down the rules one by one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.extract.figures import Context, figures
from bot.extract.numbers import digits_value, word_value
from bot.model import Qualifier

MORNING = datetime(2023, 11, 25, 7, 0, tzinfo=UTC)


def found(sentence: str, context: Context | None = None) -> list[tuple[float, str]]:
    """The figures a side's total could be compared by: (value, counted)."""
    return [(f.figure.value, f.figure.counted) for f in figures(sentence, context) if f.figure.qualifier.compared]


def read(sentence: str, context: Context | None = None) -> list[tuple[float, str, str]]:
    return [(f.figure.value, f.figure.counted, str(f.figure.qualifier)) for f in figures(sentence, context)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Six children were injured in the strike.", [(6, "child|injured|")]),
        ("Nine children injured, the governor said.", [(9, "child|injured|")]),
        ("Число пострадавших детей возросло до девяти.", [(9, "child|injured|")]),
        ("Кількість поранених дітей зросла до дев'яти.", [(9, "child|injured|")]),
        ("Кількість поранених дітей зросла до дев’ятьох.", [(9, "child|injured|")]),
        ("Пострадали шесть детей.", [(6, "child|injured|")]),
        ("Шестеро детей получили ранения.", [(6, "child|injured|")]),
        ("Шестеро дітей зазнали поранень.", [(6, "child|injured|")]),
        ("Погибли 5 школьников.", [(5, "child|killed|")]),
    ],
)
def test_children_injured_and_killed_share_keys_across_languages(sentence: str, expected: list[tuple[float, str]]
                                                                ) -> None:  # fmt: skip
    assert found(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Число погибших возросло до 11.", [(11, "person|killed|")]),
        ("Кількість загиблих зросла до 11 осіб.", [(11, "person|killed|")]),
        ("The death toll rose to 11.", [(11, "person|killed|")]),
        ("Загинули одинадцятеро людей.", [(11, "person|killed|")]),
        ("Погибли шестеро мирных жителей.", [(6, "person|killed|")]),
        ("Двадцять одна людина загинула.", [(21, "person|killed|")]),
        ("Twenty-one civilians were wounded.", [(21, "person|injured|")]),
        ("двадцать один человек ранен", [(21, "person|injured|")]),
        ("Ранения получили пятнадцать человек.", [(15, "person|injured|")]),
        ("In total 21 people were hurt.", [(21, "person|injured|")]),
        ("Eight people were killed and 21 wounded.", [(8, "person|killed|"), (21, "person|injured|")]),
        ("Загиблих уже одинадцять, поранених — так само двадцять один.",
         [(11, "person|killed|"), (21, "person|injured|")]),
        ("killing 12 people and injuring 64, the governor said", [(12, "person|killed|"), (64, "person|injured|")]),
        ("Two people died in hospital on 14 April.", [(2, "person|killed|")]),
    ],
)  # fmt: skip
def test_killed_and_injured_are_different_things(sentence: str, expected: list[tuple[float, str]]) -> None:
    assert found(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Пошкоджено 14 багатоповерхівок і 6 приватних будинків.",
         [(14, "apartment building|damaged|"), (6, "house|damaged|")]),
        ("Flooding destroyed 2,398 homes.", [(2398, "house|destroyed|")]),
        ("Знеструмлено 46 тис. абонентів.", [(46_000, "customer|without power|")]),
        ("The strike cut power to 64,000 customers.", [(64_000, "customer|without power|")]),
        ("Без света остались 64 тысячи абонентов.", [(64_000, "customer|without power|")]),
        ("Знищено 71 ударний БпЛА.", [(71, "drone|downed|")]),
        ("Ukraine's air force said 71 of the 75 drones launched had been destroyed.", [(71, "drone|downed|")]),
        ("Воздушные силы: из 75 ударных беспилотников уничтожены 74.", [(74, "drone|downed|")]),
        ("US forces helped bring down more than 70 drones and three ballistic missiles.",
         [(70, "drone|downed|"), (3, "missile|downed|")]),
        ("В море попало до 3,7 тыс. тонн мазута.", [(3700, "fuel oil|spilled|tonne")]),
        ("Пожежа охопила понад 300 гектарів лісу.", [(300, "fire||hectare")]),
        ("Предварительная оценка ущерба от паводка — 21 млрд рублей.", [(21e9, "damage||RUB")]),
        ("The bank expects inflation to ease to 33% by the end of 2024.", [(33, "inflation||percent")]),
        ("Russia lost 40 armoured vehicles in the assault.", [(40, "vehicle|lost|")]),
        ("Data of about 9.7 million current and former customers was accessed.", [(9_700_000, "customer|affected|")]),
        ("Данные 1,5 млн клиентов оказались в открытом доступе после утечки.", [(1_500_000, "customer|affected|")]),
        ("Понад 2 тис. осіб евакуйовано.", [(2000, "person|evacuated|")]),
        ("41,2 тыс. человек эвакуированы.", [(41_200, "person|evacuated|")]),
    ],
)  # fmt: skip
def test_any_counted_thing_with_its_event_and_unit(sentence: str, expected: list[tuple[float, str]]) -> None:
    """Homes, customers, drones, tonnes, hectares, money and percentages, not a fixed list of victims."""
    assert found(sentence) == expected


def test_a_thing_is_not_taken_for_another() -> None:
    """ "lost 40 vehicles" is vehicles, never people lost."""
    assert found("Russia lost 40 armoured vehicles and about 150 troops near Vuhledar.") == [
        (40, "vehicle|lost|"), (150, "soldier|lost|")]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Загинули 12 людей, серед них 15-річна дівчина.", [(12, "person|killed|", "total")]),
        ("Поранено 64, з них 12 дітей.", [(64, "person|injured|", "total"), (12, "child|injured|", "subset")]),
        ("At least 127 people, two of them police officers, died.",
         [(127, "person|killed|", "lower_bound"), (2, "police officer|killed|", "subset")]),
        ("In hospital six more of the injured died.", [(6, "person|injured|", "increment")]),
        ("Енергетики заживили ще 12 тис. абонентів.", [(12_000, "customer|reconnected|", "increment")]),
        ("Погиб один человек и еще трое получили ранения.",
         [(1, "person|killed|", "total"), (3, "person|injured|", "total")]),
        ("The number of people injured has risen by 14 to 52.",
         [(14, "person|injured|", "increment"), (52, "person|injured|", "total")]),
        ("More than a hundred people were taken to hospital.", [(100, "person|hospitalised|", "lower_bound")]),
        ("Евакуйовано майже 8 тисяч людей.", [(8000, "person|evacuated|", "upper_bound")]),
        ("Евакуйовано близько 8 тисяч людей.", [(8000, "person|evacuated|", "approx")]),
        ("В Донецкой области погибли не менее четырех человек.", [(4, "person|killed|", "lower_bound")]),
        ("Число погибших возросло до 89.", [(89, "person|killed|", "total")]),
        ("Russia said 89 soldiers had died, not 63 as it reported on Monday.",
         [(89, "soldier|killed|", "total"), (63, "soldier|killed|", "reference")]),
        ("The toll rose from eight to 11.", [(8, "person|killed|", "reference"), (11, "person|killed|", "total")]),
        ("Раніше повідомлялося про 16 поранених.", [(16, "person|injured|", "reference")]),
        ("За минулу добу вивезено 86 людей, серед них 9 дітей.",
         [(86, "person|evacuated|", "period"), (9, "child|evacuated|", "period")]),
        ("Over the past 24 hours, 7 civilians were killed.", [(7, "person|killed|", "period")]),
        ("Kyiv's mayor, citing hospital data, said 23 people were injured.", [(23, "person|injured|", "other_side")]),
        ("Erkan said annual inflation would peak at 70-75% in May.", [(70, "inflation||percent", "range")]),
        # "ещё" before an approximation still adds to the count (tokens read "ё" as "е")
        ("Ущерб от нового подъёма воды составит ещё около 3 млрд рублей.", [(3e9, "damage||RUB", "increment")]),
        # a part of a whole already counted
        ("Погибли 10 человек, двое из погибших — дети.",
         [(10, "person|killed|", "total"), (2, "person|killed|", "subset")]),
        ("Hypothermia was the leading cause, accounting for 69 of the 111 deaths.", [(69, "person|killed|", "subset")]),
        # (a whole that names no event is a base, and the count a total of its own)
        ("Air defences shot down 76 of the drones.", [(76, "drone|downed|", "total")]),
        # the old value given instead counts what the new one counts, whatever words follow it
        ("Ущерб составил 43,5 млрд рублей, а не 35 млрд, как оценивалось в первые дни.",
         [(43.5e9, "damage||RUB", "total"), (35e9, "damage||RUB", "reference")]),
    ],
)  # fmt: skip
def test_qualified_counts(sentence: str, expected: list[tuple[float, str, str]]) -> None:
    """A subset, an increment, an approximation, an old value or someone else's figure is read as such."""
    assert read(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The hackers claimed 200 gigabytes of data.",
        "A 54-year-old man was injured.",
        "Під час обстрілу поранено 54-річного чоловіка.",
        "S-300 missiles hit a five-storey block.",
        "The town lies 45 km (28 miles) away.",
        "On 14 April 2023 the port reopened.",
        "It happened at 10:20.",
        "In 2014 he founded the group.",
        "One of the injured died in hospital.",
        "No one was killed.",
        "Ни один человек не пострадал.",
        "У Купянска сосредоточено 1 000 военнослужащих.",  # forces described: no event, no toll
        "Будівлю колишнього профтехучилища № 19 зруйновано майже повністю.",
        "Ракета Х-22 была выпущена с бомбардировщика Ту-22М3.",
        "Атака тривала понад шість годин.",
        "Arema lost 3-2 at home; the score was 2:3.",
        "Все пострадавшие получат выплаты по 10 тыс. рублей.",
        "Среди пострадавших — девушка 15 лет и мальчик 4 лет.",
        "В результате попадания четырёх ракет здание разрушено.",
        "The river near Orsk stood at 9.3 metres.",
        "Загалом за дві останні ночі минуло без втрат.",
        "Officials said the missing Boeing 777 had kept sending data.",  # an aircraft's type
        "Літак Ан-26 упав під Чугуєвом.",
    ],
)
def test_what_is_not_a_figure(sentence: str) -> None:
    assert found(sentence) == []


def test_street_house_and_school_numbers_are_labels() -> None:
    assert found("Street 15, house 3, was hit; two people injured.") == [(2, "person|injured|")]
    assert found("На ул. Ленина, д. 3 погибли 2 человека.") == [(2, "person|killed|")]
    assert found("Дніпро, Набережна Перемоги, 118. Загинули 12 людей.") == [(12, "person|killed|")]


def test_a_converted_amount_is_not_a_second_figure() -> None:
    assert found("Damage is now estimated at 36.5 billion roubles ($390 million).") == [
        (36.5e9, "damage||RUB")]  # fmt: skip


def test_a_bullet_takes_its_headers_thing_and_is_its_breakdown() -> None:
    header = "За результатами бойової роботи знищено 71 ударний БпЛА:"
    parent = tuple(f.figure for f in figures(header))
    assert [(f.value, f.counted) for f in parent] == [(71, "drone|downed|")]
    assert read("— Київ і Київщина — 66;", Context(header=header, header_figures=parent)) == [
        (66, "drone|downed|", "subset")]  # fmt: skip


def test_a_bullet_takes_its_headers_event_and_time() -> None:
    header = "У ніч на 25 листопада ворог атакував Київ. Наслідки:"
    (hit,) = figures("— поранено 5 людей;", Context(header=header, published=MORNING))
    assert hit.figure.counted == "person|injured|" and hit.figure.when == "2023-11-25/night"


def test_a_bare_percentage_takes_the_thing_of_the_figure_before_it() -> None:
    assert found("Прогноз инфляции на конец 2023 года — 65%, на конец 2024 года — 36%.") == [
        (65, "inflation||percent"), (36, "inflation||percent")]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "when"),
    [
        ("У ніч на 25 листопада противник атакував 75 ударними БпЛА.", "2023-11-25/night"),
        ("В ночь на 26 ноября сбиты 9 беспилотников.", "2023-11-26/night"),
        ("Overnight, air defences shot down 20 drones.", "2023-11-25/night"),
        ("On 14 November 12 people were killed.", "2023-11-14"),
        ("The bank expects inflation at 15% by the end of 2025.", "2025/end"),
        ("Inflation rose to 61.53% in September.", "2023-09"),
        ("Police said on Monday that 125 people had died.", None),  # the day of the report
        ("Данные на 8:00 21 ноября: эвакуированы 300 человек.", None),  # the time of the count
        ("На 10:00 (мск) 21 ноября обнаружены тела 69 погибших.", None),
        ("Оперативная информация по теплоходу на 09:00 21 ноября: спасены 79 человек.", None),
        # a month named before a noun with its year: "the February 2021 winter storm"
        ("Officials confirmed 111 deaths associated with the February 2021 winter storm.", "2021-02"),
    ],
)
def test_time_cues_name_the_incident_not_the_report(sentence: str, when: str | None) -> None:
    (hit,) = [f for f in figures(sentence, Context(published=MORNING)) if f.figure.qualifier.compared]
    assert hit.figure.when == when


def test_update_words_and_places_are_kept_for_incidents() -> None:
    (hit,) = figures("Уточнені дані: у Дніпрі загинули 45 людей.")
    assert hit.figure.update
    assert hit.figure.places == ("dnapr",)
    (other,) = figures("В Днепре погибли 45 человек.")
    assert other.figure.places == ("dnapr",) and not other.figure.update


@pytest.mark.parametrize(
    ("word", "value"),
    [("six", 6), ("nine", 9), ("eleven", 11), ("шесть", 6), ("шестеро", 6), ("шести", 6), ("девятерых", 9),
     ("одиннадцать", 11), ("пятнадцать", 15), ("шість", 6), ("шістьох", 6), ("дев'ять", 9), ("дев'ятеро", 9),
     ("п'ятнадцяти", 15), ("одинадцять", 11), ("сорока", 40), ("двісті", 200), ("півтора", 1.5), ("nothing", None),
     ("шестой", None)],
)  # fmt: skip
def test_number_words_in_their_forms(word: str, value: float | None) -> None:
    assert word_value(word) == value


@given(st.integers(min_value=1, max_value=999_999))
def test_digits_with_separators_parse_to_the_same_value(n: int) -> None:
    grouped = f"{n:,}"
    for text in (str(n), grouped, grouped.replace(",", "."), grouped.replace(",", " ")):
        assert digits_value(text.replace(" ", "")) == n


@given(st.integers(min_value=1, max_value=999_999), st.sampled_from([",", ".", " ", "\u00a0", "\u202f", "\u2009"]))
def test_a_count_in_digits_with_any_separator_is_the_same_figure(n: int, mark: str) -> None:
    grouped = f"{n:,}".replace(",", mark)
    assert found(f"{grouped} people were evacuated.") == [(n, "person|evacuated|")]


WORDS = {
    6: ("six", "шесть", "шестеро", "шість", "шестеро"),
    9: ("nine", "девять", "девятеро", "дев'ять", "дев’ятеро"),
    11: ("eleven", "одиннадцать", "одинадцять", "одинадцятеро", "11"),
    15: ("fifteen", "пятнадцать", "п'ятнадцять", "п’ятнадцять", "15"),
    21: ("twenty-one", "двадцать один", "двадцять один", "21", "twenty one"),
}


@given(st.sampled_from(sorted(WORDS)), st.data())
def test_a_number_in_words_or_digits_gives_the_same_figure(n: int, data: st.DataObject) -> None:
    word = data.draw(st.sampled_from(WORDS[n]))
    assert found(f"Загинули {word} людей.") == [(n, "person|killed|")]


def test_qualifiers_that_are_compared() -> None:
    compared = {q for q in Qualifier if q.compared}
    assert compared == {Qualifier.TOTAL, Qualifier.LOWER_BOUND, Qualifier.UPPER_BOUND, Qualifier.APPROX}


# ── rules added with the figures rebuild's second pass (#9) ────────────────────────────────


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Додому повертаються 225 українців.", [(225, "person|returned|")]),  # a reflexive verb is its verb's event
        ("Домой вернулись 230 украинцев.", [(230, "person|returned|")]),
        ("Ukraine's coordination headquarters said 225 Ukrainians were coming home.", [(225, "person|returned|")]),
        ("В свою очередь переданы 230 военнопленных ВСУ.", [(230, "prisoner|returned|")]),  # ВСУ owns them
        ("ArcelorMittal confirmed that 46 colleagues lost their lives in the fire.", [(46, "person|killed|")]),
        ("Rescuers said 11 people were still missing under the rubble.", [(11, "person|missing|")]),
        ("Продолжается поиск 25 горняков.", [(25, "person|missing|")]),
    ],
)
def test_events_said_in_other_words(sentence: str, expected: list[tuple[float, str]]) -> None:
    assert found(sentence) == expected


def test_a_toll_counts_people_whatever_word_names_them() -> None:
    """ "погибли 32 горняка" then "погибли 46 человек": one toll. Outside a toll the group named
    stays its own word ("двох посадовців" are not all the detained)."""
    assert found("Погибли 32 горняка.") == found("Погибли 32 человека.") == [(32, "person|killed|")]
    assert found("Загинули 46 гірників.") == [(46, "person|killed|")]
    assert found("Поліція затримала двох посадовців.") == [(2, "uk:посадовець|detained|")]


def test_bodies_recovered_are_a_toll() -> None:
    """Bodies found are the dead, whatever verb reports them ("извлечены", elsewhere a rescue)."""
    assert found("Из-под завалов извлечены тела 23 погибших.") == [(23, "person|killed|")]
    assert found("З-під завалів дістали тіла 19 людей.") == [(19, "person|killed|")]
    assert found("Rescuers have recovered the bodies of 14 people.") == [(14, "person|killed|")]
    assert found("Police recovered 14 bodies from the river.") == [(14, "person|killed|")]
    assert read("Спасатели нашли тела ещё 12 человек.") == [(12, "person|killed|", "increment")]
    assert found("Из-под завалов спасли 5 человек.") == [(5, "person|rescued|")]


def test_factories_meet_across_languages_and_are_no_enterprises() -> None:
    assert found("Внаслідок удару пошкоджено 2 заводи.") == found("Повреждены 2 завода.") == found("Two factories were damaged.") == [
        (2, "factory|damaged|")]  # fmt: skip
    assert found("Пошкоджено 5 підприємств.") == [(5, "enterprise|damaged|")]


def test_the_number_is_the_subject_of_a_verb_after_it() -> None:
    assert found("AFAD said 2,921 people had died in Turkey and 15,834 had been injured.") == [
        (2921, "person|killed|"), (15834, "person|injured|")]  # fmt: skip
    assert read("Almost 1,900 people are listed as missing.") == [(1900, "person|missing|", "upper_bound")]


def test_a_bulletins_labels_name_what_follows_them() -> None:
    bulletin = (
        "Figures as of 22:00: Loss of life: 2,921 Injured: 15,834 Collapsed buildings: 5,606 People rescued: 7,840"
    )
    assert found(bulletin) == [(2921, "person|killed|"), (15834, "person|injured|"),
                               (5606, "building|destroyed|"), (7840, "person|rescued|")]  # fmt: skip
    assert found("Key figures: 11,300 people have died in Derna.") == [(11300, "person|killed|")]


@pytest.mark.parametrize(
    "sentence",
    [
        "A magnitude 6.4 earthquake struck Hatay.",
        "Землетрясение магнитудой 6,4 произошло в Хатае.",
        "Hurricane Milton strengthened to a Category 5 storm.",
        "Ten provinces are affected.",
        "Anyone with information can call (808) 270-7771.",
        "Звоните на горячую линию: 8 800 707-05-28.",
        "Якщо потрібна допомога — телефонуйте 102.",
    ],
)
def test_measures_named_before_scopes_and_phones_are_not_figures(sentence: str) -> None:
    assert found(sentence) == []


def test_the_regions_and_towns_a_count_covers_are_not_counted() -> None:
    assert found("Задержаны 1 311 человек в 38 городах России.") == [(1311, "person|detained|")]
    assert found("Через негоду в 16 областях знеструмлено 2 019 населених пунктів.") == [
        (2019, "settlement|without power|")]  # fmt: skip
    assert found("Air defences destroyed 47 drones over six regions overnight.") == [(47, "drone|downed|")]
    assert found("Из-за непогоды в 306 деревнях перебои со светом.") != []  # alone, the villages are what was hit


def test_an_exceeded_number_is_a_lower_bound() -> None:
    assert read("Число погибших превысило 8,5 тысячи.") == [(8500, "person|killed|", "lower_bound")]
    assert read("Libya flood toll passes 11,000.") == [(11000, "person|killed|", "lower_bound")]


def test_an_old_value_after_another_clause_keeps_its_counted_thing() -> None:
    sentence = ("Остаточні дані: повернулися 230 українців, а не 225, як ми повідомляли зранку, — в останній момент "
                "до списків вдалося додати ще п’ятьох людей.")  # fmt: skip
    assert read(sentence)[:2] == [(230, "person|returned|", "total"), (225, "person|returned|", "reference")]


def test_an_earlier_clause_is_no_base_of_an_out_of_count() -> None:
    assert found("As of 6 p.m. Tuesday, the number of confirmed fatalities from the Lahaina fire stands at 115.") == [
        (115, "person|killed|")]  # fmt: skip


def test_a_running_total_is_no_period_count_and_revises_the_total() -> None:
    header = "Евакуація: дані станом на 19:00, за добу:"
    (daily,) = figures("— вивезено 1 689 людей;", Context(header=header, published=MORNING))
    (total,) = figures("— загалом з 10 травня евакуйовано 5 762 людини.", Context(header=header, published=MORNING))
    assert daily.figure.qualifier is Qualifier.PERIOD and total.figure.qualifier is Qualifier.TOTAL
    assert total.figure.when == "since:2023-05-10" and total.running
    (final,) = figures("Всего в результате аварии погибли 46 человек.")
    assert final.figure.running and not final.figure.update  # "in total": it sums the incident up so far
    (only,) = figures("Погибли всего 2 человека.")  # "only 2"
    assert not only.figure.running


@pytest.mark.parametrize(
    ("text", "update", "fresh"),
    [
        ("Falcon content update for Windows hosts", False, False),  # a software update revises no figure
        ("Update on our cyberattack investigation", True, False),
        ("Press Bulletin 21 on the Kahramanmaraş earthquakes", True, False),
        ("Поліція Індонезії переглянула кількість загиблих", True, False),
        ("That brings the number of affected customers to 13.1 million", True, False),
        ("New magnitude 6.4 quake hits Turkey's Hatay, three killed", False, True),
        ("Сойлу: жертвами нового землетрясения в Хатае стали шесть человек", False, True),
        ("Georgian police detain 107 in second night of protests", False, True),
        ("Another 30 suspects were detained", False, False),
    ],
)
def test_update_and_fresh_words(text: str, update: bool, fresh: bool) -> None:
    from bot.extract.figures import says_fresh, says_update

    assert (says_update(text), says_fresh(text)) == (update, fresh)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Since 28 November, 293 people have been detained.", "since:2024-11-28"),
        ("С 28 ноября на акциях протеста задержаны 293 человека.", "since:2024-11-28"),
        ("Загалом з 10 травня евакуйовано 4 073 людини.", "since:2024-05-10"),  # last May, never a future one
        ("МВД Грузии: с начала протестов задержаны 293 человека.", "since"),
        ("Almost 300 people have been detained since the protests began.", "since"),
        ("З початку року розміновано 41 тис. гектарів.", None),  # a period, not a running total
        ("Вечером в пятницу и в ночь на субботу задержаны 107 человек.", "2024-11-30/night"),
        ("During the past night, 49 people were detained.", "2024-12-04/night"),
        ("Уточнені дані щодо вчорашнього обстрілу: поранено 5 людей.", "2024-12-03"),
        ("Збитки від грудневої кібератаки становлять 3,6 млрд грн.", "2024-12"),
        ("The December cyberattack cost $95 million.", "2024-12"),
        ("Maui police revised the toll from last month's wildfire to 97.", "2024-11"),
        ("125 people had died in Saturday's crush.", "2024-11-30"),
        ("Figures as of 21:00 on 8 February: 8,574 people were killed.", None),  # when data were counted
        ("Remediation hub update, July 25: 97% of sensors are back online.", None),
        ("По данным на утро 18 августа, погибли 12 человек.", None),
        ("За даними на ранок 18 серпня загинули 12 людей.", None),
    ],
)
def test_time_cues_of_running_totals_nights_and_months(text: str, key: str | None) -> None:
    from bot.extract import when

    published = datetime(2024, 12, 4, 12, 0, tzinfo=UTC)
    keys = [c.key for c in when.cues(text, published)]
    assert (keys[-1] if keys else None) == key


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The criminal had access to the data of all our customers, about 3.9 million people, and more.",
            [(3_900_000, "customer|affected|")],
        ),
        (
            "Хакеры получили доступ к данным клиентов, около 3,9 млн человек, сообщили в компании.",
            [(3_900_000, "customer|affected|")],
        ),
    ],
)
def test_a_number_set_after_a_noun_counts_what_the_noun_names(sentence: str, expected: list[tuple[float, str]]) -> None:
    assert found(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a clock time written as a decimal is no figure; a count over a span of clock time is a period count
        (
            "ПВО с 09.00 до 09.30 мск уничтожила 2 украинских беспилотника над Курской областью.",
            [(2, "drone|downed|", "period")],
        ),
        ("Between 10:00 and 11:30 GMT air defences downed 12 drones.", [(12, "drone|downed|", "period")]),
        ("В 16.30 по Москве сбиты 3 дрона.", [(3, "drone|downed|", "total")]),
        ("Цена выросла до 3.50 рубля.", [(3.5, "cost||RUB", "total")]),
        ("Inflation rose to 12.45% in May.", [(12.45, "inflation||percent", "total")]),
    ],
)
def test_clock_times_and_clock_spans(sentence: str, expected: list[tuple[float, str, str]]) -> None:
    assert read(sentence) == expected


def test_the_past_night_in_other_words_is_a_night() -> None:
    published = datetime(2024, 11, 28, 5, 11, tzinfo=UTC)
    (hit,) = figures("В течение прошедшей ночи средства ПВО уничтожили 14 украинских беспилотников.",
                     Context(published=published))  # fmt: skip
    assert hit.figure.when == "2024-11-28/night"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Iran launched more than 200 drones and missiles at Israel.", "drone+missile|launched|"),
        ("Иран выпустил по Израилю более 200 беспилотников и ракет.", "drone+missile|launched|"),
        ("Іран запустив понад 300 ударних дронів, крилатих і балістичних ракет.", "drone+missile|launched|"),
        # one number, one thing: the second noun has its own (unsaid) count
        ("Пошкоджено 3 будинки і школу.", "house|damaged|"),
        ("Three houses and a school were damaged.", "house|damaged|"),
    ],
)
def test_one_number_before_two_plural_nouns_counts_both(sentence: str, expected: str) -> None:
    [figure] = [f.figure for f in figures(sentence)]
    assert figure.counted == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # words that begin like a duration or a measure ("час", "доб", "літ", "бал") are no such thing
        ("Повреждены 38 частных домов.", [(38, "house|damaged|")]),
        ("Погибли 20 добровольцев.", [(20, "person|killed|")]),
        ("Збито 5 літаків.", [(5, "aircraft|downed|")]),
        ("Збито 5 балістичних ракет.", [(5, "missile|downed|")]),
        ("Сбиты 5 баллистических ракет.", [(5, "missile|downed|")]),
        # durations and measures still are not figures
        ("Тушение продолжалось 5 часов.", []),
        ("Обстріли тривали протягом 5 годин, 2 доби поспіль.", []),
        ("За 3 роки загинули люди.", []),
        ("Глубина воронки 9,3 метра.", []),
    ],
)
def test_durations_and_measures_are_read_by_lemma_not_by_prefix(sentence: str, expected: list[tuple[float, str]]
                                                               ) -> None:  # fmt: skip
    assert found(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Площадь пожара составляет 1 200 квадратных метров, сообщили в МЧС.", [(1200, "fire||m2")]),
        ("Площадь пожара на нефтебазе выросла до 10 тыс. кв. м", [(10000, "fire||m2")]),
        ("Площадь возгорания достигла 10 тыс. квадратных метров.", [(10000, "fire||m2")]),
        ("Площа пожежі становить 1 200 м².", [(1200, "fire||m2")]),
        ("Затоплено 150 км² сільгоспугідь.", [(150, "uk:сільгоспугіддя|flooded|km2")]),
        # an area in a sentence about a fire is the fire's, whatever verb gives it
        ("За уточненими даними, загоряння охопило 45 га.", [(45, "fire||hectare")]),
        ("A forest fire has spread over 20 hectares.", [(20, "fire||hectare")]),
    ],
)
def test_areas_are_a_unit_and_a_fire_is_a_thing(sentence: str, expected: list[tuple[float, str]]) -> None:
    assert found(sentence) == expected


def test_a_casualty_word_takes_the_kind_of_people_its_phrase_ends_with() -> None:
    sentence = (
        "Число пострадавших при тушении пожара на нефтебазе пожарных выросло до 15: ещё двое обратились за помощью."
    )
    assert read(sentence) == [(15, "rescuer|injured|", "total"), (2, "rescuer|injured|", "increment")]
    assert found("Пострадали 13 пожарных.") == [(13, "rescuer|injured|")]
    assert found("Число погибших мирных жителей выросло до 12.") == [(12, "person|killed|")]


def test_a_number_of_phrase_takes_the_event_of_its_relative_clause() -> None:
    sentence = "Голубєв повідомив, що кількість пожежників, які постраждали під час гасіння пожежі, зросла до 15."
    assert found(sentence) == [(15, "rescuer|injured|")]
    assert found("Число людей, которые пострадали при взрыве, выросло до 20.") == [(20, "person|injured|")]


def test_a_time_named_for_a_comparison_is_not_the_figures_own() -> None:
    header = "Морський коридор працює. Результати 30 листопада:"
    (cargo, share) = figures("— перевалено 4,6 млн т вантажів, на 5% більше, ніж у жовтні;",
                             Context(header=header, published=MORNING))  # fmt: skip
    assert cargo.figure.when == share.figure.when == "2023-11-30"
    (hit, *_) = figures("Ports handled 5.1 million tonnes in November, up from 4.4 million in October.",
                       Context(published=MORNING))  # fmt: skip
    assert hit.figure.when == "2023-11"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # an adjective standing for the previous noun names its other kind, when the table knows the pair
        ("Повреждены 38 частных домов и 8 многоквартирных.", [(38, "house|damaged|"), (8, "apartment building|damaged|")]),
        ("Пошкоджено 12 приватних будинків та 3 багатоквартирні.",
         [(12, "house|damaged|"), (3, "apartment building|damaged|")]),
        # one noun after two adjectives with their numbers
        ("Губернатор рассказал о повреждении 38 частных и восьми многоквартирных домов.",
         [(38, "house|damaged|"), (8, "apartment building|damaged|")]),
        # an adjective the table does not pair stays the previous thing
        ("Сбиты 89 крылатых ракет и пять авиационных.", [(89, "missile|downed|"), (5, "missile|downed|")]),
    ],
)  # fmt: skip
def test_coordinated_kinds_of_one_noun(sentence: str, expected: list[tuple[float, str]]) -> None:
    assert found(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Обсяг перевалки агропродукції в листопаді уточнено до 3,7 млн т.", [(3_700_000, "uk:агропродукція||tonne")]),
        ("— з них агропродукції — 3,3 млн т;", [(3_300_000, "uk:агропродукція||tonne")]),
        ("Объём экспорта зерна составил 3,9 млн т.", [(3_900_000, "ru:зерно||tonne")]),
        # a name is no stuff: the estimate is the agency's
        ("По оценке Росприроднадзора, в реку попало 2 тонны.", [(2, "|spilled|tonne")]),
    ],
)
def test_what_a_measure_is_of_before_it(sentence: str, expected: list[tuple[float, str]]) -> None:
    assert found(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Georgian Dream: 54.08%", [(54.08, "en:georgian dream||percent")]),
        ("Unity - National Movement: 10.17%", [(10.17, "en:unity national movement||percent")]),
        ("«Слуга народу»: 43,16%", [(43.16, "uk:слуга народу||percent")]),
        # a label that is no name, or a line that says more, is not a results line
        ("Key figures: 5%", [(5, "||percent")]),
    ],
)
def test_a_results_line_counts_the_share_of_the_name_it_opens_with(sentence: str, expected: list[tuple[float, str]]
                                                                   ) -> None:  # fmt: skip
    assert found(sentence, Context(lang="uk" if "«" in sentence else None)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Credit Suisse expects to recognise a charge of CHF 4.4 billion.", [(4.4e9, "en:charge||CHF", "total")]),
        ("We expect to report a pre-tax loss of approximately CHF 900 million for the first quarter.",
         [(9e8, "pre-tax damage||CHF", "approx")]),
        ("It reports a net loss attributable to shareholders of CHF 252 million.", [(2.52e8, "en:shareholder||CHF", "total")]),
        ("Банк очікує збиток до оподаткування близько 900 млн франків.", [(9e8, "pre-tax damage||CHF", "approx")]),
        ("Банк визнав збиток у 4,4 млрд швейцарських франків.", [(4.4e9, "damage||CHF", "total")]),
        ("Втрати банку зросли до 5 млрд франків.", [(5e9, "damage||CHF", "total")]),
        ("Загальні збитки від краху хедж-фонду сягнули 5 млрд франків.", [(5e9, "damage||CHF", "total")]),
        # an additional sum, or one that brings a total to another, is an increment
        ("We expect an additional loss of approximately CHF 600 million.", [(6e8, "damage||CHF", "increment")]),
        ("Results include a loss of CHF 594 million, bringing the total loss to CHF 5.0 billion.",
         [(5.94e8, "damage||CHF", "increment"), (5e9, "damage||CHF", "total")]),
        ("Russia launched 20 drones on Tuesday, bringing the total since Friday to 500.",
         [(20, "drone|launched|", "increment")]),
    ],
)  # fmt: skip
def test_sums_a_company_reports(sentence: str, expected: list[tuple[float, str, str]]) -> None:
    assert [(v, c, q) for v, c, q in read(sentence) if c.endswith(("CHF", "|"))] == expected


def test_a_bare_amount_takes_the_last_thing_only_when_its_sentence_names_none() -> None:
    (forecast,) = figures("The central bank raised its inflation forecast for the end of 2024 to 38%.")
    carry = Context(published=MORNING, carry=forecast.figure)
    assert found("For the end of 2025 it now sees 14%.", carry) == [(14, "inflation||percent")]
    assert found("Net income attributable to shareholders was 253%.", carry) == [(253, "||percent")]


@pytest.mark.parametrize(
    ("sentence", "when"),
    [
        ("A charge of CHF 4.4 billion in the first quarter of 2021.", "2021-Q1"),
        ("A pre-tax loss of CHF 757 million for the first quarter.", "2023-Q1"),
        ("Our second-quarter results include a loss of CHF 594 million.", "2023-Q2"),
        ("Банк очікує за підсумками першого кварталу збиток у 900 млн франків.", "2023-Q1"),
        ("В первом квартале 2021 года убыток составил 3 млрд рублей.", "2021-Q1"),
    ],
)
def test_a_quarter_is_a_time_key(sentence: str, when: str) -> None:
    (hit, *_) = figures(sentence, Context(published=datetime(2023, 7, 29, tzinfo=UTC)))
    assert hit.figure.when == when


def test_the_day_of_a_session_is_no_period() -> None:
    *_, hit = figures("At today's session the commission confirmed 89 of 150 seats for the party, 14% of precincts.")
    assert hit.figure.qualifier is not Qualifier.PERIOD


def test_of_two_coordinated_verbs_the_first_names_the_event() -> None:
    assert found("Збито / подавлено засобами РЕБ 201 засіб повітряного нападу.") == [(201, "uk:засіб|downed|")]
    header = Context(header="Збито / подавлено засобами РЕБ 201 засіб:")
    assert found("— 99 ударних БпЛА.", header) == [(99, "drone|downed|")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("За Александра Григорьевича Лукашенко проголосовали 80,08% избирателей, за Светлану Георгиевну "
         "Тихановскую — 10,09%.", [(80.08, "ru:лукашенко||percent"), (10.09, "ru:тихановский||percent")]),
        # initials after the surname, a list in one sentence, and a label that is no name
        ("Голоса распределились так: Лукашенко А.Г. — 80,10%; Тихановская С.Г. — 10,12%; против всех — 4,59%.",
         [(80.1, "ru:лукашенко||percent"), (10.12, "ru:тихановский||percent"), (4.59, "ru:против весь||percent")]),
        # "набрав" dials no phone number here
        ("ЦВК: Лукашенко набрав 80,08%, Тихановська — 10,09%.",
         [(80.08, "uk:лукашенко||percent"), (10.09, "uk:тихановська||percent")]),
        # a month before a dash is when, not whose share
        ("Инфляция в сентябре — 61,53%, в октябре — 61,36%.",
         [(61.53, "inflation||percent"), (61.36, "inflation||percent")]),
    ],
)  # fmt: skip
def test_a_share_is_of_the_candidate_named_with_it(sentence: str, expected: list[tuple[float, str]]) -> None:
    assert found(sentence, Context(lang="uk" if "ЦВК" in sentence else "ru")) == expected


def test_what_was_written_before_is_background() -> None:
    assert read("Раньше мы писали о 3 712 задержанных.") == [(3712, "person|detained|", "reference")]


def test_a_figure_told_for_a_compared_day_is_that_days() -> None:
    sunday = Context(published=datetime(2021, 1, 31, 19, 30, tzinfo=UTC))
    [hit] = figures("Это уже больше, чем 23 января, когда задержали 4 002 человека.", sunday)
    assert hit.figure.when == "2021-01-23"


def test_a_day_before_is_no_period() -> None:
    assert read("Задержаны 40 человек за день до выборов.") == [(40, "person|detained|", "total")]
    assert read("За день задержаны 40 человек.") == [(40, "person|detained|", "period")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The replacement will cost about $1.9 billion.",
        "Maryland expects to spend about $1.9 billion replacing the bridge.",
        "The authority now estimates the cost of the rebuild at $1.9 billion.",
        "Строительство обойдется в 1,9 млрд долларов.",
        "Вартість відбудови становить 1,9 млрд доларів.",
    ],
)
def test_what_a_project_costs_is_one_thing_however_it_is_said(sentence: str) -> None:
    assert [counted for _, counted in found(sentence, Context(lang="uk" if "Вартість" in sentence else None))] == [
        "cost||USD"
    ]


def test_a_month_with_its_year_is_that_months_and_the_year_no_figure() -> None:
    later = Context(published=datetime(2025, 10, 23, 16, tzinfo=UTC))
    [hit] = figures("The increase over the $1.9 billion estimate published in May 2024 reflects a longer span.", later)
    # the old sum named is background, and "2024 reflects" counts nothing
    assert (hit.figure.value, str(hit.figure.qualifier), hit.figure.when) == (1.9e9, "reference", "2024-05")


def test_a_new_sum_that_names_the_old_one_revises_it() -> None:
    [new, old] = figures("The bridge will cost an estimated $4.3 billion, more than double its earlier estimate of "
                         "$1.9 billion.")  # fmt: skip
    assert (new.figure.replaces, new.figure.update, str(old.figure.qualifier)) == (1.9e9, True, "reference")


def test_a_year_another_verb_names_is_not_the_figures() -> None:
    [hit] = figures("Maryland expects to spend $1.9 billion on the bridge and aims to open it in 2028.")
    assert hit.figure.when is None
    [forecast] = figures("The bank expects inflation of 14% at the end of 2025.")
    assert forecast.figure.when == "2025/end"


def test_a_tied_plural_only_reading_gives_way_to_the_common_noun() -> None:
    """The Ukrainian dictionary scores every parse alike: "заводи" is the plural of "завод", not
    the rare plurale tantum "заводи" (backwaters); true plurals-only keep their lemma."""
    from bot.extract import morph

    assert morph.analyse("заводів", "uk").lemma == "завод"
    assert morph.analyse("двері", "uk").lemma == "двері"
    assert morph.analyse("сани", "ru").lemma == "сани"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the morning's events are no earlier report: only the morning's report is background
        ("Утром в результате обстрела Белгорода погибли 3 человека.", [(3, "person|killed|", "total")]),
        ("Вранці внаслідок обстрілу Херсона загинули 3 людини.", [(3, "person|killed|", "total")]),
        ("Вранці по допомогу звернулися ще 16 людей, загалом постраждали 79 осіб.", [(79, "person|injured|", "total")]),
        ("Утром сообщалось о 5 погибших.", [(5, "person|killed|", "reference")]),
        (
            "Зранку повідомлялося про 16 поранених, тепер їх 20.",
            [(16, "person|injured|", "reference"), (20, "person|injured|", "total")],
        ),
    ],
)
def test_a_morning_report_is_background_but_a_morning_event_is_not(sentence: str,
                                                                   expected: list[tuple[float, str, str]]) -> None:  # fmt: skip
    assert read(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Огонь уничтожил 1200 гектаров леса.",
        "The wildfire has burned 1,200 hectares of forest.",
        "Пожежа охопила 1200 гектарів лісу.",
        "Пожар распространился на площади 1200 гектаров.",
        "Пожежа поширилася на площі 1200 гектарів.",
    ],
)
def test_an_area_in_a_clause_about_a_fire_is_the_fires_area(sentence: str) -> None:
    assert found(sentence) == [(1200, "fire||hectare")]


def test_households_without_power_are_customers() -> None:
    assert found("150,000 households remain without power in the region.") == [(150_000, "customer|without power|")]
    assert found("Без света остаются 150 тысяч абонентов.") == [(150_000, "customer|without power|")]
    # homes stay homes: "1.8 million homes" then "38,000 customers" are two counts
    assert found("Без світла залишаються 150 тисяч домівок.") == [(150_000, "house|without power|")]
    assert found("150,000 homes remain without power.") == [(150_000, "house|without power|")]


def test_a_base_put_first_is_not_counted_and_rose_is_no_thing() -> None:
    assert found("Of the 120 passengers, 98 were rescued.") == [(98, "person|rescued|")]
    assert found("The number of dead rose to 14 on Tuesday.") == [(14, "person|killed|")]
    assert found("150,000 customers remain without power in the region.") == [(150_000, "customer|without power|")]


def test_a_list_after_a_figure_and_a_colon_breaks_it_down() -> None:
    tally = ("За ночь уничтожены 24 украинских беспилотника: шесть БПЛА над Ростовской областью, пять – над Брянской, "
             "четыре – над Белгородской.")  # fmt: skip
    assert found(tally) == [(24, "drone|downed|")]
    more = "Минобороны сообщило об уничтожении еще 11 беспилотников: 6 над Ростовской областью, 2 – над Курской."
    assert found(more) == []
    assert read("В Белгороде погибли 5 человек: трое взрослых и двое детей.") == [
        (5, "person|killed|", "total"), (3, "person|killed|", "subset"), (2, "child|killed|", "subset")]  # fmt: skip
    # a time before the colon is no figure, and a bulletin's labels are no breakdown
    assert found("Станом на 9:00 15 квітня: загинули 5 людей, поранені 12.") == [
        (5, "person|killed|"), (12, "person|injured|")]  # fmt: skip


def test_a_count_after_a_clock_time_and_a_dash_is_no_range_end() -> None:
    assert found("Чернігів. Станом на 10:45 — 11 загиблих.") == [(11, "person|killed|")]
    assert read("Загинули 10–12 людей.")[0][2] == "range"


@pytest.mark.parametrize(
    "sentence",
    ["Ворог забрав життя 18 людей.", "Враг унес жизни 18 человек.", "The attack claimed the lives of 18 people."],
)
def test_lives_taken_are_a_toll(sentence: str) -> None:
    assert found(sentence) == [(18, "person|killed|")]


def test_a_models_name_is_no_count() -> None:
    assert found("China grounds Boeing 737 MAX jets after the second crash.") == []
    assert found("An Ethiopian Airlines Boeing 737 MAX 8 crashed, killing all 157 people on board.") == [
        (157, "person|killed|")]  # fmt: skip


def test_a_participle_standing_as_a_noun_shares_no_noun_with_the_next_count() -> None:
    assert found("В МВД сообщили о 60 задержанных и девяти пострадавших полицейских.") == [
        (60, "person|detained|"), (9, "police officer|injured|")]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The outage caused by CrowdStrike cost the company approximately $550 million.", (550e6, "cost||USD")),
        ("Збій обійшовся авіакомпанії приблизно в 500 млн доларів.", (500e6, "cost||USD")),
        ("Delta has cancelled approximately 5,500 flights.", (5500, "flight|cancelled|")),
        (
            "The disruption resulted in approximately 7,000 flight cancellations over five days.",
            (7000, "flight|cancelled|"),
        ),
    ],
)
def test_whom_it_cost_an_adverb_and_a_compound_event_noun(sentence: str, expected: tuple[float, str]) -> None:
    assert found(sentence) == [expected]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a provision of a code is no count
        ("Возбуждено уголовное дело по ч. 2 ст. 109 УК РФ, погибли двое детей.", [(2, "child|killed|")]),
        ("Возбуждено уголовное дело по статье 205 УК РФ.", []),
        ("Порушено справу за ч. 2 ст. 438 КК України, поранено 5 людей.", [(5, "person|injured|")]),
        ("He was charged under article 351, and 12 people were detained.", [(12, "person|detained|")]),
    ],
)
def test_a_provision_of_a_law_is_no_figure(sentence: str, expected: list[tuple[float, str]]) -> None:
    assert found(sentence) == expected


def test_a_line_opened_as_the_total_holds_a_running_total() -> None:
    (killed, injured) = [f for f in figures("Загалом у столиці: загинули 27 людей; поранено 82.")]
    assert (killed.figure.value, killed.running) == (27, True)
    assert (injured.figure.value, injured.running) == (82, True)
    assert not figures("Шевченківський район: загинули 7 людей.")[0].running


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("По имеющимся данным, на борту теплохода находились 208 человек, среди них около 50 детей.",
         [(208, "person|aboard|")]),
        ("На борту літака було 27 людей.", [(27, "person|aboard|")]),
        ("There were 27 people on board the plane.", [(27, "person|aboard|")]),
    ],
)  # fmt: skip
def test_those_aboard_are_a_count(sentence: str, expected: list[tuple[float, str]]) -> None:
    assert found(sentence) == expected


def test_pounds_of_a_thing_are_a_weight_and_pounds_alone_money() -> None:
    assert found("The company is recalling about 207,528 pounds of liverwurst.")[0][1].endswith("|lb")
    assert found("The regulator fined the bank 40 million pounds.")[0][1].endswith("|GBP")


def test_the_date_a_report_is_titled_by_is_no_incident() -> None:
    from bot.extract import when

    assert when.cues("Champlain Towers South: update from Mayor Levine Cava, November 21", MORNING) == []
    assert [c.key for c in when.cues("The tower collapsed on November 21", MORNING)] == ["2023-11-21"]


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("As of August 28, 2024, 57 people have been hospitalized.", True),
        ("На 10:00 (мск) 23 августа обнаружены тела 69 погибших.", True),
        ("Станом на 5 березня загинули 12 людей.", True),
        ("The official death toll stands at 64.", True),
        # the morning report of the night's attack counts anew: a time of day alone is no status
        ("Станом на 09:00 загинули 3 людини.", False),
        ("On August 28, 57 people were hospitalized.", False),
    ],
)
def test_a_count_as_of_a_day_or_said_to_stand_at_a_total_revises_the_last(sentence: str, status: bool) -> None:
    (hit,) = [f for f in figures(sentence, Context(published=MORNING)) if f.figure.qualifier.compared]
    assert hit.figure.update is status


def test_a_comma_before_a_slavic_scale_is_the_decimal_mark() -> None:
    # thousands are spaced in Russian and Ukrainian: "$2,918 млрд" is 2.918 billion, not 2,918 billion
    assert found("Газпром сплатив Нафтогазу $2,918 млрд.") == [(2.918e9, "|uk:сплатити|USD")]
    assert [v for v, _ in found("Company X paid 2,918 billion dollars.")] == [2.918e12]


def test_the_injured_taken_to_hospital_are_counted_as_hospitalised() -> None:
    assert found("Погибли 8 человек, 24 пострадавших госпитализированы.") == [
        (8, "person|killed|"), (24, "person|hospitalised|")]  # fmt: skip
    assert found("В больницах остаются 24 пострадавших.") == [(24, "person|injured|")]
