"""PURE. Figures in a sentence, each tied to what it counts.

Signal: a number in digits (1,000 / 1 000 / 1.000 / 41,2 / 41.2), with a scale (3.9 million,
12 тыс., 1,5 млн, 2 тис.), or in words, inflected, in English, Russian and Ukrainian (six,
twenty-one, шесть, шестеро, шести, двадцать один, шість, дев'ятеро, п'ятнадцяти), followed
or preceded by what it counts. The counted thing is a key "<who>|<what happened>" from fixed
vocabularies, the same across languages: "children|injured" for "six children injured",
"ранены девять детей" and "поранено дев'ятеро дітей"; "people|killed" for "eight killed",
"вісім загиблих", "death toll rises to 11".

Ignored, on purpose: counts for a period ("over the past day", "за минулу добу": each report
counts anew), dates, years and times, ages ("54-year-old", "54-річного"), model names
(S-300), compounds ("five-storey"), measures (km, miles, %, gigabytes), a figure given as a
reference ("far more than the 3.9 million", "up from 8", "замість"), and any figure whose
counted thing is not in the vocabularies. Errs towards dropping a figure: a figure we cannot
tie to a thing could only make a false number_change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.model import Figure
from bot.text import fold

# ── number words ──────────────────────────────────────────────────────────────────────────

_EN_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip

# Russian and Ukrainian: a stem and the endings its case forms take.
_SLAVIC: list[tuple[int, str]] = [
    (1, r"(?:один|одна|одно|одного|одному|одним|одной|одну|одне|одну|одного|одній)"),
    (2, r"(?:два|две|двух|двум|двумя|двое|двоих|двоим|дві|двох|двом|двома|двоє)"),
    (3, r"(?:три|трех|трем|тремя|трое|троих|троим|трьох|трьом|трьома|троє)"),
    (4, r"(?:четыре|четырех|четырем|четырьмя|четверо|четверых|чотири|чотирьох|чотирьом|чотирма)"),
    (5, r"(?:пять|пяти|пятью|пятеро|пятерых|п'ять|п'яти|п'ятьох|п'ятьом|п'ятьма|п'ятеро)"),
    (6, r"(?:шесть|шести|шестью|шестеро|шестерых|шість|шістьох|шістьом|шістьма)"),
    (7, r"(?:семь|семи|семью|семеро|семерых|сім|сімох|сімом|сьома)"),
    (8, r"(?:восемь|восьми|восемью|восьмью|восьмеро|восьмерых|вісім|вісьмох|вісьмом|вісьма)"),
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
    (50, r"(?:пятьдесят|пятидесят\w*|п'ятдесят\w*)"),
    (60, r"(?:шестьдесят|шестидесят\w*|шістдесят\w*)"),
    (70, r"(?:семьдесят|семидесят\w*|сімдесят\w*)"),
    (80, r"(?:восемьдесят|восьмидесят\w*|вісімдесят\w*)"),
    (90, r"(?:девяност\w*|дев'яност\w*)"),
    (100, r"(?:сто|ста)"),
]
_SLAVIC_RE = [(value, re.compile(pattern + r"$")) for value, pattern in _SLAVIC]

_SCALES = [
    (re.compile(r"^(?:million|millions|mln|mn|m|млн|миллион\w*|мільйон\w*|мiльйон\w*)$"), 1_000_000),
    (re.compile(r"^(?:billion|billions|bn|млрд|миллиард\w*|мільярд\w*)$"), 1_000_000_000),
    (re.compile(r"^(?:thousand|thousands|k|тыс|тысяч\w*|тис|тисяч\w*)$"), 1_000),
]

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['\-][^\W\d_]+)*|[^\w\s]", re.UNICODE)
_DIGITS = re.compile(r"^\d+(?:[.,]\d+)*$")


def word_value(word: str) -> int | None:
    """The value of one number word (folded), or None."""
    if word in _EN_UNITS:
        return _EN_UNITS[word]
    for value, pattern in _SLAVIC_RE:
        if pattern.match(word):
            return value
    return None


def digits_value(text: str) -> float:
    """'1,000' '1 000' '1.000' → 1000; '41,2' '41.2' → 41.2 (three digits after a mark group)."""
    parts = re.split(r"[.,]", text)
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]):
        return float("".join(parts))
    if len(parts) == 2:
        return float(f"{parts[0]}.{parts[1]}")
    return float("".join(parts))


def scale_of(word: str) -> int | None:
    for pattern, factor in _SCALES:
        if pattern.match(word):
            return factor
    return None


# ── what a number counts ──────────────────────────────────────────────────────────────────

_WHO: list[tuple[str, tuple[str, ...]]] = [
    ("children", ("child", "kid", "minor", "teenager", "schoolchild", "дет", "ребен", "ребён", "подрост",
                  "несовершеннолет", "школьник", "діт", "дитин", "підліт", "неповнолітн", "школяр")),
    ("soldiers", ("soldier", "troop", "servicem", "fighter", "militar", "военнослужащ", "бойц", "боец",
                  "солдат", "військовослужбов", "бійц", "боєць", "захисник", "військов")),
    ("prisoners", ("prisoner", "pow", "captive", "hostage", "пленн", "заложник", "полонен", "заручник")),
    ("people", ("people", "person", "civilian", "resident", "customer", "client", "user", "individual",
                "passenger", "patient", "employee", "worker", "citizen", "inhabitant", "victim", "adult", "взросл", "доросл",
                "человек", "люд", "жител", "гражданск", "граждан", "клиент", "пользовател", "пассажир",
                "пациент", "сотрудник", "работник", "мирн", "осіб", "особ", "мешкан", "цивільн", "громадян",
                "клієнт", "користувач", "пасажир", "пацієнт", "працівник", "жертв")),
]  # fmt: skip

_WHAT: list[tuple[str, tuple[str, ...]]] = [
    ("killed", ("kill", "dead", "died", "death", "fatalit", "toll", "lives", "погиб", "убит", "погибш",
                "смерт", "загибл", "загин", "вбит", "убиты", "жертв")),
    ("injured", ("injur", "wound", "hurt", "ранен", "ранены", "пострада", "травм", "поранен", "постражда",
                 "госпитализ", "госпіталіз")),
    ("missing", ("missing", "пропал", "пропавш", "безвест", "зник")),
    ("evacuated", ("evacuat", "rescued", "эвакуир", "эвакуац", "евакуйов", "евакуац", "вивез", "вывез")),
    ("affected", ("affected", "access", "impacted", "exposed", "leaked", "stolen", "stole", "compromis", "breached",
                  "украден", "похищен", "викраден", "вкраден", "затронут", "утечк", "утек", "зачеплен",
                  "витік", "скомпрометов")),
    ("detained", ("detain", "arrest", "captur", "задержан", "арестов", "затриман", "заарештов")),
    ("lost", ("losses", "lost", "потер", "втрат")),
]  # fmt: skip

# What follows a number that makes it a measure, not a count: prefixes of unit words...
_UNITS = (
    "km", "kilomet", "mile", "meter", "metre", "kilogram", "tonne", "percent", "hour", "minute", "second",
    "week", "month", "year", "gigabyte", "terabyte", "megabyte", "byte", "dollar", "euro", "usd", "hryvn",
    "rouble", "ruble", "километр", "кілометр", "миль", "метр", "тонн", "процент", "відсот", "годин", "минут",
    "хвилин", "секунд", "сут", "недел", "тижн", "месяц", "місяц", "гигабайт", "гігабайт", "доллар", "долар",
    "евро", "євро", "гривен", "гривн", "рубл", "этаж", "поверх", "storey", "story", "floor",
)  # fmt: skip
# ... and whole words too short to be prefixes ("st" would swallow "students").
_UNIT_WORDS = {
    "st", "nd", "rd", "th", "am", "pm", "gb", "tb", "mb", "kg", "ton", "tons", "day", "days", "per", "%", "°",
    "-", "км", "кг", "мм", "см", "м", "г", "ч", "час", "часа", "часов", "дня", "дней", "днів", "день", "доби",
    "лет", "год", "года", "году", "років", "рік", "року", "роки", "млрд.", "грн", "руб",
}  # fmt: skip
_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    "январ", "феврал", "март", "апрел", "мая", "май", "июн", "июл", "август", "сентябр", "октябр", "ноябр",
    "декабр", "січ", "лют", "берез", "квіт", "травн", "черв", "лип", "серп", "верес", "жовт", "листопад",
    "груд",
)  # fmt: skip
_REFERENCE = ("than the", "from", "up from", "down from", "instead of", "compared with", "вместо", "чем",
              "против", "замість", "ніж", "порівняно", "по сравнению", "previous", "earlier", "ранее", "раніше")  # fmt: skip
# Words before a number that make it an address or a label, not a count (prefixes).
_ADDRESS = (
    "street", "avenue", "house", "building", "apartment", "route", "highway", "number", "вулиц", "улиц",
    "проспект", "будинк", "будинок", "корпус", "квартир", "трасс", "маршрут", "номер", "автобус", "school",
    "лицей", "ліцей", "гимнази", "гімназі", "школ",
)  # fmt: skip
_ADDRESS_WORDS = {"st", "ave", "rd", "no", "bus", "flat", "ул", "вул", "просп", "пр", "дом", "д", "буд", "кв"}
_CLAUSE_BREAK = {",", ";", ":", "(", ")"}
# A count for a period ("over the past day", "за минулу добу") is a new count each report,
# not a revision of the last one: such figures are not compared.
_PERIOD = re.compile(
    r"\b(?:over|in|during) the (?:past|last) (?:day|24 hours|week|month)|\bper day\b|\beach day\b|\bdaily\b"
    r"|за (?:минувшие |прошедшие |последние )?сутки|в сутки|за (?:минулу |останню )?добу|на добу"
    r"|(?:упродовж|протягом|впродовж) (?:минулої |останньої )?доби|за (?:прошедшую |минувшую )?неделю"
    r"|за (?:минулий )?тиждень|в течение (?:прошедших |минувших )?суток|(?:за|на) сегодня\b|today's|so far today"
)


def counts_a_period(text: str) -> bool:
    """Does the text give counts for a period (a daily report)? Then none of its figures is a revision."""
    return _PERIOD.search(fold(text)) is not None


@dataclass(frozen=True)
class _Number:
    value: float
    first: int  # token indices, inclusive
    last: int
    text: str


def _prefixes(stems: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True)))


_STARTS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _starts(word: str, stems: tuple[str, ...]) -> bool:
    pattern = _STARTS.get(stems)
    if pattern is None:
        pattern = _STARTS[stems] = _prefixes(stems)
    return pattern.match(word) is not None


def _category(word: str, table: list[tuple[str, tuple[str, ...]]]) -> str | None:
    for name, stems in table:
        if _starts(word, stems):
            return name
    return None


def _numbers(tokens: list[str]) -> list[_Number]:
    found: list[_Number] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        value: float | None = None
        start = i
        if _DIGITS.match(token):
            # Digits grouped by spaces: "1 000", "3 900 000".
            text = token
            while i + 1 < len(tokens) and re.fullmatch(r"\d{3}", tokens[i + 1]) and len(text.replace(",", "")) <= 3:
                i += 1
                text += tokens[i]
            value = digits_value(text)
        else:
            first = word_value(token.split("-")[0]) if "-" in token else word_value(token)
            if first is not None and "-" in token:
                second = word_value(token.split("-", 1)[1])
                if second is None:  # "five-storey": a compound, not a count
                    i += 1
                    continue
                value = first + second
            elif first is not None:
                value = first
                while i + 1 < len(tokens):
                    nxt = word_value(tokens[i + 1])
                    if nxt is None and tokens[i + 1] == "and" and i + 2 < len(tokens):
                        nxt2 = word_value(tokens[i + 2])
                        if nxt2 is not None and nxt2 < 100:
                            i += 1
                            continue
                    if nxt is None:
                        break
                    if nxt == 100 and value < 10:
                        value *= 100
                    elif nxt < value or value >= 100:
                        value += nxt
                    else:
                        break
                    i += 1
        if value is None:
            i += 1
            continue
        if i + 1 < len(tokens):
            factor = scale_of(tokens[i + 1])
            if factor is not None:
                value *= factor
                i += 1
        found.append(_Number(value=value, first=start, last=i, text=" ".join(tokens[start : i + 1])))
        i += 1
    return found


def _clause(tokens: list[str], index: int) -> tuple[int, int]:
    lo = index
    while lo > 0 and tokens[lo - 1] not in _CLAUSE_BREAK:
        lo -= 1
    hi = index
    while hi + 1 < len(tokens) and tokens[hi + 1] not in _CLAUSE_BREAK:
        hi += 1
    return lo, hi


def figures(sentence: str) -> list[Figure]:
    """Every figure in a sentence whose counted thing is known, with its key."""
    folded = fold(sentence)
    if _PERIOD.search(folded):
        return []
    tokens = _TOKEN.findall(folded)
    result: list[Figure] = []
    for number in _numbers(tokens):
        before = tokens[max(0, number.first - 3) : number.first]
        after = tokens[number.last + 1 : number.last + 2]
        if after and after[0] in ("of", "из", "изо", "з", "із", "зі", "из-за"):
            continue  # "one of the injured", "один из", "одна з": a part, not a count
        if before and before[-1] in ("no", "ни", "жоден", "жодна", "жодного", "ні"):
            continue  # "no one", "ни один"
        if after and (after[0] in _UNIT_WORDS or _starts(after[0], _UNITS + _MONTHS) or after[0] in ("‑", ":", "/")):
            continue  # a measure, a date ("14 April"), a time, a compound ("54-year-old")
        if before and (before[-1] in ("-", "‑", ":", "/", "№", "#") or _starts(before[-1], _MONTHS)):
            continue  # a model name ("S-300"), a time, a number, a date ("April 14")
        joined_before = " ".join(before)
        if any(joined_before.endswith(ref) for ref in _REFERENCE):
            continue
        label = [t for t in before if t != "."][-1:]
        if label and (label[0] in _ADDRESS_WORDS or _starts(label[0], _ADDRESS)):
            continue  # a street, house or route number ("вул. Миру, 15", "house 3")
        lo, hi = _clause(tokens, number.first)
        who = None
        for token in tokens[number.last + 1 : min(hi + 1, number.last + 5)]:
            who = _category(token, _WHO)
            if who:
                break
        year = number.first == number.last and len(tokens[number.first]) == 4 and 1900 <= number.value <= 2100
        if year and who is None:
            continue  # a year ("in 2014"); "2000 людей" is a count
        what = None
        for token in tokens[number.last + 1 : min(hi + 1, number.last + 7)]:
            what = _category(token, _WHAT)
            if what:
                break
        if what is None:
            for n in range(number.first - 1, lo - 1, -1):
                what = _category(tokens[n], _WHAT)
                if what:
                    # "число пострадавших детей возросло до девяти", "the number of injured
                    # children rose to nine": the counted noun stands by the event, before the number.
                    between = tokens[n + 1 : number.first]
                    if who is None and not any(_DIGITS.match(t) or word_value(t) is not None for t in between):
                        near = tokens[max(lo, n - 4) : number.first]
                        who = next((w for w in map(lambda t: _category(t, _WHO), near) if w), None)
                    break
        if what is None and who is None:
            continue  # nothing counted in the number's own clause: a street number, a list, a code
        if what is None:  # the sentence's event: "access to ... of about 3.9 million people"
            distance = {
                abs(n - number.first): name
                for n, token in enumerate(tokens)
                if (name := _category(token, _WHAT)) is not None
            }
            what = distance[min(distance)] if distance else None
        if who is None and what in ("killed", "injured", "missing", "evacuated", "detained", "lost"):
            who = "people"
        if who is None or what is None:
            continue  # "1,000 troops", "40 tanks": forces described, not a toll that can be revised
        result.append(Figure(value=number.value, counted=f"{who}|{what or ''}", text=number.text))
    return result
