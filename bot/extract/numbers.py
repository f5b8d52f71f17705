"""PURE. Numbers in a sentence: digits, separators, decimals, scales and number words.

Digits: 1,000 / 1 000 / 1.000 / 41,2 / 41.2 (a group of exactly three digits after a mark is a
thousands group, anything else a decimal). Scales after a number: thousand, million, billion, k,
bn, mn, тыс., тис., млн, млрд, тысяч, мільйонів... Words, inflected, in English, Russian and
Ukrainian: six, twenty-one, a hundred; шесть, шестеро, шести, двадцать один, двести; шість,
шістьох, дев'ятеро, двісті, п'ятнадцяти; півтора. What a number counts, and whether it is a
figure at all, is `figures.py`'s business: this module only reads values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.extract.tokens import Token

__all__ = ["Number", "digits_value", "numbers", "scale_of", "word_value"]

_EN_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip

# Russian and Ukrainian: every case form of each number word, as one pattern per value.
_SLAVIC: list[tuple[float, str]] = [
    (1, r"(?:один|одна|одно|одного|одному|одним|одной|одну|одне|одній|одною|одними|одних)"),
    (1.5, r"(?:полтора|полторы|полутора|півтора|півтори)"),
    (2, r"(?:два|две|двух|двум|двумя|двое|двоих|двоим|дві|двох|двом|двома|двоє)"),
    (3, r"(?:три|трех|трем|тремя|трое|троих|троим|трьох|трьом|трьома|троє)"),
    (4, r"(?:четыре|четырех|четырем|четырьмя|четверо|четверых|чотири|чотирьох|чотирьом|чотирма)"),
    (5, r"(?:пять|пяти|пятью|пятеро|пятерых|п'ять|п'яти|п'ятьох|п'ятьом|п'ятьма|п'ятеро)"),
    (6, r"(?:шесть|шести|шестью|шестеро|шестерых|шість|шести|шістьох|шістьом|шістьма|шестеро)"),
    (7, r"(?:семь|семи|семью|семеро|семерых|сім|сімох|сімом|сімома|семи|сьома|семеро)"),
    (8, r"(?:восемь|восьми|восемью|восьмью|восьмеро|восьмерых|вісім|вісьмох|вісьмом|вісьма|восьми|восьмеро)"),
    (9, r"(?:девять|девяти|девятью|девятеро|девятерых|дев'ять|дев'яти|дев'ятьох|дев'ятьом|дев'ятьма|дев'ятеро)"),
    (10, r"(?:десять|десяти|десятью|десятеро|десятерых|десятьох|десятьом|десятьма)"),
    (11, r"(?:одиннадцат|одинадцят)\w*"),
    (12, r"(?:двенадцат|дванадцят)\w*"),
    (13, r"(?:тринадцат|тринадцят)\w*"),
    (14, r"(?:четырнадцат|чотирнадцят)\w*"),
    (15, r"(?:пятнадцат|п'ятнадцят)\w*"),
    (16, r"(?:шестнадцат|шістнадцят)\w*"),
    (17, r"(?:семнадцат|сімнадцят)\w*"),
    (18, r"(?:восемнадцат|вісімнадцят)\w*"),
    (19, r"(?:девятнадцат|дев'ятнадцят)\w*"),
    (20, r"(?:двадцат|двадцят)\w*"),
    (30, r"(?:тридцат|тридцят)\w*"),
    (40, r"(?:сорок|сорока)"),
    (50, r"(?:пятьдесят|пятидесят\w*|п'ятдесят\w*|п'ятдесяти\w*)"),
    (60, r"(?:шестьдесят|шестидесят\w*|шістдесят\w*)"),
    (70, r"(?:семьдесят|семидесят\w*|сімдесят\w*)"),
    (80, r"(?:восемьдесят|восьмидесят\w*|вісімдесят\w*)"),
    (90, r"(?:девяност\w*|дев'яност\w*)"),
    (100, r"(?:сто|ста)"),
    (200, r"(?:двести|двухсот\w*|двісті|двохсот\w*)"),
    (300, r"(?:триста|трехсот\w*|трьохсот\w*)"),
    (400, r"(?:четыреста|четырехсот\w*|чотириста|чотирьохсот\w*)"),
    (500, r"(?:пятьсот|пятисот\w*|п'ятсот|п'ятисот\w*)"),
    (600, r"(?:шестьсот|шестисот\w*|шістсот|шестисот\w*)"),
    (700, r"(?:семьсот|семисот\w*|сімсот|семисот\w*)"),
    (800, r"(?:восемьсот|восьмисот\w*|вісімсот|восьмисот\w*)"),
    (900, r"(?:девятьсот|девятисот\w*|дев'ятсот|дев'ятисот\w*)"),
]
_SLAVIC_RE = [(value, re.compile(pattern + r"$")) for value, pattern in _SLAVIC]
_SLAVIC_ANY = re.compile("|".join(f"(?:{p})" for _, p in _SLAVIC) + "$")

_SCALES = [
    (re.compile(r"^(?:million|millions|mln|mn|млн|миллион\w*|мільйон\w*|мiльйон\w*)$"), 1_000_000),
    (re.compile(r"^(?:billion|billions|bn|млрд|миллиард\w*|мільярд\w*)$"), 1_000_000_000),
    (re.compile(r"^(?:thousand|thousands|k|тыс|тысяч\w*|тысяча|тис|тисяч\w*|тисяча)$"), 1_000),
    (re.compile(r"^(?:trillion|trillions|трлн|триллион\w*|трильйон\w*)$"), 1_000_000_000_000),
]


def word_value(word: str) -> float | None:
    """The value of one number word (lower case), or None."""
    if word in _EN_UNITS:
        return _EN_UNITS[word]
    if not _SLAVIC_ANY.match(word):
        return None
    for value, pattern in _SLAVIC_RE:
        if pattern.match(word):
            return value
    return None


def digits_value(text: str) -> float:
    """'1,000' '1 000' '1.000' → 1000; '41,2' '41.2' → 41.2 (three digits after a mark group)."""
    parts = re.split(r"[.,]", text)
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]) and parts[0] != "0":
        return float("".join(parts))
    if len(parts) == 2:
        return float(f"{parts[0]}.{parts[1]}")
    return float("".join(parts))


def scale_of(word: str) -> int | None:
    for pattern, factor in _SCALES:
        if pattern.match(word):
            return factor
    return None


@dataclass(frozen=True)
class Number:
    """A number read from tokens `first`..`last` (inclusive)."""

    value: float
    first: int
    last: int
    text: str
    in_words: bool  # written as words ("шестеро"), not digits
    scaled: bool  # a scale word was applied ("3,7 тыс.")


def _digits(tokens: list[Token], i: int) -> tuple[float, int]:
    """A digit number starting at token i, joining space-separated thousands groups ("2 398")."""
    text = tokens[i].text
    j = i
    while (
        j + 1 < len(tokens)
        and tokens[j + 1].kind == "num"
        and re.fullmatch(r"\d{3}", tokens[j + 1].text)
        and not tokens[j + 1].glued_before
        and re.fullmatch(r"\d{1,3}", tokens[i].text)
        and tokens[j + 1].start - tokens[j].end == 1
    ):
        j += 1
        text += tokens[j].text
    return digits_value(text), j


def _words(tokens: list[Token], i: int) -> tuple[float, int] | None:
    """A number in words starting at token i: "twenty-one", "двадцать один", "a hundred"."""
    first = word_value(tokens[i].lower)
    if first is None:
        return None
    value, j = first, i
    while j + 1 < len(tokens):
        nxt_token = tokens[j + 1]
        if nxt_token.text == "-" and j + 2 < len(tokens) and nxt_token.glued_before and tokens[j + 2].glued_before:
            second = word_value(tokens[j + 2].lower)  # "twenty-one"
            if second is not None and second < 10 <= value < 100:
                value += second
                j += 2
                continue
            break
        if nxt_token.lower == "and" and j + 2 < len(tokens) and value >= 100:
            second = word_value(tokens[j + 2].lower)
            if second is not None and second < 100:
                j += 1
                continue
        nxt = word_value(nxt_token.lower) if nxt_token.kind == "word" else None
        if nxt is None:
            break
        if nxt == 100 and value < 10:
            value *= 100
        elif nxt < value and (value >= 100 or (value >= 20 and nxt < 10)):
            value += nxt
        else:
            break
        j += 1
    return value, j


def numbers(tokens: list[Token]) -> list[Number]:
    """Every number in a token list, in order, with scales applied."""
    found: list[Number] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        read: tuple[float, int] | None = None
        in_words = False
        if token.kind == "num":
            read = _digits(tokens, i)
        elif token.kind == "word":
            article = {"hundred": 100, "dozen": 12, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
            if token.lower in ("a", "one") and i + 1 < len(tokens) and tokens[i + 1].lower in article:
                read = (article[tokens[i + 1].lower], i + 1)
            else:
                read = _words(tokens, i)
            in_words = read is not None
        if read is None:
            i += 1
            continue
        value, last = read
        scaled = False
        if last + 1 < len(tokens):
            factor = scale_of(tokens[last + 1].lower)
            if factor is not None and not (in_words and tokens[i].lower in ("a", "one") and last > i):
                if last == i and token.kind == "num" and token.text.count(",") == 1 and tokens[last + 1].lang != "en":
                    # "$2,918 млрд": before a Slavic scale a comma is the decimal mark (thousands are spaced)
                    value = float(token.text.replace(",", "."))
                value *= factor
                last += 1
                scaled = True
                if last + 1 < len(tokens) and tokens[last + 1].text == "." and tokens[last].lower in ("тыс", "тис"):
                    last += 1  # the abbreviation's dot belongs to it
        if in_words and tokens[i].lower in ("thousand", "million", "billion"):
            i += 1  # a bare scale word is no number
            continue
        found.append(Number(value, i, last, " ".join(t.text for t in tokens[i : last + 1]), in_words, scaled))
        i = last + 1
    return found
