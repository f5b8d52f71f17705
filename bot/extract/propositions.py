"""PURE. A claim given only as a sentence, read as a proposition: who or what it is about, and what it says happened.

"Eritrean troops are fighting in Ethiopia's Tigray region" becomes participants {Eritrea},
{troops}, {Ethiopia}, {Tigray} and a predicate (fight, be present, deploy). A sentence is about
the claim when it names two of its participants, or one and states its predicate while its item
names another; its stance then comes from the frame around it (`frames.py`: denied, admitted)
or from the predicate stated or negated (`stance.py`).

Every word is reduced to keys that meet across English, Russian and Ukrainian:
- `e:` an entity concept for countries, their people and capitals ("Russia", "российских",
  "Москва", "Kremlin" → e:RU), so "Russian forces" meets "Россия" and "Moscow";
- `c:` a thing concept from `concepts.py` (troops, drones, missiles, people...);
- `n:` the sounds of a name or a long noun (`places.phonetic`): "Tigray", "Тыграе" and "Тиграю"
  share n:tahra; "virus", "вирус" and "вірус" share n:varas;
- `l:` the lemma itself, for the claim's own language;
- `p:` a predicate concept ("blew up", "взорвали", "підірвали" → p:destroy).
Errs towards not being about the claim: one shared name is never enough on its own, one word
names one participant at most ("России" is not both "Кремль" and "в России"), a participant with
a name is named by that name ("Брянской области" not by "Курской области"), and a sentence that puts
another name where the claim has one ("разговор Путина с Шольцем" for a call "с Путиным" by Trump)
is about another event.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.extract import concepts
from bot.extract.lexicon import FUTURE_AUXILIARIES
from bot.extract.memo import remembered
from bot.extract.places import phonetic
from bot.extract.terms import stem
from bot.extract.tokens import Token, normalise, tokenize

__all__ = ["Proposition", "as_target", "keys_of", "manner_of", "proposition", "slot_of", "word_keys"]

# Countries, their people and their capitals (the metonyms wires use: "Moscow said", "Київ").
ENTITIES: dict[str, str] = {
    "RU": """russia russian russians moscow kremlin россия российский россиянин рф русский москва кремль
             росія російський росіянин москва кремль""",
    "UA": """ukraine ukrainian ukrainians kyiv kiev украина украинский украинец киев всу україна український
             українець київ зсу""",
    "US": """us usa america american americans washington pentagon сша америка американский вашингтон пентагон
             америка американський вашингтон""",
    "IR": "iran iranian iranians tehran иран иранский тегеран іран іранський тегеран",
    "IL": "israel israeli israelis израиль израильский ізраїль ізраїльський цахал",
    "KP": """north-korea pyongyang кндр пхеньян северокорейский північнокорейський""",
    "KR": "seoul сеул южнокорейский південнокорейський",
    "CN": "china chinese beijing китай китайский пекин кнр китайський пекін",
    "BY": "belarus belarusian minsk белоруссия беларусь белорусский минск білорусь білоруський мінськ",
    "GE": "georgia georgian tbilisi грузия грузинский тбилиси грузія грузинський тбілісі",
    "SY": "syria syrian damascus сирия сирийский дамаск сирія сирійський",
    "TR": "turkey turkish türkiye ankara турция турецкий анкара туреччина турецький",
    "PL": "poland polish warsaw польша польский варшава польща польський",
    "GB": "britain british uk london великобритания британский лондон британія британський",
    "DE": "germany german berlin германия немецкий берлин німеччина німецький",
    "FR": "france french paris франция французский париж франція французький",
    "ER": "eritrea eritrean asmara эритрея эритрейский асмэра асмера еритрея еритрейський",
    "ET": "ethiopia ethiopian addis эфиопия эфиопский ефіопія ефіопський",
    "AZ": "azerbaijan azerbaijani baku азербайджан азербайджанский баку азербайджанський",
    "AM": "armenia armenian yerevan армения армянский ереван вірменія вірменський єреван",
    "KZ": "kazakhstan kazakh astana казахстан казахстанский астана казахський",
    "MD": "moldova moldovan chisinau молдавия молдова кишинев молдова кишинів",
    "LB": "lebanon lebanese beirut ливан ливанский бейрут ліван ліванський",
    "PS": "palestine palestinian gaza палестина палестинский газа палестина палестинський",
}
# Predicates claims are made of, and the verbs and nouns that state them in three languages.
PREDICATES: dict[str, str] = {
    "destroy": """destroy blow explode demolish breach wreck sabotage mine detonate
                  разрушить уничтожить взорвать подорвать заминировать разрушение подрыв взрыв диверсия
                  зруйнувати знищити підірвати висадити замінувати підрив вибух диверсія руйнування
                  взрывать подрывать підривати висаджувати""",
    "supply": """supply deliver provide send ship transfer sell give arm buy purchase
                 поставить поставлять передать отправить продать снабдить поставка купить закупить
                 постачати поставити передати відправити продати постачання поставка купити закупити""",
    "withdraw": """withdraw retreat pull leave abandon evacuate withdrawal exit regroup regrouping redeploy
                   уйти уходить уход піти вийти виходити выйти выходить выход
                   перегруппировка перегруппировать перегрупування перегрупувати отступить отойти вывести покинуть оставить отвести отступление отход вывод вывозить вывезти покидать
                   эвакуировать відступити відійти вивести залишити покинути відвести відступ відхід виведення
                   вихід вивозити вивезти евакуювати""",
    "capture": """capture seize take occupy control overrun fall recapture retake
                  захватить взять занять овладеть контролировать пасть захват взятие
                  захопити взяти зайняти оволодіти контролювати впасти захоплення взяття""",
    "strike": """strike hit attack shell bomb target fire launch
                 ударить поразить атаковать обстрелять бомбить удар атака обстрел выпустить запустить
                 вдарити уразити атакувати обстріляти бомбити удар атака обстріл випустити запустити""",
    "down": "shoot shot downed intercept сбить перехватить збити перехопити сбивать збивати",
    "kill": "kill die dead death убить погибнуть гибель вбити загинути загибель убивать погибать гибнуть вбивати гинути",
    "deploy": """fight deploy send station participate enter cross join serve engage participation presence
                 involvement участие присутствие участь присутність
                 воевать сражаться участвовать находиться присутствовать направить развернуть войти ввести
                 воювати битися брати участь перебувати направити розгорнути ввійти увійти ввести присутність""",
    "spread": """spread transmit pass infect catch transmission contagious
                 передаваться распространяться заразить заразиться передача
                 передаватися поширюватися заразити заразитися передача""",
    "found": "found create establish set-up основать создать заснувати створити",
    "mandate": """mandatory compulsory obligatory mandate обязательный принудительный обязать обов'язковий
                  примусовий зобов'язати""",
    "voluntary": """voluntary optional добровольный необязательный добровільний необов'язковий""",
    "return": """return reinstate comeback вернуться возвратиться возвращение повернутися повернення""",
    "acquire": """acquire acquisition takeover buyout buy purchase
                  купить покупать приобрести приобретать покупка приобретение поглощение поглотить
                  купити купувати придбати придбання купівля поглинання поглинути""",
    "steal": """steal access exfiltrate leak hack breach compromise
                украсть похитить взломать утечка викрасти вкрасти зламати витік""",
    "resign": """resign quit step leave dismiss fire sack oust remove replace resignation dismissal removal
                 уйти уволиться отставка уволить сместить снять заменить увольнение смещение
                 піти звільнитися відставка звільнити усунути зняти замінити звільнення усунення
                 увольнять смещать снимать звільняти усувати знімати""",
    "violate": "break violate breach flout нарушить нарушение порушити порушення",
    "forecast": """expect forecast predict projected projecting estimate outlook ожидать прогнозировать предсказать прогноз
                   очікувати прогнозувати передбачити прогноз""",
    "hold": """hold repel repulse retain удерживать удержать отразить отбить удерживаться утримувати утримати
               відбити відбивати утримуватися""",
    "stay": """stay remain continue keep остаться оставаться продолжить продолжать
               залишитися залишатися лишитися продовжити продовжувати""",
    "cause": "cause trigger lead вызвать привести спричинити викликати призвести",
    "sink": "sink sank sunk затонуть потопить затонути потопити",
    "deceive": "cheat deceive mislead lie falsify обмануть ввести обдурити ввести",
    "use": "use employ применить использовать застосувати використати",
    "agree": """agree consent approve allow permit authorize authorise greenlight
                разрешить разрешать санкционировать разрешение дозволити дозволяти дозвіл
                договориться согласиться условиться сговориться одобрить домовитися погодитися
                узгодити схвалити погодити""",
    "block": """block veto obstruct блокировать заблокировать ветировать блокувати заблокувати ветувати""",
    "warn": "warn notify inform предупредить уведомить попередити повідомити",
    "sign": """sign signing signature подписать подписывать подписание заключить заключать заключение
               підписати підписувати підписання укласти укладати укладення""",
    "pay": """pay repay payment compensate reimburse заплатить платить выплатить выплачивать оплатить выплата
              перечислить компенсировать заплатити платити виплатити виплачувати сплатити сплачувати виплата
              перерахувати компенсувати""",
    "raise": """raise hike increase повысить повышать повышение увеличить увеличивать увеличение вырасти
                підвищити підвищувати підвищення збільшити збільшувати збільшення зрости""",
    "collect": """collect gather harvest amass collection собрать собирать сбор зібрати збирати збір""",
}

