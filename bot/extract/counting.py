"""PURE. The words around a number: whether it is a count at all, what it counts, its event and unit.

These are the token-level readings `figures.py` composes. Each takes the sentence's tokens and
the number's position and returns what the grammar around it says; none decides on its own
whether a figure is kept. Russian and Ukrainian are read with the dictionaries' tags (a noun in
the genitive after a numeral, a short passive participle "поранено"); English, which has no
tagger here, by word order (a verb before the number governs it; a participle after it is its
event when nothing else is) and by suffixes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.extract import concepts
from bot.extract.numbers import Number, scale_of, word_value
from bot.extract.tokens import Token
from bot.extract.when import is_month_word

CLAUSE_BREAKS = {",", ";", ":", "(", ")", "—", "–", "•", "|", ".", "!", "?"}
CURRENCY_SIGNS = ("$", "€", "£", "₴", "₽", "₪")
CURRENCY_CODES = {"USD", "EUR", "GBP", "UAH", "RUB", "CHF"}  # "CHF 4.4 billion"
OF = {"of", "из", "изо", "з", "із", "зі", "от", "out"}
THEM = {"them", "whom", "those", "них", "which", "яких", "которых"}

# Durations and measures after a number, by lemma: a prefix would also catch "частных домов"
# ("час"), "добровольців" ("доб"), "літаків" ("літ") and "балістичних ракет" ("бал").
_TIME_UNITS = {
    "hour", "minute", "second", "day", "week", "month", "year", "decade", "night", "time",
    "час", "минута", "секунда", "сутки", "день", "неделя", "месяц", "год", "ночь", "раз", "десятилетие",
    "година", "хвилина", "доба", "тиждень", "місяць", "рік", "ніч", "десятиліття", "мить",
}  # fmt: skip
# Forms the dictionaries lemmatise as other words ("рік" as "ріка", "літ" as itself), and abbreviations.
_TIME_FORMS = {"лет", "літ", "рік", "років", "роки", "року", "місяців", "місяці", "місяця", "дн", "сут", "мин", "хв",
               "сек", "hrs", "hr", "mins", "min", "secs", "sec", "yrs", "yr"}  # fmt: skip
_MEASURES = {
    "metre", "meter", "mile", "kilometre", "kilometer", "kilogram", "gram", "degree", "storey", "story", "floor",
    "inch", "foot", "feet", "knot", "centimetre", "centimeter", "millimetre", "millimeter",
    "метр", "миля", "километр", "кілометр", "килограмм", "кілограм", "грамм", "грам", "градус", "этаж", "поверх",
    "балл", "бал", "киловольт", "кіловольт", "мегаватт", "мегават", "киловатт", "кіловат", "сантиметр",
    "миллиметр", "міліметр", "дюйм", "фут",
}  # fmt: skip
_MEASURE_WORDS = {
    "m", "km", "kg", "g", "mm", "cm", "kv", "kw", "mw", "gw", "kwh", "mph", "м", "км", "кг", "г", "мм", "см", "кв", "вт",
    "квт", "мвт", "гвт", "кв.", "мм.", "см.",
}  # fmt: skip
_AGE = ("year-old", "years-old", "річн", "летн", "літн")
_AGE_BEFORE = {"aged", "age", "ages", "возрасте", "віці"}
_ORDINAL = {"th", "st", "nd", "rd", "й", "го", "я", "е", "ї", "ий", "ій", "ого", "ому", "му", "ту", "та", "ти"}
_ADDRESS = (
    "street", "avenue", "road", "house", "route", "highway", "number", "вулиц", "улиц", "проспект", "просп",
    "будинк", "будинок", "корпус", "квартир", "трасс", "маршрут", "номер", "автобус", "школ", "лицей", "ліцей",
    "гимнази", "гімназі", "училищ", "палат", "отделени", "відділенн", "шоссе", "шосе", "провулк", "переулк",
    "бульвар", "площ", "полк", "бригад", "дивизи", "дивізі", "батальон", "батальйон", "школ", "flight", "рейс",
)  # fmt: skip
_ADDRESS_WORDS = {"st", "ave", "rd", "no", "bus", "flat", "ул", "вул", "просп", "пр", "д", "буд", "кв", "пер", "пров",
                  "бул", "дом"}  # fmt: skip
_DISTRIBUTIVE = {"по", "each", "apiece"}
_TIME_NOUNS = {"year", "end", "month", "day", "week", "time", "quarter", "год", "конец", "месяц", "день", "неделя",
               "рік", "кінець", "місяць", "тиждень", "квартал", "час", "period", "период", "період", "раз",
               "ніч", "ночь", "night", "сутки", "доба", "hour", "година", "minute", "хвилина", "минута", "рок",
               "morning", "evening", "утро", "ранок", "вечер", "вечір", "overnight"}  # fmt: skip
NUMBER_OF = {"число", "количество", "кількість", "number", "toll", "total", "tally", "count", "итог",
             "підсумок", "счет", "рахунок", "цифра", "figure", "sum", "сумма", "сума", "оценка", "оцінка",
             "estimate", "объем", "обсяг", "площадь", "площа"}  # fmt: skip

REPORTING = {
    "say", "tell", "report", "announce", "state", "add", "write", "note", "claim", "confirm", "stress", "explain",
    "cite", "quote", "заявить", "сообщить", "отметить", "подчеркнуть", "добавить", "написать", "рассказать",
    "уточнить", "сказать", "говорить", "передавать", "заявлять", "сообщать", "отмечать", "считать", "сообщаться",
    "заявити", "повідомити", "зазначити", "наголосити", "додати", "написати", "розповісти", "сказати",
    "повідомляти", "повідомлятися", "казати", "говорити", "вважати", "уточнити", "посилатися", "ссылаться",
}  # fmt: skip
_NOT_EVENTS = REPORTING | {
    "be", "have", "do", "become", "быть", "бути", "стать", "стати", "являться", "являтися", "иметь", "мати",
    "составить", "становити", "составлять", "находиться", "перебувати", "оставаться", "залишатися", "remain",
    "work", "работать", "працювати", "остаться", "залишитися", "get", "получить", "отримати", "make", "take",
    "include", "включать", "включити", "seem", "appear", "mean", "let", "keep", "give", "put", "number", "total",
    "reach", "mount", "stand", "go", "come", "need", "want", "will", "can", "хотеть", "мочь", "могти", "есть",
    "estimate", "assess", "value", "count", "calculate", "оценить", "оценивать", "оцінити", "оцінювати",
    "подсчитать", "підрахувати", "порахувати", "see", "establish", "determine", "believe", "show", "reveal",
    "suggest", "indicate", "установить", "встановити", "выяснить", "з'ясувати", "думать", "know", "известно",
    "идти", "йтися", "йти", "идти речь", "order", "ask", "call", "expect_", "try", "begin", "start", "continue",
    "продолжаться", "тривати", "продовжуватися", "начаться", "розпочатися", "finish", "завершить", "завершити",
    "оказаться", "опинитися", "виявитися",
}  # fmt: skip
_ING_NOUNS = set("""morning evening building buildings ceiling thing nothing something anything everything king ring
    spring string wedding meeting meetings funding housing clothing during including according regarding following
    sibling darling pudding""".split())  # fmt: skip
# Nouns inside compound prepositions ("в результате", "в ходе", "в числе"): they govern nothing.
_PREPOSITIONAL_NOUNS = {"результат", "итог", "ход", "число", "количество", "состав", "время", "час", "підсумок", "перебіг", "наслідок", "рамка", "район", "область", "зона", "ніч", "ночь", "площадь", "площа", "життя", "жизнь"}  # fmt: skip
_FREE_PREPOSITIONS = {"до", "около", "понад", "близько", "свыше", "более", "на", "про", "о", "об", "у", "в"}
_EN_FREE = {"to", "over", "about", "around", "than", "some", "nearly", "almost", "by", "of", "up", "at", "least",
            "as", "more", "under", "fewer", "less", "just", "another", "further", "all", "among", "including",
            "with", "out", "down", "off", "not"}  # fmt: skip
# (verb particles such as "shot down", "handed over", "cut off" are not prepositions governing a count)
_REPORT_OBJECT = {"о", "об", "про", "about"}  # "сообщил о восьми погибших", "reported about 20 injured"


def is_dash(token: Token) -> bool:
    return token.text in ("-", "‑", "–", "—")


def currency_before(tokens: Sequence[Token], first: int) -> bool:
    """A currency sign or code written before an amount ("$390 million", "CHF 4.4 billion")."""
    return first > 0 and (tokens[first - 1].text in CURRENCY_SIGNS or tokens[first - 1].text in CURRENCY_CODES)


def clause_bounds(tokens: Sequence[Token], first: int, last: int) -> tuple[int, int]:
    """The clause a number stands in: between the nearest breaks (commas, dashes, colons) around it."""
    lo = first
    while lo > 0 and tokens[lo - 1].text not in CLAUSE_BREAKS:
        lo -= 1
    hi = last
    while hi + 1 < len(tokens) and tokens[hi + 1].text not in CLAUSE_BREAKS:
        hi += 1
    return lo, hi


def phrase_before(tokens: Sequence[Token], index: int, phrases: Sequence[str], lo: int, width: int = 5) -> str | None:
    """The longest phrase among `phrases` that ends right before token `index` (dashes ignored)."""
    start = max(lo, index - width)
    text = " ".join(t.lower for t in tokens[start:index] if not is_dash(t))
    for phrase in sorted(phrases, key=len, reverse=True):
        if text == phrase or text.endswith(" " + phrase):
            return phrase
    return None


# The words that number a provision of a law: "ст. 205", "статьи 105", "ч. 2", "п. 3", "article 351", "section 5"
_PROVISIONS = {"ст", "статья", "статьи", "статье", "статью", "стаття", "статті", "статтю", "ч", "часть", "части",
               "частью", "частина", "частини", "п", "пункт", "пункта", "пункту", "article", "articles", "section",
               "paragraph", "clause", "art"}  # fmt: skip
# … and the code a bare number belongs to: "205 УК РФ", "109 КК України"
_CODES = {"ук", "кк", "коап", "купап", "гк", "цк", "нк", "пк", "упк", "кпк"}


def _law_article(tokens: Sequence[Token], first: int) -> bool:
    k = first - 1
    if k >= 0 and tokens[k].text == ".":
        k -= 1
    if k >= 0 and tokens[k].lower in _PROVISIONS and not (tokens[k].lower in ("ч", "п") and tokens[k + 1].text != "."):
        return True
    after = next((t for t in tokens[first + 1 : first + 3] if t.kind == "word"), None)
    return after is not None and after.lower in _CODES and after.text.isupper()


def not_a_figure(tokens: Sequence[Token], number: Number, all_numbers: Sequence[Number], index: int) -> bool:
    """Dates, times, ages, codes, addresses, ordinals, scores, durations, measures and labels."""
    first, last = number.first, number.last
    before = tokens[first - 1] if first > 0 else None
    after = tokens[last + 1] if last + 1 < len(tokens) else None
    after2 = tokens[last + 2] if last + 2 < len(tokens) else None
    head = tokens[first]
    if after and is_dash(after) and after.glued_before and after2 is not None and after2.glued_before \
            and after2.kind == "word" and not (number.in_words and after2.lower in (
                "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")):  # fmt: skip
        return True  # "15-річна", "54-year-old", "1-го", "five-storey", "nine-storey"
    if head.kind == "num":
        if after and after.text in (":", ".") and after2 is not None and after2.kind == "num" and after.glued_before \
                and after2.glued_before and len(after2.text) == 2:  # fmt: skip
            return True  # 20:30, 8.30
        if before and before.text == ":" and before.glued_before and head.glued_before:
            return True  # the minutes of a time
        if first == last and _clock_time(head, before, after) and unit_after(tokens, number)[0] is None:
            return True  # "с 09.00 до 09.30 мск", "at 14.30 GMT": one token that reads as a decimal
        if (
            after
            and after.kind == "word"
            and after.glued_before
            and not number.scaled
            and (after.lower in _ORDINAL or not (concepts.unit_concept(after.lower) or after.lower in ("k", "m", "bn")))
        ):
            return True  # "22М3", "5th", "1-й" (when glued), a code
        if before and before.kind == "word" and head.glued_before:
            return True  # "M100", "X22"
        if before and before.text == "/" and head.glued_before and before.glued_before:
            return True  # "Shahed-136/131", "2023/24"
        if before and is_dash(before) and head.glued_before and first >= 2 and tokens[first - 2].kind == "word" \
                and before.glued_before:  # fmt: skip
            return True  # "Х-22", "Shahed-136", "Волгонефть-212"
        if len(head.text) == 4 and head.text.isdigit() and 1800 <= int(head.text) <= 2100 and not number.scaled:
            if before is not None and before.kind == "word" and is_month_word(before.lower):
                return True  # "in May 2024 reflects"
            noun = after
            if noun is None or noun.kind != "word" or noun.lower in ("year", "году", "год", "года", "року", "рік", "рр",
                                                                  "гг", "г", "р"):  # fmt: skip
                return True  # a year
            if noun.lang != "en" and not (noun.word.nominal and noun.word.plural):
                return True
            if noun.lang == "en" and noun.word.pos != "NOUN":
                return True
    if before is not None and (before.text in ("№", "#") or before.lower in ("no", "nr", "num")):
        return True
    if _law_article(tokens, first):
        return True  # "ч. 2 ст. 109 УК РФ", "по статье 205", "article 351": a provision of a code
    if _model_number(tokens, first, last):
        return True  # "Boeing 737 MAX 8", "Falcon 9 FT": a model's name, not a count
    if before is not None and before.text == "." and first >= 2 and tokens[first - 2].lower in ("no", "nr"):
        return True
    if after is not None and after.kind == "word" and is_month_word(after.lower) and number.value <= 31:
        return True  # "14 січня"
    if before is not None and before.kind == "word" and is_month_word(before.lower) and number.value <= 31 \
            and not (first >= 2 and tokens[first - 2].kind == "num"):  # fmt: skip
        return True  # "January 14" (but in "14 November 12 people" the 14 was the day)
    if after is not None and after.kind == "word":
        low = after.lower
        lemma = after.word.lemma
        unit = concepts.unit_concept(low) or concepts.unit_concept(lemma)
        if (low in _MEASURE_WORDS or ((lemma in _MEASURES or low in _MEASURES) and not unit)) and not (
            low.startswith(_SQUARE) or area_after(tokens, last + 1)
        ):
            return True  # "9.3 metres", "750 kV", "five-storey"
        if (lemma in _TIME_UNITS or low in _TIME_UNITS or low in _TIME_FORMS or lemma in _TIME_NOUNS) \
                and low not in ("раза",) and not (after2 is not None and is_dash(after2) and after2.glued_before):  # fmt: skip
            return True  # a duration ("six hours", "два дня", "три роки")
        if low.startswith(_AGE):
            return True
    if after is not None and after.text == "°":
        return True
    if _an_age(tokens, number, all_numbers, index):
        return True
    if before is not None and before.lower in _DISTRIBUTIVE:
        return True  # "по 10 тыс. рублей" each: an amount per person, not a total
    label = [t for t in tokens[max(0, first - 3) : first] if t.text not in (".", ",")][-1:]
    if label and label[0].kind == "word" and (label[0].lower in _ADDRESS_WORDS or label[0].lower.startswith(_ADDRESS)) \
            and area_after(tokens, last + 1) is None and unit_after(tokens, number)[0] is None:  # fmt: skip
        return True  # "вул. Миру, 15", "house 3", "училища № 19" (but "на площади 1200 гектаров" is an area)
    if (
        before is not None
        and before.text == ","
        and first >= 2
        and tokens[first - 2].capitalised
        and (after is None or after.text in (".", ",", ";", ")") or (after.kind == "word" and after.capitalised))
    ):
        return True  # "Набережній Перемоги, 118."
    if after is not None and after.text == ":" and after2 is not None and after2.kind == "num" and after.glued_before \
            and after2.glued_before:  # fmt: skip
        return True  # a score "2:3"
    if (
        before is not None
        and before.text == ":"
        and first >= 2
        and tokens[first - 2].kind == "num"
        and before.glued_before
    ):
        return True
    if number.value == 1 and after is not None and after.lower in OF:
        return True  # "one of the injured", "один из": a part, not a count
    if (
        before is not None
        and before.kind == "word"
        and before.word.lemma in _CALL
        and unit_after(tokens, number)[0] is None
    ):
        return True  # "звоните 112", "call 911": a phone number (but "набрав 80,08%" is a share)
    if before is not None and before.kind == "word" and before.lower.startswith(_MEASURE_BEFORE):
        return True  # "magnitude 6.4", "магнитудой 6,4", "Category 5": a measure named before its value
    if _scope(tokens, number, index > 0):
        return True
    return before is not None and before.lower in ("no", "ни", "жоден", "жодна", "жодного", "ні")


def _all_caps(token: Token | None) -> bool:
    return token is not None and token.kind == "word" and len(token.text) >= 2 and token.text.isupper() \
        and not concepts.unit_concept(token.lower)  # fmt: skip


def _model_number(tokens: Sequence[Token], first: int, last: int) -> bool:
    """A number inside a model's name: after a name and before a capitalised code ("Boeing 737
    MAX"), or after such a code that follows a number or a name ("737 MAX 8")."""
    before = tokens[first - 1] if first > 0 else None
    after = tokens[last + 1] if last + 1 < len(tokens) else None
    maker = tokens[first - 2] if before is not None and before.text == "-" and first >= 2 else before
    if (
        maker is not None
        and maker.lower in _MAKERS
        and (tokens[first].glued_before if maker is not before else len(maker.lower) > 3)
    ):
        return True  # "the missing Boeing 777 had", "Ан-26", "Су-24": an aircraft's type
    named_before = before is not None and before.capitalised and first >= 2 and tokens[first - 2].kind == "word" \
        and not is_month_word(before.lower)  # fmt: skip
    if (named_before or (before is not None and before.lower in ("the", "a", "its", "their", "this"))) and _all_caps(
        after
    ):
        return True  # "Boeing 737 MAX", "the safety of the 737 MAX"
    return _all_caps(before) and first >= 2 and (tokens[first - 2].kind == "num" or tokens[first - 2].capitalised)


