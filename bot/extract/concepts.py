"""PURE. Where counted things and events meet across languages: a concept table.

Figures are compared by what they count. A counted noun or an event verb is first reduced to
its lemma (`morph.py`); the commonest ones officials count are then mapped to one concept for
all three languages, so "поранено 64 людини", "ранены 64 человека" and "64 people injured" are
one thing (`person`, `injured`). A lemma not in the table stays itself, tagged with its
language ("uk:мазут"): it still meets the same word in the same language, but not a
translation. That errs towards silence: a side switching language on a rare noun is a missed
change, never a false one. The table lists lemmas as `morph.analyse` gives them (pymorphy3
normal forms, simplemma lemmas), and prefixes (ending in "*") for compounds and abbreviations.
"""

from __future__ import annotations

import functools
import re

from bot.model import TOLL_EVENTS

__all__ = [
    "CASUALTY_EVENTS",
    "CHANGE_VERBS",
    "PEOPLE_EVENTS",
    "THING_CLASSES",
    "event_concept",
    "thing_concept",
    "words_for",
]

# concept: lemmas (en, ru, uk together)
THINGS: dict[str, str] = {
    "person": """person people civilian resident inhabitant citizen individual human victim adult passenger
        ukrainian russian man woman participant protester demonstrator body
        miner worker employee colleague staff crew member tourist visitor fan spectator pilgrim patient pensioner
        goer concertgoer attendee
        migrant refugee evacuee voter worshipper shopper guest holidaymaker climber swimmer driver farmer
        journalist volunteer suspect detainee applicant holder user-account
        тело тело горняк шахтер рабочий работник сотрудник пациент пенсионер беженец турист болельщик
        тіло гірник шахтар робітник працівник співробітник пацієнт пенсіонер біженець турист уболівальник
        украинец россиянин мужчина женщина участник протестующий демонстрант пострадавший человек
        українець росіянин чоловік жінка учасник протестувальник
        человек люди житель гражданин мирный гражданский лицо жертва взрослый пассажир население
        людина особа житель мешканець громадянин цивільний мирний жертва дорослий пасажир населення""",
    "child": """child kid minor teenager schoolchild boy girl baby infant student pupil
        ребенок дети несовершеннолетний подросток школьник школьница мальчик девочка младенец
        дитина діти неповнолітній підліток школяр школярка хлопчик дівчинка немовля""",
    "soldier": """soldier serviceman servicemen troop fighter conscript recruit mobilised force army
        военнослужащий военный боец солдат срочник мобилизованный войско армия
        військовослужбовець військовий боєць солдат строковик мобілізований захисник військо армія""",
    "prisoner": """prisoner pow captive hostage detainee
        пленный военнопленный пленник заложник
        полонений військовополонений бранець заручник""",
    "police officer": "officer policeman police полицейский силовик поліцейський правоохоронець",
    "rescuer": "rescuer firefighter спасатель пожарный рятувальник пожежник",
    "medic": "medic doctor nurse paramedic медик врач фельдшер лікар",
    "building": """building structure facility object site
        здание строение сооружение объект постройка
        будівля споруда об'єкт будова""",
    "house": """house home residence dwelling homestead
        дом домовладение жилье особняк
        будинок домоволодіння оселя житло домівка""",
    "apartment building": """high-rise apartment-block block tower-block
        многоэтажка многоквартирный высотка
        багатоповерхівка багатоквартирний висотка""",
    "flat": "flat apartment квартира",
    "customer": """customer consumer subscriber household account user client
        абонент потребитель клиент пользователь
        абонент споживач клієнт користувач""",
    "settlement": """settlement village town city locality community
        населенный поселок село деревня город громада
        населений селище село місто громада""",
    "drone": """drone uav shahed geran
        беспилотник бпла дрон шахед герань беспилотный
        безпілотник бпла дрон шахед герань ударний""",
    "missile": "missile rocket ракета",
    "aircraft": "aircraft plane jet helicopter самолет вертолет літак гелікоптер вертоліт",
    "vehicle": """vehicle car truck lorry bus
        автомобиль машина грузовик автобус транспорт автотранспорт
        автомобіль машина вантажівка автобус транспорт автівка""",
    "tank": "tank танк танок",
    "ship": "ship vessel boat tanker корабль судно катер танкер корабель судно катер танкер",
    "flight": "flight рейс авиарейс",
    "train": "train поезд электричка потяг поїзд електричка",
    "school": "school школа заклад",
    "hospital": "hospital больница госпиталь лікарня шпиталь",
    "enterprise": "enterprise business company firm предприятие компания підприємство компанія бізнес",
    "factory": "factory plant mill works завод фабрика комбинат",
    "job": "job workplace место робоче",
    "ticket": "ticket билет квиток",
    "bird": "bird птица птах",
    "animal": """animal dolphin cattle livestock cow pig sheep dog cat horse chicken poultry fish
        животное дельфин скот корова свинья овца собака кошка лошадь курица птица рыба
        тварина дельфін худоба корова свиня вівця собака кіт кінь курка риба""",
    "case": "case случай заболевание випадок захворювання",
    "inflation": "inflation инфляция інфляція",
    "damage": "damage loss losses ущерб убыток урон збиток шкода втрати",
    "cost": """cost price spending expenditure budget стоимость цена расходы затраты бюджет смета
        вартість ціна витрати бюджет кошторис""",
    "sand": "sand soil песок грунт пісок ґрунт",
    "fuel oil": "fuel oil мазут нефтепродукт нафтопродукт",
    "fire": "fire blaze wildfire flame пожар возгорание огонь пламя пожежа загоряння займання вогонь полум'я",
}