# Predicates that deny each other: "resigned" says the claim "will stay on" is untrue.
OPPOSITES: dict[str, str] = {"p:stay": "p:resign", "p:resign": "p:stay", "p:withdraw": "p:hold", "p:hold": "p:withdraw",
             "p:mandate": "p:voluntary", "p:voluntary": "p:mandate", "p:block": "p:agree", "p:agree": "p:block"}  # fmt: skip

_STOP = set(
    """a an the of in on at to from for by with and or was were is are be been has have had that this these those
    its it as into near than about over after before during under against between its their his her our
    not no never
    и в во на с со к по из за от до о об что это как для при а но или был была были было не нет
    і й в у на з зі до від за про що це як для при або але був була були було не ні""".split()
)
_NEGATORS = {"not", "no", "never", "n't", "не", "ни", "ні", "нет", "немає"}
_RELATIVE = {"that", "which", "who", "whose", "который", "которая", "которое", "которые", "що", "який", "яка", "яке",
             "які", "где", "де", "where"}  # fmt: skip
# After the claim's verb, these open a clause that dates or describes it ("kept flying for hours
# after it vanished from radar"): its verbs are not what the claim says happened.
_SUBORDINATE = {"after", "before", "when", "since", "until", "while", "після", "после", "коли", "когда", "пока",
                "поки", "до того", "перед"}  # fmt: skip