# Makers and type letters aircraft are named by ("Boeing 777", "Ан-26", "Су-24", "Mi-8", "МіГ-29"); a type
# letter counts only with its hyphen ("an 80% chance").
_MAKERS = {"boeing", "airbus", "embraer", "bombardier", "cessna", "antonov", "ilyushin", "tupolev", "sukhoi", "mig",
           "su", "tu", "il", "an", "mi", "ka", "ан", "ил", "іл", "ту", "су", "миг", "міг", "ми", "мі", "ка", "як",
           "бе"}  # fmt: skip
_CALL = {"call", "dial", "звонить", "позвонить", "телефонувати", "зателефонувати", "дзвонити", "набрать", "набирати",
         "набрати", "набирать"}  # fmt: skip
_MEASURE_BEFORE = ("magnitud", "магнитуд", "магнітуд", "category", "категори")
# Regions a count covers ("в 16 областях", "over six regions", "Ten provinces are affected"); places a
# count was made in ("в 38 городах", "in 38 cities"). Neither is what happened (the table's decision 9).
_REGIONS = {"область", "регион", "регіон", "край", "провинция", "провінція", "штат", "страна", "країна", "region",
            "province", "oblast", "state", "country", "county", "governorate"}  # fmt: skip
_IN = {"в", "во", "у", "на", "над", "по", "in", "across", "over", "throughout", "at", "from"}


