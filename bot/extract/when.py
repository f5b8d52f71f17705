"""PURE. When a figure's incident happened (or what period a figure is for), read from the text.

Signal: an explicit date ("14 January", "on 18 November", "14 січня", "1 апреля"), a night
("у ніч на 25 листопада", "в ночь на 25 ноября", "overnight", "этой ночью", "цієї ночі"), a
relative day ("yesterday", "вчера", "вчора", "today", "on Saturday", "в субботу", "у суботу"), a
month ("in September", "в сентябре", "у вересні"), a quarter ("first quarter of 2021", "в первом
квартале", "за підсумками першого кварталу") or a year's end ("at the end of 2024", "на
конец 2024 года", "by the end of 2025"). Relative cues are resolved against the item's
publication time, so "вчора" in a post of 15 January is 14 January.

A running total names where it starts ("since 28 November", "з 10 травня", "с начала протестов",
"since the invasion"): its cue is a "since" key, which is never one day's or one night's count.
A month can be named by an adjective too ("грудневої кібератаки", "the December hack", "last
month's fire").

A cue gives a key: "2023-01-14" (a day), "2023-01-14/night" (the night ending that morning),
"2023-09" (a month), "2021-Q1" (a quarter: a company's results), "2024/end" (a year's end or a forecast year), "since:2024-11-28" or "since"
(a running total from that day, or from the start of what the text is about). Two figures with
different keys of the same kind are about different incidents; see `compare/incidents.py` for
how keys of different kinds meet. Dates that say when data were counted or reported ("станом на
08:00 6 квітня", "as of July 25", "update, July 25", "said on Monday") are no cue. Errs towards
no cue: a number that only looks like a date is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from bot.extract.memo import remembered

__all__ = ["MONTH_WORD", "When", "cues"]

_MONTHS: dict[str, int] = {}
for _n, _names in enumerate(
    [
        "january jan январ січ січня",
        "february feb феврал лют лютого",
        "march mar март берез березня",
        "april apr апрел квіт квітня",
        "may ма травн травня",
        "june jun июн черв червня",
        "july jul июл лип липня",
        "august aug август серп серпня",
        "september sep sept сентябр верес вересня",
        "october oct октябр жовт жовтня",
        "november nov ноябр листопад листопада",
        "december dec декабр груд грудня",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _n

MONTH_WORD = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
    r"|январ[яеь]|феврал[яеь]|марта?|марте|апрел[яеь]|ма[яе]|май|июн[яеь]|июл[яеь]|августа?|августе"
    r"|сентябр[яеь]|октябр[яеь]|ноябр[яеь]|декабр[яеь]"
    r"|січня|січні|лютого|лютому|березня|березні|квітня|квітні|травня|травні|червня|червні|липня|липні"
    r"|серпня|серпні|вересня|вересні|жовтня|жовтні|листопада|листопаді|грудня|грудні)"
)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:-?(?:го|е|th|st|nd|rd))?\s+{MONTH_WORD}\b(?:\s+(\d{{4}}))?", re.I)
_MONTH_DAY = re.compile(rf"\b{MONTH_WORD}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)
_NIGHT_ON = re.compile(rf"\b(?:в|у)\s+ніч\s+(?:на|проти)\s+(\d{{1,2}})\s+({MONTH_WORD})"
                       rf"|\bв\s+ночь\s+на\s+(\d{{1,2}})\s+({MONTH_WORD})", re.I)  # fmt: skip
_NIGHT_OF = re.compile(rf"\bnight\s+of\s+(\d{{1,2}})\s*(?:-|–|to|into)\s*(\d{{1,2}})\s+({MONTH_WORD})", re.I)
_TONIGHT = re.compile(
    r"\b(?:overnight|last night|this night|during the night|этой ночью|сегодня ночью|минувшей ночью|прошлой ночью"
    r"|(?:during|over|in) the (?:past|last) night|за (?:прошедшую|минувшую|прошлую|эту) ночь"
    r"|в течение (?:прошедшей |минувшей |прошлой |этой )?ночи"
    r"|за (?:минулу|цю|попередню) ніч|протягом (?:минулої|цієї) ночі"
    r"|ночью|цієї ночі|минулої ночі|сьогодні вночі|вночі|уночі|протягом ночі|за ніч|за ночь"
    r"|нічн\w* атак\w*|ночн\w* атак\w*|overnight attack|nighttime attack|night attack"
    # a night report's opening: "Ніч на Чернігівщині:", "Ночь в Белгородской области"
    r"|(?<!в )(?<!у )(?<!на )(?:ніч|ночь) (?:на|у|в) (?=[^\W\d]))\b",
    re.I,
)
_YESTERDAY = re.compile(r"\b(?:yesterday(?:'s)?|вчера|вчора|вчерашн\w*|вчорашн\w*|накануне|напередодні)\b", re.I)
_TODAY = re.compile(r"\b(?:today|this morning|сегодня|сьогодні|этим утром|цього ранку|сегодня утром|вранці)\b", re.I)
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "понедельник": 0, "вторник": 1, "среду": 2, "четверг": 3, "пятницу": 4, "субботу": 5, "воскресенье": 6,
    "понеділок": 0, "вівторок": 1, "середу": 2, "четвер": 3, "п'ятницю": 4, "суботу": 5, "неділю": 6,
}  # fmt: skip
_WEEKDAY = re.compile(
    r"\b(?:on\s+|в\s+|во\s+|у\s+)("
    + "|".join(map(re.escape, _WEEKDAYS))
    + r")(?:\s+(night|evening|ночью|вечером|вночі|увечері))?\b",
    re.I,
)
# "Saturday's crush", "субботней давки", "суботньої атаки": the day of what happened, not of the report.
_WEEKDAY_ADJECTIVES = {"понедельничн": 0, "вторничн": 1, "средов": 2, "четвергов": 3, "пятничн": 4, "субботн": 5,
                       "воскресн": 6, "понеділков": 0, "вівторков": 1, "п'ятничн": 4,
                       "суботн": 5, "недільн": 6}  # fmt: skip
_WEEKDAY_OF = re.compile(
    r"\b(" + "|".join(w for w in _WEEKDAYS if w.isascii()) + r")'s\b(?!\s+(?:statement|report|briefing|update))"
    r"|(?<![\w'])(" + "|".join(map(re.escape, _WEEKDAY_ADJECTIVES)) + r")\w*",
    re.IGNORECASE,
)
# "в ночь на субботу", "у ніч на суботу", "on the night of Friday to Saturday", "Friday night"
_WEEKDAY_ACCUSATIVE = {**_WEEKDAYS, "субботу": 5, "среду": 2, "пятницу": 4, "суботу": 5, "середу": 2, "п'ятницю": 4,
                       "неділю": 6, "воскресенье": 6}  # fmt: skip
_WEEKDAY_NIGHT = re.compile(
    r"\b(?:(?:в|у)\s+ніч\s+(?:на|проти)\s+|в\s+ночь\s+на\s+|night\s+of\s+\w+\s+(?:to|into)\s+)("
    + "|".join(map(re.escape, _WEEKDAY_ACCUSATIVE))
    + r")\b",
    re.I,
)
_YEAR_END = re.compile(
    r"\b(?:(?:at|by|for)\s+the\s+end\s+of|end-|year-end|(?:на|к)\s+конец|по итогам|на\s+кінець|до\s+кінця|наприкінці)"
    r"\s*(\d{4})\b|\b(?:end|конец|кінець)\s+(\d{4})\b",
    re.I,
)
_THIS_YEAR_END = re.compile(
    r"\b(?:the end of (?:this|the) year|end the year|year-end|конец (?:этого |текущего )?года|конец года"
    r"|кінець (?:цього |поточного )?року|итогам года|підсумками року)\b",
    re.I,
)
# A quarter of a year: "first quarter of 2021", "second-quarter", "Q1 2021", "в первом квартале 2021 года",
# "за підсумками першого кварталу".
_QUARTER = re.compile(
    r"\b(?:(first|second|third|fourth|1st|2nd|3rd|4th)[-\s]quarter|q([1-4]))(?:\s+(?:of\s+)?(\d{4}))?\b"
    r"|(?<!\w)(перв|втор|трет|четв[её]рт|перш|друг|четверт)\w*\s+квартал\w*(?:\s+(\d{4}))?",
    re.I,
)
_QUARTER_NUMBER = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
                   "перв": 1, "перш": 1, "втор": 2, "друг": 2, "трет": 3, "четв": 4, "четверт": 4}  # fmt: skip
_FOR_YEAR = re.compile(r"\b(?:in|for|на|в|у|за)\s+(20\d\d)(?:\s*(?:году|год|року|рік|-м|-му))?\b", re.I)
_IN_MONTH = re.compile(
    r"\b(?:in|for|в|во|у|за)\s+(january|february|march|april|may|june|july|august|september|october|november|december"
    r"|январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре"
    r"|січні|лютому|березні|квітні|травні|червні|липні|серпні|вересні|жовтні|листопаді|грудні"
    r"|январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь"
    r"|січень|лютий|березень|квітень|травень|червень|липень|серпень|вересень|жовтень|листопад|грудень)\b"
    r"(?:,?\s+((?:19|20)\d\d)\b)?",  # "in May 2024", "в мае 2024 года"
    re.I,
)


# A running total's start: "since 28 November", "з 10 травня", "с 28 ноября", "since the protests
# began on 28 November" (the words before a date); "с начала протестов", "since the invasion" (no date).
_SINCE_BEFORE = re.compile(
    r"(?:\bsince\s+(?:[\w'’-]+\s+){0,5}|(?<!\w)(?:с|со|з|із|зі|начиная с|починаючи з)\s+)$", re.IGNORECASE
)
_SINCE = re.compile(
    r"\bsince\s+(?:the\s+)?(?:start|beginning|outbreak|invasion|war|protests?|rall(?:y|ies)|flood(?:ing)?|fires?"
    r"|attacks?|offensive|incursion|occupation|quake|earthquake|eruption|outage|strike|crisis|epidemic|pandemic|"
    r"(?:[\w'’-]+\s+){0,3}(?:began|started|broke out|hit|struck|launched))\b"
    r"|(?<!\w)(?:с|от)\s+начала\s+(?!(?:года|недели|месяца|суток|дня|сезона|квартала)\b)\w+"
    r"|(?<!\w)(?:з|від)\s+початку\s+(?!(?:року|тижня|місяця|доби|дня|сезону|кварталу)\b)\w+",
    re.IGNORECASE,
)
_SINCE_WEEKDAY = re.compile(r"\bsince\s+(" + "|".join(w for w in _WEEKDAYS if w.isascii()) + r")\b", re.I)

# A month named by an adjective: "грудневої кібератаки", "the December hack", "last month's fire".
_MONTH_ADJECTIVES = [
    "січнев janvar январск", "лютнев феврал февральск", "березнев мартовск", "квітнев апрельск", "травнев майск",
    "червнев июньск", "липнев июльск", "серпнев августовск", "вереснев сентябрьск", "жовтнев октябрьск",
    "листопадов ноябрьск", "груднев декабрьск",
]  # fmt: skip
_MONTH_ADJECTIVE = re.compile(
    r"(?<![\w-])("
    + "|".join(stem for stems in _MONTH_ADJECTIVES for stem in stems.split() if not stem.isascii())
    + r")(?:ий|ій|ого|ому|ої|ою|ая|ое|ые|ых|ом|ой|ую|ий|а|е|і|их)\b"
    r"|\b(?i:the)\s+((?i:january|february|march|april|may|june|july|august|september|october|november|december))"
    r"\s+(?:((?:19|20)\d\d)\s+)?(?!\d)(?=[a-z])",  # "the December hack", "the February 2021 winter storm"
)
_LAST_MONTH = re.compile(r"\blast month(?:'s)?|в прошлом месяце|прошлого месяца|минулого місяця|минулому місяці", re.I)

# "said on Monday", "заявил в среду": the day of the report, not of the incident.
_REPORT_DATE = re.compile(
    r"\b(?:said|says|told|announced|reported|added|stated|confirmed|wrote|warned|explained|"
    r"заявил\w*|сообщил\w*|сказал\w*|уточнил\w*|отметил\w*|написал\w*|"
    r"заявив|заявила|заявили|повідомив|повідомила|повідомили|сказав|сказала|уточнив|уточнила|зазначив|написав)"
    r"(?:\s+\w+){0,2}\s*$",
    re.IGNORECASE,
)


# "Данные на 8:00 21 декабря", "станом на 21 грудня", "as of 14 January": when data were counted or reported.
_AS_OF = re.compile(
    r"(?:станом на|по состоянию на|данн\w* на|дан\w* на|информаци\w* на|інформаці\w* на|ситуаци\w* на|ситуаці\w* на"
    r"|as of|на момент|\bupdated?|\bbulletin|оновлення|обновление)\s*[,:#№(]?\s*"
    r"(?:(?:утро|вечер|ранок|ранку|вечір|the morning of|the evening of)\s+)?(?:\d{1,3}\s*[,:(]?\s*)?"
    r"(?:\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?|год\.?|ч\.?)?\s*)?(?:on\s+|,\s*)?$"
    # "Champlain Towers South: update from Mayor Levine Cava, June 26", "Брифінг голови ОВА, 12 травня": the
    # date a report names itself by, after a comma
    r"|\b(?:update|updates|briefing|bulletin|press release|statement|situation report|оновлення|обновление|"
    r"брифинг|брифінг|сводка|зведення)\b[^.;:!?]{0,60},\s*$"
    # "Оперативная информация по теплоходу «Булгария» на 09:00 11 июля": data as of a time and a day
    r"|\b(?:информаци\w*|інформаці\w*|сводк\w*|зведенн\w*|данн\w*|дані)\b[^.;:!?]{0,60}\bна\s+(?:\d{1,2}[:.]\d{2}\s*)?$"
    # "На 10:00 (мск) 23 августа обнаружены тела 69 погибших": a sentence that opens with the time it counts at
    r"|^\W*(?:на|станом на|as of)\s+\d{1,2}[:.]\d{2}\s*(?:\([^)]{0,10}\)\s*)?$",
    re.IGNORECASE,
)


def is_month_word(word: str) -> bool:
    """A month's name in any of its forms ("січня", "ноябре", "Dec")."""
    return re.fullmatch(MONTH_WORD, word, re.IGNORECASE) is not None


