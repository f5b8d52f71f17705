"""PURE. Rough keys of the place names in a text, the same across alphabets and case forms.

Incidents are told apart partly by where they happened (`compare/incidents.py`): the Dnipro
apartment block and a shelled village of the Nikopol district are two incidents under one
claim about strikes on the region. Place names are spelled in three languages and inflected
("Дніпро", "Дніпрі", "Днепр", "Dnipro"), so each is reduced to a key of its sounds: transliterated,
vowels made one, doubled letters collapsed, a final vowel dropped ("dnapr" for all four).
Signal: capitalised words that are not a sentence's first common word, not names of people
(the Slavic dictionaries' Name/Surn/Patr tags), not abbreviations, not weekdays or months.
Errs towards fewer places: a missing place only leaves the incident to time and update words.
"""

from __future__ import annotations

import re

from bot.extract import morph
from bot.extract.terms import stem
from bot.extract.tokens import Token, normalise, tokenize
from bot.extract.when import is_month_word
from bot.text import same_place

__all__ = ["keys_of_names", "phonetic", "place_keys"]


def place_keys(text: str, lang: str | None = None, skip: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Rough keys of the place names in a text, the same across alphabets ("Дніпро", "Днепр",
    "Dnipro" → "dnapr"): capitalised words that are not a sentence's first common word."""
    tokens = tokenize(normalise(text), lang)
    keys: list[str] = []
    named = _institution_names(tokens)
    for n, token in enumerate(tokens):
        if not token.capitalised or len(token.text) < 4 or sum(ch.isupper() for ch in token.text) > 1:
            continue  # short words and abbreviations (ЗСУ, БпЛА) are not places
        if n in named:
            continue  # "Delta Air Lines", "the Securities and Exchange Commission": a body's name
        if is_month_word(token.lower) or token.lower in _NOT_PLACES:
            continue
        opening = n == 0 or tokens[n - 1].text in (".", "!", "?", "—", "-", ":", "•", "«", '"', "“")
        w = token.word
        dateline = n + 1 < len(tokens) and tokens[n + 1].text in (".", ",") and (n == 0 or tokens[n - 1].text in "\n")
        if opening and w.known and not dateline:
            continue  # a sentence's first word, unless it stands alone as a dateline ("Дніпро.")
        if token.lang == "en" and (
            w.pos != "NOUN" or token.lower.endswith(("ian", "ians", "ese", "ish", "ean", "eans"))
        ):
            continue  # nationalities are not places
        if w.pos not in ("NOUN", "ADJF", "UNKN") or _in_personal_name(tokens, n):
            continue
        key = phonetic(stem(token.lower))
        if not any(same_place(key, s) for s in skip):
            keys.append(key)
    return tuple(dict.fromkeys(k for k in keys if len(k) >= 3))


# Words that make a run of capitalised English words the name of a body, not of a place.
_INSTITUTION = {
    "air", "airlines", "airways", "lines", "commission", "securities", "exchange", "department", "ministry",
    "company", "inc", "corp", "corporation", "bank", "court", "council", "agency", "service", "services", "group",
    "university", "association", "office", "board", "committee", "senate", "congress", "party", "times", "news",
    "post", "institute", "foundation", "authority", "administration", "bureau", "center", "centre", "fund",
    "organization", "organisation", "union", "systems", "technologies", "holdings", "media", "press",
}  # fmt: skip


def _institution_names(tokens: list[Token]) -> set[int]:
    """Token indexes inside an English name of a body: a run of capitalised words (with "of",
    "and", "&" between) that holds an institution word."""
    found: set[int] = set()
    n = 0
    while n < len(tokens):
        if tokens[n].lang != "en" or not tokens[n].capitalised:
            n += 1
            continue
        run = [n]
        k = n + 1
        while k < len(tokens) and (tokens[k].capitalised or (tokens[k].lower in ("of", "and", "&") and k + 1 < len(
                tokens) and tokens[k + 1].capitalised)):  # fmt: skip
            run.append(k)
            k += 1
        if len(run) > 1 and any(tokens[i].lower in _INSTITUTION for i in run):
            found.update(run)
        n = k
    return found


def keys_of_names(names: list[str]) -> frozenset[str]:
    """Place-style keys of every word of some names (the sides' aliases), to leave them out of places."""
    return frozenset(phonetic(stem(w.lower())) for name in names for w in re.findall(r"[^\W\d_]{4,}", name))


_NOT_PLACES = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "new", "year's", "christmas",
    "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье", "понеділок", "вівторок",
    "середа", "четвер", "п'ятниця", "субота", "неділя", "telegram", "телеграм", "president", "minister",
}  # fmt: skip


def _is_name(token: Token) -> bool:
    """A first name, surname or patronymic by the Slavic dictionaries' tags."""
    return token.lang != "en" and token.capitalised and morph.is_personal_name(token.text, token.lang)


def _in_personal_name(tokens: list[Token], n: int) -> bool:
    """Part of a person's name: tagged as a name and next to another name ("Олег Кіпер"); a lone
    word the dictionaries also read as a name ("Києві") is still a place."""
    if not _is_name(tokens[n]):
        return False
    return (n > 0 and _is_name(tokens[n - 1])) or (n + 1 < len(tokens) and _is_name(tokens[n + 1]))


_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "a", "є": "a", "ж": "z", "з": "z", "и": "a",
    "і": "a", "ї": "a", "й": "a", "к": "k", "л": "l", "м": "m", "н": "n", "о": "a", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "a", "ф": "f", "х": "h", "ц": "c", "ч": "c", "ш": "s", "щ": "s", "ь": "", "ю": "a", "я": "a",
    "ы": "a", "э": "a", "ъ": "", "ё": "a", "'": "", "e": "a", "i": "a", "o": "a", "u": "a", "y": "a", "g": "h",
    "x": "h", "w": "v", "j": "a", "q": "k",
})  # fmt: skip


def phonetic(word: str) -> str:
    # Latin "c" sounds k before a back vowel or a consonant ("coronavirus", "Crimea"): "коронавирус", "Крым".
    word = re.sub(r"c(?![hieyk])", "k", word.lower()).replace("ck", "k")
    word = word.replace("kh", "h").replace("ch", "c").replace("sh", "s").replace("zh", "z").replace("ts", "c")
    letters = word.translate(_TRANSLIT)
    collapsed = re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z]", "", letters))
    return collapsed[:-1] if collapsed.endswith("a") and len(collapsed) > 3 else collapsed
