"""PURE (cached). Words in their dictionary form, in English, Russian and Ukrainian.

Russian and Ukrainian words go through pymorphy3 with its ru and uk dictionaries: a lemma plus
the tags extraction needs (part of speech, case, number). pymorphy3 was chosen over simplemma
for Slavic text because its tags tell a counted noun in the genitive after a numeral from a
verb or a participle, and an inflected number word from a noun; simplemma gives a lemma only.
English words go through simplemma (no model download, no tagger), with a closed-class list
and suffix rules standing in for a part-of-speech tagger. simplemma reads its English dictionary
in its low-memory form (the compressed stream, searched on lookup: about 2 MB resident where the
unpacked dictionary takes about 20 MB); each lookup is slower, but `analyse` caches every word,
so a word is looked up once.

The language of a text is guessed from its letters (і ї є ґ are Ukrainian; ы э ъ Russian; Latin
English). A Slavic word unknown to its language's dictionary is looked up in the other one,
since posts mix the two. Errs towards the surface form: a word no dictionary knows is its own
lemma, so it still matches itself.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from typing import Any

__all__ = ["Word", "analyse", "language", "lemma"]

_UK_LETTERS = re.compile(r"[іїєґ]")
_RU_LETTERS = re.compile(r"[ыэъ]")
_CYRILLIC = re.compile(r"[а-яіїєґ]")
_LATIN = re.compile(r"[a-z]")


def language(text: str) -> str:
    """'uk', 'ru' or 'en': the language a text is mostly written in."""
    folded = text.lower()
    cyrillic = len(_CYRILLIC.findall(folded))
    latin = len(_LATIN.findall(folded))
    if latin > cyrillic:
        return "en"
    uk, ru = len(_UK_LETTERS.findall(folded)), len(_RU_LETTERS.findall(folded))
    return "uk" if uk > ru else "ru"


@dataclass(frozen=True)
class Word:
    """One word as extraction sees it. `pos` uses pymorphy's tag names (NOUN, ADJF, ADJS, VERB,
    INFN, PRTF, PRTS, GRND, NUMR, ADVB, NPRO, PREP, CONJ, PRCL, UNKN); English words get NOUN,
    ADJF, VERB, PRTF (an -ed/-en form), GRND (an -ing form) or a closed-class tag."""

    text: str  # lower case
    lemma: str
    pos: str
    case: str | None = None  # nomn, gent, datv, accs, ablt, loct (Slavic only)
    plural: bool = False
    lang: str = "en"
    known: bool = True  # whether a dictionary knows the word
    animate: bool = False  # a living being ("горняк", "клиент"; Slavic dictionaries only)
    future: bool = False  # a future-tense verb ("проведёт", "проведе"; Slavic dictionaries only)
    given: bool = False  # a first name or patronymic ("Александра", "Георгиевну"; Slavic dictionaries only)
    surname: bool = False  # a surname the dictionary knows ("Лукашенко", "Тихановська")

    @property
    def verbal(self) -> bool:
        """A verb form that can say what happened (not an infinitive of intent)."""
        return self.pos in ("VERB", "PRTF", "PRTS", "GRND")

    @property
    def nominal(self) -> bool:
        return self.pos == "NOUN"


_lock = threading.Lock()
_analysers: dict[str, Any] = {}


def _analyser(lang: str) -> Any:
    found = _analysers.get(lang)
    if found is None:
        with _lock:
            found = _analysers.get(lang)
            if found is None:
                import pymorphy3  # imported on first use: commands that never extract stay light

                found = _analysers[lang] = pymorphy3.MorphAnalyzer(lang=lang)
    return found


_POS_MAP = {"ADJS": "ADJS", "COMP": "ADJF", "PRED": "ADVB", "INTJ": "PRCL", "NUMR": "NUMR"}


# Function words the dictionaries also read as rarer nouns ("до" a musical note, "серед" as "середа").
_SLAVIC_CLOSED = {
    **dict.fromkeys(
        """до на в у во з із зі зо від од по для без під над про через серед після біля за при к ко с со из изо
        от о об около после среди возле из-за из-под перед между між протягом упродовж унаслідок внаслідок
        вследствие согласно відповідно щодо насчет против проти поблизу поблизости вздовж вдоль""".split(),
        "PREP",
    ),
    **dict.fromkeys("і й та а але або чи що щоб и но или либо что чтобы как як коли когда якщо если".split(), "CONJ"),
    **dict.fromkeys("не ні ни же ж лише лишь тільки только ще еще ещё уже вже навіть даже".split(), "PRCL"),
}
_SLAVIC_NOUNS = {"данные": "данные", "дані": "дані", "данных": "данные", "даних": "дані"}  # not "дать", "дати"
_PAST_ENDINGS = ("ла", "ло", "ли", "лись", "лося", "лася", "лися", "лось", "лась")


def _likeliest(parses: list[Any]) -> Any:
    """The first parse, unless the dictionary ties it with a likelier reading. The Ukrainian
    dictionary has no frequencies: every parse scores 1.0, so "заводи" comes first as the rare
    plurale tantum "заводи" (backwaters), not as the plural of "завод"; of tied noun readings one
    that is not plural-only is the commoner word."""
    best = parses[0]
    if "Pltm" in best.tag:
        for other in parses[1:8]:
            if (
                other.score == best.score
                and other.tag.POS == best.tag.POS
                and not {"Pltm", "Name"} & other.tag.grammemes
            ):
                return other
    return best


def _slavic(word: str, lang: str) -> Word:
    other = "ru" if lang == "uk" else "uk"
    closed = _SLAVIC_CLOSED.get(word)
    if closed:
        return Word(text=word, lemma=word, pos=closed, lang=lang)
    if word in _SLAVIC_NOUNS:
        return Word(text=word, lemma=_SLAVIC_NOUNS[word], pos="NOUN", lang=lang, plural=True)
    parses = _analyser(lang).parse(word)
    best = _likeliest(parses)
    if best.tag.POS in ("ADJF", "NOUN", "ADJS") and word.endswith(_PAST_ENDINGS):
        # "зросла" is read first as the adjective "зрослий": a past-tense verb reading wins
        verb = next((p for p in parses[:4] if p.tag.POS == "VERB"), None)
        if verb is not None and verb.score >= best.score / 2:  # (but "село" is a village, not "сесть")
            best = verb
    if not best.is_known:
        alternative = _analyser(other).parse(word)[0]
        if alternative.is_known:
            best, lang = alternative, other
    tag = best.tag
    pos = str(tag.POS) if tag.POS else ("NUMR" if word.isdigit() else "UNKN")
    pos = _POS_MAP.get(pos, pos)
    # A word the dictionary reads as a rare verb form but also as a noun is a noun: "абонентів"
    # is parsed by the Russian dictionary as a gerund of a made-up verb.
    if pos in ("GRND", "VERB") and not best.is_known:
        pos = "NOUN"
    return Word(
        text=word,
        lemma=best.normal_form.replace("ё", "е"),
        pos=pos,
        case=str(tag.case) if tag.case else None,
        plural=tag.number == "plur",
        lang=lang,
        known=bool(best.is_known),
        animate="anim" in tag,
        future="futr" in tag,
        given="Name" in tag or "Patr" in tag,
        surname="Surn" in tag,
    )


_EN_CLOSED = {
    **dict.fromkeys("the a an this that these those its their his her our your my some any each every".split(), "DET"),
    **dict.fromkeys(
        """of in on at to from for by with into onto over under after before during since until about
        against between among across through near per than as via without within off up down out""".split(),
        "PREP",
    ),
    **dict.fromkeys("and or but nor so yet while although though because if unless whether when where".split(), "CONJ"),
    **dict.fromkeys("overnight today yesterday tomorrow ago now then later earlier soon still".split(), "ADVB"),
    **dict.fromkeys(
        """it he she they we i you them him us me who whom whose which what there here one ones
        itself themselves""".split(),
        "NPRO",
    ),
    **dict.fromkeys(
        """is are was were be been being has have had having do does did will would shall should can could
        may might must""".split(),
        "AUX",
    ),
    **dict.fromkeys("not no never also only just still already more most less least very".split(), "PRCL"),
}
_EN_ADJECTIVES = set(
    """current former private public new old other total many several whole entire own same such local foreign
    national federal regional central main major minor large small big huge high low last first next previous
    further additional initial final latest early late recent young elderly senior junior personal sensitive
    residential commercial industrial medical serious severe critical minor light heavy full partial direct
    indirect official unofficial overall annual daily monthly weekly top key civil nuclear northern southern
    eastern western""".split()
)
_EN_IRREGULAR_PAST = set(
    """sold cut hit shot lost left brought taken held kept found made fell fallen died killed hurt burnt burned
    struck stolen seen told given gone run spent paid built sent set put shut spread sunk sank stuck
    thrown torn worn broken chosen driven eaten forgotten frozen hidden ridden risen spoken woken written
    caught bought fought taught thought sought said laid led met read fled""".split()
)
_BRITISH_DOUBLED = set(
    """cancel model travel fuel label signal total level channel tunnel dial rival counsel marshal
    unravel quarrel shovel equal""".split()
)
# Words that say what happened to people, read as participles ("11 people were still missing").
_EN_STATES = {"missing", "unaccounted"}
# Present-tense verbs that follow a count and would otherwise be read as the head of its noun
# phrase ("150,000 customers remain without power", "12 people die").
_EN_VERBS = {"remain": "remain", "stay": "stay", "lack": "lack", "need": "need", "face": "face", "die": "die",
            "rise": "rise", "rises": "rise", "rose": "rise", "climbs": "climb", "stands": "stand"}  # fmt: skip
_EN_ADJ_SUFFIXES = ("al", "ic", "ous", "ive", "ian", "ish", "ful", "less", "able", "ible", "ary", "ese", "ern")


def _english(word: str) -> Word:
    word = word.removesuffix("'s").removesuffix("'") if len(word) > 3 else word  # "Russia's" is Russia
    closed = _EN_CLOSED.get(word)
    if closed:
        return Word(text=word, lemma=word, pos=closed, lang="en")
    if word in _EN_STATES:
        return Word(text=word, lemma=word, pos="PRTF", lang="en")
    if word in _EN_VERBS:
        return Word(text=word, lemma=_EN_VERBS[word], pos="VERB", lang="en", known=True)
    import simplemma  # first use reads its English dictionary

    lemma_ = simplemma.lemmatize(word, lang="en", low_memory=True).lower()
    if lemma_ == word and word.endswith(("ians", "ans", "ese", "ers")) and word.endswith("s") \
            and simplemma.is_known(word[:-1], lang="en", low_memory=True):  # fmt: skip
        lemma_ = word[:-1]  # "Ukrainians", "Russians": simplemma keeps plural nationalities as they are
    if lemma_.endswith("ll") and lemma_[:-1] in _BRITISH_DOUBLED:
        lemma_ = lemma_[:-1]  # British "cancelled", "modelled": simplemma leaves "cancell"
    if lemma_ == word and word.endswith("ing") and len(word) > 5:
        # simplemma keeps -ing forms as nouns ("flooding"): the verb is the stem, with or without an e
        stem = word[:-3]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls":
            stem = stem[:-1]  # "cutting" → "cut"
        candidates = [
            simplemma.lemmatize(stem, lang="en", low_memory=True),
            simplemma.lemmatize(stem + "e", lang="en", low_memory=True),
        ]
        lemma_ = next((c for c in candidates if simplemma.is_known(c, lang="en", low_memory=True)), stem).lower()
    if word in _EN_IRREGULAR_PAST or (word.endswith("ed") and len(word) > 4):
        pos = "PRTF"
    elif word.endswith("ing") and len(word) > 5:
        pos = "GRND"
    elif word in _EN_ADJECTIVES or (word.endswith(_EN_ADJ_SUFFIXES) and lemma_ == word and len(word) > 5):
        pos = "ADJF"
    elif word.endswith("ly") and len(word) >= 6 and simplemma.is_known(word[:-2], lang="en", low_memory=True):
        pos = "ADVB"  # "approximately", "roughly", "reportedly" (not "family", "supply")
    else:
        pos = "NOUN"
    plural = lemma_ != word and word.endswith("s") and pos == "NOUN"
    return Word(
        text=word,
        lemma=lemma_,
        pos=pos,
        plural=plural,
        lang="en",
        known=simplemma.is_known(word, lang="en", low_memory=True),
    )


@functools.lru_cache(maxsize=200_000)
def analyse(word: str, lang: str) -> Word:
    """One word (any case) in a text of language `lang`."""
    lowered = word.lower().replace("’", "'").replace("ʼ", "'")
    if lang == "en" or not _CYRILLIC.search(lowered):
        return _english(lowered)
    if _UK_LETTERS.search(lowered):
        lang = "uk"
    elif _RU_LETTERS.search(lowered):
        lang = "ru"
    return _slavic(lowered, lang)


def lemma(word: str, lang: str) -> str:
    return analyse(word, lang).lemma


@functools.lru_cache(maxsize=50_000)
def is_personal_name(word: str, lang: str) -> bool:
    """Whether the Slavic dictionaries read a capitalised word as a first name, surname or patronymic."""
    lowered = word.lower()
    if not _CYRILLIC.search(lowered):
        return False
    parse = _analyser("uk" if _UK_LETTERS.search(lowered) or lang == "uk" else "ru").parse(lowered)[0]
    return any(g in parse.tag for g in ("Name", "Surn", "Patr"))