_PARTICLES = {"down": "p:down", "up": "", "off": "", "out": "", "back": ""}  # "held back" is no holding
# Prepositions that open the slot a named participant fills: who with, at whom or what.
# "a call with Putin" / "разговор с Шольцем"; "strike on Dnipro" / "удар по Киеву".
_SLOTS: dict[str, str] = {
    **dict.fromkeys(("with", "с", "со", "з", "із", "зі"), "with"),
    **dict.fromkeys(("on", "at", "against", "по", "против", "проти", "на"), "on"),
}  # not "in": "в своем Telegram-канале", "in an interview with CNN" name where it was said
_TIME_WORDS = set(
    """january february march april may june july august september october november december year month day week
    январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь год месяц день неделя
    січень лютий березень квітень травень червень липень серпень вересень жовтень листопад грудень рік місяць
    день тиждень monday tuesday wednesday thursday friday saturday sunday понедельник вторник среда четверг
    пятница суббота воскресенье понеділок вівторок середа четвер п'ятниця субота неділя""".split()
)
_DOWNING = {"shoot", "shot", "bring", "brought", "take", "took", "taken"}
# "военным путем", "дипломатичним шляхом", "by military means", "by force": how, not who or what.
_MANNER_NOUNS = {"путем", "путём", "шляхом"}
_MANNER_EN = {"force", "means"}


def _manner_spans(tokens: list[Token]) -> list[range]:
    spans: list[range] = []
    for n, token in enumerate(tokens):
        if token.lower in _MANNER_NOUNS:
            spans.append(range(n - 1, n + 1) if n and tokens[n - 1].word.pos in ("ADJF", "ADJS") else range(n, n + 1))
        elif token.lower in _MANNER_EN and token.lang == "en":
            by = next((m for m in range(n - 1, max(-1, n - 3), -1) if tokens[m].lower == "by"), None)
            if by is not None:
                spans.append(range(by, n + 1))
    return spans


def _without_manner(tokens: list[Token]) -> list[Token]:
    drop = {n for span in _manner_spans(tokens) for n in span}
    return [t for n, t in enumerate(tokens) if n not in drop]


# The ways a manner phrase names, across languages: "военным путем", "by force", "militarily".
_MANNERS = {
    "военный": "military", "військовий": "military", "силовой": "military", "силовий": "military",
    "military": "military", "force": "military",
    "дипломатический": "diplomatic", "дипломатичний": "diplomatic", "diplomatic": "diplomatic",
    "мирный": "diplomatic", "мирний": "diplomatic", "political": "diplomatic", "политический": "diplomatic",
    "політичний": "diplomatic", "переговорный": "diplomatic",
}  # fmt: skip


