"""PURE. Figures in a sentence or bullet line: a number, what it counts and how it is qualified.

A figure is a number (`numbers.py`) plus, read from the grammar around it (`counting.py`)
rather than from a list of allowed nouns:
- the counted thing: the noun the number governs ("64 людини", "2,398 homes", "71 ударний
  БпЛА", "N of the M drones"), the noun a "number of" phrase names ("число погибших
  военнослужащих возросло до 89"), the noun before a dash ("Пошкоджених будинків — 97"), the
  previous figure's thing when it is left out ("збито 52 БпЛА, ще 30 локаційно втрачені"), or a
  header's thing for a bullet that is its breakdown; a casualty event with no noun counts people
  ("поранено 64", "killing 12 and injuring 64");
- the event it is counted under: the verb or participle of its clause (загинули, поранено,
  знеструмлено, flooded, shot down), an event noun (гибель, уничтожение), or a phrase
  ("получили ранения", "lost power", "had access to");
- the unit, for measures and money: %, tonnes, hectares, litres, m² and km² ("кв. м", "square
  metres"), currencies by sign, code or word, after scales ("21 млрд рублей", "$390 million",
  "CHF 4.4 billion", "3,7 тыс. тонн мазута"); a sum is of the noun it is "of" ("a pre-tax loss of",
  "збиток у"), which is counted whatever verb reports it; a results line's share is of the name
  that opens it ("Georgian Dream: 54.08%");
- the qualifier (`model.Qualifier`), first match wins: period ("за минулу добу", "з початку
  року"), reference ("not 63", "up from", "раніше повідомлялося про"), another side's figure
  ("citing medics", "за даними ОВА, ..., повідомили Повітряні сили"), subset ("з них",
  "including"), increment ("ще двоє" adding to the same count, "(+9)", "rose by 14"), range,
  lower and upper bounds, approximation, else total;
- time cues and places, which `compare/incidents.py` uses to tell incidents apart.
Lemmas come from `morph.py` and meet across languages through `concepts.py`.

Not figures, on purpose (each a tested rule in `counting.not_a_figure`): dates and years, clock
times, ages ("15-річна", "7-year-old", "в возрасте 7, 10 и 11 лет"), ordinals, durations, model
names and codes (Х-22, Shahed-136, M-100, Ту-22М3), house and street numbers, "№"/"No." labels,
scores ("2:3"), distributive amounts ("по 10 тыс. рублей" each), measures that are not counts
(metres, kV, degrees), "one of", numbers governed by another noun or a preposition ("в
результате попадания четырёх ракет", "from two dinghies"), and any number with neither an event
nor a unit (forces described, "3,8 тыс. человек работают", are not a toll that can be revised).
Errs towards dropping a figure: a figure we cannot tie to a thing could only make a false
number_change.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.extract import concepts, counting, morph, when
from bot.extract.numbers import Number, numbers, scale_of
from bot.extract.places import place_keys
from bot.extract.tokens import Token, normalise, tokenize
from bot.model import Figure, Qualifier

__all__ = ["EVENT_NOUNS", "Context", "Found", "counts_a_period", "figures", "says_update"]

_SUBSET = (
    "серед них", "среди них", "з них", "із них", "из них", "в том числе", "у тому числі", "в т.ч", "у т.ч",
    "among them", "among those", "of them", "of whom", "including", "зокрема", "включая", "в их числе",
    "серед яких", "среди которых", "из которых", "з яких", "among whom", "включно з", "в том числе и",
)  # fmt: skip
_INCREMENT = ("еще", "ще", "another", "additional", "a further", "further", "дополнительно", "додатково",
              "еще как минимум", "ще щонайменше", "ще понад", "еще более", "еще около", "ще близько", "еще почти",
              "ще майже", "еще примерно", "ще приблизно", "еще не менее", "ще не менше")  # fmt: skip
# (tokens read "ё" as "е": "ещё около" is matched as "еще около")
_LOWER = (
    "more than", "over", "at least", "upwards of", "in excess of", "no fewer than", "no less than", "above",
    "более", "свыше", "больше", "не менее", "не меньше", "как минимум", "по меньшей мере", "по меньше мере", "минимум",
    "более чем", "понад", "більше", "щонайменше", "не менше", "не менш як", "не менш ніж", "принаймні", "мінімум",
    "більш ніж", "більше ніж", "щонайменш",
)  # fmt: skip
_UPPER = (
    "up to", "almost", "nearly", "fewer than", "less than", "under", "as many as", "as much as", "close to",
    "до", "почти", "менее", "меньше", "не более", "не больше", "майже", "менше", "не більше", "менш ніж",
    "менше ніж", "мало не", "чуть менее", "трохи менше", "ледь не", "намного меньше", "значно менше",
)  # fmt: skip
_APPROX = (
    "about", "around", "roughly", "approximately", "some", "an estimated", "estimated", "~", "circa",
    "около", "порядка", "примерно", "приблизительно", "ориентировочно", "приблизно", "близько", "орієнтовно",
)  # fmt: skip
_BOUNDS = [(p, Qualifier.LOWER_BOUND) for p in _LOWER] + [(p, Qualifier.UPPER_BOUND) for p in _UPPER] + [
    (p, Qualifier.APPROX) for p in _APPROX]  # fmt: skip
_REFERENCE = (
    "а не", "and not", "not", "instead of", "rather than", "вместо", "замість", "up from", "down from", "than the",
    "compared with", "compared to", "против", "проти", "порівняно з", "по сравнению с",
    "from", "с", "з", "від", "previous", "previously", "earlier", "ранее", "раніше", "прежних", "попередніх",
    "earlier estimate of", "previous estimate of", "initial estimate of", "original estimate of",
)  # fmt: skip
_REFERENCE_PHRASES = ("increase over the", "increase over", "rise over the", "rise over", "increase on the")
# The words of qualifier phrases, stepped over to find what governs a number ("не менее", "понад").
_QUALIFYING = {w for phrase in (*_LOWER, *_UPPER, *_APPROX, *_INCREMENT) for w in phrase.split()} - {
    "до",
    "by",
    "under",
}
_EARLIER_REPORT = re.compile(
    r"\b(?:раніше|ранее|раньше|прежде|earlier|previously|initially|at first|спочатку|сначала|первоначально"
    r"|речь шла|йшлося|йшла мова|had said|had reported|had put|it had said|повідомлялося|повідомлялось|сообщалось"
    r"|it was reported|had been reported|was initially reported"
    # the morning's report, not the morning's events: "Зранку повідомлялося про 16", not "Вранці загинули троє"
    r"|(?:зранку|вранці|утром|this morning)\s+(?:[\w']+\s+){0,2}?(?:повідомл\w*|сообща\w*|сообщил\w*|говорил\w*|"
    r"було відомо|было известно|йшлося|речь шла|заявля\w*|(?:it )?was reported|officials said))\b",
    re.IGNORECASE,
)
_NOW = re.compile(r"\b(?:now|теперь|тепер|зараз|сейчас|уже|вже|згодом|позже|later|уточнили|updated)\b", re.IGNORECASE)
_PERIOD = re.compile(
    # a count over a span of clock time: "с 09.00 до 09.30 мск", "from 8:00 to 11:00", "з 08:00 до 11:00"
    r"(?:\b(?:с|со|з|із|from|between)\s+)\d{1,2}[.:]\d{2}\s*(?:мск\s*)?(?:до|по|to|and|till|until|-|–)\s*\d{1,2}[.:]\d{2}|"
    r"\b(?:over|in|during|for) the (?:past|last|previous) (?:day|24 hours|week|month|two days|48 hours|weekend)"
    r"|\bper day\b|\ba day\b|\beach day\b|\bdaily\b|\bper week\b|\bthis week\b|\bso far this (?:week|month|year)\b"
    r"|\bsince the (?:start|beginning) of the (?:week|month|year)\b|\bover the weekend\b"
    r"|за (?:минувшие |прошедшие |последние |истекшие )?(?:сутки|двое суток|трое суток)|в сутки|за день(?! до\b)"
    r"|за (?:минулу |останню |попередню )?добу|на добу|за (?:минулий |останній )?день(?! до\b)"
    r"|(?:упродовж |протягом |впродовж |за )?(?:минулої|останньої|попередньої) доби|протягом доби|упродовж доби"
    r"|минувшие сутки|прошедшие сутки|за сутки"
    r"|за (?:прошедшую |минувшую |последнюю |эту )?неделю|за (?:минулий |останній |цей )?тиждень"
    r"|в течение (?:прошедших |минувших )?суток|(?:за|на) сегодня\b|today's (?:count|toll|figures?|tally|numbers|data)\b|so far today|за сегодня"
    r"|за (?:две|дві|три) (?:последние |останні |минувшие |минулі )?ноч[іи]|за (?:две|три) ночи"
    r"|(?:over|in) the (?:past|last) (?:two|three) nights"
    r"|(?:з|від) початку (?:тижня|місяця|року)|с начала (?:недели|месяца|года)"
    r"|за (?:вихідні|выходные)",
    re.IGNORECASE,
)
_UPDATE = re.compile(
    r"уточн|обновл|оновл|\bupdated\b|^update\b|\bupdate(?: on\b| to\b|:| #| no\.?\s*\d)"  # not "a software update"
    r"|\b(?:press |flash )?bulletin (?:no\.? ?|#)?\d+|\bflash update|\bsitrep\b|\bзведення №|\bсводка №"
    r"|\brevis|\bcorrect|переглян|пересмотр|\brais(?:e|ed|es|ing)\b|\blowered\b|\brose\b|\brisen\b|\brises\b"
    r"|\b(?:bring|brings|bringing|brought|taking|takes|took) the (?:total|number|toll|count|figure)"
    r"|\bclimb|\bincreased?\b|\bnow\b|\bтеперь\b|\bтепер\b|возросл|выросл|увеличил|достиг|превысил|зросл|збільшил"
    r"|сягнул|перевищил|остаточн|окончательн|\bfinal\b|новые данные|нові дані|нову кількість|новое число"
    r"|\bа не\b|\bnot \d|as first reported|как сообщалось ранее|як повідомлялося раніше|instead of|вместо|замість",
    re.IGNORECASE,
)
# A count given as of a calendar day ("As of August 28, 2024, 57 people have been hospitalized", "На 10:00
# (мск) 23 августа обнаружены тела 69 погибших", "станом на 5 березня") or said to stand at a total ("the
# official death toll stands at 64"): the running count of something still being counted, which revises the
# last one (a time of day alone, "станом на 09:00", is the morning report of the night's attack: no such word).
_STATUS = re.compile(
    r"(?:\bas of|станом на|по состоянию на|(?:^|[.!?]\s+)на)\s+(?:\d{1,2}[:.]\d{2}\s*(?:\([^)]{0,10}\)\s*)?)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+" + when.MONTH_WORD + r"|" + when.MONTH_WORD + r"\s+\d{1,2})\b"
    r"|\b(?:toll|count|number|figure)\s+(?:\w+\s+){0,2}?stands?\s+at\b",
    re.IGNORECASE,
)
EVENT_NOUNS = (
    r"(?:attack|strike|air ?strike|quake|earthquake|aftershock|shelling|explosion|blast|fire|wildfire|flood|protest"
    r"|rall(?:y|ies)|raid|barrage|bombardment|assault|crash|derailment|outbreak|wave|night|collapse|shooting"
    r"|hurricane|sinking|атак|удар|обстр[еі]л|обрушени|обвал|стрельб|стрілянин|ураган"
    r"|землетрясени|землетрус|взрыв|вибух|пожар|пожеж|наводнени|повен|повін|паводк|акци|акці|протест|нал[её]т"
    r"|наліт|авари|аварі|катастроф|ноч|хвил|волн)"
)
_FRESH = re.compile(
    r"\b(?:new|another|fresh|renewed|second|third|latest|repeated)\s+(?:[\w.,'-]+\s+){0,3}?"
    + EVENT_NOUNS
    + r"|(?<!\w)(?:нов|очередн|повторн|втор|трет|чергов|друг|трет)\w*\s+(?:[\w-]+\s+){0,3}?"
    + EVENT_NOUNS
    + r"|(?<!\w)(?:ещё|еще|ще)\s+(?:одн\w+)\s+(?:[\w-]+\s+){0,2}?"
    + EVENT_NOUNS,
    re.IGNORECASE,
)
_CITING = re.compile(
    r"\bciting\b|\bwith reference to\b|з посиланням на|посилаючись на|со ссылкой на|ссылаясь на|\bquoting\b",
    re.IGNORECASE,
)
_ACCORDING = re.compile(
    r"\baccording to\b|за даними|за інформацією|по данным|по информации|по сведениям|за словами|по словам",
    re.IGNORECASE,
)
_SAID = re.compile(
    r"\b(?:said|says|told|reported|announced|повідом\w+|заяв\w+|сообщ\w+|сказа\w+|написа\w+|зазнач\w+)\b",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?:\+\d{1,3}[\s-]?)?\(\d{2,5}\)\s?\d{2,4}(?:[\s-]\d{2,4}){1,2}"
    r"|(?<![\d,.])\d{1,4}(?:[\s-]\d{2,4}){0,2}-\d{2,3}-\d{2}(?![\d-])"
    r"|(?<![\d,.])\d{3}-\d{3,4}(?:-\d{4})?(?![\d-])"
)
_CHANGED_BY = {"by", "на"}
_PEOPLE = {
    "person",
    "child",
    "soldier",
    "prisoner",
    "police officer",
    "rescuer",
    "medic",
}  # "rose by 14", "зросла на 9": the difference


def says_update(text: str) -> bool:
    """Does a text say it revises earlier figures ("Уточнені дані", "rose to", "not 63")?"""
    folded = normalise(text)
    return bool(_UPDATE.search(folded) or _STATUS.search(folded))


def says_fresh(text: str) -> bool:
    """Does a text say something happened anew ("a new quake", "another strike", "ще одна атака",
    "повторный удар", "second night of protests")?"""
    return bool(_FRESH.search(normalise(text)))


def counts_a_period(text: str) -> bool:
    """Does a text give counts for a period ("за минулу добу", "over the past day")?"""
    return bool(_PERIOD.search(normalise(text)))


@dataclass(frozen=True)
class Context:
    """What a sentence inherits from the text around it.

    `header` is the line a bullet hangs from ("Наслідки атаки станом на 09:00:"); its figure's
    thing and event carry down to bullets that name none, and bullets under a header that gives
    a total are its breakdown. `carry` is the last figure of the paragraph, for a bare "14%".
    """

    header: str = ""
    header_figures: tuple[Figure, ...] = ()
    carry: Figure | None = None
    published: datetime | None = None
    lang: str | None = None
    not_places: frozenset[str] = frozenset()  # place keys of the sides' names ("Минтранса" is no place)


@dataclass
class Found:
    """A figure with the words it was read from."""

    figure: Figure
    start: int  # character offsets of the number in the sentence
    end: int
    words: str = ""  # the counted thing in words, as written
    running: bool = False  # a running total ("загалом з 10 травня", "in total"): no period around it applies


@dataclass
class _Reading:
    """One number being read: what has been found so far."""

    number: Number
    lo: int
    hi: int
    unit: str | None = None
    unit_end: int = 0
    noun: int | None = None
    thing: str | None = None
    event: str | None = None
    own_event: str | None = None  # the event the counted word itself carries ("загиблих")
    named_sum: bool = False  # a sum named by what it is "of" ("a charge of CHF 4.4 billion", "збиток у")
    share_of: bool = False  # a share labelled by whom it is of ("за Лукашенко проголосовали 80,08%")
    words: str = ""
    qualifier: Qualifier = Qualifier.TOTAL


def figures(sentence: str, context: Context | None = None) -> list[Found]:
    """Every figure in one sentence or bullet line (see the module docstring)."""
    context = context or Context()
    text = normalise(sentence)
    if context.lang is None:  # a bullet's language is its header's too ("— поранено 5 людей;")
        context = replace(context, lang=morph.language(f"{context.header} {text}"))
    tokens = tokenize(text, context.lang)
    found_numbers = numbers(tokens)
    if not found_numbers:
        return []
    header_tokens = tokenize(normalise(context.header), context.lang) if context.header else []
    update = says_update(text) or bool(context.header and says_update(context.header))
    fresh = says_fresh(text) or bool(context.header and says_fresh(context.header))
    header_period = bool(context.header and _PERIOD.search(normalise(context.header)))
    cues = when.cues(text, context.published)
    header_cues = when.cues(context.header, context.published) if context.header else []
    places = place_keys(text, context.lang, context.not_places)
    if context.header:
        places = tuple(dict.fromkeys(places + place_keys(context.header, context.lang, context.not_places)))
    number_tokens = {j for n in found_numbers for j in range(n.first, n.last + 1)}
    phones = [m.span() for m in _PHONE.finditer(text)]
    result: list[Found] = []
    previous: _Reading | None = None
    for index, number in enumerate(found_numbers):
        if any(a <= tokens[number.first].start < b for a, b in phones):
            continue  # "(808) 270-7771", "8 800 707-05-28": a phone number
        reading = _read(text, tokens, found_numbers, index, number_tokens, context, header_tokens, previous)
        if reading is None:
            continue
        reading.qualifier = _qualifier(text, tokens, reading, found_numbers, index, update, previous)
        cue = _cue_for(number, tokens, cues, reading.lo, reading.hi, text, header_cues)
        running = _runs_on(text, tokens, reading, cue)
        if header_period and reading.qualifier is not Qualifier.REFERENCE and not running:
            reading.qualifier = Qualifier.PERIOD
        if cue is not None and not cue.explicit and cue.kind != "night":
            cue = None  # "on Thursday", "today" are as often the day of the report as of the incident
        # A running total ("Всего в результате аварии погибли 46 человек") sums up the incident so
        # far: it may revise a total given a day or two before (compare/incidents.py).
        figure = Figure(
            value=number.value,
            counted=f"{reading.thing or ''}|{reading.event or ''}|{reading.unit or ''}",
            text=counting.figure_text(tokens, number, reading.noun, reading.unit_end),
            qualifier=reading.qualifier,
            when=cue.key if cue else None,
            places=places,
            update=update,
            fresh=fresh,
            running=running and not (cue is not None and cue.kind == "since"),
        )
        result.append(Found(figure, tokens[number.first].start, tokens[number.last].end, reading.words, running))
        previous = reading
    counts = [tokens[n.first].start for i, n in enumerate(found_numbers)
              if not counting.not_a_figure(tokens, n, found_numbers, i)]  # fmt: skip
    _breakdown(text, counts, result)
    _alternatives(text, result)
    # "about 2.1 million, far fewer than the 9.8 million it had feared": naming the old value of
    # the same count says the new one revises it.
    references = [f.figure for f in result if f.figure.qualifier is Qualifier.REFERENCE]
    referred = {f.thing: f.value for f in references if f.thing}
    # "will cost $4.3 billion, more than double its earlier estimate of $1.9 billion": one old sum
    by_unit = {f.unit: f.value for f in references if f.unit and sum(r.unit == f.unit for r in references) == 1}
    for hit in result:
        old = referred.get(hit.figure.thing) if hit.figure.thing else None
        if old is None and hit.figure.unit in counting.MONEY_OR_SHARE:
            old = by_unit.get(hit.figure.unit)
        if hit.figure.qualifier.compared and old is not None:
            hit.figure = replace(hit.figure, update=True, replaces=old)
    return result


# Between a figure and the old value it is given instead of: "43,5 млрд рублей, а не 35 млрд", "64, not 63".
_INSTEAD_OF = re.compile(
    r"^\s*(?:[^\W\d]+\s*)?[,(—–-]?\s*(?:а не|and not|not|rather than|instead of|вместо|замість)\s+(?:\S+\s+)?$",
    re.IGNORECASE,
)


def _alternatives(text: str, result: list[Found]) -> None:
    """An old value given right after a figure as what it replaces ("43,5 млрд рублей, а не 35 млрд")
    counts what that figure counts, whatever words follow it ("как оценивалось в первые дни")."""
    for before, after in itertools.pairwise(result):
        if (
            after.figure.qualifier is Qualifier.REFERENCE
            and before.figure.qualifier.compared
            and _INSTEAD_OF.match(text[before.end : after.start])
        ):
            after.figure = replace(after.figure, counted=before.figure.counted)


def _breakdown(text: str, number_starts: list[int], result: list[Found]) -> None:
    """A figure, a colon, then several figures: the list breaks the first down ("уничтожены 24
    беспилотника: шесть над Ростовской областью, пять – над Брянской, ...", "погибли 5 человек:
    трое взрослых и двое детей"). The parts are subsets, never the total of their own thing."""
    colon = text.find(":")
    while colon != -1:
        before = [start for start in number_starts if start < colon]  # a count, read as a figure or not ("еще 11")
        after = [f for f in result if f.start > colon]
        if before and len(after) >= 2 and ":" not in text[colon + 1 :]:  # (a bulletin's labels each end in one)
            for hit in after:
                if hit.figure.qualifier.compared:
                    hit.figure = replace(hit.figure, qualifier=Qualifier.SUBSET)
            return
        colon = text.find(":", colon + 1)


def _read(text: str, tokens: list[Token], found_numbers: Sequence[Number], index: int, number_tokens: set[int],
          context: Context, header_tokens: list[Token], previous: _Reading | None) -> _Reading | None:  # fmt: skip
    """What one number counts and under which event, or None when it is not a figure."""
    number = found_numbers[index]
    if counting.not_a_figure(tokens, number, found_numbers, index):
        return None
    if (
        index > 0
        and found_numbers[index - 1].last + 2 == number.first
        and counting.is_dash(tokens[number.first - 1])
        and not counting.not_a_figure(tokens, found_numbers[index - 1], found_numbers, index - 1)
    ):
        return None  # the upper end of a range: read with the lower (but "станом на 10:45 — 11 загиблих")
    if counting.ratio_base(tokens, number, found_numbers, index):
        return None  # "74 out of 75", "71 of the 75 drones": the base a figure is counted out of
    lo, hi = counting.clause_bounds(tokens, number.first, number.last)
    reading = _Reading(number, lo, hi)
    reading.unit, reading.unit_end = counting.unit_after(tokens, number)
    if _range_end(tokens, found_numbers, index) is not None:
        reading.unit, reading.unit_end = counting.unit_after(tokens, found_numbers[index + 1])
    if reading.unit is not None and counting.conversion(tokens, number, found_numbers, index):
        return None  # "36.5 billion roubles ($390 million)": the same amount converted
    _find_thing(tokens, reading)
    if reading.noun is not None and tokens[reading.noun].word.lemma in counting._TIME_NOUNS:
        return None  # "дві останні ночі": a duration
    skip = number_tokens | ({reading.noun} if reading.noun is not None else set())
    if reading.unit is None and counting.governed(tokens, number, _QUALIFYING) and not _bodies_of(tokens, number):
        # "В результате попадания четырёх ракет", "из шести выпущенных ракет": the clause's verb is
        # not what happened to these; only a word inside their own phrase can say it.
        inner = counting.nearest_event(tokens, number.last + 1, reading.noun or number.last, number, skip,
                                       reading.thing)  # fmt: skip
        reading.event = inner or reading.own_event
        if reading.event is None:
            return None
    else:
        _find_event(text, tokens, reading, skip)
    _apposition(text, tokens, reading)
    _inherit(tokens, reading, context, header_tokens, previous)
    if reading.unit is None and reading.thing in (None, "person", "child") and _bodies_of(tokens, number):
        reading.thing, reading.event = reading.thing or "person", "killed"  # "извлечены тела 23 человек": the dead
    if reading.event is None and reading.unit is None:
        reading.event = counting.phrase_event(text, tokens, number, lo, hi, wide=True)
    if (
        reading.event is None
        and reading.unit is None
        and concepts.ABOARD.search(text[tokens[lo].start : tokens[hi].end])
    ):
        reading.event = "aboard"
    if reading.event is None and reading.unit is None:
        return None  # forces described, not a count that can be revised
    if reading.thing is None and reading.unit is None:
        return None
    if reading.event is not None and ":" in reading.event and reading.thing in _PEOPLE and reading.unit is None:
        return None  # "У Купянска сосредоточено 1 000 военнослужащих": people with no known event are forces described
    if (
        reading.noun is not None
        and not concepts.is_thing_concept(reading.thing)
        and tokens[reading.noun].word.animate
        and reading.event in concepts.PEOPLE_EVENTS
    ):
        reading.thing = "person"  # "погибли 32 горняка" and "погибли 46 человек" count the same dead
    if reading.event == "without power" and reading.thing == "person":
        reading.thing = "customer"
    if reading.unit in _AREAS and reading.thing != "fire" and _fire_named(tokens, lo, hi):
        # "Огонь уничтожил 1200 гектаров леса", "the wildfire has burned 1,200 hectares": the fire's area
        reading.thing = "fire"
    if reading.thing == "fire" and reading.unit in _AREAS:
        reading.event = None  # a fire's area, whatever verb gives it ("охопило", "spread over", "составляет")
    if reading.share_of:
        reading.event = None  # a candidate's share, whatever verb gives it ("проголосовали", "набрав", "—")
    if reading.unit in counting.MONEY:
        if reading.event == "lost" and reading.thing in (None, "person"):
            reading.thing = "damage"  # "втратив 4,4 млрд франків": the loss is what is counted
        if reading.named_sum or concepts.is_thing_concept(reading.thing):
            reading.event = None  # a named sum ("a charge of", "збиток у") is counted whatever verb reports it
    if (
        reading.thing is not None
        and concepts.THING_CLASSES.get(reading.thing) == "aerial"
        and reading.event == "destroyed"
    ):
        reading.event = "downed"  # a drone or missile "destroyed" was shot down
    return reading


def _fire_named(tokens: list[Token], lo: int, hi: int) -> bool:
    """Does the clause name a fire or burning (an area in it is the fire's)?"""
    return any(t.kind == "word" and (concepts.thing_concept(t.word.lemma, t.lang) == "fire"
                                     or concepts.event_concept(t.word.lemma, t.lang) == "burned")
               for t in tokens[lo : hi + 1])  # fmt: skip


_BODIES = {"body", "bodies", "remains", "тело", "тела", "тел", "останки", "тіло", "тіла", "тіл", "рештки"}


def _bodies_of(tokens: list[Token], number: Number) -> bool:
    """Is the number counting bodies found ("тела ещё 12 человек", "the bodies of 14 people",
    "14 bodies")? Bodies recovered are a toll, whatever verb reports them (found, pulled out,
    "извлечены", which elsewhere says people were rescued)."""
    k = number.first - 1
    while k >= 0 and tokens[k].lower in ("of", "ещё", "еще", "ще", "another", "more", "a", "further"):
        k -= 1
    if k >= 0 and tokens[k].lower in _BODIES:
        return True
    after = number.last + 1
    return after < len(tokens) and tokens[after].lower in _BODIES


_DEFINITE = {"the", "those", "these", "its", "their", "his", "her", "our"}


def _part_of_named_whole(tokens: list[Token], of: int, k: int, base: bool = False) -> bool:
    """ "25 of the deaths", "двое из погибших": a part of a whole already counted, named by a plural
    noun that carries its event, after "of the" (English) or "из"/"з" (not a place: "20 из Херсона")."""
    token = tokens[k]
    if token.kind != "word" or token.capitalised or not token.word.plural or counting.thing_of(tokens, k)[1] is None:
        return False  # (the whole names its event: "76 of the drones" were shot down, a count of its own)
    if base:  # after the whole's own number: "69 of the 111 deaths", "двое из 12 погибших"
        return token.word.pos in ("NOUN", "PRTF") or token.lang != "en"
    if token.lang == "en":
        return tokens[of].lower == "of" and k > of + 1 and tokens[k - 1].lower in _DEFINITE and token.word.pos == "NOUN"
    return tokens[of].lower in ("из", "з", "із") and k == of + 1 and token.word.case == "gent"


def _find_thing(tokens: list[Token], r: _Reading) -> None:
    number, lo, hi = r.number, r.lo, r.hi
    search_from = r.unit_end + 1
    after = tokens[number.last + 1] if number.last + 1 < len(tokens) else None
    if after is not None and after.lower in counting.OF and r.unit is None:
        k = number.last + 2
        if after.lower == "out" and k < len(tokens) and tokens[k].lower == "of":
            k += 1
        while k <= hi and tokens[k].kind == "word" and tokens[k].word.pos in ("DET", "ADJF"):
            k += 1
        if k <= hi and tokens[k].lower in counting.THEM:
            r.qualifier = Qualifier.SUBSET  # "two of them", "троє з них"
            search_from = k + 1
        elif k <= hi and _part_of_named_whole(tokens, number.last + 1, k):
            r.qualifier = Qualifier.SUBSET  # "25 of the deaths identified so far", "двое из погибших"
        elif k <= hi and tokens[k].kind == "num":
            search_from = k + 1  # "71 of the 75 drones": the noun after the base
            if k + 1 <= hi and _part_of_named_whole(tokens, number.last + 1, k + 1, base=True):
                r.qualifier = Qualifier.SUBSET  # "69 of the 111 deaths": the base is the toll, this a part of it
        else:
            search_from = k
    if r.unit is not None:
        name = counting.name_label(tokens, number)
        if name is None and r.unit == "percent":
            name = counting.share_label(tokens, number) or counting.listed_label(tokens, number)
            r.share_of = name is not None
        if name is not None:
            r.thing, r.words = name  # "Georgian Dream: 54.08%": the party's share
            return
    labelled = counting.label_before(tokens, number) if r.unit is None else None
    if labelled is not None and (after is None or after.kind != "word" or after.capitalised):
        r.thing, r.own_event, r.words = labelled  # "Collapsed buildings: 5,606 People rescued ...: 7,840"
        return
    r.noun = counting.counted_noun(tokens, search_from, hi)
    if r.noun is None and r.unit is None:
        shared = counting.shared_noun(tokens, number, hi)
        if shared is not None:  # "38 частных и восьми многоквартирных домов": the houses are private ones
            adjective, r.noun = shared
            r.thing = counting.kind_of(tokens, adjective, r.noun) or counting.thing_of(tokens, r.noun)[0]
            r.words = f"{tokens[adjective].text} {tokens[r.noun].text}"
            return
        r.noun = counting.out_of_before(tokens, number, lo)
    if r.noun is not None:
        r.thing, r.own_event = counting.thing_of(tokens, r.noun)
        r.words = tokens[r.noun].text
        other = _coordinated_noun(tokens, r.noun, hi)
        if other is not None and r.own_event is None:
            second, _ = counting.thing_of(tokens, other)
            if second != r.thing and "person" not in (second, r.thing) and ":" not in second + (r.thing or ""):
                # "200 drones and missiles" counts both: not the same thing as "170 drones"
                r.thing = "+".join(sorted((r.thing, second)))
        return
    if r.unit is None:
        named = counting.number_of(tokens, lo, number.first) or counting.substantive_before(tokens, number, lo)
        if named is not None:
            r.thing, r.own_event, r.words = named
        return
    # A measure's stuff may be named by a "volume of" phrase ("Обсяг перевалки агропродукції ...
    # уточнено до 3,7 млн т": the last of its genitives) or before a dash ("агропродукції — 3,3 млн т").
    measure = r.unit not in counting.MONEY_OR_SHARE
    named = counting.number_of(tokens, lo, number.first, chain=measure)
    proper = named is not None and named[2][:1].isupper()  # "По оценке Росприроднадзора": no stuff
    if named is not None and named[0] != "person" and (concepts.is_thing_concept(named[0]) or (measure and not proper)):
        r.thing, r.own_event, r.words = named
        return
    if r.unit in counting.MONEY:
        named_sum = counting.amount_of(tokens, number)
        if named_sum is not None:
            (r.thing, r.words, r.noun), r.named_sum = named_sum, True
            return
    r.thing, r.words, r.noun = counting.measured_thing(tokens, number, r.unit, r.unit_end, lo, hi)
    if r.thing is None and measure:
        stuff = counting.stuff_before(tokens, number)
        if stuff is not None:
            r.thing, r.words = stuff
    if r.thing is None and r.unit in _AREAS and any(
            t.kind == "word" and t.word.pos == "NOUN" and concepts.thing_concept(t.word.lemma, t.word.lang) == "fire"
            for t in tokens[: number.first]):  # fmt: skip
        r.thing = "fire"  # "загоряння охопило 45 га", "a forest fire has spread over 20 hectares": its area


def _apposition(text: str, tokens: list[Token], r: _Reading) -> None:
    """A verbless number phrase set after a noun and a comma ("all our customers, about 3.9 million
    people, ...") renames that noun, so it counts what the noun names, under the noun's event."""
    lo = r.lo
    if lo < 2 or tokens[lo - 1].text != "," or r.unit is not None or r.thing not in (None, "person"):
        return
    if any(t.kind == "word" and t.word.verbal for t in tokens[lo : r.hi + 1]):
        return
    head = lo - 2
    if tokens[head].kind != "word" or tokens[head].word.pos != "NOUN":
        return
    thing, own_event = counting.thing_of(tokens, head)
    if thing is None or (r.thing == "person" and thing not in _PEOPLE | {"customer"}):
        return
    r.thing = thing
    if r.event is None or ":" in r.event:
        start, _ = counting.clause_bounds(tokens, head, head)
        window = text[tokens[max(start, head - 15)].start : tokens[head].end]
        r.event = own_event or concepts.event_from_phrases(window) or r.event


_AND = {"and", "or", "и", "или", "і", "й", "та", "або"}


def _coordinated_noun(tokens: list[Token], noun: int, hi: int) -> int | None:
    """The second noun of "drones and missiles", "дронів і ракет", "беспилотников и крылатых ракет"."""
    k = noun + 1
    if k <= hi + 1 < len(tokens) and tokens[k].text == ",":  # "300 дронів, крилатих і балістичних ракет"
        hi = min(len(tokens) - 1, k + 5)  # the list runs on past the clause's comma
        k += 1
        while k <= hi and tokens[k].kind == "word" and tokens[k].word.pos in ("ADJF", "PRTF"):
            k += 1
    if k > hi or tokens[k].lower not in _AND:
        return None
    k += 1
    while k <= hi and tokens[k].kind == "word" and tokens[k].word.pos in ("ADJF", "PRTF"):
        k += 1
    if k <= hi and tokens[k].kind == "word" and tokens[k].word.pos == "NOUN":
        first, second = tokens[noun].word, tokens[k].word
        # both counted by the one number: plural, and in Russian or Ukrainian in the same case
        # ("беспилотников и ракет"; not "3 будинки і школу", "3 houses and a school")
        same_case = first.lang == "en" or first.case == second.case
        plural = second.plural or (second.lang == "en" and second.text != second.lemma)
        if plural and same_case:
            return k
    return None


_DONE_TO_INJURED = {"hospitalised", "evacuated"}


def _find_event(text: str, tokens: list[Token], r: _Reading, skip: set[int]) -> None:
    number, lo, hi = r.number, r.lo, r.hi
    # A phrase right after the number says it ("шестеро получили ранения", "lost power").
    r.event = counting.phrase_event(text, tokens, number, lo, hi, wide=False)
    if r.event is None:
        r.event = r.own_event  # a noun that carries its own event ("кількість загиблих", "64 поранених")
    if r.event is None:
        if tokens[number.first].lang == "en":
            r.event = counting.english_event(tokens, number, r.noun, lo, hi, skip, r.thing)
        else:
            r.event = counting.nearest_event(tokens, lo, hi, number, skip, r.thing)
    if r.event is None or ":" in r.event:
        r.event = counting.phrase_event(text, tokens, number, lo, hi, wide=True) or r.event
    if r.event is None and not any(t.kind == "word" and t.word.verbal for t in tokens[lo : hi + 1]):
        # "поранено 64, з них 12 дітей": a subset's event comes from the clause before; "At least
        # 127 people, two of them police officers, died": a subject's verb comes after an aside.
        before = counting.nearest_event(tokens, 0, lo - 1, number, skip, r.thing) if lo > 0 else None
        after = counting.nearest_event(tokens, hi + 1, len(tokens) - 1, number, skip, r.thing)
        ordered = (before, after) if r.qualifier is Qualifier.SUBSET else (after, before)
        # A known event beats a verb we cannot name ("..., а не 225, ... вдалося додати ще п'ятьох").
        known = [e for e in ordered if e is not None and ":" not in e]
        r.event = known[0] if known else ordered[0] or ordered[1]
    counted = (r.noun if r.noun is not None else number.last + 1) + 1  # the word after "пострадавших"
    if r.event == "injured" and counted <= hi and counting.event_of(tokens[counted], r.thing) in _DONE_TO_INJURED:
        # "24 пострадавших госпитализированы": what the verb after the injured says was done to them
        r.event = counting.event_of(tokens[counted], r.thing)


def _inherit(tokens: list[Token], r: _Reading, context: Context, header_tokens: list[Token],
             previous: _Reading | None) -> None:  # fmt: skip
    """Fill in what the sentence leaves out from the figure before it, the header, or the paragraph."""
    if (
        r.thing is None
        and r.unit is None
        and previous is not None
        and previous.thing is not None
        and (r.qualifier is Qualifier.SUBSET or _coordinated(tokens, r.number))
    ):
        # "збито 52 БпЛА, ще 30 локаційно втрачені", "з них 186 зруйновано"; with an adjective of its
        # own, another kind of the same noun ("38 частных домов и 8 многоквартирных")
        kind = _elided_kind(tokens, r.number, previous)
        r.thing = kind or previous.thing
        r.event = r.event or previous.event
    if r.event is None and header_tokens:
        r.event = counting.header_event(header_tokens, r.thing)
    if r.event == "without power" and r.thing is None:
        r.thing = "customer"
    if r.thing is None and r.event in concepts.CASUALTY_EVENTS:
        r.thing = "person"
    if context.header_figures and r.unit is None and r.qualifier is Qualifier.TOTAL:
        parent = context.header_figures[0]
        if r.thing is None:
            r.thing, r.event = parent.thing, r.event or parent.event
            r.qualifier = Qualifier.SUBSET  # "— Київ і Київщина — 66;" under "знищено 71 БпЛА:"
        elif parent.thing == r.thing and (not r.event or parent.event == r.event) and r.number.value <= parent.value:
            r.qualifier, r.event = Qualifier.SUBSET, r.event or parent.event
    if r.thing is None and r.unit is not None and previous is not None and previous.unit == r.unit:
        r.thing = previous.thing  # "на конец 2023 года до 65%, на конец 2024 года — до 36%"
        r.event = r.event or previous.event
    if r.thing is None and r.unit is not None and context.carry is not None and context.carry.unit == r.unit \
            and not _names_a_thing(tokens):  # fmt: skip
        r.thing = context.carry.thing or None  # "For the end of 2025 it now sees 14%."
        r.event = r.event or context.carry.event or None


def _names_a_thing(tokens: list[Token]) -> bool:
    """Does a sentence name something that could be counted ("Net income ... was CHF 253 million"),
    so that a bare amount in it is not the previous sentence's thing again? Times, units, scales
    and names do not count."""
    for k, t in enumerate(tokens):
        if t.kind != "word" or t.word.pos != "NOUN" or (t.capitalised and k > 0):
            continue
        if t.lang == "en" and k > 0 and tokens[k - 1].kind == "word" and tokens[k - 1].word.pos in ("NPRO", "ADVB"):
            continue  # "it now sees 14%": a verb the English suffix rules took for a plural
        if t.word.lemma in counting._TIME_NOUNS or when.is_month_word(t.lower) or concepts.unit_concept(t.lower) \
                or concepts.unit_concept(t.word.lemma) or scale_of(t.lower) or t.text in counting.CURRENCY_CODES:  # fmt: skip
            continue
        return True
    return False


def _elided_kind(tokens: list[Token], number: Number, previous: _Reading) -> str | None:
    """ "38 частных домов и 8 многоквартирных": a number whose adjective stands for the previous
    figure's noun counts that noun's other kind ("многоквартирный дом") when the table knows the
    pair; else the same thing ("89 крылатых ракет и пять авиационных" are missiles)."""
    k = number.last + 1
    if previous.noun is None or k >= len(tokens) or tokens[k].kind != "word" or tokens[k].lang == "en":
        return None
    w = tokens[k].word
    if w.pos not in ("ADJF", "PRTF") or concepts.is_event(w.lemma):
        return None
    if k + 1 < len(tokens) and tokens[k + 1].kind == "word" and tokens[k + 1].word.pos == "NOUN":
        return None
    return counting.kind_of(tokens, k, previous.noun)


def _coordinated(tokens: list[Token], number: Number) -> bool:
    """Is the number the start of a coordinated clause ("..., ще 30 ...", "and 11 hurt", ", not 63")?"""
    k = number.first - 1
    while k >= 0 and tokens[k].kind == "word" and tokens[k].lower in _QUALIFYING | _CORRECTING:
        k -= 1
    return k >= 0 and (tokens[k].text in (",", ";", "—", "–") or tokens[k].lower in ("і", "и", "та", "а", "and", "or"))


_CORRECTING = {"ще", "ещё", "еще", "not", "не", "а", "instead", "of", "rather", "than", "from", "вместо", "замість", "с",
               "з", "від", "up", "down"}  # fmt: skip


def _range_end(tokens: list[Token], found_numbers: Sequence[Number], index: int) -> Number | None:
    number = found_numbers[index]
    nxt = tokens[number.last + 1] if number.last + 1 < len(tokens) else None
    if nxt is not None and counting.is_dash(nxt) and index + 1 < len(found_numbers) \
            and found_numbers[index + 1].first == number.last + 2:  # fmt: skip
        return found_numbers[index + 1]
    return None


def _qualifier(text: str, tokens: list[Token], r: _Reading, found_numbers: Sequence[Number], index: int,
               update: bool, previous: _Reading | None) -> Qualifier:  # fmt: skip
    """How a number is qualified (the first that applies, in the order of the module docstring)."""
    number, lo, hi = r.number, r.lo, r.hi
    first = number.first
    clause = text[tokens[lo].start : tokens[hi].end]
    before_number = text[: tokens[first].start]
    if _PERIOD.search(clause) or _PERIOD.search(before_number):
        return Qualifier.PERIOD
    reference = counting.phrase_before(tokens, _skip_back(tokens, first), _REFERENCE, lo, 4) or counting.phrase_before(
        tokens, first - counting.currency_before(tokens, first), _REFERENCE_PHRASES, lo, 4
    )  # "increase over the $1.9 bn"
    if reference in ("from", "с", "з", "від") and not (_followed_by_to(tokens, number, hi) or update):
        reference = None  # "from" is an old value only in "from 8 to 11" or beside a change
    if reference is not None:
        return Qualifier.REFERENCE
    if _EARLIER_REPORT.search(before_number[-80:]) and not _NOW.search(before_number[-40:]):
        return Qualifier.REFERENCE  # "Раніше повідомлялося про 16 поранених"
    if _CITING.search(text) or (_ACCORDING.search(text) and len(_SAID.findall(text)) >= 1 and
                                not _ACCORDING.search(text[: tokens[lo].start + 1] if lo else "")
                                and _speaker_and_source(text)):  # fmt: skip
        return Qualifier.OTHER_SIDE
    if r.qualifier is Qualifier.SUBSET or counting.phrase_before(tokens, first, _SUBSET, 0, 7) or _opens_subset(
            tokens, first) or any(re.search(r"(?:^|\s)" + re.escape(p) + r"(?:\s|$)",
                                            " ".join(t.lower for t in tokens[lo:first])) for p in _SUBSET):  # fmt: skip
        return Qualifier.SUBSET
    increment = _increment(tokens, r, previous)
    if increment:
        return Qualifier.INCREMENT
    if _range_end(tokens, list(found_numbers), index) is not None or (
        first > 0
        and tokens[first - 1].lower in ("від", "от", "between")
        and any(t.lower in ("до", "and") for t in tokens[number.last + 1 : number.last + 3])
    ):
        return Qualifier.RANGE
    bound = _bound(tokens, r, text)
    if bound is None and first > 0 and tokens[first - 1].kind == "word" and tokens[first - 1].word.lemma in _EXCEED:
        bound = Qualifier.LOWER_BOUND  # "превысило 8,5 тысячи", "toll passes 11,000": more than that
    return bound or Qualifier.TOTAL


_RUNNING = re.compile(
    r"\b(?:загалом|усього|всього|всего|в общей сложности|в цілому|итого|in total|overall|altogether|cumulative\w*)\b",
    re.IGNORECASE,
)


def _runs_on(text: str, tokens: list[Token], r: _Reading, cue: when.When | None) -> bool:
    """A running total: counted since a start ("з 10 травня", "since the protests began") or said
    to be the total ("загалом", "in total") in its own clause, whatever period the post reports."""
    if cue is not None and cue.kind == "since":
        return True
    before = text[tokens[r.lo].start : tokens[r.number.first].start]
    found = [m for m in _RUNNING.finditer(before) if before[m.end() :].strip()]  # "погибли всего 2" is "only 2"
    # "Загалом у столиці: загинули 27 людей …": a line opened as the total holds every figure after it
    opener = _RUNNING_OPENER.match(text)
    return bool(found) or (opener is not None and opener.end() <= tokens[r.number.first].start)


_RUNNING_OPENER = re.compile(r"^\W*" + _RUNNING.pattern + r"[^:.;!?]{0,40}:", re.IGNORECASE)


def _speaker_and_source(text: str) -> bool:
    """A sentence that names a source ("за даними ОВА") and also has its own reporting verb
    ("..., повідомили Повітряні сили"): the figure is the source's, not the speaker's."""
    according = _ACCORDING.search(text)
    said = list(_SAID.finditer(text))
    return according is not None and any(abs(m.start() - according.start()) > 25 for m in said)


def _opens_subset(tokens: list[Token], first: int) -> bool:
    """ "Серед загиблих — 32 дитини", "Among the dead were two officers"."""
    opening = [t.lower for t in tokens[: min(first, 3)] if t.kind == "word"]
    return bool(opening) and opening[0] in ("серед", "среди", "among", "including", "включая", "зокрема")


_AREAS = {"hectare", "acre", "m2", "km2"}
_INCREMENT_LEMMAS = {"additional", "дополнительный", "додатковий"}
# After a figure: another figure said to be the total it brings the count to.
_BRINGING = re.compile(
    r"\b(?:bringing|taking|brings|takes|brought|took|raising|lifting|pushing)\s+(?:the|its|their|his|her)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:total|tally|toll|overall|count|number|losses|loss)\b[^;]*?\bto\s+(?:[^\W\d]{1,3}\s+)?\S*\d"
    r"|(?:довівши|доведя|доводячи|довело|довів)\s+(?:[\w'-]+\s+){0,3}?до\s+\S*\d",
)


def _increment(tokens: list[Token], r: _Reading, previous: _Reading | None) -> bool:
    """ "ще двоє" adds to the same count; "(+9)"; "rose by 14", "зросла на 9". "ещё трое ранены"
    after "погиб один" introduces another count, which is a total (the table's decision 4)."""
    number = r.number
    first = number.first
    before = tokens[first - 1] if first > 0 else None
    after = tokens[number.last + 1] if number.last + 1 < len(tokens) else None
    if before is not None and before.text == "+" and first >= 2 and tokens[first - 2].text == "(":
        return True  # "9 520 (+9)"
    if (
        before is not None
        and before.lower in _CHANGED_BY
        and any(t.kind == "word" and t.word.lemma in concepts.CHANGE_VERBS for t in tokens[max(0, first - 5) : first])
    ):
        return True  # "rose by 14", "зросла на 9"
    if after is not None and after.lower == "more" and r.unit is None:
        return True  # "six more died"
    if r.noun is not None and r.noun < first and any(
            t.lower in _INCREMENT or t.word.lemma in _INCREMENT_LEMMAS
            for t in tokens[max(0, r.noun - 2) : r.noun] if t.kind == "word"):  # fmt: skip
        return True  # "an additional loss of approximately CHF 600 million"
    rest = " ".join(t.lower for t in tokens[number.last + 1 : number.last + 16])
    if _BRINGING.search(rest):
        return True  # "a loss of CHF 594 million, bringing the total loss to CHF 5.0 billion"
    phrase = counting.phrase_before(tokens, first, _INCREMENT, r.lo, 3)
    if phrase is None:
        return False
    # "погиб один человек и еще трое получили ранения": "ещё" before another count is not an increment
    # ("до 15 пожарных: ещё двое обратились за помощью": people left unnamed are the same people)
    same_people = r.noun is None and r.thing == "person" and previous is not None and previous.thing in _PEOPLE
    return previous is None or (previous.event == r.event and (previous.thing == r.thing or same_people))


def _bound(tokens: list[Token], r: _Reading, text: str) -> Qualifier | None:
    """The longest bound or approximation phrase right before the number (or its currency code)."""
    first = r.number.first - (1 if counting.currency_before(tokens, r.number.first) else 0)
    window = " ".join(t.lower for t in tokens[max(r.lo, first - 4) : first] if not counting.is_dash(t))
    best: tuple[int, Qualifier] | None = None
    for phrase, qualifier in _BOUNDS:
        if (window == phrase or window.endswith(" " + phrase)) and (best is None or len(phrase) > best[0]):
            best = (len(phrase), qualifier)
    if best is None:
        return None
    phrase_len, qualifier = best
    if qualifier is Qualifier.UPPER_BOUND and window.endswith("до") and phrase_len == 2:
        sentence_verbs = [t for t in tokens[max(0, r.lo - 6) : r.hi + 1] if t.kind == "word"]
        if any(t.word.lemma in concepts.CHANGE_VERBS for t in sentence_verbs) or re.search(
                r"(?:возрос|вырос|увелич|сниз|уменьш|зрос|збільш|знизи|зменш|поднял|повысил|підвищ|довел|довів)",
                text, re.IGNORECASE):  # fmt: skip
            return None  # "возросло до 89", "До 4 увеличилось число погибших": the new total
    if qualifier is Qualifier.LOWER_BOUND and window.endswith("over") and first >= 2 and tokens[first - 2].kind == "word" \
            and tokens[first - 2].word.verbal:  # fmt: skip
        return None  # "handed over 95 prisoners": a particle of the verb
    return qualifier


_EXCEED = {"превысить", "превышать", "перевищити", "перевищувати", "exceed", "surpass", "top", "pass"}
_SOFTENERS = {"the", "a", "an", "its", "their", "his", "her", "as", "much", "many", "about", "around", "some",
              "nearly", "almost", "over", "около", "более", "почти", "близько", "понад", "майже"}  # fmt: skip


def _skip_back(tokens: list[Token], first: int) -> int:
    """Step back over determiners and approximations: "up from [the] 21", "from [as much as] 3,700"."""
    k = first
    if k > 0 and counting.currency_before(tokens, k):
        k -= 1  # "over the $1.9 billion estimate"
    while k > 0 and tokens[k - 1].lower in _SOFTENERS and k > first - 5:
        k -= 1
    return k


def _followed_by_to(tokens: list[Token], number: Number, hi: int) -> bool:
    """ "from 8 to 11", "з 8 до 11": the first number is the old value."""
    rest = [t.lower for t in tokens[number.last + 1 : min(hi + 1, number.last + 6)]]
    return any(w in ("to", "до", "на") for w in rest) and any(
        t.kind == "num" or t.word.pos == "NUMR" for t in tokens[number.last + 2 : number.last + 7])  # fmt: skip


# "на 5% більше, ніж у жовтні", "up from 38 in October": a time named for a comparison is the
# other value's, not this figure's.
_COMPARED_WITH = re.compile(
    r"(?:\bніж|\bчем|\bthan|\bcompared (?:with|to)|\bпорівняно з|\bпо сравнению с|\bпроти|\bпротив|\bвідносно"
    r"|\bup from|\bdown from)\s+(?:[\w'-]+\s+){0,3}?(?:(?:у|в|во|in|on|at|the|за)\s+)?$",
    re.IGNORECASE,
)

_CLAUSE_JOINS = {"and", "but", "while", "и", "а", "но", "і", "та", "але"}
# "…, когда задержали", "…, when police detained": a clause that tells what happened on the date before it
_WHEN_CLAUSE = re.compile(r"\s*,?\s*(?:когда|коли|when)(?:\s+[\w'-]+){0,5}\s+", re.IGNORECASE)


def _cue_for(number: Number, tokens: list[Token], cues: Sequence[when.When], lo: int, hi: int, text: str = "",
             header_cues: Sequence[when.When] = ()) -> when.When | None:  # fmt: skip
    """The time cue of a number: one in its own clause (the nearest), else the nearest before it,
    else the header's, else the first after it; never one named for a comparison."""
    at = tokens[number.first].start
    compared = [c for c in cues if _COMPARED_WITH.search(text[max(0, c.start - 40) : c.start])]
    for c in compared:
        # "больше, чем 23 января, когда задержали 4 002 человека": the compared day's own figure
        if c.start < at and _WHEN_CLAUSE.fullmatch(text, c.start + len(c.text), at):
            return c
    cues = [c for c in cues if c not in compared]
    # "spend $1.9 billion replacing the bridge and aims to open it in 2028": a year after another verb is that verb's
    end = tokens[number.last].end
    cues = [c for c in cues if c.kind != "year" or c.start < end or not any(
        t.kind == "word" and (t.word.pos in ("VERB", "INFN") or t.lower in _CLAUSE_JOINS) and end <= t.start < c.start
        for t in tokens)]  # fmt: skip
    if not cues:
        return header_cues[0] if header_cues else None
    clause = (tokens[lo].start, tokens[hi].end)
    inside = [c for c in cues if clause[0] <= c.start < clause[1]]
    if inside:  # a named date or period before a weekday or "today" ("at the end of this year ... on Thursday")
        return min(inside, key=lambda c: (not c.explicit, abs(c.start - at)))
    before = [c for c in cues if c.start < at]
    if before:
        return before[-1]
    return header_cues[0] if header_cues else cues[0]