# Two-word things: an adjective and a noun, as `counting.thing_of` looks them up ("населений пункт").
THING_PAIRS: dict[str, str] = {
    "населенный пункт": "settlement", "населений пункт": "settlement", "многоквартирный дом": "apartment building",
    "багатоквартирний будинок": "apartment building", "многоэтажный дом": "apartment building",
    "багатоповерховий будинок": "apartment building", "жилой дом": "house", "житловий будинок": "house",
    "частный дом": "house", "приватний будинок": "house", "транспортный средство": "vehicle",
    "транспортний засіб": "vehicle", "летательный аппарат": "aircraft", "літальний апарат": "aircraft",
    "воздушный цель": "aerial target", "повітряний ціль": "aerial target", "учебный заведение": "school",
    "навчальний заклад": "school", "медицинский учреждение": "hospital", "заклад охорони": "hospital",
}  # fmt: skip

# Units: measures and money; a figure with a unit is compared only with the same unit.
UNITS: dict[str, str] = {
    "percent": "% percent per-cent процент процентный отсоток відсоток відсотковий",
    "tonne": "tonne ton t тонна т",
    "hectare": "hectare ha гектар га",
    "acre": "acre акр",
    "lb": "lb lbs",
    "litre": "litre liter l литр літр л",
    "cubic metre": "кубометр",
    "km2": "km2 км2",
    "m2": "m2 м2",
    "USD": "$ dollar usd доллар долар",
    "EUR": "€ euro eur евро євро",
    "GBP": "£ pound gbp фунт",
    "UAH": "₴ hryvnia hryvnias uah гривна гривня грн",
    "RUB": "₽ rouble ruble rub рубль руб",
    "ILS": "₪ shekel шекель",
    "TRY": "lira лира ліра",
    "CHF": "chf franc франк франка франки франків франков",
}

EVENTS: dict[str, str] = {
    "killed": """kill die dead death perish fatality toll
        погибнуть убить гибель скончаться смерть погибший убитый умереть жертва
        загинути вбити загибель померти смерть загиблий вбитий""",
    "injured": """injure wound hurt injury casualty
        ранить пострадать травмировать ранение раненый пострадавший травма
        поранити постраждати травмувати поранення поранений постраждалий травмований поранить""",
    "missing": """missing unaccounted disappear пропасть пропавший безвести зникнути зниклий безвісти
        поиск пошук розшук""",
    "hospitalised": """hospitalise hospitalize hospital admit
        госпитализировать госпитализация госпіталізувати госпіталізований госпіталізація""",
    "fell ill": """sicken ill poison infect
        заболеть отравиться заразиться отравление заболевший захворіти отруїтися заразитися отруєння""",
    "evacuated": "evacuate evacuation эвакуировать эвакуация вывезти евакуювати евакуація вивезти",
    "rescued": """rescue save pull
        спасти спасение извлечь вытащить
        врятувати урятувати порятунок деблокувати витягти""",
    "detained": """detain arrest apprehend detention
        задержать арестовать задержание задержанный арест
        затримати заарештувати затримання затриманий""",
    "damaged": "damage повредить повреждение пошкодити пошкодження",
    "destroyed": """destroy demolish ruin flatten collapse уничтожить обрушиться обвалиться зруйнуватися разрушить разрушение уничтожение знищити зруйнувати
        руйнування знищення""",
    "downed": "down intercept shoot сбить перехватить перехват збити перехопити перехоплення",
    "jammed": "jam suppress подавить подавити",
    "lost": "lose потерять потеря втратити втрата",
    "used": """use deploy involve employ применить использовать задействовать привлечь участвовать
        застосувати використати задіяти залучити""",
    "shelled": "shell bombard обстрелять обстрел обстріляти обстріл",
    "launched": "launch fire attack выпустить запустить атаковать випустити запустити атакувати",
    "without power": """de-energise outage blackout cut
        обесточить отключить обесточивание знеструмити відключити знеструмлення""",
    "reconnected": """reconnect restore восстановить подключить возобновить запитать відновити підключити
        повернути заживити заживить живлення""",
    "flooded": "flood submerge inundate подтопить затопить підтопити затопити",
    "burned": "burn scorch сгореть выгореть горіти згоріти вигоріти",
    "spilled": "spill leak разлить вылиться попасть розлити потрапити",
    "collected": "collect gather собрать зібрати",
    "returned": """return exchange release вернуть освободить обменять повернути звільнити обміняти
        вернуться возвращаться возвратиться повернутися повертатися передать передати""",
    "cancelled": "cancel cancellation отменить отмена скасувати скасування",
    "delayed": "delay задержать затримати",
    "sold": "sell продать продати",
    "cut": "cut lay-off layoff сократить уволить скоротити звільнити",
    "affected": """affect access steal compromise breach expose leak
        затронуть украсть похитить скомпрометировать
        зачепити викрасти вкрасти скомпрометувати""",
}