def manner_of(tokens: Iterable[Token]) -> frozenset[str]:
    """How a text says something is done, as manners that meet across languages ("военным путем"
    and "by force" are both military; "дипломатическим путем" is not)."""
    words = [t for t in tokens if t.kind == "word"]
    return frozenset(
        _MANNERS[words[n].word.lemma] for span in _manner_spans(words) for n in span if words[n].word.lemma in _MANNERS
    )


def _index(table: dict[str, str], prefix: str) -> dict[str, str]:
    return {lemma: f"{prefix}:{concept}" for concept, lemmas in table.items() for lemma in lemmas.split()}


def _index_all(table: dict[str, str], prefix: str) -> dict[str, frozenset[str]]:
    """Every concept each lemma is listed under."""
    found: dict[str, frozenset[str]] = {}
    for concept, lemmas in table.items():
        for lemma in lemmas.split():
            found[lemma] = found.get(lemma, frozenset()) | {f"{prefix}:{concept}"}
    return found


_ENTITY = _index(ENTITIES, "e")
# A verb may state two predicates ("buy" supplies and acquires: "Russia bought Iranian drones",
# "Binance will buy FTX").
_PREDICATE = _index_all(PREDICATES, "p")


# Imperfective verbs and the perfective the predicate table lists: the dictionary gives each
# aspect its own lemma ("отступать", "отступить"), and a negated past is most often imperfective
# ("войска не отступали", "армія не відступала"). Suffix swaps, tried longest first.
_ASPECT_SUFFIXES = (
    ("ывать", "ить"), ("ивать", "ить"), ("ывать", "ать"), ("ивать", "ать"), ("лять", "ить"), ("ять", "ить"),
    ("ивать", "ять"), ("авать", "ать"), ("ать", "ить"), ("лювати", "ити"), ("ювати", "ити"), ("ювати", "яти"),
    ("увати", "ити"), ("ивати", "ити"), ("авати", "ати"), ("ляти", "ити"), ("яти", "ити"), ("ати", "ити"),
)  # fmt: skip


def _perfective(lemma: str) -> str | None:
    """The predicate table's perfective for an imperfective Slavic verb lemma, if it lists one."""
    for imperfective, perfective in _ASPECT_SUFFIXES:
        if lemma.endswith(imperfective) and len(lemma) > len(imperfective) + 2:
            candidate = lemma[: -len(imperfective)] + perfective
            if candidate in _PREDICATE:
                return candidate
    return None


# Ukrainian passive participles, which the dictionary lemmatises as adjectives ("захоплене" is
# "захоплений"), and the verbs they come from: "-ений" → "-ити" (with the "л" labials take:
# "захоплений" from "захопити"), "-ований" → "-увати", "-аний" → "-ати", "-яний" → "-яти", "-тий" → "-ти".
_PARTICIPLE_SUFFIXES = (("ований", "увати"), ("лений", "ити"), ("ений", "ити"), ("аний", "ати"), ("яний", "яти"),
                        ("тий", "ти"))  # fmt: skip


def _participle_verb(lemma: str) -> str | None:
    """The predicate table's verb a Ukrainian participle comes from, if it lists one."""
    for suffix, ending in _PARTICIPLE_SUFFIXES:
        if lemma.endswith(suffix) and len(lemma) > len(suffix) + 2:
            stem = lemma[: -len(suffix)]
            if suffix == "лений" and stem[-1:] not in "бпвмф":
                continue
            candidate = stem + ending
            verb = candidate if candidate in _PREDICATE else _perfective(candidate)
            if verb is not None:
                return verb
    return None