_CLOCK = re.compile(r"(?:[01]?\d|2[0-3])[.:][0-5]\d")
_TIME_ZONES = {
    "мск",
    "msk",
    "utc",
    "gmt",
    "cet",
    "eet",
    "est",
    "pst",
    "кив",
    "київ",
    "год",
    "ч",
    "a.m",
    "p.m",
    "am",
    "pm",
}
_AT_TIME = {
    "с",
    "со",
    "до",
    "в",
    "во",
    "о",
    "об",
    "з",
    "із",
    "по",
    "from",
    "at",
    "until",
    "till",
    "to",
    "by",
    "between",
}


def _clock_time(head: Token, before: Token | None, after: Token | None) -> bool:
    """A decimal like "09.30" is a time of day when written with a leading zero, when a time zone
    follows ("мск", "GMT"), or when a time preposition comes before it ("с 9.00 до 9.30")."""
    if not _CLOCK.fullmatch(head.text):
        return False
    if head.text.startswith("0") or (after is not None and after.lower.rstrip(".") in _TIME_ZONES):
        return True
    if after is not None and (after.text == "%" or scale_of(after.lower)):
        return False  # "до 12.45%", "to 2.30 million": a value, not a time
    return before is not None and before.lower in _AT_TIME


def _scope(tokens: Sequence[Token], number: Number, after_another: bool) -> bool:
    j = number.last + 1
    while (
        j < len(tokens) and tokens[j].kind == "word" and tokens[j].word.pos in ("ADJF", "PRTF") and j <= number.last + 2
    ):
        j += 1
    if j >= len(tokens) or tokens[j].kind != "word":
        return False
    noun = tokens[j].word
    if noun.lemma in _REGIONS:
        return True
    k = number.first - 1
    while k >= 0 and tokens[k].kind == "word" and tokens[k].word.pos == "DET":
        k -= 1
    # Towns a count was made in, after that count ("1 311 человек в 38 городах"); alone they are
    # what was hit ("в 306 деревнях перебои со светом").
    located = after_another and k >= 0 and tokens[k].lower in _IN \
        and (noun.lang == "en" or noun.case in ("loct", "loc2", "datv"))  # fmt: skip
    return located and (thing_of(tokens, j)[0] == "settlement" or noun.lemma in _TOWNS)


_TOWNS = {"city", "town", "village", "город", "село", "місто", "деревня"}


def _an_age(tokens: Sequence[Token], number: Number, all_numbers: Sequence[Number], index: int) -> bool:
    """ "в возрасте 7, 10 и двое 11 лет", "aged 4 and 17", "девушка 15 лет": ages, listed or not."""
    k = number.first - 1
    steps = 0
    while k >= 0 and steps < 8:
        t = tokens[k]
        if t.lower in _AGE_BEFORE:
            return True
        if t.kind == "num" or t.text == "," or t.lower in ("и", "і", "та", "and", "двое", "троє", "трое", "двоє"):
            k -= 1
            steps += 1
            continue
        break
    # "4 и 17 лет": the last number of the list carries the unit
    j = number.last + 1
    steps = 0
    while j < len(tokens) and steps < 6:
        t = tokens[j]
        if t.kind == "num" or t.text == "," or t.lower in ("и", "і", "та", "and", "or", "или"):
            j += 1
            steps += 1
            continue
        return steps > 0 and t.kind == "word" and t.lower in ("лет", "років", "года", "роки", "рік", "years")
    return False