# What happened to an aerial weapon when "destroyed" is said of it: it was shot down.
THING_CLASSES: dict[str, str] = {"drone": "aerial", "missile": "aerial", "aircraft": "aerial"}
_AERIAL_EVENTS = {"destroyed": "downed"}

# Events that count people when nothing else is named ("поранено 64", "killing 12").
CASUALTY_EVENTS = frozenset(
    {"killed", "injured", "missing", "hospitalised", "fell ill", "evacuated", "rescued", "detained"}
)

# A toll: a living being counted dead, hurt or missing is a person ("погибли 32 горняка", later
# "погибли 46 человек": one toll), unless the table names its kind (child, soldier, ...). Under other
# events the group named matters ("затримали 14 учасників", "двох посадовців"): it stays its word.
PEOPLE_EVENTS = TOLL_EVENTS

# Verbs that say a figure changed, not what happened: they mark an update of an earlier figure.
CHANGE_VERBS = frozenset(
    """rise raise increase climb grow reach jump fall drop decrease lower revise update correct stand
    возрасти вырасти увеличиться увеличить достигнуть составить снизиться уменьшиться уточнить
    обновить превысить повысить понизить скорректировать
    зрости збільшитися збільшити досягти становити знизитися зменшитися уточнити оновити
    перевищити підвищити знизити скоригувати сягнути""".split()
)


# Events said in several words, which no single lemma carries ("had access to", "получили ранения").
EVENT_PHRASES: list[tuple[str, str]] = [
    (
        "without power",
        r"без (?:света|світла|электроснабжения|електропостачання|электричества|електрики|электроэнергии"
        r"|електроенергії)|without (?:power|electricity)|lost power|cut power|power cut|cut off from power|знеструм"
        r"|обесточ|відключен\w* від|перебо\w* (?:со светом|с электр\w+|зі світлом|з електр\w+)",
    ),
    (
        "affected",
        r"\baccess(?:ed)? to\b|\baccessed\b|\bstole|\bstolen\b|\bcompromised\b|\bexposed\b|\bleaked\b"
        r"|\bbreached\b|похищен|украден|утекл|утечк|викраден|вкраден|витік|злит|(?:получил|отримал|имел|мал)\w* доступ",
    ),
    (
        "injured",
        r"получил\w* (?:ранени|травм)|зазнал\w* (?:поранен|травм)|were hurt|sustained injuries|отримал\w* поранен",
    ),
    ("homeless", r"без крова|без даху|\bhomeless\b|без жилья|без житла"),
    (
        "hospitalised",
        r"(?:taken|admitted|rushed) to hospital|remain\w* in hospital|(?:are|were) in hospital"
        r"|доставлен\w* в больниц|доставлен\w* до лікарн"
        r"|в больниц\w* (?:находятся|остаются)|у лікарнях перебувають|госпитализ|госпіталіз",
    ),
    ("downed", r"\b(?:bring|brought|bringing|shoot|shot|shooting) down\b|\bdowned\b|\bintercepted\b"),
    ("without heating", r"без (?:тепла|теплопостачання|опалення|отопления|теплоснабжения)|without heating"),
    ("without water", r"без (?:води|водопостачання|воды|водоснабжения)|without water"),
    ("without gas", r"без (?:газу|газопостачання|газа|газоснабжения)|without gas"),
    ("injured", r"звернул\w* (?:по|за) медичн|обратил\w* за медицинск|sought medical|sought treatment"),
    (
        "killed",
        r"\blost (?:their|his|her) li(?:fe|ves)\b|\bloss of life\b|погибш\w* и умерш|загибл\w* та помер"
        # "Ворог забрав життя 18 людей", "унес жизни", "claimed the lives of"
        r"|забра\w* життя|забира\w* життя|обірва\w* життя|унес\w* жизн|унос\w* жизн|забрал\w* жизн|оборва\w* жизн"
        r"|\b(?:claim|take|took|taken|claimed|taking|claiming)\w* (?:the )?li(?:fe|ves) of\b",
    ),
    (
        "returned",
        r"\b(?:com(?:e|es|ing)|came|return(?:s|ed|ing)?|brought|bring(?:s|ing)?|went|go(?:ne|ing)?)\s+home\b"
        r"|(?:вернул|возвращ|возвратил|доставлен|повернул|поверта)\w*\s+(?:домой|додому|на родину|в россию|в україну)",
    ),
]