@remembered  # most steps of an item's reading ask for its words' keys
def keys_of(token: Token) -> set[str]:
    """Every key a word meets a claim's participants or predicate by (see the module docstring)."""
    if token.kind != "word" or len(token.text) < 2:
        return set()
    w = token.word
    lower = token.lower
    if lower in _STOP or w.pos in ("PREP", "CONJ", "PRCL", "DET", "NPRO", "AUX"):
        return set()
    keys = {f"l:{w.lemma}"}
    for form in (lower, w.lemma, lower.removesuffix("'s")):
        if form in _ENTITY:
            keys.add(_ENTITY[form])
        if form in _PREDICATE:
            keys |= _PREDICATE[form]
    if w.lang != "en" and not any(k.startswith("p:") for k in keys):
        verb = _perfective(w.lemma) or _participle_verb(w.lemma)
        if verb is not None:
            keys |= _PREDICATE[verb]  # "не відступала" states what "відступила" does, "звільнене" what "звільнили"
    thing = concepts.thing_concept(w.lemma, w.lang)
    if ":" not in thing and not any(k.startswith("e:") for k in keys):  # "Russian" names Russia, not a person
        keys.add(f"c:{thing}")
    if token.capitalised or (w.pos == "NOUN" and len(lower) >= 5):
        sound = phonetic(stem(lower.removesuffix("'s")))
        if len(sound) >= 4:
            keys.add(f"n:{sound[:5]}")
    return keys


def institution(group: frozenset[str]) -> bool:
    """Is a claim's participant more than a country: "Turkey's central bank", not "Украина"?"""
    return any(k.startswith("l:") and k[2:] not in _ENTITY for k in group) and any(k.startswith("e:") for k in group)


def keys_in(tokens: Sequence[Token], n: int) -> set[str]:
    """The keys of the word at `n`, read with the word after it: "took part" is taking part
    (participating), not taking a town."""
    keys = keys_of(tokens[n])
    if tokens[n].lang == "en" and n + 1 < len(tokens) and tokens[n + 1].lower == "part" and "l:take" in keys:
        keys = {k for k in keys if not k.startswith("p:")} | {"p:deploy"}
    if tokens[n].lower == "back" and n > 0 and tokens[n - 1].lower in _BACK_VERBS:
        keys = keys | {"p:return"}  # "is back as chief executive", "to come back"
    return keys


# English words that are nouns as often as verbs in a claim's text: a verb only after a modal, "to"
# or a name ("will block", "Hungary blocks"), else a thing ("left apartment blocks without heating").
_NOUNS_FIRST = {"block", "blocks"}
_VERB_BEFORE = {"will", "would", "to", "did", "does", "do", "not", "may", "might", "could", "can", "shall", "should",
                "must", "it", "they", "he", "she", "we"}  # fmt: skip

_BACK_VERBS = {"come", "comes", "came", "coming", "is", "was", "be", "been", "being", "bring", "brings", "brought",
               "bringing", "get", "gets", "got", "go", "goes", "went", "welcome", "welcomed"}  # fmt: skip


def sentence_keys(tokens: Iterable[Token]) -> set[str]:
    found: set[str] = set()
    listed = list(tokens)
    for n in range(len(listed)):
        found |= keys_in(listed, n)
    return found


_WHERE = {"в", "во", "у", "in", "inside", "within", "across", "throughout"}


def as_target(tokens: list[Token], words: list[frozenset[str]], agent: str) -> list[frozenset[str]]:
    """The words without the agent's where it stands as a target ("удар по всей Украине",
    "strikes on Russian territory"): the claim's doer named as who was hit is not its doer."""
    hit = {n for n, t in enumerate(tokens) if slot_of(t) == "on"}
    targets: set[int] = set()
    for n in hit:
        targets.update(k for k in range(n + 1, min(n + 4, len(tokens))) if agent in keys_of(tokens[k]))
    # "В Киеве работает ПВО", "in Ukraine": where something happens, not who does it
    targets.update(
        n + 1
        for n, t in enumerate(tokens[:-1])
        if t.lower in _WHERE
        and agent in keys_of(tokens[n + 1])
        and (
            t.lang == "en"
            or tokens[n + 1].word.case in ("loct", "loc2")
            or (tokens[n + 1].lang == "uk" and tokens[n + 1].word.case == "datv")
        )
    )  # not "у ВСУ не хватает"
    # "Киев атакуют крылатые ракеты": a singular name before a plural verb is no subject of it, but
    # its object (not "ВСУ атакуют": an abbreviation does not decline)
    targets.update(n for n, t in enumerate(tokens[:-1]) if t.lang != "en" and t.word.pos == "NOUN"
                   and not t.word.plural and not t.text.isupper() and tokens[n + 1].word.pos == "VERB"
                   and tokens[n + 1].word.plural and agent in keys_of(t))  # fmt: skip
    if not targets:
        return words
    dropped = {frozenset(keys_of(t)) for k, t in enumerate(tokens) if k in targets}
    return [w for w in words if w not in dropped]


