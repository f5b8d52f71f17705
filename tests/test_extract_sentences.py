"""Sentence splitting in English, Russian and Ukrainian: abbreviations, initials and quotes
never end a sentence, and quoted speech stays with its speaker."""

from __future__ import annotations

import pytest

from bot.extract.sentences import split


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gen. Syrskyi said so. Lt. Col. Smith agreed.", ["Gen. Syrskyi said so.", "Lt. Col. Smith agreed."]),
        ("Площадь 40 кв. км занята. Это т.е. всё.", ["Площадь 40 кв. км занята.", "Это т.е. всё."]),
        ("Звільнено 17,3 кв. км. Бої тривають.", ["Звільнено 17,3 кв. км.", "Бої тривають."]),
        ("Эвакуированы 12 тыс. человек. Работы идут.", ["Эвакуированы 12 тыс. человек.", "Работы идут."]),
        ("Ущерб 1,5 млн. рублей. Далее.", ["Ущерб 1,5 млн. рублей.", "Далее."]),
        ("Ціна 1.5 тис. грн. Далі текст.", ["Ціна 1.5 тис. грн.", "Далі текст."]),
        ("Об этом сообщил Ю. Подоляка. Далее.", ["Об этом сообщил Ю. Подоляка.", "Далее."]),
        ("D. Peskov said so. Then he left.", ["D. Peskov said so.", "Then he left."]),
        ("Officials in the U.S. said so. Others agreed.", ["Officials in the U.S. said so.", "Others agreed."]),
    ],
)
def test_abbreviations_and_initials_do_not_end_a_sentence(text: str, expected: list[str]) -> None:
    assert split(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("«Мы отошли. Это факт», — заявил Пригожин. Далее.", ["«Мы отошли. Это факт», — заявил Пригожин.", "Далее."]),
        ("„Ми відійшли. Це факт“, — заявив він. Далі.", ["„Ми відійшли. Це факт“, — заявив він.", "Далі."]),
        ('"We left. We had to," he said. Then he went home.', ['"We left. We had to," he said.', "Then he went home."]),
        ("“We left. We had to,” he said. Then he went home.", ["“We left. We had to,” he said.", "Then he went home."]),
        ('He said: "We left. We had to." Then he went home.', ['He said: "We left. We had to."', "Then he went home."]),
    ],
)
def test_quoted_speech_stays_with_its_speaker(text: str, expected: list[str]) -> None:
    assert split(text) == expected


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Власти подтвердили,\nчто аэропорт закрыт.\nНовая строка.", 2),
        ("Заголовок\nТекст поста.", 2),
        ("Is it true? Nobody knows! Maybe… Later.", 4),
        ("", 0),
        ("Одне речення без крапки", 1),
    ],
)
def test_lines_and_end_marks(text: str, count: int) -> None:
    assert len(split(text)) == count


def test_initials_after_a_surname_end_no_sentence() -> None:
    text = "Голоса распределились так: Лукашенко А.Г. — 80,10%; Тихановская С.Г. — 10,12%. Явка составила 84%."
    assert split(text) == ["Голоса распределились так: Лукашенко А.Г. — 80,10%; Тихановская С.Г. — 10,12%.",
                           "Явка составила 84%."]  # fmt: skip