def unit_after(tokens: Sequence[Token], number: Number) -> tuple[str | None, int]:
    """The unit after (or currency sign before) a number, and the index of its last token."""
    first, last = number.first, number.last
    if currency_before(tokens, first):
        return concepts.unit_concept(tokens[first - 1].text.lower()), last
    j = last + 1
    if j < len(tokens) and tokens[j].text == "%":
        return "percent", j
    area = area_after(tokens, j)
    if area is not None:
        return area
    if j + 1 < len(tokens) and tokens[j].kind == "word" and tokens[j].lang != "en" and tokens[j].word.pos == "ADJF" \
            and concepts.unit_concept(tokens[j + 1].lower) in MONEY:  # fmt: skip
        return concepts.unit_concept(tokens[j + 1].lower), j + 1  # "4,4 млрд швейцарських франків"
    if j < len(tokens) and tokens[j].kind == "word":
        low = tokens[j].lower
        unit = concepts.unit_concept(low) or concepts.unit_concept(tokens[j].word.lemma)
        if low in ("т", "t", "л", "l", "г") and not (j + 1 < len(tokens) and tokens[j + 1].text == "."):
            unit = None if low == "г" else unit  # a bare letter is a unit only with its dot ("т.")
        if unit == "GBP" and low in ("pound", "pounds") and j + 1 < len(tokens) and tokens[j + 1].lower == "of":
            unit = "lb"  # "207,528 pounds of liverwurst", "3 million pounds of debris": a weight
        if unit is not None:
            if j + 1 < len(tokens) and tokens[j + 1].text == "." and len(low) <= 4:
                j += 1
            return unit, j
    return None, last


_SQUARE = ("кв", "sq", "square", "квадрат")
_KM = ("км", "km", "kilomet", "кілометр", "километр")
_METRE = ("метр", "metre", "meter")


def area_after(tokens: Sequence[Token], j: int) -> tuple[str, int] | None:
    """An area unit starting at token j: "кв. м", "квадратных метров", "square metres", "sq km",
    "м²" / "km²" (read as "м" and a glued "2"), and its last token."""
    if j >= len(tokens) or tokens[j].kind != "word":
        return None
    low = tokens[j].lower
    if (
        low in ("м", "m", "км", "km")
        and j + 1 < len(tokens)
        and tokens[j + 1].text == "2"
        and tokens[j + 1].glued_before
    ):
        return ("km2" if low in ("км", "km") else "m2"), j + 1
    if not low.startswith(_SQUARE) or j + 1 >= len(tokens):
        return None
    k = j + 1 + (tokens[j + 1].text == ".")
    if k >= len(tokens) or tokens[k].kind != "word":
        return None
    measure = tokens[k].lower
    if measure.startswith(_KM):
        return "km2", k
    if measure in ("м", "m") or measure.startswith(_METRE):
        return "m2", k + (k + 1 < len(tokens) and tokens[k + 1].text == "." and measure == "м")
    return None


def counted_noun(tokens: Sequence[Token], start: int, hi: int) -> int | None:
    """The index of the noun a number governs, searching from `start` within the clause."""
    j = start
    skipped = 0
    while j <= hi and skipped <= 4:
        token = tokens[j]
        if token.kind == "punct":
            if token.text in ("(", ")", "«", "»", "“", "”", '"', "„") or (is_dash(token) and token.glued_before):
                j += 1
                continue
            return None
        if token.kind == "word" and j + 2 <= hi and tokens[j + 1].text == "-" and tokens[j + 1].glued_before \
                and tokens[j + 2].glued_before:  # fmt: skip
            j += 3  # "one-way", "осколочно-фугасными": a compound modifier
            skipped += 1
            continue
        if token.kind == "num":
            j += 1
            skipped += 1
            continue
        w = token.word
        if w.pos == "NOUN" and not (token.lang == "en" and next_is_noun(tokens, j, hi)):
            if is_month_word(token.lower) or w.lemma in _TIME_NOUNS or scale_of(token.lower):
                return None
            return j
        if token.lang == "en" and w.pos == "ADJF" and j + 2 <= hi and tokens[j + 1].lower in ("and", "or"):
            j += 2  # "current and former customers"
            skipped += 1
            continue
        if w.pos in ("ADJF", "PRTF") and token.lang != "en" and concepts.is_thing(w.lemma) \
                and _does_not_agree(token, tokens[j + 1] if j + 1 <= hi else None):  # fmt: skip
            return j  # "230 военнопленных ВСУ": the adjective stands as the noun, the rest is its owner
        if w.pos in ("ADJF", "PRTF", "NUMR", "ADJS", "UNKN", "DET") or (token.lang == "en" and w.pos == "NOUN"):
            if w.pos == "PRTF" and token.lang == "en" and not next_is_noun(tokens, j, hi):
                return None  # "64 injured": the participle is the event, no noun follows
            j += 1
            skipped += 1
            continue
        return None
    return None


def _does_not_agree(adjective: Token, following: Token | None) -> bool:
    """Slavic: is the word after an adjective no noun it describes? An abbreviation ("ВСУ", "ЗСУ",
    "МВД") after it is its owner in the genitive, never what is counted. (Case tags cannot say
    more: the dictionaries' first reading of an adjective is too often another case.)"""
    return following is not None and following.kind == "word" and following.text.isupper() and len(following.text) >= 2


def next_is_noun(tokens: Sequence[Token], j: int, hi: int) -> bool:
    """English: does the noun run go on after token j ("attack drones", "fuel oil")?"""
    k = j + 1
    if k > hi or tokens[k].kind != "word":
        return False
    return tokens[k].word.pos in ("NOUN", "ADJF")


def substantive(tokens: Sequence[Token], j: int) -> bool:
    """A participle or adjective standing as a noun ("64 поранених", "погибших"): no noun follows."""
    k = j + 1
    while k < len(tokens) and tokens[k].kind == "word" and tokens[k].word.pos in ("ADJF", "PRTF"):
        k += 1
    return not (k < len(tokens) and tokens[k].kind == "word" and tokens[k].word.pos == "NOUN")


def thing_of(tokens: Sequence[Token], j: int) -> tuple[str, str | None]:
    """The concept a counted noun names, and the event it carries when it is a casualty word
    ("загиблих", "пострадавших", "victims", "toll") rather than a thing."""
    token = tokens[j]
    w = token.word
    if token.lower in ("toll",) or (token.lower == "death" and j + 1 < len(tokens) and tokens[j + 1].lower == "toll"):
        return "person", "killed"
    if w.pos in ("PRTF", "ADJF") and concepts.is_event(w.lemma) and substantive(tokens, j):
        return "person", concepts.event_concept(w.lemma, w.lang)
    person_word = concepts.thing_concept(w.lemma, w.lang) == "person"
    if concepts.is_event(w.lemma) and (person_word or (w.pos == "NOUN" and not concepts.is_thing(w.lemma))):
        before = tokens[j - 1] if j > 0 else None
        if before is not None and before.kind == "word" and before.lang == "en" and before.word.pos == "NOUN" \
                and concepts.is_thing_concept(concepts.thing_concept(before.word.lemma, "en")):  # fmt: skip
            thing = concepts.thing_concept(before.word.lemma, "en")
            return thing, concepts.event_concept(w.lemma, w.lang, thing)  # "7,000 flight cancellations"
        return "person", concepts.event_concept(w.lemma, w.lang)  # "жертв", "casualties"
    if j > 0 and tokens[j - 1].kind == "word" and tokens[j - 1].word.pos in ("ADJF", "PRTF"):
        pair = concepts.pair_concept(f"{tokens[j - 1].word.lemma} {w.lemma}")  # "населений пункт"
        if pair is not None:
            return pair, None
    return concepts.thing_concept(w.lemma, w.lang), None


def event_of(token: Token, thing: str | None) -> str | None:
    """The event a word says, if it is a verb form (or, in Slavic text, an event noun)."""
    w = token.word
    if w.lemma in _NOT_EVENTS or w.lemma in concepts.CHANGE_VERBS or token.lower in _ING_NOUNS:
        return None
    if token.lang == "en" and not w.verbal:
        return None  # English event nouns ("attack drones", "death") are too often modifiers
    if w.verbal or (token.lang != "en" and w.pos == "INFN"):
        return concepts.event_concept(w.lemma, w.lang, thing)
    if concepts.is_event(w.lemma):
        return concepts.event_concept(w.lemma, w.lang, thing)
    return None