def word_keys(tokens: Iterable[Token]) -> list[frozenset[str]]:
    """The keys of each word that has any: one word names one participant at most. A common noun
    right after a name is that name's ("Курской области", "Russian troops"): it names nothing on
    its own, so "области" is not the claim's "Брянской области"."""
    found: list[frozenset[str]] = []
    after_name = False
    for token in tokens:
        keys = keys_of(token)
        if keys and not (after_name and not token.capitalised and token.word.pos == "NOUN"):
            found.append(frozenset(keys))
        after_name = token.capitalised and bool(keys)
    return found


def slot_of(token: Token) -> str | None:
    """The slot a preposition opens ("with", "on", "in"), or None."""
    return _SLOTS.get(token.lower) if token.kind == "word" else None


def _proper(token: Token, index: int) -> bool:
    """A capitalised word that is a name: not a common word capitalised at the claim's start."""
    if not token.capitalised:
        return False
    return index > 0 or token.text.isupper() or not token.word.known


@dataclass(frozen=True)
class Proposition:
    """What a claim given as text is about, and what it says happened."""

    participants: tuple[frozenset[str], ...]  # each: the keys any of which names that participant
    predicate: frozenset[str]  # keys of the claim's verbs (p: concepts, or l: lemmas)
    negated: frozenset[str] = frozenset()  # predicates the claim says did not happen ("not driving")
    agent: str | None = None  # the entity concept of the claim's subject ("Russian forces" → e:RU)
    slots: tuple[tuple[int, str], ...] = ()  # (participant, slot) for named participants after a preposition
    manner: frozenset[str] = frozenset()  # how it was done ("военным путем": military)
    refused: tuple[frozenset[str], ...] = ()  # the words of what the claim says it was not ("Islamic", "State")
    future: bool = False  # the claim says what will happen ("will stay on"), not what happened

    def named(self, words: Iterable[frozenset[str]]) -> set[int]:
        """Which participants the words name, one participant per word at most: "Белгород"
        names one participant even when the claim says "Belgorod region's authorities ... from
        Belgorod", and "России" is not both the claim's "Кремль" and its "в России"."""
        candidates = [w for w in words if any(w & group for group in self.participants)]
        word_of: dict[int, int] = {}  # participant → the word naming it

        def assign(n: int, seen: set[int]) -> bool:  # Kuhn's augmenting path: the groups are few
            for w, keys in enumerate(candidates):
                if w in seen or not keys & self.participants[n]:
                    continue
                seen.add(w)
                holder = next((m for m, held in word_of.items() if held == w), None)
                if holder is None or assign(holder, seen):
                    word_of[n] = w
                    return True
            return False

        for n in range(len(self.participants)):
            assign(n, set())
        return set(word_of)

    def rivals(self, tokens: list[Token], named: set[int]) -> bool:
        """Does the sentence put another name in a slot where the claim has one of its own, while
        a named participant of the claim is missing? "Кремль подтвердил разговор Путина с
        Шольцем" for "Трамп провел разговор с Путиным": a call with someone else."""
        if not self.slots or len(named) >= len(self.participants):
            return False
        wanted = {slot for _, slot in self.slots}
        for index, token in enumerate(tokens):
            slot = slot_of(token)
            if slot not in wanted:
                continue
            following = [t for t in tokens[index + 1 : index + 4] if t.kind == "word"]
            # a country is too wide to be a rival: "удар по Украине" may well be the one on Dnipro
            names = [t for t in following if t.capitalised and t.start > 0 and t.word.lemma not in _TIME_WORDS
                     and not any(k.startswith("e:") for k in keys_of(t))]  # fmt: skip
            if names and not any(keys_of(t) & group for t in following for group in self.participants):
                return True
        return False

    def states(self, keys: set[str]) -> bool:
        return bool(self.predicate & keys)

    @property
    def opposite(self) -> frozenset[str]:
        """Predicates that state the claim untrue ("resign" for "will stay on")."""
        return frozenset(OPPOSITES[p] for p in self.predicate if p in OPPOSITES)


_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


