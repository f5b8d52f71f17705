"""PURE. Split text into sentences in English, Russian and Ukrainian.

Signal: . ! ? … followed by space and a capital letter, digit, quote or dash; and line breaks.
Not a boundary: abbreviations ("Gen.", "Lt. Col.", "кв. км", "т.е.", "тыс.", "млн."), initials
("Ю. Подоляка", "D. Peskov"), and anything inside quotes «…» “…” „…" "…", so a quoted
statement stays with the "— заявил X" or ", he said" that follows it. Errs towards longer
sentences: a missed boundary only widens the context a cue is read in.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = {
    # English
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "adm", "gov", "sen",
    "rep", "st", "jr", "sr", "vs", "etc", "inc", "ltd", "co", "corp", "dept", "est", "approx", "fig",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.g",
    "i.e", "a.m", "p.m", "mln", "bn",
    # Russian and Ukrainian
    "г", "гг", "т", "тт", "е", "д", "п", "пр", "др", "см", "им", "ул", "пер", "обл", "р-н", "с", "ст", "кв",
    "км", "тыс", "тис", "млн", "млрд", "напр", "ген", "полк", "подп", "мин", "зам",
    "нач", "чел", "ок", "ред", "прим", "вкл", "англ", "укр", "рус", "т.е", "т.д", "т.п", "т.к", "и.о", "в.о",
    "м", "ж", "н", "о", "р", "ч", "сек", "мм", "кг", "вул", "буд", "пров", "просп", "пл",
}  # fmt: skip
_OPENERS = {"«": "»", "“": "”", "„": "“", '"': '"'}
_END = re.compile(r"[.!?…]+[»”\"')\]]*")


# Units and list ends: an abbreviation, yet the sentence may end with it ("на 2 км. Бої тривають").
# Before a capital letter they end it; titles ("Gen.", "г. Бахмут") and initials never do.
_MAY_END = {"км", "кг", "мм", "см", "м", "тыс", "тис", "млн", "млрд", "грн", "руб", "коп", "etc", "т.д", "т.п",
            "т.д.", "т.п.", "km", "kg", "mln", "bn", "сек"}  # fmt: skip


def _is_abbreviation(text: str, dot: int) -> bool:
    """Is the '.' at `dot` the end of an abbreviation or an initial, inside a sentence?"""
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] in ".-"):
        start -= 1
    word = text[start:dot].lower()
    if not word:
        return False
    if len(word) == 1 and word.isalpha():  # an initial: "Ю. Подоляка", "D. Peskov"
        return True
    if re.fullmatch(r"(?:[^\W\d_]\.)+[^\W\d_]", word) and text[start].isupper():
        return True  # initials after a surname: "Лукашенко А.Г. — 80,10%", "Smith J.R."
    if word in _MAY_END or word.rstrip(".") in _MAY_END:
        return False  # called only before a capital letter or a digit
    return word in _ABBREVIATIONS or word.rstrip(".") in _ABBREVIATIONS


def split(text: str) -> list[str]:
    """Sentences of `text`, trimmed, in order.

    A line break ends a sentence unless the line stops mid-sentence (no closing punctuation)
    and the next line carries on in lower case: posts wrap lines by hand ("подтвердили,\nчто").
    """
    sentences: list[str] = []
    for paragraph in _paragraphs(text):
        sentences.extend(_split_line(paragraph))
    return [s for s in sentences if s]


def _paragraphs(text: str) -> list[str]:
    joined: list[str] = []
    for line in (part.strip() for part in text.split("\n")):
        if not line:
            joined.append("")
            continue
        previous = joined[-1] if joined else ""
        carries_on = previous and previous[-1] not in '.!?…:;»”"' and (line[0].islower() or line[0].isdigit())
        if carries_on:
            joined[-1] = f"{previous} {line}"
        else:
            joined.append(line)
    return [p for p in joined if p]


def _split_line(line: str) -> list[str]:
    out: list[str] = []
    start = 0
    depth: list[str] = []
    i = 0
    while i < len(line):
        ch = line[i]
        if depth and ch == depth[-1]:
            depth.pop()
            rest = line[i + 1 :]
            ends = i > 0 and line[i - 1] in ".!?…"
            if not depth and ends and rest[:1].isspace() and rest.lstrip()[:1].isupper():
                out.append(line[start : i + 1].strip())  # a quoted sentence closes the sentence
                start = i + 1
        elif ch in _OPENERS and not (ch == '"' and depth and depth[-1] == '"'):
            depth.append(_OPENERS[ch])
        elif ch in ".!?…" and not depth:
            match = _END.match(line, i)
            end = match.end() if match else i + 1
            rest = line[end:]
            nxt = rest.lstrip()
            boundary = bool(
                rest[:1].isspace() and nxt and (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in '«“"„—–-')
            )
            if boundary and ch == "." and end == i + 1 and _is_abbreviation(line, i):
                boundary = False
            if boundary or not nxt:
                out.append(line[start:end].strip())
                start = end
            i = end
            continue
        i += 1
    if len(depth) > 2:  # unbalanced quotes in broken text: fall back to plain splitting
        return [s.strip() for s in re.split(r"(?<=[.!?…])\s+(?=[A-ZА-ЯЁІЇЄҐ])", line) if s.strip()]
    tail = line[start:].strip()
    if tail:
        out.append(tail)
    return out