def _attributive(tokens: Sequence[Token], j: int) -> bool:
    """English: an -ed word before a noun is an adjective ("armoured vehicles", "guided bombs")."""
    return tokens[j].lang == "en" and j + 1 < len(tokens) and tokens[j + 1].kind == "word" \
        and tokens[j + 1].word.pos == "NOUN" and tokens[j].word.pos == "PRTF"  # fmt: skip


def nearest_event(tokens: Sequence[Token], lo: int, hi: int, number: Number, skip: set[int],
                  thing: str | None) -> str | None:  # fmt: skip
    """The event of the nearest event word in tokens lo..hi: a known event before an unknown verb.
    Of two coordinated verbs ("Збито / подавлено 201", "shot down or jammed") the first names it."""
    best: tuple[int, int, str, int] | None = None
    for j in range(max(lo, 0), min(hi, len(tokens) - 1) + 1):
        if j in skip or tokens[j].kind != "word" or number.first <= j <= number.last or _attributive(tokens, j):
            continue
        event = event_of(tokens[j], thing)
        if event is None:
            continue
        distance = number.first - j if j < number.first else j - number.last
        rank = (0 if ":" not in event else 1, distance)
        if best is None or rank < best[:2]:
            best = (*rank, event, j)
    return _first_coordinated(tokens, best[3], best[2], thing, max(lo, 0), skip) if best else None


_COORDINATING = {"/", "або", "чи", "или", "либо", "or", "and/or"}


def _first_coordinated(tokens: Sequence[Token], j: int, event: str, thing: str | None, lo: int = 0,
                       skip: set[int] | frozenset[int] = frozenset()) -> str:  # fmt: skip
    """The first of coordinated event words ending at `j` ("Збито / подавлено", "shot down or jammed")."""
    while j - 2 >= lo and tokens[j - 1].lower in _COORDINATING and tokens[j - 2].kind == "word" and j - 2 not in skip:
        earlier = event_of(tokens[j - 2], thing)
        if earlier is None or ":" in earlier:
            break
        event, j = earlier, j - 2
    return event


def english_event(tokens: Sequence[Token], number: Number, noun: int | None, lo: int, hi: int, skip: set[int],
                  thing: str | None) -> str | None:  # fmt: skip
    """English word order. A participle right after a number that has no noun is its event ("64
    injured", "more than 100 wounded in strikes"), as is one closing the clause after the noun
    ("2,398 homes flooded"). Otherwise a verb before the number governs it ("had destroyed more
    than 80", "killing 12"); else the verb after an auxiliary ("71 of the 75 drones launched had
    been destroyed", "12 people were killed"); else the nearest verb after."""
    end = noun if noun is not None else number.last
    following = end + 1
    if following <= hi and tokens[following].kind == "word" and tokens[following].word.verbal:
        closes = following + 1 > hi or tokens[following + 1].kind == "punct" or tokens[following + 1].lower in (
            "and", "or", "when", "while", "after")  # fmt: skip
        if noun is None or closes:
            event = event_of(tokens[following], thing)
            if event is not None:
                return event
    # The number is the subject of a passive or perfect verb: "15,834 had been injured", "11 people
    # were still missing" (a verb before it in the same clause belongs to another figure).
    k = following
    while k <= hi and tokens[k].kind == "word" and tokens[k].word.pos in ("AUX", "PRCL", "ADVB"):
        k += 1
    if k > following and k <= hi and tokens[k].kind == "word" and tokens[k].word.verbal \
            and any(t.word.pos == "AUX" for t in tokens[following:k]):  # fmt: skip
        event = event_of(tokens[k], thing) or ""
        if ":" in event:  # "are listed as missing": a verb we cannot name, the known event after it
            event = nearest_event(tokens, k + 1, hi, number, skip, thing) or event
        if event and ":" not in event:
            return event
    before = nearest_event(tokens, lo, number.first - 1, number, skip, thing) if number.first > lo else None
    if before is not None:
        return before
    for j in range(end + 1, hi + 1):
        if tokens[j].kind == "word" and tokens[j].word.pos == "AUX":
            after_aux = nearest_event(tokens, j + 1, hi, number, skip, thing)
            if after_aux is not None:
                return after_aux
    return nearest_event(tokens, end + 1, hi, number, skip, thing)


def governed(tokens: Sequence[Token], number: Number, qualifying: set[str]) -> bool:
    """Is a number the object of a preposition or a noun before it, not what its clause counts?
    "В результате попадания четырёх ракет", "на борту двух судов", "from two dinghies"."""
    k = number.first - 1
    while k >= 0 and tokens[k].kind == "word" and (tokens[k].word.pos == "DET" or tokens[k].lower in qualifying):
        k -= 1
    if k < 0 or tokens[k].kind != "word":
        return False
    before = tokens[k]
    if (
        before.lower in _REPORT_OBJECT
        and k > 0
        and tokens[k - 1].kind == "word"
        and (tokens[k - 1].word.lemma in REPORTING or tokens[k - 1].lower in ("известно", "відомо", "йдеться", "речь"))
    ):
        return False  # "сообщил о восьми погибших": what is reported is the count
    if before.lower in ("from", "с", "з", "від") and _followed_by_to(tokens, number):
        return False  # "from 8 to 11": an old value, read by the qualifier
    if before.lang == "en" or tokens[number.first].lang == "en":
        return before.word.pos == "PREP" and before.lower not in _EN_FREE
    if before.word.pos == "PREP":
        return before.lower not in _FREE_PREPOSITIONS
    return before.word.pos == "NOUN" and before.word.lemma not in NUMBER_OF and before.lower not in NUMBER_OF \
        and before.word.lemma not in _PREPOSITIONAL_NOUNS and not concepts.is_event(before.word.lemma) \
        and not concepts.unit_concept(before.word.lemma) and not before.capitalised  # fmt: skip


def _followed_by_to(tokens: Sequence[Token], number: Number) -> bool:
    rest = tokens[number.last + 1 : number.last + 6]
    return any(t.lower in ("to", "до", "на") for t in rest) and any(
        t.kind == "num" or t.word.pos == "NUMR" for t in tokens[number.last + 2 : number.last + 7])  # fmt: skip


def ratio_base(tokens: Sequence[Token], number: Number, all_numbers: Sequence[Number], index: int) -> bool:
    """ "74 out of 75", "71 of the 75 drones", "13 із 16 ракет": the base a figure is counted out of;
    and a base put first, "Of the 120 passengers, 98 were rescued"."""
    if number.first < 1:
        return False
    k = number.first - 1
    while k > 0 and tokens[k].kind == "word" and tokens[k].word.pos == "DET":
        k -= 1
    if tokens[k].lower not in OF:
        return False
    if tokens[k].lower == "of" and index + 1 < len(all_numbers) and (k == 0 or tokens[k - 1].text in (",", ";", ":")):
        following = all_numbers[index + 1]
        return (
            any(t.text == "," for t in tokens[number.last + 1 : following.first]) and following.first - number.last <= 6
        )
    if index == 0 or number.first < 2:
        return False
    previous = all_numbers[index - 1]
    return number.first - previous.last <= 4 and not any(
        t.text in (",", ";", ".") for t in tokens[previous.last + 1 : number.first])  # fmt: skip


def out_of_before(tokens: Sequence[Token], number: Number, lo: int) -> int | None:
    """ "из 75 ударных беспилотников уничтожены 74": the counted noun of an "out of" phrase earlier."""
    for j in range(number.first - 1, max(lo, number.first - 12) - 1, -1):
        if tokens[j].kind == "num" and j > 0 and tokens[j - 1].lower in OF:
            return counted_noun(tokens, j + 1, min(len(tokens) - 1, j + 6))
    return None