def proposition(text: str) -> Proposition:
    """Participants, predicate and agent of a claim's sentence."""
    tokens = _without_manner([t for t in tokenize(normalise(text)) if t.kind == "word"])
    participants: list[frozenset[str]] = []
    slotted: list[tuple[frozenset[str], str]] = []
    predicate: set[str] = set()
    negated: set[str] = set()
    agent: str | None = None
    current: set[str] = set()
    named_group = False  # the current group has a proper name: a slot it fills can have a rival
    slot: str | None = None  # the slot the preposition before the current group opened
    negate_next = False
    verb_seen = False
    relative = False  # inside "that emerged in Wuhan": a description, not what the claim says happened
    previous_verb = False

    refused: list[frozenset[str]] = []
    refused_words: list[tuple[frozenset[str], bool]] = []  # the current refused group's words, capitalised or not
    refusing = False  # the current group follows "not": what the claim says it was not

    def flush() -> None:
        nonlocal current, named_group, slot, refusing
        if current and refusing:  # not a participant: its alternative, named by its names if it has any
            names = [keys for keys, capital in refused_words if capital]
            refused.extend(names or [keys for keys, _ in refused_words])
        elif current:
            group = frozenset(current)
            participants.append(group)
            if slot and named_group:
                slotted.append((group, slot))
        if current:
            refusing = False
        current, named_group, slot = set(), False, None
        refused_words.clear()

    # "air defence fire brought down the plane": the phrasal verb is the verb, the word before it a noun
    phrasal = {n for n, t in enumerate(tokens[:-1]) if t.lang == "en" and t.word.lemma in _DOWNING
               and tokens[n + 1].lower == "down"}  # fmt: skip
    light_nouns: set[int] = set()
    for index, token in enumerate(tokens):
        w = token.word
        lower = token.lower
        previous_word = tokens[index - 1] if index else None
        if index in phrasal and not relative:
            flush()
            (negated if negate_next else predicate).add("p:down")
            negate_next = False
            verb_seen = previous_verb = True
            continue
        if index + 1 in phrasal:
            current |= {k for k in keys_of(token) if not k.startswith("p:")}
            continue
        if lower in _NEGATORS:
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if verb_seen and following is not None and not following.word.verbal and following.word.pos not in (
                    "VERB", "INFN", "AUX") and token.lower in ("not", "не"):  # fmt: skip
                flush()
                refusing = True  # "…, not an Islamic State bomber": the alternative the claim refuses
                continue
            negate_next = True
            continue
        if lower in _RELATIVE or (lower in _SUBORDINATE and verb_seen):
            relative = True
            continue
        if previous_verb and lower in _PARTICLES and previous_word is not None:
            if _PARTICLES[lower] and not relative and previous_word.word.lemma in _DOWNING:
                predicate.add(_PARTICLES[lower])  # "brought down", "shot down"
            if lower == "back" and not relative and previous_word.lower in _BACK_VERBS:
                predicate.add("p:return")  # "will come back as chief executive"
            elif lower == "back" and not relative:
                # "held back ammunition": the phrasal verb is its own predicate, not "hold"
                for held in (predicate, negated):
                    if keys_of(previous_word) & held:
                        held -= keys_of(previous_word)
                        held.add(f"l:{previous_word.word.lemma}-back")
            continue
        after_verb, previous_verb = previous_verb, False
        keys = keys_in(tokens, index)
        slavic = token.lang != "en"
        verbal = w.verbal or w.pos in ("VERB", "INFN")
        if slavic and not verbal:
            keys = {k for k in keys if not k.startswith("p:")}  # "обстрелов" names shelling; it says nothing happened
        if lower in _NOUNS_FIRST and not (previous_word is not None and (previous_word.lower in _VERB_BEFORE
                                                                          or previous_word.capitalised)):  # fmt: skip
            keys = {k for k in keys if not k.startswith("p:")}  # "apartment blocks" (but "Hungary will block")
        verb_keys = {k for k in keys if k.startswith("p:")}
        is_verb = (bool(verb_keys) or verbal) and not token.capitalised
        # ("to" before a verb marks an infinitive: "expects inflation to stay high")
        after_preposition = previous_word is not None and previous_word.word.pos == "PREP" and (
            previous_word.lower != "to" or not verb_keys)  # fmt: skip
        if is_verb and after_preposition:
            is_verb = False  # "after take-off": a noun, not what the claim says happened
        elif is_verb and verb_seen and not negate_next and predicate and not verb_keys:
            is_verb = False  # later unknown verbs describe ("emerged"); the main verb says what happened
        if after_verb and not relative and token.lang == "en" and lower.endswith("ing") and len(lower) > 5:
            is_verb = True  # a gerund after the verb says what went on: "kept flying", "continued fighting"
        if is_verb and predicate and _reduced_relative(tokens, index):
            relative = True  # "collected data people sent over their networks": the sending describes the data
        if is_verb and not (w.pos == "NOUN" and not verb_keys and token.capitalised):
            flush()
            stated = verb_keys or {f"l:{w.lemma}"}
            if w.lemma in _LIGHT_VERBS:
                # "завдала удару", "нанесли удар", "carried out a strike": the noun says what happened
                noun = _light_noun(tokens, index)
                if noun is not None:
                    stated = {k for k in keys_in(tokens, noun) if k.startswith("p:")}
                    light_nouns.add(noun)
            if not relative:
                (negated if negate_next else predicate).update(stated)
            negate_next = relative = False
            verb_seen = previous_verb = True
            continue
        if not keys or token.lower in _STOP:
            flush()
            slot = slot_of(token)
            continue
        # Time words are not participants: "on 6 June 2023", "in April".
        if w.lemma in _TIME_WORDS or lower in _TIME_FORMS or token.text.isdigit() or index in light_nouns:
            continue
        entity = next((k for k in keys if k.startswith("e:")), None)
        if entity and not verb_seen and agent is None:
            agent = entity
        if entity and current and previous_word is not None and previous_word.word.pos == "NOUN":
            flush()  # "головнокомандувача ЗСУ": the army is a participant of its own
        elif current and slavic and previous_word is not None and previous_word.word.pos == "NOUN" and (
                w.pos in ("NOUN", "ADJF") and w.case and previous_word.word.case and w.case != previous_word.word.case):  # fmt: skip
            flush()  # "по Днепру межконтинентальной ракетой", "в России новую мобилизацию": two participants
        own = {k for k in keys if not k.startswith("p:")}  # "Russian forces", "the Kakhovka dam": one each
        current |= own
        named_group = named_group or (entity is None and _proper(token, index))
        if refusing:
            refused_words.append((frozenset(own), token.capitalised))
    flush()
    unique = tuple(dict.fromkeys(p for p in participants if p))
    slots = tuple(dict.fromkeys((unique.index(group), name) for group, name in slotted if group in unique))
    manner = manner_of(tokenize(normalise(text)))
    future = any(t.word.future or t.lower in FUTURE_AUXILIARIES for t in tokens)
    return Proposition(unique, frozenset(predicate), frozenset(negated), agent, slots, manner, tuple(refused), future)