# "на борту находились 208 человек", "27 people were on board": those aboard, revised as lists are checked
# (only where the clause names no other event: "killing all 157 people on board" counts the dead)
ABOARD = re.compile(r"\bon board\b|\baboard\b|на борту|на борт[іу]", re.IGNORECASE)


def event_from_phrases(text: str, at_start: bool = False) -> str | None:
    """The event a phrase in `text` says, if any (first in the table wins); with `at_start`, only
    a phrase the text begins with."""
    for concept, pattern in EVENT_PHRASES:
        found = re.search(pattern, text, re.IGNORECASE)
        if found and (not at_start or found.start() == 0):
            return concept
    return None


def _index(table: dict[str, str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    exact: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    for concept, lemmas in table.items():
        for lemma in lemmas.split():
            if lemma.endswith("*"):
                prefixes.append((lemma[:-1], concept))
            else:
                exact.setdefault(lemma, concept)
    return exact, prefixes


_THINGS = _index(THINGS)
_EVENTS = _index(EVENTS)
_UNITS = _index(UNITS)


def _lookup(index: tuple[dict[str, str], list[tuple[str, str]]], lemma: str) -> str | None:
    exact, prefixes = index
    found = exact.get(lemma)
    if found is not None:
        return found
    return next((concept for prefix, concept in prefixes if lemma.startswith(prefix)), None)


@functools.lru_cache(maxsize=50_000)
def thing_concept(lemma: str, lang: str) -> str:
    """The concept of a counted noun's lemma, or the lemma tagged with its language."""
    return _lookup(_THINGS, lemma) or f"{lang}:{lemma}"


@functools.lru_cache(maxsize=50_000)
def event_concept(lemma: str, lang: str, thing: str | None = None) -> str:
    """The concept of an event verb or noun's lemma, or the lemma tagged with its language."""
    concept = _event_lookup(lemma) or f"{lang}:{lemma}"
    if thing is not None and THING_CLASSES.get(thing) == "aerial":
        concept = _AERIAL_EVENTS.get(concept, concept)
    return concept


def is_event(lemma: str) -> bool:
    return _event_lookup(lemma) is not None


_REFLEXIVE = ("ться", "тись", "тися", "ся", "сь")


def _event_lookup(lemma: str) -> str | None:
    """An event lemma, or the verb its reflexive form comes from ("повернутися" is "повернути")."""
    found = _lookup(_EVENTS, lemma)
    if found is None and lemma.endswith(_REFLEXIVE) and len(lemma) > 6:
        stem = lemma[:-2]
        found = _lookup(_EVENTS, stem) or (_lookup(_EVENTS, stem + "ь") if stem.endswith("т") else None)
    return found


def pair_concept(pair: str) -> str | None:
    """The concept of an adjective + noun lemma pair ("населений пункт"), if the table has it."""
    return THING_PAIRS.get(pair)


def is_thing_concept(concept: str | None) -> bool:
    """Whether a thing is one of the table's concepts (not a bare lemma)."""
    return concept is not None and ":" not in concept


def is_thing(lemma: str) -> bool:
    return _lookup(_THINGS, lemma) is not None


def unit_concept(lemma: str) -> str | None:
    return _lookup(_UNITS, lemma)


def words_for(concept: str | None) -> str:
    """A concept as users read it: 'person' → 'people', 'uk:мазут' → 'мазут'."""
    if not concept:
        return ""
    if ":" in concept:
        return concept.split(":", 1)[1]
    return {"person": "people", "child": "children", "flat": "flats", "case": "cases"}.get(concept, concept)