def number_of(tokens: Sequence[Token], lo: int, first: int, chain: bool = False) -> tuple[str, str | None, str] | None:
    """ "Число погибших военнослужащих ... возросло до 89", "the death toll rose to 131",
    "кількість загиблих збільшилася до 89": the counted thing named by a "number of" phrase.
    With `chain` (a measure's volume), the last noun of a run of genitives is the stuff measured
    ("обсяг перевалки агропродукції", "объём экспорта зерна"), not the activity before it."""
    for j in range(max(0, lo - 12), first):
        token = tokens[j]
        if token.kind != "word" or (token.word.lemma not in NUMBER_OF and token.lower not in NUMBER_OF):
            continue
        if token.lower == "toll" or (token.lower == "death" and j + 1 < len(tokens) and tokens[j + 1].lower == "toll"):
            return "person", "killed", "toll"
        event: str | None = None
        thing: str | None = None
        words = ""
        k = j + 1
        if k < len(tokens) and tokens[k].lower in ("of", "из"):
            k += 1
        while k < first and tokens[k].lower in ("how", "much", "many", "the"):
            k += 1
        while k < first and k <= j + 7:
            t = tokens[k]
            if t.kind != "word":
                break
            w = t.word
            if concepts.is_event(w.lemma) and w.pos in ("PRTF", "ADJF", "NOUN", "PRTS") and thing is None:
                event = concepts.event_concept(w.lemma, w.lang)
                words = t.text
                if substantive(tokens, k) or concepts.thing_concept(w.lemma, w.lang) == "person":
                    thing = _kind_after(tokens, k + 1, first) or "person"
                    break
            elif w.pos == "NOUN" and not concepts.is_event(w.lemma) and w.lemma not in _TIME_NOUNS:
                if t.lang == "en" and next_is_noun(tokens, k, first - 1):
                    k += 1
                    continue  # "fuel oil": the head is the last noun of the run
                while chain and k + 1 < first and _genitive_noun(tokens[k + 1]):
                    k += 1
                thing = thing_of(tokens, k)[0]
                words = (words + " " + tokens[k].text).strip()
                event = event or _relative_event(tokens, k + 1, first, thing)
                break
            elif w.pos not in ("ADJF", "PRTF", "DET"):
                break
            k += 1
        if thing is not None or event is not None:
            return thing or "person", event, words
    return None


def _genitive_noun(token: Token) -> bool:
    w = token.word if token.kind == "word" else None
    return w is not None and token.lang != "en" and w.pos == "NOUN" and w.case == "gent" \
        and w.lemma not in _TIME_NOUNS and not is_month_word(token.lower) and not concepts.unit_concept(w.lemma)  # fmt: skip


def stuff_before(tokens: Sequence[Token], number: Number) -> tuple[str, str] | None:
    """ "з них агропродукції — 3,3 млн т", "мазуту — 3,7 тис. т": the stuff a measure is of,
    a genitive noun before a dash (Slavic)."""
    k = number.first - 1
    if k < 1 or not is_dash(tokens[k]):
        return None
    k -= 1
    if not _genitive_noun(tokens[k]):
        return None
    return thing_of(tokens, k)[0], tokens[k].text


_AND_WORDS = {"и", "і", "й", "та", "and"}


def shared_noun(tokens: Sequence[Token], number: Number, hi: int) -> tuple[int, int] | None:
    """ "38 частных и восьми многоквартирных домов", "38 private and 8 apartment houses": a number
    with an adjective only, whose noun comes after the next number of the coordination.
    Returns (the adjective, the shared noun)."""
    j = number.last + 1
    if j > hi or tokens[j].kind != "word" or tokens[j].word.pos not in ("ADJF", "PRTF"):
        return None
    adjective = j
    if concepts.is_event(tokens[j].word.lemma):
        return None  # "60 задержанных и девяти пострадавших полицейских": the detained are people, a noun of their own
    while j <= hi and tokens[j].kind == "word" and tokens[j].word.pos in ("ADJF", "PRTF"):
        j += 1
    if j > hi or tokens[j].lower not in _AND_WORDS:
        return None
    j += 1
    if j > hi or not (tokens[j].kind == "num" or tokens[j].word.pos == "NUMR" or scale_of(tokens[j].lower)
                      or word_value(tokens[j].lower) is not None):  # fmt: skip
        return None
    while j <= hi and (tokens[j].kind == "num" or tokens[j].word.pos in ("NUMR", "ADJF", "PRTF")
                       or word_value(tokens[j].lower) is not None):  # fmt: skip
        j += 1
    if j <= hi and tokens[j].kind == "word" and tokens[j].word.pos == "NOUN":
        return adjective, j
    return None


def kind_of(tokens: Sequence[Token], adjective: int, noun: int) -> str | None:
    """The thing an adjective and a noun name together, if the table has the pair ("многоквартирный дом")."""
    a, n = tokens[adjective].word, tokens[noun].word
    return concepts.pair_concept(f"{a.lemma} {n.lemma}")


_RELATIVES = {"які", "яких", "котрі", "которые", "которых", "who", "that", "which"}


def _relative_event(tokens: Sequence[Token], start: int, first: int, thing: str | None) -> str | None:
    """ "кількість пожежників, які постраждали під час гасіння, зросла до 15": the event of a
    relative clause right after the counted noun."""
    if start + 1 >= first or tokens[start].text != "," or tokens[start + 1].lower not in _RELATIVES:
        return None
    for k in range(start + 2, min(first, start + 8)):
        if tokens[k].text in CLAUSE_BREAKS:
            return None
        if tokens[k].kind == "word" and tokens[k].word.verbal:
            event = event_of(tokens[k], thing)
            return event if event is not None and ":" not in event else None
    return None


def _kind_after(tokens: Sequence[Token], start: int, first: int) -> str | None:
    """ "Число пострадавших при тушении пожара пожарных": the kind of people a casualty word
    stands before, named at the end of its phrase (the same genitive plural), if the table knows it."""
    for k in range(start, min(first, start + 10)):
        t = tokens[k]
        if t.kind != "word" or t.word.pos in ("VERB", "PRTS", "INFN", "CONJ"):
            return None
        w = t.word
        if t.lang != "en" and w.case == "gent" and w.plural and w.pos in ("NOUN", "ADJF"):
            kind = concepts.thing_concept(w.lemma, w.lang)
            if kind in _PEOPLE_THINGS and kind != "person":
                return kind
    return None


def substantive_before(tokens: Sequence[Token], number: Number, lo: int) -> tuple[str, str | None, str] | None:
    """ "Загиблих уже одинадцять", "поранених — 21", "Пошкоджених будинків — 97": the counted
    noun (or a casualty word standing for one) before the number, with a dash or particles between."""
    dash = False
    for k in range(number.first - 1, max(-1, number.first - 6), -1):
        t = tokens[k]
        if t.kind == "punct" and t.text in ("—", "–", "-", ":"):
            dash = True
            continue
        if t.kind != "word":
            return None
        w = t.word
        if w.pos in ("PRCL", "ADVB") or t.lower in ("так", "само", "уже", "вже", "ещё", "ще", "всего", "усього"):
            continue
        if concepts.is_event(w.lemma) and w.pos in ("NOUN", "ADJF", "PRTF") and substantive(tokens, k):
            return "person", concepts.event_concept(w.lemma, w.lang), t.text
        if dash and w.pos == "NOUN" and t.lang != "en" and w.case == "gent" and w.plural:
            event = None
            if k > 0 and tokens[k - 1].kind == "word" and tokens[k - 1].word.pos in ("PRTF", "ADJF"):
                prior = tokens[k - 1].word
                event = concepts.event_concept(prior.lemma, prior.lang) if concepts.is_event(prior.lemma) else None
            return thing_of(tokens, k)[0], event, t.text
        return None
    return None