@dataclass(frozen=True)
class When:
    key: str  # "2023-01-14", "2023-01-14/night", "2023-09", "2024/end"
    kind: str  # "day" | "night" | "month" | "quarter" | "year"
    text: str  # the words it was read from
    explicit: bool  # a date or a named period, not "today" or "overnight"
    start: int = 0  # where in the text it stands


def _month(word: str) -> int | None:
    word = word.lower()
    for length in range(len(word), 1, -1):
        found = _MONTHS.get(word[:length])
        if found:
            return found
    return None


def _day(year: int, month: int, day_: int) -> date | None:
    try:
        return date(year, month, day_)
    except ValueError:
        return None


def _near(published: date, month: int, day_: int, year: str | None) -> date | None:
    """A day and month without a year: the one nearest before (or just after) publication."""
    if year:
        return _day(int(year), month, day_)
    candidates = [d for y in (published.year - 1, published.year, published.year + 1) if (d := _day(y, month, day_))]
    if not candidates:
        return None
    return min(candidates, key=lambda d: (abs((published - d).days), d > published))


@remembered  # a lead's cues are read for the whole post and for its figures; a header's for each bullet
def cues(text: str, published: datetime | None) -> list[When]:
    """Every time cue in a text, in order of position (explicit ones included first per position)."""
    found: list[tuple[int, When]] = []
    today = published.date() if published else None
    for m in _NIGHT_ON.finditer(text):
        day_s = m.group(1) or m.group(3)
        month = _month(m.group(2) or m.group(4) or "")
        d = _near(today, month, int(day_s), None) if today and month else None
        if d:
            found.append((m.start(), When(f"{d.isoformat()}/night", "night", m.group(), True)))
    for m in _NIGHT_OF.finditer(text):
        month = _month(m.group(3))
        d = _near(today, month, int(m.group(2)), None) if today and month else None
        if d:
            found.append((m.start(), When(f"{d.isoformat()}/night", "night", m.group(), True)))
    if today is not None:
        for m in _WEEKDAY_NIGHT.finditer(text):
            # "в ночь на субботу" in a post of Saturday morning is the night that just ended.
            back = (today.weekday() - _WEEKDAY_ACCUSATIVE[m.group(1).lower()]) % 7
            found.append((m.start(), When(f"{(today - timedelta(days=back)).isoformat()}/night", "night", m.group(),
                                          True)))  # fmt: skip
    taken = [(s, s + len(w.text)) for s, w in found]

    def free(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in taken)

    for pattern, year_group in ((_DAY_MONTH, 2), (_MONTH_DAY, 2)):
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()) or today is None:
                continue
            words = m.group().split()
            month = next((_month(w) for w in words if not w[0].isdigit() and _month(w)), None)
            digits = re.findall(r"\d+", m.group())
            if month is None or not digits:
                continue
            day_ = int(digits[0])
            d = _near(today, month, day_, m.group(year_group) if year_group else None)
            if d:
                found.append((m.start(), When(d.isoformat(), "day", m.group(), True)))
                taken.append((m.start(), m.end()))
    for m in _YEAR_END.finditer(text):
        if free(m.start(), m.end()):
            found.append((m.start(), When(f"{m.group(1) or m.group(2)}/end", "year", m.group(), True)))
            taken.append((m.start(), m.end()))
    if today is not None:
        for m in _THIS_YEAR_END.finditer(text):
            if free(m.start(), m.end()):
                found.append((m.start(), When(f"{today.year}/end", "year", m.group(), True)))
                taken.append((m.start(), m.end()))
        for m in _QUARTER.finditer(text):
            if free(m.start(), m.end()):
                word = (m.group(1) or m.group(4) or "").lower()
                quarter = (
                    int(m.group(2)) if m.group(2) else _QUARTER_NUMBER.get(word) or _QUARTER_NUMBER.get(word[:4], 0)
                )
                if not quarter:
                    continue
                year_text = m.group(3) or m.group(5)
                # a quarter named without its year: the latest that has begun by the report
                year = int(year_text) if year_text else today.year - (3 * quarter - 2 > today.month)
                found.append((m.start(), When(f"{year}-Q{quarter}", "quarter", m.group(), True)))
                taken.append((m.start(), m.end()))
        for m in _FOR_YEAR.finditer(text):
            if free(m.start(), m.end()):
                found.append((m.start(), When(f"{m.group(1)}/end", "year", m.group(), True)))
                taken.append((m.start(), m.end()))
        for m in _IN_MONTH.finditer(text):
            if free(m.start(), m.end()):
                month = _month(m.group(1))
                if month:
                    year = today.year if month <= today.month else today.year - 1
                    if m.group(2):
                        year = int(m.group(2))
                    found.append((m.start(), When(f"{year}-{month:02d}", "month", m.group(), True)))
                    taken.append((m.start(), m.end()))
        for pattern in (_MONTH_ADJECTIVE, _LAST_MONTH):
            for m in pattern.finditer(text):
                if not free(m.start(), m.end()):
                    continue
                if pattern is _LAST_MONTH:
                    month, year = (today.month - 1 or 12), today.year - (today.month == 1)
                else:
                    month = _adjective_month(m.group(1) or m.group(2))
                    year = int(m.group(3)) if m.group(3) else today.year if month <= today.month else today.year - 1
                found.append((m.start(), When(f"{year}-{month:02d}", "month", m.group(), True)))
                taken.append((m.start(), m.end()))
        for m in _SINCE_WEEKDAY.finditer(text):
            if free(m.start(), m.end()):
                back = (today.weekday() - _WEEKDAYS[m.group(1).lower()]) % 7 or 7
                found.append((m.start(), When(f"since:{(today - timedelta(days=back)).isoformat()}", "since",
                                              m.group(), True)))  # fmt: skip
                taken.append((m.start(), m.end()))
        for m in _WEEKDAY_OF.finditer(text):
            if free(m.start(), m.end()):
                weekday = _WEEKDAYS[m.group(1).lower()] if m.group(1) else _WEEKDAY_ADJECTIVES[m.group(2).lower()]
                d = today - timedelta(days=(today.weekday() - weekday) % 7)
                found.append((m.start(), When(d.isoformat(), "day", m.group(), True)))
                taken.append((m.start(), m.end()))
        for m in _WEEKDAY.finditer(text):
            if not free(m.start(), m.end()):
                continue
            back = (today.weekday() - _WEEKDAYS[m.group(1).lower()]) % 7
            d = today - timedelta(days=back)
            if m.group(2):
                found.append(
                    (m.start(), When(f"{(d + timedelta(days=1)).isoformat()}/night", "night", m.group(), True))
                )
            else:
                found.append((m.start(), When(d.isoformat(), "day", m.group(), False)))
            taken.append((m.start(), m.end()))
        assert published is not None
        for m in _YESTERDAY.finditer(text):
            if free(m.start(), m.end()):
                found.append((m.start(), When((today - timedelta(days=1)).isoformat(), "day", m.group(), False)))
        for m in _TONIGHT.finditer(text):
            if free(m.start(), m.end()):
                # A night reported in the morning ended that morning; one reported in the evening is to come.
                night = today if published.hour < 18 else today + timedelta(days=1)
                found.append((m.start(), When(f"{night.isoformat()}/night", "night", m.group(), False)))
        for m in _TODAY.finditer(text):
            if free(m.start(), m.end()):
                found.append((m.start(), When(today.isoformat(), "day", m.group(), False)))
    for m in _SINCE.finditer(text):
        if free(m.start(), m.end()):
            found.append((m.start(), When("since", "since", m.group(), True)))
    found = [(start, _since(w, text[:start], today)) for start, w in found]
    found.sort(key=lambda pair: pair[0])
    return [replace(w, start=start) for start, w in found
            if not _REPORT_DATE.search(text[:start]) and not _AS_OF.search(text[:start])]  # fmt: skip


def _since(cue: When, before: str, today: date | None) -> When:
    """A date that a running total is counted from ("з 10 травня") is a "since" key, in the past."""
    if cue.kind != "day" or not cue.explicit or not _SINCE_BEFORE.search(before[-60:]):
        return cue
    start = date.fromisoformat(cue.key)
    if today is not None and start > today:  # "з 10 травня" in a post of January: last May
        start = _day(start.year - 1, start.month, start.day) or _day(start.year - 1, start.month, 28) or start
    return replace(cue, key=f"since:{start.isoformat()}", kind="since")


def _adjective_month(stem: str) -> int:
    stem = stem.lower()
    if stem.isascii():
        return _MONTHS[stem]
    return next(n for n, stems in enumerate(_MONTH_ADJECTIVES, start=1) if any(stem == s for s in stems.split()))