# Verbs that take their meaning from the noun after them: "завдати удару", "нанести удар", "carry out a strike".
_LIGHT_VERBS = {"завдати", "завдавати", "нанести", "наносить", "здійснити", "здійснювати", "осуществить",
                "осуществлять", "провести", "проводить", "carry", "conduct", "launch", "deliver",
                "stage", "mount",
                # a plan says what it plans: "готовит повышение налогов", "prepares a hike"
                "готовить", "подготовить", "планировать", "готувати", "підготувати", "планувати", "prepare",
                "plan"}  # fmt: skip
_TIME_FORMS = {"року", "году", "года", "рр", "гг"}  # "9 серпня 2022 року": analysers read "року" as "рок"


def _light_noun(tokens: list[Token], index: int) -> int | None:
    """The noun a light verb at `index` takes its meaning from, two words on at most ("carried out a
    strike", "завдала ракетного удару"), if the noun names an event."""
    for n in range(index + 1, min(len(tokens), index + 5)):
        token = tokens[n]
        if token.lower in ("out", "a", "an", "the") or token.word.pos == "ADJF":
            continue
        if token.word.pos == "NOUN" and any(k.startswith("p:") for k in keys_in(tokens, n)):
            return n
        if token.word.pos != "NOUN":
            return None  # ("a missile strike": a noun before the event noun is passed over)
    return None


def future(tokens: list[Token], n: int) -> bool:
    """Is the verb at n in the future: "проведёт", "will hold", "is going to hold", "будет проводить"?"""
    if tokens[n].word.future:
        return True
    before = [t.lower for t in tokens[max(0, n - 3) : n] if t.kind == "word"]
    return any(w in FUTURE_AUXILIARIES for w in before) or "going to" in " ".join(before)


def _reduced_relative(tokens: list[Token], index: int) -> bool:
    """Is the English verb at `index`, after the claim's main verb, one of a relative clause with
    no "that": right after a noun, a name or a pronoun, with no comma or conjunction between ("data
    people sent", "drones Russia used")? Its verb describes a participant; it is not what happened."""
    if index == 0 or tokens[index].lang != "en" or tokens[index].lower.endswith("ing"):
        return False
    before = tokens[index - 1]
    return before.word.pos in ("NOUN", "NPRO") and before.end == tokens[index].start - 1