def label_before(tokens: Sequence[Token], number: Number) -> tuple[str, str | None, str] | None:
    """A bulletin's "Label: N" ("Loss of life: 2,921", "Collapsed buildings: 5,606", "Confirmed
    fatalities: 89"): the thing and event the words before the colon name, if they name a known
    event or a known thing (not "Key figures: ...")."""
    if number.first < 2 or tokens[number.first - 1].text != ":":
        return None
    k = number.first - 2
    while k >= 0 and tokens[k].kind == "word" and number.first - k <= 7:
        k -= 1
    label = [t for t in tokens[k + 1 : number.first - 1] if t.kind == "word"]
    if not label:
        return None
    words = " ".join(t.text for t in label)
    event = concepts.event_from_phrases(words)
    thing: str | None = None
    for n, t in enumerate(label):
        w = t.word
        head = w.pos != "NOUN" or n + 1 == len(label) or label[n + 1].word.pos != "NOUN"  # "rescue personnel"
        if event is None and concepts.is_event(w.lemma) and w.pos in ("ADJF", "PRTF", "PRTS", "NOUN") and head:
            event = concepts.event_concept(w.lemma, w.lang)
        elif w.pos == "NOUN" and concepts.is_thing(w.lemma) and not concepts.is_event(w.lemma):
            thing = concepts.thing_concept(w.lemma, w.lang)
    if event in concepts.CASUALTY_EVENTS and thing not in _PEOPLE_THINGS:
        thing = "person"  # "Loss of life: 2,921", "Injured: 15,834"
    if thing is None:
        return None
    return thing, event, words


_NAME_JOINERS = {"for", "of", "the", "and", "-", "–", "&", "за", "и", "і", "та", "де", "da", "de"}


def name_label(tokens: Sequence[Token], number: Number) -> tuple[str, str] | None:
    """A results line "Georgian Dream: 54.08%", "Unity - National Movement: 10.17%", "«Слуга
    народу»: 43,16%": a share or amount labelled by a proper name opening the line. The name is
    what is counted (a party's share, a company's revenue); nothing else but the unit follows."""
    colon = number.first - 1
    if colon < 1 or tokens[colon].text != ":":
        return None
    quoted = tokens[0].text in ("«", '"', "“") and tokens[colon - 1].text in ("»", '"', "”")
    label = [t for t in tokens[:colon] if t.text not in ("«", "»", '"', "“", "”")]
    words = [t for t in label if t.kind == "word"]
    if not words or len(label) > 7 or any(t.kind == "num" for t in label):
        return None
    named = all(t.capitalised or t.lower in _NAME_JOINERS for t in label) and label[0].capitalised
    if not (named or (quoted and words[0].capitalised)):
        return None
    unit_end = unit_after(tokens, number)[1]
    rest = [t for t in tokens[unit_end + 1 :] if t.text not in (".", ";", ",")]
    if rest:
        return None
    name = " ".join(t.lower for t in words)
    return f"{words[0].lang}:{name}", " ".join(t.text for t in label)


# A vote share given with its candidate: "за Лукашенко проголосовали 80,08%", "Лукашенко набрав 80,08%".
_SHARE_VERBS = {"проголосовать", "проголосувати", "голосовать", "голосувати", "набрать", "набрати", "получить",
                "отримати", "win", "get", "receive", "take"}  # fmt: skip
_LIST_BREAKS = {";", ",", ":", "(", "—", "–"}


def share_label(tokens: Sequence[Token], number: Number) -> tuple[str, str] | None:
    """A share labelled by the person or party it is of, inside a sentence: "за Александра
    Лукашенко проголосовали 80,08%", "Лукашенко А.Г. — 80,10%; Тихановская С.Г. — 10,12%",
    "Лукашенко набрав 80,08%, Тихановська — 10,09%". The key is the surname's lemma when the
    label is a person's name (first names, patronymics and initials dropped), so the same
    candidate meets however the name is given."""
    j = number.first - 1
    if j < 1:
        return None
    if tokens[j].text in ("—", "–", ":") or (tokens[j].text == "-" and not tokens[j].glued_before):
        mode = "dash"
    elif tokens[j].kind == "word" and tokens[j].word.lemma in _SHARE_VERBS:
        mode = "verb"
    else:
        return None
    j -= 1
    label: list[Token] = []
    while j >= 0 and len(label) < 8:
        t = tokens[j]
        if t.kind == "word" and (t.capitalised or t.word.given) and t.lower not in ("за", "for"):
            label.append(t)
        elif t.text == "." and j > 0 and tokens[j - 1].kind == "word" and len(tokens[j - 1].text) == 1:
            pass  # an initial's dot: "А.Г."
        else:
            break
        j -= 1
    label.reverse()
    if not label:
        return None
    opener = tokens[j] if j >= 0 else None
    led_by_for = opener is not None and opener.lower in ("за", "for")
    if mode == "dash" and not (opener is None or led_by_for or opener.text in _LIST_BREAKS):
        return None
    if mode == "verb" and opener is not None and opener.kind == "word" and not led_by_for:
        return None  # "ЦВК оголосила, що Лукашенко набрав": only a name opening its clause
    names = [t for t in label if len(t.text) > 1]
    if not names or len(names) > 4:
        return None
    person = len(names) < len(label) or any(t.word.given or t.word.surname for t in names) or led_by_for
    if person:
        surnames = [t for t in names if not t.word.given] or names[-1:]
        return f"{surnames[-1].lang}:{surnames[-1].word.lemma}", " ".join(t.text for t in names)
    if mode == "dash" and not led_by_for:
        return None  # a name before a dash that is no person: a results line only at a line start
    return f"{names[0].lang}:{' '.join(t.lower for t in names)}", " ".join(t.text for t in names)


def listed_label(tokens: Sequence[Token], number: Number) -> tuple[str, str] | None:
    """A share after a label of its own in a list: "Лукашенко — 80,1%, против всех — 4,59%". The
    label opens its item (after ';', ',' or ':') and ends at the dash; a thing the concept table
    knows ("инфляция — 5%") is left to the table."""
    j = number.first - 1
    if j < 2 or tokens[j].text not in ("—", "–"):
        return None
    k = j - 1
    while k >= 0 and tokens[k].kind == "word" and j - k <= 3:
        k -= 1
    words = tokens[k + 1 : j]
    if not words or (k >= 0 and tokens[k].text not in (";", ",", ":")):
        return None
    if len(words) == 1 and concepts.is_thing(words[0].word.lemma):
        return None
    if any(is_month_word(t.lower) or t.word.lemma in _TIME_NOUNS for t in words):
        return None  # "в сентябре — 61,53%, в октябре — 61,36%": when, not what
    return f"{words[0].lang}:{' '.join(t.word.lemma for t in words)}", " ".join(t.text for t in words)


_PEOPLE_THINGS = {"person", "child", "soldier", "prisoner", "police officer", "rescuer", "medic"}
MONEY_OR_SHARE = {"percent", "USD", "EUR", "GBP", "UAH", "RUB", "ILS", "TRY", "CHF"}
MONEY = MONEY_OR_SHARE - {"percent"}


def measured_thing(tokens: Sequence[Token], number: Number, unit: str, unit_end: int, lo: int, hi: int
                   ) -> tuple[str | None, str, int | None]:  # fmt: skip
    """What a measure or an amount is of: "тонн мазута", "tonnes of fuel oil", "ущерб — 21 млрд",
    "inflation ... to 58%". A measure names its stuff after the unit or not at all; money and
    shares name theirs before, as a known concept or (Slavic, where tags are reliable) any noun."""
    j = unit_end + 1
    if j <= hi and tokens[j].lower in ("of", "від"):
        j += 1
    noun = counted_noun(tokens, j, min(hi, j + 3))
    if (
        noun is not None
        and tokens[noun].word.case in (None, "gent")
        and not concepts.unit_concept(tokens[noun].word.lemma)
    ):
        return thing_of(tokens, noun)[0], tokens[noun].text, noun
    if unit not in MONEY_OR_SHARE:
        return None, "", None
    k = number.first - 1 - (1 if currency_before(tokens, number.first) else 0)
    while k >= 0 and tokens[k].lower in _BEFORE_AMOUNT:
        k -= 1
    if unit in MONEY and k >= 0 and tokens[k].kind == "word" and tokens[k].word.lemma in _COSTING:
        return "cost", tokens[k].text, k  # "will cost about $1.9 billion", "обойдется в 2 млрд рублей"
    if unit in MONEY and k >= 1 and tokens[k].kind == "word" and tokens[k].word.pos in ("NOUN", "NPRO"):
        # "cost the company approximately $550 million", "обійшовся авіакомпанії приблизно в 500 млн
        # доларів": whom it cost stands between the verb and the sum
        j = k - 1
        while j >= 0 and tokens[j].kind == "word" and tokens[j].word.pos == "DET":
            j -= 1
        if j >= 0 and tokens[j].kind == "word" and tokens[j].word.lemma in _COSTING:
            return "cost", tokens[j].text, j
    fallback: tuple[str | None, str, int | None] | None = None
    for k in range(number.first - 1, max(-1, lo - 10), -1):
        t = tokens[k]
        if t.kind != "word":
            continue
        w = t.word
        if w.pos == "VERB" and t.lang != "en" and w.lemma not in concepts.CHANGE_VERBS:
            break  # "ЦБ ожидает 33%": the thing is named in another sentence (but "збитки сягнули 5 млрд")
        if w.pos != "NOUN" or w.lemma in _TIME_NOUNS or is_month_word(t.lower) or w.lemma in NUMBER_OF \
                or concepts.unit_concept(w.lemma) or concepts.unit_concept(t.lower) or sum(c.isupper() for c in t.text) > 1 \
                or scale_of(t.lower) or (t.glued_before and k > 0 and is_dash(tokens[k - 1])) \
                or (k + 1 < len(tokens) and is_dash(tokens[k + 1]) and tokens[k + 1].glued_before) \
                or w.lemma in ("forecast", "прогноз", "rate", "level", "estimate", "оценка", "оцінка", "розмір", "размер"):  # fmt: skip
            continue
        if concepts.is_thing(w.lemma) and not (unit in MONEY and thing_of(tokens, k)[0] in _PEOPLE_THINGS):
            return thing_of(tokens, k)[0], t.text, k  # (people are not what a sum is: "ошукали 50 пенсіонерів на суму")
        if unit in MONEY and concepts.is_event(w.lemma) and concepts.event_concept(w.lemma, w.lang) == "lost":
            return "damage", t.text, k  # "Втрати ... зросли до 5 млрд франків"
        governed = k > 0 and tokens[k - 1].kind == "word" and tokens[k - 1].word.pos == "PREP"
        if fallback is None and t.lang != "en" and w.known and not (t.capitalised and k > 0) and not governed:
            # the nearest noun, unless one the table knows stands further back ("збитки від краху
            # хедж-фонду сягнули 5 млрд": the losses, not the collapse)
            fallback = (thing_of(tokens, k)[0], t.text, k)
    return fallback or (None, "", None)


_COSTING = {"cost", "spend", "стоить", "обойтись", "обходиться", "коштувати", "обійтися", "обходитися"}
_BEFORE_AMOUNT = {"approximately", "about", "around", "roughly", "some", "nearly", "almost", "over", "more", "than",
                  "at", "least", "близько", "около", "приблизно", "примерно", "понад", "более", "майже", "почти", "у", "в"}  # fmt: skip
# Kinds of a sum a company reports, which are different figures: "pre-tax loss", "net loss", "чистий збиток".
_MONEY_KINDS = {"net": "net", "operating": "operating", "gross": "gross", "pretax": "pre-tax", "underlying": "underlying",
                "чистый": "net", "чистий": "net", "операционный": "operating", "операційний": "operating",
                "валовой": "gross", "валовий": "gross"}  # fmt: skip
_PRE_TAX = re.compile(r"\bpre-?tax\b|\bbefore tax|до (?:оподаткування|налогообложения|вычета налогов|сплати податків)")


def amount_of(tokens: Sequence[Token], number: Number) -> tuple[str | None, str, int | None] | None:
    """ "a charge of CHF 4.4 billion", "a pre-tax loss of approximately CHF 900 million", "збиток
    до оподаткування близько 900 млн франків": the noun an amount is "of", with the kind of sum
    ("pre-tax", "net") that makes it another figure."""
    k = number.first - 1 - (1 if currency_before(tokens, number.first) else 0)
    while k >= 0 and tokens[k].lower in _BEFORE_AMOUNT and tokens[k].lower not in ("у", "в"):
        k -= 1
    linked = k >= 0 and tokens[k].lower in ("of", "у", "в")
    if linked:
        k -= 1
    kind: str | None = None
    if k >= 1 and tokens[k].kind == "word" and tokens[k].word.pos == "NOUN" and tokens[k - 1].lower == "до":
        tail = " ".join(t.lower for t in tokens[k - 1 : k + 1])
        if _PRE_TAX.search(tail):  # "збиток до оподаткування": the kind follows the noun
            kind, k = "pre-tax", k - 2
    if not linked and kind is None:
        return None
    if k < 0 or tokens[k].kind != "word" or tokens[k].word.pos != "NOUN" or tokens[k].capitalised:
        return None
    w = tokens[k].word
    thing = thing_of(tokens, k)[0]
    if thing == "person" or (concepts.is_event(w.lemma) and not concepts.is_thing(w.lemma)):
        thing = "damage" if concepts.event_concept(w.lemma, w.lang) == "lost" else f"{w.lang}:{w.lemma}"
    before = " ".join(t.lower for t in tokens[max(0, k - 3) : k]).replace(" - ", "-")  # "pre - tax"
    if kind is None and _PRE_TAX.search(before):
        kind = "pre-tax"
    if kind is None and k > 0:
        kind = _MONEY_KINDS.get(tokens[k - 1].word.lemma if tokens[k - 1].kind == "word" else "")
    return (f"{kind} {thing}" if kind else thing), tokens[k].text, k


def conversion(tokens: Sequence[Token], number: Number, all_numbers: Sequence[Number], index: int) -> bool:
    """ "36.5 billion roubles ($390 million)": the same amount converted, in brackets after it."""
    start = number.first - (1 if currency_before(tokens, number.first) else 0)
    return (
        start > 0
        and tokens[start - 1].text in ("(", "≈", "~")
        and index > 0
        and all_numbers[index - 1].last >= start - 4
    )


_PHRASE_AFTER = 5  # tokens after a number in which a multi-word event ("получили ранения") decides


def phrase_event(text: str, tokens: Sequence[Token], number: Number, lo: int, hi: int, wide: bool) -> str | None:
    """An event said in several words near the number: right after it (before any event word:
    "died in hospital" is a death), or (`wide`) anywhere around it."""
    if wide:
        window = text[tokens[max(lo, number.first - 10)].start : tokens[min(hi, number.last + 10)].end]
    else:
        end = min(hi, number.last + _PHRASE_AFTER)
        for j in range(number.last + 1, end + 1):
            if tokens[j].kind == "word" and concepts.is_event(tokens[j].word.lemma):
                # "lost their lives" is a death though "lost" alone is a loss: a phrase that the
                # event word itself begins says it
                starting = text[tokens[j].start : tokens[min(hi, j + 3)].end]
                said = concepts.event_from_phrases(starting, at_start=True)
                if said is not None:
                    return said
                end = j - 1
                break
        if end <= number.last:
            return None
        window = text[tokens[number.last].end : tokens[end].end]
    return concepts.event_from_phrases(window)


def header_event(tokens: Sequence[Token], thing: str | None) -> str | None:
    """The event a header line names ("Наслідки атаки: знеструмлено ..." has none; "Збито:" has one)."""
    for j in range(len(tokens) - 1, -1, -1):
        token = tokens[j]
        if token.kind == "word":
            event = event_of(token, thing)
            if event is not None and concepts.is_event(token.word.lemma):
                return _first_coordinated(tokens, j, event, thing)
    return None


def figure_text(tokens: Sequence[Token], number: Number, noun: int | None, unit_end: int) -> str:
    end = max(number.last, unit_end, noun if noun is not None and noun - number.last <= 4 else number.last)
    start = number.first
    if currency_before(tokens, start):
        start -= 1
    text = " ".join(t.text for t in tokens[start : end + 1])
    return re.sub(r" ([,.%)»])", r"\1", re.sub(r"([«(]) ", r"\1", text))
