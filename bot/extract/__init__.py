"""PURE. extract(item, config) → the statements one item revision makes about tracked claims.

    text ──sentences──▶ sentence ──terms──▶ claims it is about, cues, aliases
                                  ──speakers──▶ whose word it is
                                  ──stance──▶ supports / refutes / neutral
                                  ──numbers──▶ figures and what they count
         ──▶ one Statement per (claim, side): the sentences' stances and figures combined

A sentence is about a claim when it contains one of the claim's topic terms, or when its item
is about the claim (its opening names the topic; for short posts and a side's own items, any
sentence) and the sentence states a cue or a figure.
Everything is compiled once per config (`matcher_for`), so a thousand claims cost about what
ten do: one pass over the text finds every term of every claim.
"""

from __future__ import annotations

import functools
import re
import threading
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from bot.compare import incidents
from bot.compare.number_change import restates
from bot.extract import (
    concepts,
    confidence,
    counting,
    figures,
    frames,
    lexicon,
    morph,
    places,
    post,
    propositions,
    semantic,
    stance,
    when,
)
from bot.extract.claims import ClaimTerms, claim_terms
from bot.extract.memo import per_item
from bot.extract.numbers import word_value
from bot.extract.speakers import NOUN_LIKE_REPORTS, Frame, Voice, relays_another, speaker
from bot.extract.terms import Hit, TermIndex, stem
from bot.extract.tokens import Token, normalise, tokenize
from bot.model import Config, Figure, ItemText, Qualifier, Stance, Statement
from bot.text import fold, same_place, shorten

__all__ = ["Reading", "extract", "matcher_for"]

QUOTE_LIMIT = 500
_NAMING = frozenset(lexicon.NAMING)
# Whole words only: as a prefix "ранее" would find "ранены".
_EARLIER = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, lexicon.EARLIER)) + r")(?!\w)")
_AGO = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, lexicon.AGO)) + r")(?!\w)")


@dataclass
class Matcher:
    """Every term of a config, compiled: aliases, claim terms and the cue lexicon."""

    aliases: TermIndex[str] = field(default_factory=TermIndex)
    topics: TermIndex[tuple[str, str]] = field(default_factory=TermIndex)  # (claim id, "topic" | "anchor")
    stances: TermIndex[tuple[str, str]] = field(default_factory=TermIndex)  # (claim id, "supports" | "refutes")
    cues: TermIndex[str] = field(default_factory=lambda: TermIndex(stemmed=False))  # lexicon kind
    terms: dict[str, ClaimTerms] = field(default_factory=dict)
    embeddings: semantic.ClaimEmbeddings | None = None  # claims given as text, when the extra is installed
    not_places: frozenset[str] = frozenset()  # the sides' names are no places (extract/places.py)
    given_names: dict[str, set[str]] = field(default_factory=dict)  # surname → first names the aliases give it
    countries: dict[str, set[str]] = field(default_factory=dict)  # side → the countries its aliases name
    # configured claims about what will be done, with no cue words of their own: their text's verb states them
    predicated: dict[str, propositions.Proposition] = field(default_factory=dict)
    propositions: dict[str, propositions.Proposition] = field(default_factory=dict)  # claims given as text
    proposition_keys: dict[str, set[str]] = field(default_factory=dict)  # key → claims given as text naming it
    planned: set[str] = field(default_factory=set)  # claims about a plan ("готовит мобилизацию"): intent is their fact
    future: set[str] = field(default_factory=set)  # claims given as text about what will be done: an intent states them
    dated: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # claim → its one day or night, places
    single: set[str] = field(default_factory=set)  # claims about one incident ("A gas explosion brought down ...")
    claim_texts: dict[str, str] = field(default_factory=dict)  # claim → its text and terms, folded
    regional: set[str] = field(default_factory=set)  # claims whose text names a region ("the Kharkiv region")


def _build(config: Config) -> Matcher:
    matcher = Matcher()
    for side in config.sides:
        matcher.aliases.add_all((side.name, *side.aliases), side.name)
    matcher.not_places = places.keys_of_names([name for side in config.sides for name in (side.name, *side.aliases)])
    for side in config.sides:
        for name in (side.name, *side.aliases):
            words = fold(name).split()
            if len(words) == 2 and all(w[:1].isalpha() for w in words):
                matcher.given_names.setdefault(words[1], set()).add(words[0])
            found = propositions.sentence_keys(tokenize(normalise(name)))
            matcher.countries.setdefault(side.name, set()).update(k for k in found if k.startswith("e:"))
    for claim in config.claims:
        terms = claim_terms(claim)
        if terms.topic and not terms.supports and not terms.refutes:
            reading = propositions.proposition(claim.text)
            if reading.future and reading.predicate:
                # "Gazprom will pay Naftogaz the sum awarded by the arbitration": no cue words given nor
                # derived, so what it says will be done ("pay"; "will not pay" refuses it) is read
                matcher.predicated[claim.id] = reading
                matcher.future.add(claim.id)
        matcher.terms[claim.id] = terms
        matcher.topics.add_all(terms.topic, (claim.id, "topic"))
        matcher.topics.add_all(terms.anchors, (claim.id, "anchor"))
        matcher.stances.add_all(terms.supports, (claim.id, "supports"))
        matcher.stances.add_all(terms.refutes, (claim.id, "refutes"))
        matcher.claim_texts[claim.id] = fold(" ".join((claim.text, *terms.topic, *terms.supports, *terms.refutes)))
        if _PLAN_WORDS.search(" ".join((claim.text, *terms.supports, *terms.refutes))):
            matcher.planned.add(claim.id)
        if _REGION_WORD.search(fold(claim.text)):
            matcher.regional.add(claim.id)
        if _one_incident(claim.text):
            matcher.single.add(claim.id)
        day = _claim_day(claim.text)
        if day is not None:
            matcher.dated[claim.id] = day, places.place_keys(claim.text, morph.language(claim.text), matcher.not_places)
        if terms.derived:
            reading = propositions.proposition(claim.text)
            matcher.propositions[claim.id] = reading
            if reading.future:
                # "Армения выйдет из ОДКБ": a claim about what will be done is stated by an intent
                # ("намерена выйти") and refused by its negation ("не собирается выходить")
                matcher.future.add(claim.id)
            for group in reading.participants:
                for key in group:
                    matcher.proposition_keys.setdefault(key, set()).add(claim.id)
    lexicons: tuple[tuple[str, list[str]], ...] = (
        ("report", lexicon.REPORTING), ("according", lexicon.ACCORDING_TO), ("unnamed", lexicon.UNNAMED),
        ("past", lexicon.PAST_MARKERS), ("hedge", lexicon.HEDGES), ("denial", lexicon.DENIALS),
        ("relation", lexicon.RELATION_DENIALS), ("no_longer", lexicon.NO_LONGER), ("contrast", lexicon.CONTRAST),
        ("scope", lexicon.SCOPE),
        ("attributed", lexicon.ATTRIBUTED), ("confirms", lexicon.CONFIRMS), ("recall", lexicon.RECALLING),
    )  # fmt: skip
    for kind, cue_words in lexicons:
        matcher.cues.add_all(cue_words, kind)
    derived = [(c.id, c.text) for c in config.claims if matcher.terms[c.id].derived]
    if derived and config.settings.semantic and semantic.available():
        matcher.embeddings = semantic.ClaimEmbeddings(derived)
    return matcher


def _claim_day(text: str) -> str | None:
    """The one day or night a claim names with its year ("на выборах 9 августа 2020 года"): the
    claim is about that one incident, so its figures that name no day of their own are about it."""
    year = re.search(r"\b(?:19|20)\d\d\b", text)
    if year is None or len(re.findall(r"(?<![\d.,])\d{1,2}(?![\d.,])", text)) != 1:
        return None  # no year, or more than one day ("23 and 31 January")
    named = [c for c in when.cues(text, datetime(int(year.group()), 12, 31, tzinfo=UTC))
             if c.explicit and c.kind in ("day", "night")]  # fmt: skip
    keys = {c.key for c in named}
    return keys.pop() if len(keys) == 1 else None


_EVENT_HEAD = re.compile(figures.EVENT_NOUNS, re.IGNORECASE)


def _one_incident(text: str) -> bool:
    """Is a claim about one incident: its subject one event ("A gas explosion brought down part of a
    block", "Fire at a college building ... killed people", "Обрушение подъезда ..."), told as past or
    named alone? Not a topic: "Russian strikes on Kharkiv", "Ukrainian shelling damages homes"."""
    tokens = [t for t in tokenize(normalise(text)) if t.kind == "word"]
    first = next((n for n, t in enumerate(tokens) if t.word.pos in ("NOUN", "GRND")
                  and (t.lang == "en" or t.word.case in (None, "nomn", "loct"))), None)  # fmt: skip
    if first is None:
        return False
    while tokens[first].lang == "en" and first + 1 < len(tokens) and tokens[first + 1].word.pos == "NOUN":
        first += 1  # "A gas explosion": the last noun of a compound is its head
    head = tokens[first]
    if head.word.plural or not _EVENT_HEAD.match(head.lower):
        return False
    verbs = [t for t in tokens if t.word.pos in ("VERB", "PRTF") and t.start > head.start]
    if head.lang == "en":
        return any(t.word.pos == "PRTF" for t in verbs)  # a past form: "brought down", "killed"
    return all(t.word.pos != "VERB" or (not t.word.future and t.lower.endswith(("л", "ла", "ло", "ли", "в", "с")))
               for t in verbs)  # fmt: skip


def _dated(figure: Figure, dated: tuple[str, tuple[str, ...]] | None, item_days: set[str],
           published: datetime | None) -> Figure:  # fmt: skip
    """A figure that names no day of its own, under a claim about one dated incident, is about that
    day, unless it names places and none is the claim's (the next day's shelling of another town),
    its item names only other days ("on Tuesday", four days later: the next attack), or it was
    published before that day began (the night before's drones)."""
    if dated is None or figure.when is not None:
        return figure
    day, claim_places = dated
    if incidents.reported_before(day, published):
        return figure
    if item_days and not any(incidents.compatible_keys(day, key) for key in item_days):
        return figure
    if figure.places and claim_places and not any(same_place(a, b) for a in figure.places for b in claim_places):
        return figure
    return replace(figure, when=day)


_REGION_WORD = re.compile(r"\b(?:провинци|област|регион|регіон|губерни|мухафаз|province|region|governorate|oblast)")
_PLAN_WORDS = re.compile(r"\b(?:готов|готу|план|намер|збира|собира|prepar|plan|intend|aim)", re.IGNORECASE)

_cache: dict[int, tuple[Config, Matcher]] = {}
_lock = threading.Lock()


def matcher_for(config: Config) -> Matcher:
    """The compiled matcher of a config, built once per config object."""
    cached = _cache.get(id(config))
    if cached is not None and cached[0] is config:
        return cached[1]
    with _lock:
        matcher = _build(config)
        if len(_cache) > 16:
            _cache.clear()
        _cache[id(config)] = (config, matcher)
    return matcher


@dataclass
class _Sentence:
    text: str
    frame: Frame
    topic_hits: list[Hit[tuple[str, str]]]
    stance_hits: list[Hit[tuple[str, str]]]
    cue_hits: dict[str, list[Hit[str]]]
    alias_hits: list[Hit[str]]
    semantic: set[str] = field(default_factory=set)  # claims the embedding model says it is about
    tokens: list[Token] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)  # proposition keys of its words (propositions.py)
    word_keys: list[frozenset[str]] = field(default_factory=list)  # the same, word by word
    framings: list[frames.Framing] = field(default_factory=list)  # denied, admitted, hedged, corrected


# ", who has repeatedly denied …," / ", который ранее …,": a description of the speaker, not its word.
_RELATIVE = re.compile(
    r",\s*(?:who|whom|which|который|которая|которое|которые|которого|которую|который|який|яка|яке|які|якого|яку)\b"
    r"[^,]*(?:,|$)"
)


_Words = tuple[list[Token], list[frozenset[str]]]  # a sentence's tokens, and its words' proposition keys


def _words_of(text: str, matcher: Matcher) -> _Words:
    """A sentence's tokens and its words' proposition keys: enough to tell whether an item names
    any participant of a claim given as text, before the rest of its reading."""
    tokens = tokenize(normalise(text))
    return tokens, propositions.word_keys(tokens) if matcher.propositions else []


# What one asks another to do ("попросить Путина признать", "з проханням визнати") is not said by anyone.
_REQUESTS = {"просить", "попросить", "предложить", "предлагать", "призвать", "призывать", "требовать", "потребовать",
             "убедить", "уговорить", "просьба", "призыв", "требование", "просити", "попросити", "запропонувати",
             "пропонувати", "закликати", "вимагати", "переконати", "прохання", "заклик", "вимога"}  # fmt: skip


def _requested(tokens: list[Token], n: int) -> bool:
    return any(t.kind == "word" and t.word.lemma in _REQUESTS for t in tokens[max(0, n - 4) : n])


_CALLED = {"is", "was", "are", "were", "be", "been", "as", "called", "calls", "branded", "labelled", "labeled", "deemed",
           "entirely", "completely", "totally", "simply", "absolutely", "utterly", "patently", "demonstrably"}  # fmt: skip


def _dismissal(tokens: list[Token], hit: Hit[str]) -> bool:
    """A "dismissed"/"rejected" whose object is no report, claim or pronoun for one ("dismissed the CEO"); a
    "false"/"fake" that describes the noun after it ("fake accounts", "false and misleading information")."""
    index = _token_at(tokens, hit.start)
    if index is None:
        return False
    if hit.term in ("false", "fake") and tokens[index].lang == "en":
        before = tokens[index - 1].lower if index > 0 else ""
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        attributive = after is not None and after.kind == "word" and after.lower not in ("and", "or", "but", "news")
        # ("false rumours", "fake news" call a report untrue: a denial)
        return attributive and before not in _CALLED and not frames.has_report_object(tokens, index)
    if not hit.term.startswith(("dismiss", "reject")):
        return False
    # (a person dismissed: a title or a name follows, and no report: "dismissing chief executive Parag Agrawal")
    following = [t for t in tokens[index + 1 : index + 4] if t.kind == "word"]
    person = any(t.lower in _TITLE_WORDS or t.capitalised for t in following)
    return person and not frames.has_report_object(tokens, index)


def _analyse(text: str, matcher: Matcher, words: _Words | None = None) -> _Sentence:
    folded = fold(text)
    aside = [m.span() for m in _RELATIVE.finditer(folded)]

    def outside(hit: Hit[Any]) -> bool:
        return not any(start <= hit.start < end for start, end in aside)

    cue_hits: dict[str, list[Hit[str]]] = {}
    for hit in matcher.cues.find(folded):
        for kind in hit.payloads:  # "denied" both reports and denies
            if kind == "report" or outside(hit):  # a verb in an aside still shows who is not speaking
                cue_hits.setdefault(kind, []).append(hit)
    tokens, word_keys = words or _words_of(text, matcher)
    # Russian and Ukrainian reporting verbs by lemma: every form of them, never their nouns.
    known = {h.start for h in cue_hits.get("report", [])}
    for n, token in enumerate(tokens):
        w = token.word if token.kind == "word" else None
        if w is not None and token.lang != "en" and w.lemma in lexicon.REPORTING_LEMMAS and token.start not in known \
                and w.pos in ("VERB", "INFN", "GRND", "PRTS") and not (w.pos == "INFN" and _requested(tokens, n)):  # fmt: skip
            cue_hits.setdefault("report", []).append(Hit(token.start, token.end, w.lemma, frozenset({"report"})))
    if "report" in cue_hits:
        cue_hits["report"].sort(key=lambda h: h.start)
    if "denial" in cue_hits:
        # "dismissing chief executive Parag Agrawal": a dismissal, not a denial (one needs a report as its object)
        cue_hits["denial"] = [h for h in cue_hits["denial"] if not _dismissal(tokens, h)]
    found_aliases = matcher.aliases.find(folded)
    names = [h for h in _whole_names(text, folded, found_aliases, matcher.given_names)
             if not _another_country(text, h, matcher.countries.get(h.payload, set()))]  # fmt: skip
    # A claim's topic word that is a side's name is not named where that name is someone else's
    # ("Xavi" in "Xavi Simons", "Iran" in "Iran Air").
    not_names = {(h.start, fold(h.term)) for h in found_aliases
                 if not any(k.start <= h.start < k.end for k in names)}  # fmt: skip
    topics = [_unregional(h, folded, matcher.regional) for h in matcher.topics.find(folded)
              if (h.start, fold(h.term)) not in not_names]  # fmt: skip
    topics = [h for h in topics if h.payloads]
    return _Sentence(
        text,
        Frame.of(folded),
        topics,
        [h for h in matcher.stances.find(folded) if outside(h)],
        cue_hits,
        names,
        tokens=tokens,
        keys=set().union(*word_keys),
        word_keys=word_keys,
        framings=[f for f in frames.frames(normalise(text), tokens) if not any(a <= f.start < b for a, b in aside)],
    )


# Words that may follow a side's name inside the side's own institutions ("Iran Foreign Ministry",
# "Ukraine Air Force"); any other capitalised word makes a longer name ("Iran Air", "Ethiopian
# Airlines", "Wirecard Bank") that is not the side.
_INSTITUTION_WORDS = {
    "ministry", "foreign", "defence", "defense", "armed", "army", "navy", "government", "president", "prime",
    "interior", "health", "general", "national", "security", "council", "parliament", "cabinet", "embassy",
    "mission", "office", "presidential", "state", "central", "command", "force", "forces", "military", "police",
    "air", "special", "federal", "regional", "information", "press", "media", "spokesman", "spokeswoman",
}  # fmt: skip
_LATIN = re.compile(r"[a-z]")
_TITLE_WORDS = {
    "president", "minister", "governor", "general", "spokesman", "spokeswoman", "mayor", "chief", "head", "chancellor",
    "secretary", "senator", "commander", "colonel", "lieutenant", "captain", "admiral", "ambassador", "director",
    "chairman", "ceo", "founder", "premier", "leader", "judge", "mr", "mrs", "ms", "dr", "sir",
    "президент", "министр", "губернатор", "генерал", "глава", "мэр", "посол", "директор", "председатель",
    "міністр", "голова", "мер", "речник", "командувач", "пан", "пані", "господин", "госпожа",
}  # fmt: skip


# "в провинциях Идлиб, Хама и Алеппо", "Aleppo province": the region named after a town, not the town.
_REGION_BEFORE = re.compile(
    r"(?:провинци\w*|област\w*|регион\w*|регіон\w*|губерни\w*|мухафаз\w*|province|provinces|region|regions|"
    r"governorate|governorates|oblast)\s+(?:[\w'-]+(?:,\s*|\s+(?:и|і|та|and)\s+))*$"
)
_REGION_AFTER = re.compile(r"^\w*\s+(?:province|region|governorate|oblast|провинци\w*|област\w*)\b")


def _unregional(hit: Hit[tuple[str, str]], folded: str, regional: set[str]) -> Hit[tuple[str, str]]:
    """A topic hit without the claims it cannot name: a town's name inside a region's, for a
    claim about the town (one whose text names no region)."""
    if not (
        _REGION_BEFORE.search(folded[max(0, hit.start - 80) : hit.start]) or _REGION_AFTER.match(folded[hit.start :])
    ):
        return hit
    return replace(hit, payloads=frozenset(p for p in hit.payloads if p[1] != "topic" or p[0] in regional))


# A side's people, not the side: "OpenAI staff", "Boeing's workers", "співробітники" come after the name.
_MEMBERS = re.compile(
    r"(?:'s|’s)?\s+(?:staff|staffers|employees|workers|investors|shareholders|customers|users|fans|engineers|"
    r"pilots|unions?|rank-and-file)\b"
)


def _whole_names(text: str, folded: str, hits: list[Hit[str]], given: dict[str, set[str]]) -> list[Hit[str]]:
    """A side's alias only as a whole name: not the start of a longer word in Latin script
    ("Ethiopia" in "Ethiopian"; Cyrillic names keep their case endings), not part of a longer
    proper name ("Iran Air", "Ethiopian Airlines", "Wirecard Bank"), and not a namesake: when the
    aliases give a surname its first name ("Lance Armstrong"), another first name before it
    ("Kristin Armstrong") is someone else."""
    kept = []
    same = len(text) == len(folded)
    for hit in hits:
        firsts = given.get(fold(hit.term))
        if firsts and same:
            before = re.search(r"([A-ZА-ЯІЇЄҐ][\w'’]+)\s+$", text[: hit.start])
            if before and fold(before.group(1)) not in firsts and fold(before.group(1)) not in _TITLE_WORDS:
                continue
        matched = folded[hit.start : hit.end]
        term = " ".join(fold(hit.term).split())
        if _LATIN.search(term[-1:] or "") and not re.fullmatch(
                re.escape(term).replace(r"\ ", r"\s+") + r"(?:'s?)?", matched):  # fmt: skip
            continue
        if not _LATIN.search(term[-1:] or "") and len(matched) - len(term) > 3:
            continue
        if same:
            rest = text[hit.end :]
            follower = re.match(r"\s+([A-ZА-ЯІЇЄҐ][\w'’]*)", rest)
            if follower and _LATIN.search(term[-1:] or "") and follower.group(1).lower() not in _INSTITUTION_WORDS:
                continue
            if follower and follower.group(1).lower() == "air" and not re.match(r"\s+Air\s+Force", rest):
                continue
        if _MEMBERS.match(folded[hit.end :]):
            continue  # "OpenAI staff threaten to quit", "Boeing workers": its people, not the side's word
        kept.append(hit)
    return kept


def _another_country(text: str, hit: Hit[str], countries: set[str]) -> bool:
    """ "китайское минобороны", "the Chinese defence ministry": a side whose aliases name one
    country (Минобороны России) is not named by its alias after another country's adjective."""
    if not countries:
        return False
    before = re.search(r"([^\W\d_]+)\s+$", text[: hit.start])
    if before is None:
        return False
    named = _countries_named(before.group(1))
    return bool(named) and not named & countries


def _country_told(sentence: _Sentence, own: set[str]) -> bool:
    """Does another country report in the sentence ("Russia told NASA it wants to stay on ISS, NASA
    says", "Україна заявила, що ..." in Moscow's feed)? What it told is passed on, not the side's
    own word. A country a side's aliases name is its own voice ("Russia said" in the Kremlin's)."""
    for hit in sentence.cue_hits.get("report", []):
        if hit.term in NOUN_LIKE_REPORTS or hit.term in _NAMING:
            continue  # nouns as often as verbs: "Russian claims of a retreat"
        before = re.search(r"([^\W\d_]+)\s+$", sentence.text[: hit.start])
        if before is None or not before.group(1)[:1].isupper():
            continue
        named = _countries_named(before.group(1))
        if named and not named & own:
            return True
    return False


@functools.lru_cache(maxsize=4096)
def _countries_named(word: str) -> frozenset[str]:
    """The countries one word names ("китайское", "Chinese"), read once per word form."""
    keys = propositions.sentence_keys(tokenize(normalise(word)))
    return frozenset(k for k in keys if k.startswith("e:"))


def _named(sentence: _Sentence, matcher: Matcher) -> set[str]:
    """The claims any of whose terms (or, for a claim given as text, participants) the sentence names."""
    by_terms = {claim for h in sentence.topic_hits for claim, role in h.payloads if role == "topic"}
    by_participants = {claim for key in sentence.keys for claim in matcher.proposition_keys.get(key, ())}
    return by_terms | by_participants | sentence.semantic


def _about(sentence: _Sentence, claim_id: str, terms: ClaimTerms, item_entities: int = 2,
           matcher: Matcher | None = None, side: str | None = None) -> bool:  # fmt: skip
    """Does the sentence itself name the claim's topic?

    A claim given as text: the sentence names two of its entities, or one and states its
    predicate while the item names another ("Prigozhin said he founded the group", in a story
    about Wagner; not "Prigozhin founded a catering firm" in a story about restaurants).
    """
    if claim_id in sentence.semantic or any((claim_id, "topic") in h.payloads for h in sentence.topic_hits):
        return True
    claim = matcher.propositions.get(claim_id) if matcher is not None else None
    if terms.derived and claim is not None and matcher is not None:
        words = _words(sentence, claim)
        framed = any(f.kind in (frames.FrameKind.DENY, frames.FrameKind.ADMIT) for f in sentence.framings)
        if framed and side is not None and claim.agent is not None and claim.agent in matcher.countries.get(side, ()):
            # "acknowledged that his agency had been behind it": a side admitting or denying its own act
            words = [*words, frozenset({claim.agent})]
        named = claim.named(words)
        if _elsewhere(sentence, claim, named):
            return False
        predicate = claim.states(sentence.keys) or bool((claim.negated | claim.opposite) & sentence.keys) or framed
        wanted = min(2, len(claim.participants))
        return len(named) >= wanted or (len(named) >= 1 and predicate and item_entities >= wanted)
    return False


def _elsewhere(sentence: _Sentence, claim: propositions.Proposition, named: set[int] | None = None) -> bool:
    """Is the sentence about another event than the claim's: another name where the claim has its
    own ("разговор Путина с Шольцем"), or another way of doing it ("вернуть дипломатическим путем"
    for "военным путем")?"""
    if named is None:
        named = claim.named(sentence.word_keys)
    if claim.rivals(sentence.tokens, named):
        return True
    manner = propositions.manner_of(sentence.tokens)
    return bool(claim.manner and manner and not claim.manner & manner)


def _item_entities(parsed: list[_Sentence], matcher: Matcher) -> dict[str, int]:
    """Per claim given as text, how many of its participants the whole item names."""
    keys = set().union(*(s.keys for s in parsed)) if parsed else set()
    claims = {claim for key in keys for claim in matcher.proposition_keys.get(key, ())}
    if not claims:
        return {}
    # a speaker's title is who speaks, not what the item is about: "Президент Украины Владимир
    # Зеленский" names no Ukraine here
    outside = [replace(s, tokens=(tokens := _unnamed(s)),
                       word_keys=s.word_keys if len(tokens) == len(s.tokens) else propositions.word_keys(tokens))
               for s in parsed]  # fmt: skip
    return {c: len(matcher.propositions[c].named([w for s in outside for w in _words(s, matcher.propositions[c])]))
            for c in claims}  # fmt: skip


def _unnamed(sentence: _Sentence) -> list[Token]:
    """The sentence's tokens outside the titles right before its sides' names."""
    spans = []
    for hit in sentence.alias_hits:
        before = [t for t in sentence.tokens if t.end <= hit.start][-3:]
        title = next((t for t in before if t.lower in _TITLE_WORDS), None)
        if title is not None:
            spans.append((title.start, hit.start))
    return [t for t in sentence.tokens if not any(a <= t.start < b for a, b in spans)]


_QUOTED_NAME = re.compile(r"«[A-ZА-ЯЁІЇЄҐ][^«»]{0,40}»|“[A-Z][^“”]{0,40}”")


def _subject_name(tokens: list[Token], hit: Hit[str]) -> bool:
    """Is a side's one-word name what the sentence is about, not where it speaks from ("Армения выйдет",
    "выход Армении", "Armenia will leave"; not "в Кремле не видят", "to Kyiv")?"""
    inside = [n for n, t in enumerate(tokens) if hit.start <= t.start < hit.end]
    if len(inside) != 1:
        return False
    n = inside[0]
    token = tokens[n]
    if token.lang == "en":
        return n == 0 or tokens[n - 1].lower not in _WHERE_EN
    return token.word.pos == "NOUN" and token.word.case in ("nomn", "gent", "accs")  # not "украинский след"


_WHERE_EN = {"in", "at", "from", "of", "to", "on", "by", "with", "for", "about", "against"}


def _verb_in(tokens: list[Token], start: int, end: int) -> bool:
    return any(start <= t.start < end and t.kind == "word" and t.word.pos in ("VERB", "INFN") for t in tokens)


def _words(sentence: _Sentence, claim: propositions.Proposition) -> list[frozenset[str]]:
    """The sentence's words as they can name the claim's participants: not its doer named as a
    target, nor a country inside a side's name ("глава офиса президента Украины" is who speaks)."""
    words = sentence.word_keys
    if not any(k.startswith("e:") for k in sentence.keys):
        return words
    # a country's word inside a side's name, or inside a short quoted name («Украинская правда», an outlet)
    # (but where the claim's participant is an institution of that country, "Turkey's central bank", the
    # side's name "Центральный банк Турции" names it)
    # (a side named by its country alone as the subject, "Армения выйдет из ОДКБ", names that participant
    # too; not as where it speaks from: "в Кремле не видят необходимости")
    spans = [(h.start, h.end) for h in sentence.alias_hits if not _subject_name(sentence.tokens, h)]
    # (a quoted statement is no name: «Армения выйдет из ОДКБ», — заявил Пашинян)
    spans += [m.span() for m in _QUOTED_NAME.finditer(sentence.text) if not _verb_in(sentence.tokens, *m.span())]
    affiliations: set[frozenset[str]] = set()
    for a, b in spans:
        for t in sentence.tokens:
            keys = frozenset(propositions.keys_of(t))
            if a <= t.start < b and any(k.startswith("e:") for k in keys):
                group = next((g for g in claim.participants if keys & g), frozenset())
                named_side = any(h.start == a and h.end == b for h in sentence.alias_hits)
                if not (named_side and propositions.institution(group)):
                    affiliations.add(keys)
    if affiliations:
        words = [w for w in words if w not in affiliations]
    if claim.agent is not None and claim.agent in sentence.keys:
        words = propositions.as_target(sentence.tokens, words, claim.agent)
    return words


@dataclass(frozen=True)
class Reading:
    """What one segment of an item says about one claim, as whose word (for tests and diagnostics:
    `extract` combines an item's readings into at most one Statement per (claim, side))."""

    segment: int
    text: str
    claim: str
    side: str
    stance: Stance
    confidence: float = 1.0


@dataclass
class _Said:
    # stance, sentence, confidence, how many participants of a claim given as text it names
    stances: list[tuple[Stance, str, float, int]] = field(default_factory=list)
    figures: list[tuple[Figure, str]] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)


@per_item  # what an item's steps read twice (tokens, time cues) is read once per item
def extract(item: ItemText, config: Config, readings: list[Reading] | None = None) -> list[Statement]:
    """The statements an item revision makes: at most one per (claim, side). `readings`, when
    given, receives what each segment said, before they are combined."""
    if not config.claims:
        return []
    matcher = matcher_for(config)
    # One pass over the whole text first: most items name no tracked claim at all.
    folded = fold(item.full_text)
    item_hits = matcher.topics.find(folded)
    if not item_hits and not matcher.propositions and not (matcher.embeddings and matcher.stances.find(folded)):
        return []
    segments = post.segments(item.title, item.text)
    # A statement needs a side: the source's own, or one a sentence names (a speaker is always
    # one of the sentence's alias hits, see `_voice`). An item from a source of no side whose
    # sentences name no side's alias is nobody's word, whatever the rest of its reading finds.
    if item.source_side is None and not any(matcher.aliases.find(fold(s.text)) for s in segments):
        return []
    # Then the words' keys: an item that names no claim's topic nor any participant of a claim
    # given as text says nothing about a claim, whatever the rest of its reading would find.
    words = [_words_of(segment.text, matcher) for segment in segments]
    if not item_hits and not any(key in matcher.proposition_keys for _, keys in words for word in keys for key in word):
        return []
    parsed = [_analyse(segment.text, matcher, w) for segment, w in zip(segments, words, strict=True)]
    voices = [_voice(sentence, item.source_side) for sentence in parsed]
    if item.source_side is None and not any(isinstance(voice, str) for voice in voices):
        return []  # no sentence names its speaker, and the source has no side: nobody's word
    entities = _item_entities(parsed, matcher)
    if matcher.embeddings is not None:
        _match_semantically(parsed, matcher)
    lang = morph.language(item.full_text)
    # A daily report counts anew each day: a period named in the headline or the lead covers the post.
    lead_period = any(figures.counts_a_period(s.text) for s in segments[:2] if s.kind != "bullet")
    lead_when = _lead_when(segments, item)
    # the days and nights the item names, however ("on Tuesday", "уночі"), for a claim about one day
    item_days = {c.key for segment in segments for c in when.cues(segment.text, item.published)
                 if c.kind in ("day", "night")} if matcher.dated else set()  # fmt: skip
    # "Белгород и Белгородский район подверглись ракетному обстрелу": the places the lead names are
    # those of the figures below that name none (a bullet list under "По предварительной информации:").
    lead_places = tuple(dict.fromkeys(k for segment, sentence in zip(segments[:2], parsed[:2], strict=False)
                                      if segment.kind != "bullet" for k in _places_named(sentence, lang, matcher)))  # fmt: skip
    # "Уточнені дані щодо нічної атаки." opening a post: every figure in it revises an earlier one.
    lead_update = any(figures.says_update(s.text) for s in segments[:2])
    # "New magnitude 6.4 quake hits Hatay": every figure in it is about something that happened anew.
    lead_fresh = any(figures.says_fresh(s.text) for s in segments[:2])
    # An item is about a claim when its opening names it; a short post or a side's own item,
    # when any sentence does (a channel post rarely repeats the place in every sentence).
    whole = len(parsed) <= 5 or item.source_side is not None
    opening = parsed if whole else parsed[:2] if item.title else parsed[:1]
    item_topics = {c for s in opening for c in _named(s, matcher)
                   if _about(s, c, matcher.terms[c], entities.get(c, 0), matcher)}  # fmt: skip
    # A digest's bullets, each opening with its own topic ("▪️ Чернігів. ...", "▪️ Прикордоння. ...",
    # "▪️ Нікопольщина: ..."): a bullet line that names no claim does not borrow one that a sibling
    # line under the same header names. (Bullets without such a label are parts of one event:
    # "— знеструмлено 46 тис. абонентів;" under "Наслідки атаки на ДніпроГЕС:".)
    line_claims: dict[tuple[str, int], set[str]] = {}
    labelled = {(s.header, s.line) for s in segments if s.kind == "bullet" and s.index == s.line and _label(s.text)}
    for segment, sentence in zip(segments, parsed, strict=True):
        if segment.kind == "bullet" and (segment.header, segment.line) in labelled:
            line_claims.setdefault((segment.header, segment.line), set()).update(
                c
                for c in _named(sentence, matcher)
                if _about(sentence, c, matcher.terms[c], entities.get(c, 0), matcher)
            )
    header_claims: dict[str, set[str]] = {}
    for (header, _), claims in line_claims.items():
        header_claims.setdefault(header, set()).update(claims)
    said: dict[tuple[str, str], _Said] = {}
    last_speaker: str | None = None
    header_sides: dict[str, str] = {}
    header_figures: dict[str, tuple[Figure, ...]] = {}
    carry: Figure | None = None
    for n, (segment, sentence, voice) in enumerate(zip(segments, parsed, voices, strict=True)):
        named_here = isinstance(voice, str)
        if (
            segment.kind == "title"
            and not isinstance(voice, str)
            and not sentence.cue_hits.get("unnamed")
            and not _untracked_says(sentence)
        ):
            # A headline that names no tracked speaker is the body's: its figure goes with the lead's speaker.
            voice = next((v for v in voices[n + 1 : n + 3] if isinstance(v, str)), voice)
        if segment.kind == "bullet" and not isinstance(voice, str) and segment.header in header_sides:
            voice = header_sides[segment.header]  # "Что сказал президент:" — the bullets are his words
        if isinstance(voice, str):
            side: str | None = voice
            speaker_weight = confidence.NAMED if named_here else confidence.CARRIED
        elif voice is Voice.CONTINUES:
            side = last_speaker or item.source_side
            speaker_weight = confidence.CONTINUED
        elif voice is Voice.UNSAID:
            side = item.source_side
            speaker_weight = confidence.OWN_FEED
        else:
            side = None
            speaker_weight = 0.0
        if isinstance(voice, str) and segment.kind != "title":
            last_speaker = voice
        if side is not None and segment.kind == "sentence" and segment.text.rstrip().endswith(":"):
            header_sides[_header_of(segments, n)] = side
        # Background ("had said", "ранее заявлял") is what was said before, not what is said
        # now: a sentence framed by it is skipped, and a clause of it after the main verb is cut.
        cutoff = _background(sentence)
        relayed = side is not None and (
            relays_another(sentence.frame, side, sentence.alias_hits, sentence.cue_hits.get("report", []),
                           lexicon.OTHERS, _NAMING)
            or _country_told(sentence, matcher.countries.get(side, set()))
        )  # fmt: skip
        found: list[Figure] = []
        if _has_digit_or_word(sentence) and cutoff > 0:
            context = figures.Context(
                header=segment.header,
                header_figures=header_figures.get(segment.header, ()),
                carry=carry,
                published=item.published,
                lang=lang,
                not_places=matcher.not_places,
            )
            period = lead_period or figures.counts_a_period(segment.header)
            others = _quotes_another(sentence, side)
            for hit in figures.figures(segment.text[:cutoff], context):
                figure = hit.figure
                if period and figure.qualifier is not Qualifier.REFERENCE and not hit.running:
                    figure = replace(figure, qualifier=Qualifier.PERIOD)
                if (relayed or others) and figure.qualifier.compared:
                    figure = replace(figure, qualifier=Qualifier.OTHER_SIDE)
                if figure.when is None and lead_when is not None:
                    figure = replace(figure, when=lead_when)
                if not figure.places and lead_places:
                    figure = replace(figure, places=lead_places)
                if lead_update and not figure.update:
                    figure = replace(figure, update=True)
                if lead_fresh and not figure.fresh:
                    figure = replace(figure, fresh=True)
                found.append(figure)
            if segment.text.rstrip().endswith(":"):
                header_figures[_header_of(segments, n)] = tuple(f for f in found if f.qualifier.compared)
            if found:
                carry = found[-1]
        if side is None or cutoff == 0:
            continue  # nobody's word, or only what was said before
        named = _named(sentence, matcher)
        about = {c for c in named if _about(sentence, c, matcher.terms[c], entities.get(c, 0), matcher, side)}
        # "…, two days after his government dismissed reports that …": the side's word ends there.
        said_until = min(cutoff, _recalled(sentence), _position_of_another(sentence, side))
        framing = _framing(sentence, said_until)
        for claim_id in named | item_topics:  # only claims this text names: cost per claim is nil
            terms = matcher.terms[claim_id]
            here = claim_id in about
            if not here and (claim_id not in item_topics or about - {claim_id}):
                continue  # not about it; or about another claim, whose words these are
            claim = matcher.propositions.get(claim_id)
            if claim is not None and not here and _elsewhere(sentence, claim):
                continue  # in an item about the claim, a sentence about another event
            if (
                not here
                and segment.kind == "bullet"
                and claim_id in header_claims.get(segment.header, ())
                and (segment.header, segment.line) in line_claims
                and claim_id not in line_claims[(segment.header, segment.line)]
            ):
                continue  # "▪️ Прикордоння. Поранено 1 людину." beside "▪️ Чернігів. ...": another bullet's news
            if not here and lead_places and _other_places(_located(sentence, lang, matcher), lead_places):
                continue  # "У Сумах поранено трьох" in a post about Kharkiv: another town's news, not the claim's
            cues = [
                stance.Cue(h.start, h.end, +1 if (claim_id, "supports") in h.payloads else -1, h.term)
                for h in sentence.stance_hits
                if h.start < said_until
                and ((claim_id, "supports") in h.payloads or (claim_id, "refutes") in h.payloads)
            ]
            # "no further limits", "дальнейших ограничений": the word names another event
            scope_ends = [h.end for h in sentence.cue_hits.get("scope", [])]
            cues = [c for c in cues if not any(0 <= c.start - end <= 2 for end in scope_ends)]
            if not here and lang in ("ru", "uk"):
                # "ограничит доступ к Instagram" in an item about Telegram: the word is about another name
                cues = [c for c in cues if not _names_another_object(sentence, c)]
            # "the claim that this is a data breach is completely false": a denial of its own proposition
            elsewhere = [] if claim is not None else [c for c in cues if _denies_another(sentence, c, claim_id)]
            cues = [c for c in cues if c not in elsewhere]
            by_terms = bool(cues)  # the user's own words for the claim, not words derived from its text
            predicated = claim or matcher.predicated.get(claim_id)
            if predicated is not None:
                cues += _predicate_cues(sentence, predicated, said_until)
            # "вопрос о выходе из ОДКБ не стоит": a question named is not the fact; off the agenda, refused
            cues = [q for c in cues if (q := _questioned(sentence.frame.text, c)) is not None]
            # "… if the money is approved every year": what a condition names is not said to be so; nor what
            # follows it ("если ОДКБ не ответит, Армения выйдет из организации": a threat, not the decision)
            cues = [c for c in cues if not _IN_CONDITION.search(sentence.frame.text[max(0, c.start - 50) : c.start])
                    and not _AFTER_CONDITION.match(sentence.frame.text[: c.start])]  # fmt: skip
            if claim_id not in matcher.planned:
                # "правительство готовится начать контрнаступление": a plan, not the fact
                # (a plan given up is not one: "abandoned its plan to buy FTX" refuses the fact)
                cues = [
                    c
                    for c in cues
                    if not lexicon.INTENT.search(sentence.frame.text[max(0, c.start - 60) : c.start])
                    or lexicon.UNABLE.search(sentence.frame.text[max(0, c.start - 80) : c.start])
                    or (
                        claim_id in matcher.future
                        and _INTENDS.search(sentence.frame.text[max(0, c.start - 40) : c.start])
                    )
                ]
                if claim_id in matcher.future:
                    # "призупинити підготовку до укладення угоди", "suspended preparations for the signing":
                    # what will be done, halted (for a past act a halt says it had been done: not read)
                    cues = [replace(c, polarity=-c.polarity, term=f"halted {c.term}")
                            if lexicon.HALTED.search(sentence.frame.text[max(0, c.start - 60) : c.start]) else c
                            for c in cues]  # fmt: skip
                # "could soon capture", "могут взять": a possibility, not the fact; "will be one of the
                # safest airplanes": a prediction (but "will never withdraw" refuses, and stays)
                cues = [c for c in cues if not _possible_only(sentence.tokens, c.start)
                        and not _predicted(sentence.tokens, c.start)]  # fmt: skip
            if claim is not None:
                claim_framing = _frames_about(sentence, framing, claim)
            else:
                framing_here, cues = _predicate_or_frame(sentence, framing, cues, claim_id, bool(terms.supports))
                claim_framing = _frames_over(sentence, framing_here, cues)
            relation = "relation" in sentence.cue_hits and terms.derived
            denial_at = [] if relation else [h.start for h in sentence.cue_hits.get("denial", [])
                                             if h.start not in framing.negated_at and h.start < said_until]  # fmt: skip
            if claim is not None:
                denial_at = [d for d in denial_at if d in claim_framing.denied or not framing.denied]
            denial_at = [d for d in denial_at if not any(c.start <= d < c.end for c in elsewhere)]
            denial_at += claim_framing.denied
            if claim is not None:
                denial_at += _rejected_participants(sentence, claim, said_until)
            # "Peskov dismissed the reports as another fake", in an item about the claim: the reports are its
            anaphoric = (
                []
                if relation
                else [
                    h.start
                    for h in sentence.cue_hits.get("denial", [])
                    if h.start < said_until
                    and h.start not in framing.negated_at
                    and _ANAPHORIC.match(sentence.text, h.end)
                ]
            )
            denial_at += [d for d in anaphoric if d not in denial_at]
            decided = stance.decide(
                sentence.frame,
                cues,
                denial=bool(denial_at) or relation,
                hedged=_hedged(sentence, framing) or relayed or framing.hedged,
                no_longer=[h.start for h in sentence.cue_hits.get("no_longer", [])],
                contrast=[h.start for h in sentence.cue_hits.get("contrast", [])],
                denial_at=denial_at,
                topic_here=bool(anaphoric)
                or (here and (not terms.derived or relation or bool(cues) or claim_framing.framed)),
                admitted_at=claim_framing.admitted,
                corrected_at=claim_framing.corrected,
            )
            if decided is not Stance.NEUTRAL and _broader(sentence.frame.text, matcher.claim_texts.get(claim_id, "")):
                decided = Stance.NEUTRAL  # "всеобщей обязательной вакцинации не будет": everyone, not the claim's group
            if (
                decided is Stance.REFUTES
                and not framing.denied
                and ("scope" in sentence.cue_hits or _PARTIAL.search(sentence.text))
            ):
                # "none has been shipped since", "will not be fined again", "not completely destroyed"
                decided = Stance.NEUTRAL
            if not here and decided is Stance.NEUTRAL and not found:
                continue
            entry = said.setdefault((claim_id, side), _Said())
            entry.mentions.append(sentence.text)
            weight = confidence.of_reading(
                speaker=speaker_weight,
                framed=claim_framing.framed or bool(denial_at) or relation,
                own_terms=by_terms and not terms.derived,
                predicate=bool(cues) and not by_terms,
                here=here,
                semantic=claim_id in sentence.semantic,
            )
            if readings is not None:
                readings.append(Reading(n, sentence.text, claim_id, side, decided, weight))
            if decided is not Stance.NEUTRAL:
                width = len(claim.named(_words(sentence, claim))) if claim is not None else 0
                entry.stances.append((decided, sentence.text, weight, width))
            if claim_id in matcher.single:
                # "Всего в результате обрушения подъезда погибли 39 человек", days after "9": a claim
                # about one incident sums up that incident, however long it takes to count
                found = [replace(f, update=True) if f.running and f.when is None else f for f in found]
            entry.figures.extend((_dated(f, matcher.dated.get(claim_id), item_days, item.published), sentence.text)
                                 for f in found)  # fmt: skip
    threshold = config.settings.confidence
    return [_statement(item, claim_id, side, entry, threshold) for (claim_id, side), entry in said.items()]


@dataclass(frozen=True)
class _Frames:
    """A sentence's frames, as offsets `stance.decide` takes."""

    denied: list[int]
    admitted: list[int]
    corrected: list[int]
    hedged: bool
    negated_at: frozenset[int] = frozenset()  # where a negated frame stands ("не стал отрицать")

    @property
    def framed(self) -> bool:
        return bool(self.denied or self.admitted or self.corrected)


_REPORT_NOUNS = {"reports", "claims", "says", "statement", "report", "claim"}


def _framing(sentence: _Sentence, until: int) -> _Frames:
    """Denials, admissions and corrections that stand (not negated); hedged when a hedge phrase
    is present or the only frames are negated ("did not deny", "не підтвердили")."""
    # "denied that he had told a newspaper ...", "отрицал, что говорил": a denial of having said
    # something, not of what was said.
    said = [h.start for h in sentence.cue_hits.get("report", []) if h.term not in _REPORT_NOUNS]
    standing = [f for f in sentence.framings if not f.negated and f.start < until
                and not (f.kind is frames.FrameKind.DENY and any(0 < s - f.start - len(f.words) <= 30 for s in said))]  # fmt: skip
    negated = [f for f in sentence.framings if f.negated and f.start < until]
    kinds = frames.FrameKind
    hedge = any(f.kind is kinds.HEDGE for f in standing) or (
        bool(negated) and not any(f.kind in (kinds.DENY, kinds.ADMIT) for f in standing)
    )
    return _Frames(
        denied=[f.start for f in standing if f.kind is kinds.DENY],
        admitted=[f.start for f in standing if f.kind is kinds.ADMIT],
        corrected=[f.start for f in standing if f.kind is kinds.CORRECT],
        hedged=hedge,
        negated_at=frozenset(f.start for f in negated),
    )


_COMPLEMENT_END = re.compile(r",\s*(?:saying|adding|insisting|claiming|while|but|заявив|заявил|добавив|добавил|"
                             r"сказав|сказал|але|но|однак|однако|а)\b|;|\.\s"
                             # "…, and says that it received …", "…, і стверджує, що отримала …": a new clause
                             r"|,?\s+(?:and|и|і|й|та)\s+(?:said|says|stated|states|insisted|insists|added|adds|"
                             r"claimed|claims|argued|argues|заяв\w+|утвержда\w+|сказал\w*|добавил\w*|"
                             r"подчеркн\w+|стверджу\w+|сказав\w*|додав\w*|наголош\w+|наголосив\w*)\b",
                             re.IGNORECASE)  # fmt: skip


_POSTPOSITIVE = re.compile(r"(?:is|was|are|were|—|–|-|это|це)\b", re.IGNORECASE)  # "X is false", "X — ложь"


def _postpositive(sentence: _Sentence) -> set[int]:
    """Where the frames stand whose proposition comes before them ("the report … was inaccurate")."""
    return {f.start for f in sentence.framings if _POSTPOSITIVE.match(f.words)}


def _complement_end(sentence: _Sentence, start: int) -> int:
    """Where what a frame at `start` governs ends: at ", saying", "; " or the sentence's end."""
    end_match = _COMPLEMENT_END.search(sentence.text, start)
    return end_match.start() if end_match else len(sentence.text)


def _frames_about(sentence: _Sentence, framing: _Frames, claim: propositions.Proposition) -> _Frames:
    """The frames that govern a text-given claim: a denial, admission or correction counts only
    when what it governs (its complement, up to ", saying" or the clause's end; or, for "X is
    false", what comes before) states the claim's predicate, its negation or its opposite, or
    names two of its participants ("dismissed suggestions that Ukraine had blown up the Crimean
    bridge"); "denied that army units fought alongside Wagner" says nothing of who founded
    Wagner, "I recognise that I cannot deliver the mandate" nothing of staying on."""

    postpositive = _postpositive(sentence)

    def governs(start: int, denial: bool = False) -> bool:
        end = _complement_end(sentence, start)
        after = [t for t in sentence.tokens if start < t.start < end and t.kind == "word"]

        def covers(keys: set[str], tokens: list[Token]) -> bool:
            stated = claim.states(keys) or bool((claim.negated | claim.opposite) & keys)
            named = len(claim.named(propositions.word_keys(tokens))) >= min(2, len(claim.participants))
            return stated or (named and (not denial or _agent_first(tokens)))

        def _agent_first(tokens: list[Token]) -> bool:
            # "dismissed suggestions that Ukraine had blown up the bridge": the claim's own subject
            # opens what is denied; "called Putin's claims that the missile … lies" does not
            for t in tokens:
                k = propositions.keys_of(t)
                if any(k & group for group in claim.participants):
                    return claim.agent is not None and claim.agent in k
            return False

        if covers(propositions.sentence_keys(after), after):
            return True
        # "a report that the jet flew on was inaccurate", "повідомлення про ... не відповідають
        # дійсності": what it denies came before
        preceding = [t for t in sentence.tokens if t.start < start and t.kind == "word"]
        return (start in postpositive or len(after) <= 2) and covers(propositions.sentence_keys(preceding), preceding)

    return replace(
        framing,
        denied=[d for d in framing.denied if governs(d, denial=True)],
        admitted=[a for a in framing.admitted if governs(a)],
        corrected=[c for c in framing.corrected if governs(c)],
    )


_LATIN_NAME = re.compile(r"[A-Za-z][\w.+-]*")


def _names_another_object(sentence: _Sentence, cue: stance.Cue) -> bool:
    """Is a claim's word followed (within three words) by a Latin-script name that is neither a side nor a
    claim term ("ограничит доступ к Instagram", "заблокировало Facebook")? (Asked of Slavic text only.)"""
    after = [t for t in sentence.tokens if t.start >= cue.end and t.kind == "word"][:3]
    return any(
        _LATIN_NAME.fullmatch(t.text) is not None
        and t.text[:1].isupper()
        and not any(h.start <= t.start < h.end for h in sentence.alias_hits)
        and not any(h.start <= t.start < h.end for h in sentence.topic_hits)
        for t in after
    )


def _predicate_or_frame(sentence: _Sentence, framing: _Frames, cues: list[stance.Cue], claim_id: str,
                        has_supports: bool) -> tuple[_Frames, list[stance.Cue]]:  # fmt: skip
    """A word that is both a frame and the claim's own predicate ("признать": admit, and recognise a state)
    is the frame before a clause ("Песков признал, что обращение поступило") and the predicate before its
    object ("Путин признал независимость ДНР"). And an admission of a clause that holds none of the claim's
    words admits something else."""
    text = sentence.frame.text

    def clause_follows(start: int) -> bool:
        word = _token_at(sentence.tokens, start)
        return word is not None and bool(_THAT_AFTER.match(text, sentence.tokens[word].end))

    at_frame = set(framing.admitted) | set(framing.denied)
    cues = [c for c in cues if not (c.start in at_frame and clause_follows(c.start))]
    # (the claim's own word, even where it was set aside: "инициатива о признании" proposes, admits nothing)
    own = {h.start for h in sentence.stance_hits if (claim_id, "supports") in h.payloads}
    predicate = {a for a in framing.admitted if a in own and not clause_follows(a)}
    admitted = [a for a in framing.admitted if a not in predicate]
    if has_supports:
        # "Песков признал, что обращение Госдумы о признании поступило": another proposition admitted
        admitted = [a for a in admitted if not clause_follows(a)
                    or any(a < c.start < _complement_end(sentence, a) for c in cues)]  # fmt: skip
    return replace(framing, admitted=admitted), cues


def _frames_over(sentence: _Sentence, framing: _Frames, cues: list[stance.Cue]) -> _Frames:
    """For a claim with terms: a denial frame counts when one of the claim's words stands in what
    it denies ("no evidence that customer data was accessed"; not "data was accessed and there was
    no evidence of harm"), after it or, for "X is false", before it."""
    postpositive = _postpositive(sentence)

    def governs(start: int) -> bool:
        end = _complement_end(sentence, start)
        if any(start < c.start < end for c in cues):
            return True
        return start in postpositive and any(c.start < start for c in cues)

    return replace(framing, denied=[d for d in framing.denied if governs(d)])


# What a denial word says is untrue, when it says so in a clause of its own: "denied that …",
# "заперечують, що …" after it; "the claim that … is false", "Твердження, що … хибне" before it.
_THAT_AFTER = re.compile(r"[\w'’]*,?\s*(?:that|что|що|о том, что|про те, що|того, що)\b")
_THAT_BEFORE = re.compile(
    r"\b(?:claims?|reports?|allegations?|suggestions?|assertions?|rumou?rs?|утверждени\w*|сообщени\w*|"
    r"информаци\w*|публикаци\w*|слух\w*|заявлени\w*|твердженн?я|повідомленн?я|інформаці\w*|публікаці\w*|"
    r"чутк\w*|заяв[аи])\s*,?\s*(?:that|что|що|о том, что|про те, що)\b(?!.*\b(?:that|что|що)\b)"
)


def _denies_another(sentence: _Sentence, cue: stance.Cue, claim_id: str) -> bool:
    """A refuting term that is itself a denial ("false", "заперечують") and has a proposition of its
    own naming none of the claim's words denies something else: "the claim that this is a data
    breach is completely false" rejects a word for what happened, not that it happened."""
    if cue.polarity > 0:
        return False
    denial_words = [(h.start, h.end) for h in sentence.cue_hits.get("denial", [])]
    denial_words += [(f.start, f.start + len(f.words)) for f in sentence.framings
                     if f.kind is frames.FrameKind.DENY]  # fmt: skip
    if not any(start < cue.end and cue.start < end for start, end in denial_words):
        return False
    text = sentence.frame.text
    after = _THAT_AFTER.match(text, cue.end)
    before = _THAT_BEFORE.search(text, 0, cue.start)
    if after:
        span = (after.end(), _complement_end(sentence, after.end()))
    elif before:
        span = (before.end(), cue.start)
    else:
        return False  # "called the report false": what the report says is not spelled out

    def inside(hit: Hit[tuple[str, str]]) -> bool:
        return span[0] <= hit.start < span[1] and hit.start != cue.start and any(c == claim_id for c, _ in hit.payloads)

    return not any(map(inside, sentence.topic_hits)) and not any(map(inside, sentence.stance_hits))


# "not completely destroyed", "Полностью плотина не разрушена": a part is granted.
_PARTIAL = re.compile(
    r"\b(?:not|не)\s+(?:\w+\s+)?(?:fully|completely|entirely|полностью|целиком|повністю|цілком)\b"
    r"|\b(?:fully|completely|entirely|полностью|целиком|повністю|цілком)\s+(?:\w+\s+){0,2}(?:not|не)\b",
    re.IGNORECASE,
)
# "calls for her to resign", "призывы уйти в отставку", "закликали піти": someone's demand, not what happened.
_DEMAND = re.compile(r"\b(?:calls?|calling|called|demands?|demanding|demanded|urged?|urging|pressure|offer\w*|propos\w*|предлож\w*|запропон\w*|пропону\w*|призыв\w*|призва\w*|"
                     r"требова\w*|требу\w*|заклик\w*|вимаг\w*|вимог\w*)\b(?:\s+\S+){0,4}\s*$", re.IGNORECASE)  # fmt: skip
# "will stay in post until my successor is chosen": a handover, not staying on.
_HANDOVER = re.compile(r"\b(?:successor|преемник\w*|наступник\w*)", re.IGNORECASE)


def _predicate_cues(sentence: _Sentence, claim: propositions.Proposition, cutoff: int) -> list[stance.Cue]:
    """Words stating a text-given claim's predicate (+1), what it says did not happen or its
    opposite (-1; "resigned" for "will stay on", and "would not step down" is +1 again)."""
    cues = []
    text = sentence.text
    handover = bool(_HANDOVER.search(text))
    for n, token in enumerate(sentence.tokens):
        if token.start >= cutoff or token.kind != "word":
            continue
        keys = propositions.keys_in(sentence.tokens, n)
        polarity = +1 if keys & claim.predicate else -1 if keys & (claim.negated | claim.opposite) else 0
        if polarity == 0 or _DEMAND.search(text[max(0, token.start - 60) : token.start]):
            continue
        if (polarity > 0 or keys & claim.opposite) and _another_agent(sentence.tokens, n, claim.agent):
            # "ВСУ отбили атаки под Лиманом": another country's forces hold, no denial of the claim's
            # act; "Ukrainian forces had shelled the dam before the breach": another's act, not the claim's
            continue
        if not claim.future and propositions.future(sentence.tokens, n):
            continue  # "Путин в понедельник проведёт разговор": what will happen is not what did
        if keys & claim.opposite and _negated_token(sentence.tokens, n):
            # "would not step down": the opposite denied is the claim said; the term carries the negation
            cues.append(stance.Cue(token.start, token.end, +1, f"not {token.lower}"))
            continue
        if polarity > 0 and handover and any(k in propositions.OPPOSITES for k in keys & claim.predicate):
            continue  # "stay in post until my successor is chosen"
        if (
            polarity > 0
            and _FROM_INSIDE.search(text[token.end : token.end + 40])
            and any(_AERIAL & group for group in claim.participants)
        ):
            # "the barracks were blown up from inside", for a claim that a missile destroyed them:
            # the same act, another cause
            cues.append(stance.Cue(token.start, token.end, -1, f"{token.lower} from inside"))
            continue
        cues.append(stance.Cue(token.start, token.end, polarity, token.lower))
    if "p:deploy" in claim.predicate:
        # "Эритрейских военных в Тыграе нет": being somewhere, said not to be
        cues += [stance.Cue(t.start, t.end, -1, f"not {t.lower}") for t in sentence.tokens
                 if t.start < cutoff and t.lower in lexicon.ABSENCE]  # fmt: skip
    return cues


def _rejected_participants(sentence: _Sentence, claim: propositions.Proposition, cutoff: int) -> list[int]:
    """Where a participant of the claim is named only to be refused: "ракета средней дальности, а не
    межконтинентальная", "a drone, not a missile": the speaker puts something else in its place."""
    tokens = sentence.tokens
    found = []
    for n in range(2, len(tokens)):
        if tokens[n].start >= cutoff or (tokens[n - 2].lower, tokens[n - 1].lower) not in _REFUSING:
            continue
        # the refused phrase: up to four words to the clause's end ("and not to deaths on World Cup projects")
        start = n + 1 if tokens[n].kind == "word" and tokens[n].word.pos == "PREP" else n  # "and not to deaths"
        phrase = []
        for token in tokens[start : start + 5]:
            if token.kind != "word":
                break
            phrase.append(token)
        if not phrase or phrase[0].word.verbal or phrase[0].lower in _BOUNDS:
            continue  # ", не уточнив": a verb negated, not a participant refused; "не менее шести": a bound
        if any(propositions.keys_of(t) & group for t in phrase for group in claim.participants):
            found.append(tokens[n - 1].start)
    # "at least one of the people killed was an Islamic State facilitator": the alternative the
    # claim refuses ("killed civilians, not an Islamic State bomber"), affirmed
    if claim.refused:
        named = [n for n, t in enumerate(tokens) if t.start < cutoff and t.kind == "word"
                 and any(propositions.keys_of(t) & word for word in claim.refused)]  # fmt: skip
        words = {i for n in named for i, word in enumerate(claim.refused) if propositions.keys_of(tokens[n]) & word}
        if len(words) == len(claim.refused) and not any(_negated_token(tokens, n) for n in named):
            found.append(tokens[named[0]].start)
    return found


# What a denial governs when it names nothing of its own: the item's topic ("dismissed the reports
# as another fake", "denied it", "назвал эти сообщения фейком", "спростував цю інформацію").
_ANAPHORIC = re.compile(
    r"\s+(?:(?:the|these|those|such|this|that|all|any|it|them|эти|эту|это|такие|подобные|ці|цю|це|такі|подібні)\s+)?"
    r"(?:(?:media|press|news|earlier|latest|first|initial|western)\s+)?"
    r"(?:it|them|reports?|claims?|allegations?|accusations?|information|rumou?rs?|accounts?|stories|suggestions?"
    r"|speculation|сообщени\w+|информаци\w+|заявлени\w+|слух\w*|публикаци\w+|повідомлен\w+|інформаці\w+"
    r"|заяв\w*|чутк\w+|публікаці\w+)"
    r"(?=\s*(?:$|[,.;:]|\s(?:as|outright|out of hand|фейк\w*|ложь\w*|неправд\w*|брехн\w*|как|як)\b))",
    re.IGNORECASE,
)
_REFUSING = {("а", "не"), (",", "not"), (",", "не"), ("rather", "than"), ("instead", "of"), ("and", "not"),
             ("but", "not")}  # fmt: skip
_BOUNDS = {"менее", "более", "меньше", "больше", "менше", "більше", "less", "more", "fewer", "only", "just", "лише",
           "только", "лишь", "тільки"}  # fmt: skip


def _another_agent(tokens: list[Token], n: int, agent: str | None) -> bool:
    """Is the nearest country named before the verb at n (its subject, as a rule) another than the agent?"""
    if agent is None:
        return False
    window = tokens[max(0, n - 8) : n]
    for k in range(len(window) - 1, -1, -1):
        token = window[k]
        if token.text in (".", ";", ":", ",") or token.lower in ("что", "що", "that", "чтобы", "щоб"):
            break  # the clause ends: "Киев заявляет, что ракета ...": who says it is not who did it
        if k > 0 and window[k - 1].kind == "word" and window[k - 1].word.pos == "PREP":
            continue  # "нанесла по Украине удар", "struck at Ukraine": the target, not the one who acts
        named = {key for key in propositions.keys_of(token) if key.startswith("e:")}
        if named:
            return agent not in named
    return False


_AERIAL = frozenset(f"c:{thing}" for thing, kind in concepts.THING_CLASSES.items() if kind == "aerial")
_FROM_INSIDE = re.compile(r"^\W*(?:\w+\s+){0,2}?(?:from inside|from within|изнутри|зсередини)\b", re.IGNORECASE)


def _broader(text: str, claim_text: str) -> bool:
    """Does the sentence (folded) widen its word past the claim (its folded text and terms):
    everyone, nationwide, where the claim names no such breadth?"""
    return any(w in text and w not in claim_text for w in lexicon.BROADER)


# "вопрос о выходе", "инициатива КПРФ о признании", "talk of leaving", "calls for a ceasefire": what follows
# names a question, a proposal or a rumour, not a fact
_QUESTION_OF = re.compile(
    r"\b(?:вопрос\w*|питання|инициатив\w*|ініціатив\w*|предложени\w*|пропозиці\w*|обращени\w*|"
    r"звернен\w*|просьб\w*|прохан\w*|призыв\w*|заклик\w*|требовани\w*|вимог\w*|разговор\w*|розмов\w*|"
    r"рассуждени\w*|міркуван\w*|слух\w*|чутк\w*|спекуляци\w*|спекуляці\w*|question|issue|talk|talks|calls?|"
    r"proposals?|requests?|appeals?|speculation|rumou?rs?)"
    r"(?:\s+[\w'’-]+){0,2}\s+(?:о|об|про|of|about|for|on)\s+(?:[\w'’-]+\s+)?$"
)
# … and a question said to be closed: not on the agenda, not discussed ("вопрос … на повестке не стоит")
_OFF_AGENDA = re.compile(
    r"^[^.;!?]{0,60}?(?:(?:на повестке(?: дня)?|на порядку денному) не (?:стоит|стоял\w*|стоїть|стояло)|"
    r"не (?:стоит|стоял\w*|стоїть|стояло) на (?:повестке|порядку денному)|нет на повестке|немає на порядку денному|"
    r"не (?:рассматрива\w*|розгляда\w*|обсужда\w*|обговорю\w*)|снят\w* с повестки|знят\w* з порядку денного|"
    r"(?:is|was) not on the (?:agenda|table)|(?:is|was) off the table)"
)
_QUESTION_CLOSED = re.compile(
    r"^[^.;!?,]{0,40}?\b(?:сейчас |пока |зараз |поки )?не (?:стоит|стоял\w*|стоїть|ставит\w*)\b"
)
_NO_TALK = re.compile(r"\b(?:не ид[её]т|не йдеться|не може бути|не может быть|there is no|no)\s+$")


def _questioned(text: str, cue: stance.Cue) -> stance.Cue | None:
    """A cue inside "the question of …" or "an initiative on …": dropped, or refusing where the question is
    said to be closed; a cue said to be off the agenda ("признание ДНР не стоит на повестке") refuses too."""
    refused = stance.Cue(cue.start, cue.end, -1, f"no question of {cue.term}")
    opener = _QUESTION_OF.search(text[max(0, cue.start - 60) : cue.start])
    if opener is None:
        return refused if _OFF_AGENDA.match(text[cue.end :]) else cue
    before = text[max(0, cue.start - 60) : cue.start][: opener.start()]
    if _OFF_AGENDA.match(text[cue.end :]) or _QUESTION_CLOSED.match(text[cue.end :]) or _NO_TALK.search(before):
        return refused
    return None


# An intention, which states a claim about what will be done (an offer or an attempt does not)
_INTENDS = re.compile(r"\b(?:намерен\w*|намерева\w*|собира\w*|планиру\w*|збира\w*|планує\w*|плануют\w*|має намір|"
                      r"мають намір|intends? to|intending to|plans? to|planning to|is going to|are going to)\s+"
                      r"(?:[\w'’]+\s+)?$")  # fmt: skip
_IN_CONDITION = re.compile(r"\b(?:if|unless|якщо|если|в случае|у разі)\b[^,;:.]*$", re.IGNORECASE)
# a sentence (or a headline after "Пашинян:") that opens with its condition: the main clause is conditional too
_AFTER_CONDITION = re.compile(
    r"^(?:[^:—–]{0,40}[:—–]\s*)?[«\"“']?(?:if|unless|якщо|если|в случае|у разі)\b[^.;:!?]{0,120},[^.;:!?]*$",
    re.IGNORECASE,
)

_MODALS = {"could", "may", "might", "can", "может", "могут", "мог", "могли", "можуть", "може", "міг"}


def _token_at(tokens: list[Token], offset: int) -> int | None:
    """The index of the token a character offset falls in (a cue's start)."""
    return next((i for i, t in enumerate(tokens) if t.start <= offset < t.end), None)


def _possible_only(tokens: list[Token], offset: int) -> bool:
    """A modal among the three words before the word at `offset`, not negated: "could soon
    capture", "могут взять" (but "could not capture" denies it, and is read as a negation)."""
    n = _token_at(tokens, offset)
    if n is None:
        return False
    before = [t.lower for t in tokens[max(0, n - 3) : n] if t.kind == "word" and not t.capitalised]  # not "May"
    return any(w in _MODALS for w in before) and not _negated_token(tokens, n)


_ONCE = {"when", "once", "after", "коли", "когда", "после", "після", "як", "как"}


def _predicted(tokens: list[Token], offset: int) -> bool:
    """Is the word at `offset` a prediction: future tense, not negated, after a "when" or "once"
    clause ("when it is done the 737 MAX will be one of the safest airplanes")? A plain future
    is an announcement ("Xavi will continue as coach") and keeps its word."""
    n = _token_at(tokens, offset)
    if n is None or _negated_token(tokens, n):
        return False
    before = [t.lower for t in tokens[max(0, n - 6) : n] if t.kind == "word"]
    if not any(w in ("will", "shall", "'ll") for w in before) or any(w == "never" for w in before):
        return False
    return any(t.lower in _ONCE for t in tokens[max(0, n - 14) : n])


def _negated_token(tokens: list[Token], n: int) -> bool:
    """A negator among the three words before: "would not step down", "не уйдет"."""
    for t in reversed(tokens[max(0, n - 3) : n]):
        if t.kind != "word":
            return False
        if t.lower in lexicon.NEGATORS:
            return True
    return False


def _header_of(segments: list[post.Segment], n: int) -> str:
    """The header line that segment n ends (the bullets after it name it as their header)."""
    following = segments[n + 1] if n + 1 < len(segments) else None
    return following.header if following is not None and following.header else segments[n].text


def _untracked_says(sentence: _Sentence) -> bool:
    """A reporting verb whose subject, just before it, is named and is no side: "В ДНР заявили …"."""
    reports = sentence.cue_hits.get("report", [])
    if not reports:
        return False
    first = min(h.start for h in reports)
    before = [t for t in sentence.tokens if t.start < first][-3:]
    named = False
    for token in reversed(before):
        if token.kind != "word":
            break  # a comma or a dash: the verb's subject is not before it
        if any(h.start <= token.start < h.end for h in sentence.alias_hits):
            return False
        named = named or (token.start > 0 and token.capitalised) or (token.text.isupper() and len(token.text) > 1)
    return named


def _voice(sentence: _Sentence, source_side: str | None) -> str | Voice:
    # Whose word the sentence is, from the frames before any recalled background ("…, ten days
    # after his office had insisted …" has no speaker of its own).
    until = _background(sentence) or len(sentence.text) + 1
    until = min(until, _recalled(sentence))
    return speaker(
        sentence.frame,
        [h for h in sentence.alias_hits if not _governed_name(sentence.tokens, h)],
        [h for h in sentence.cue_hits.get("report", []) if h.start < until],
        sentence.cue_hits.get("according", []),
        sentence.cue_hits.get("unnamed", []),
        lexicon.PRONOUNS,
        lexicon.OTHERS,
        source_side,
        _alias_opens(sentence),
    )


def _governed_name(tokens: list[Token], hit: Hit[str]) -> bool:
    """A side's Slavic name in the dative or instrumental is no speaker: "Лояльный Кремлю глава ДНР",
    "близкий к Кремлю политолог", "підконтрольний Москві" (the locative speaks: "в Кремле заявили")."""
    head = next((t for t in tokens if t.start >= hit.start and t.kind == "word"), None)
    return head is not None and head.start < hit.end and head.lang != "en" and head.word.case in ("datv", "ablt")


# Words that may stand before a subject's name: determiners and titles ("The Kremlin", "US
# President Biden", "Глава Минобороны Шойгу"); another lowercase word before it is a verb or a
# preposition whose object the name is ("China grounds Boeing 737 MAX jets", "в ответ Минобороны").
_BEFORE_SUBJECT = {"the", "a", "an", "former", "acting", "new", "us", "u.s.", "uk", "eu", "president", "prime",
                   "minister", "chief", "head", "spokesman", "spokeswoman", "spokesperson", "ceo", "leader",
                   "governor", "mayor", "general", "gen", "secretary", "foreign", "defence", "defense"}  # fmt: skip


def _alias_opens(sentence: _Sentence) -> bool:
    """Is the first alias the sentence's subject (nothing before it but names, titles and, in
    Slavic text, nouns and adjectives)?"""
    if not sentence.alias_hits:
        return False
    first = min(h.start for h in sentence.alias_hits)
    end = min(h.end for h in sentence.alias_hits if h.start == first)
    tokens = sentence.tokens
    after = [t for t in tokens if t.start >= end][:2]
    # English names no verb by its form alone: a name followed by one ("At this stage Optus has
    # found") is a subject whatever stands before it.
    followed_by_verb = any(t.kind == "word" and (t.word.pos in ("AUX", "VERB") or t.word.verbal) for t in after)
    for token in tokens:
        if token.start >= first:
            return True
        if token.kind != "word" or token.capitalised:
            continue
        if token.lang == "en":
            if token.lower not in _BEFORE_SUBJECT and not followed_by_verb:
                return False
        elif token.word.verbal or token.word.pos in ("PREP", "CONJ", "INFN"):
            return False
    return True


_AS_AT = re.compile(r"\s+(?:на|станом на|as of|as at)\s+\d", re.IGNORECASE)


def _quotes_another(sentence: _Sentence, side: str | None) -> bool:
    """ "за даними міської ради, ...", "according to the UN, ...": the figures are someone else's,
    unless the phrase names the speaker itself."""
    for hit in sentence.cue_hits.get("according", []):
        if sentence.frame.text[hit.start : hit.end].strip() != hit.term.strip():
            continue  # "по последним данным" is no "по данным": terms match word starts, a phrase must be whole
        if _AS_AT.match(sentence.frame.text, hit.end):
            continue  # "По информации на 10:15 мск, ...": the speaker's own count as of a time
        named = [a for a in sentence.alias_hits if 0 <= a.start - hit.end <= 40]
        if not named or all(a.payload != side for a in named):
            return True
    return False


# A whole region ("в Луганской области", "на Луганщині", "Luhansk region"): it holds the towns and
# districts a post's figures are about, so it tells no incident from another.
_REGION = re.compile(
    r"\b[А-ЯІЇЄҐ][\w'-]*\s+(?:области|область|області|обл\.|края|край|краю)"
    r"|\b[А-ЯІЇЄҐ]\w*щин\w*|\b[A-Z][\w'-]*\s+(?:region|oblast|province|governorate)\b"
)


def _places_named(sentence: _Sentence, lang: str, matcher: Matcher) -> tuple[str, ...]:
    """The towns and districts a Russian or Ukrainian sentence names, outside the sides' names in
    it, regions and countries: "Белгород" in "Белгород подвергся обстрелу" is a place though a side
    is "мэрия Белгорода" ("мэрии Белгорода" is not); "Ирана" and "Израиль" are the parties."""
    text = sentence.text
    if lang == "en" or len(fold(text)) != len(text) or len(normalise(text)) != len(text):
        return ()  # English capitals are as often titles and nationalities ("Rear Admiral", "American")
    spans = [(h.start, h.end) for h in sentence.alias_hits] + [m.span() for m in _REGION.finditer(text)]
    spans += [(t.start, t.end) for t in sentence.tokens if any(k.startswith("e:") for k in propositions.keys_of(t))]
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return places.place_keys(text, lang)


_LOCATIVE = {"у", "в", "во", "на", "біля", "під", "поблизу", "под", "около", "возле", "in", "near", "outside"}


def _located(sentence: _Sentence, lang: str, matcher: Matcher) -> tuple[str, ...]:
    """The places a sentence says something happened in ("У Чугуєві", "в Сумах"): place names
    right after a locative preposition (a capitalised word elsewhere may be an office, "депутат
    Госдумы", or a person)."""
    named = _places_named(sentence, lang, matcher)
    if not named:
        return ()
    tokens = sentence.tokens
    located = {
        places.phonetic(stem(t.lower))
        for n, t in enumerate(tokens[1:], start=1)
        if t.capitalised and tokens[n - 1].lower in _LOCATIVE
    }
    return tuple(k for k in named if any(same_place(k, x) for x in located))


def _label(text: str) -> bool:
    """Does a bullet line open with a topic label: a few words ending in a full stop or a colon
    ("Чернігів.", "Прикордоння.", "Кривий Ріг: ...")?"""
    head = re.match(r"^([^.:;!?]{1,40})[.:](?:\s|$)", text)
    return head is not None and len(head.group(1).split()) <= 3 and head.group(1)[:1].isupper()


def _other_places(named: tuple[str, ...], lead: tuple[str, ...]) -> bool:
    """Does a sentence name towns, none of them the ones the item's lead is about?"""
    return bool(named) and not any(same_place(a, b) for a in named for b in lead)


_MOURNING = re.compile(r"\b(?:траур\w*|дн\w*\s+(?:\w+\s+)?жалоби|mourning)\b", re.IGNORECASE)


def _lead_when(segments: list[post.Segment], item: ItemText) -> str | None:
    """A date or night named in the headline or the lead: the incident the whole post is about."""
    for segment in segments[:2]:
        if _MOURNING.search(segment.text):
            continue  # "24 июня объявлен днём траура": the day of mourning, not the day it happened
        for cue in when.cues(segment.text, item.published):
            # (a running total's start, "яка тривала з 14 квітня", belongs to its own count only)
            if cue.kind in ("since", "year"):
                continue  # (a year in a lead is a forecast's or a plan's, "aims to open it in 2028": each figure's own)
            if cue.kind in ("day", "night") and incidents.reported_before(cue.key, item.published):
                continue  # a day still to come ("Объявляю 15, 16 и 17 августа днями траура") is no incident's
            # The first cue names the incident; a date after "on Sunday" in the same lead ("a record
            # after the 4,002 it counted on January 23") is background.
            return cue.key if cue.explicit or cue.kind == "night" else None
    return None


# "а не 3,7 тыс., как предполагалось ранее", "not 46,000 as first reported": a correction says
# what was said before only to replace it; the sentence is the side's word now.
_CORRECTION = re.compile(r"(?:\bкак|\bяк|\bas|\bчем|\bніж|\bthan|\bа не|\bnot)\s+(?:[\w']+\s+){0,3}$")


# "in the earlier quakes", "an earlier report": an adjective describing something, not a sentence
# about what was said before.
_DETERMINER_BEFORE = re.compile(r"\b(?:the|an|its|their|his|her|this|that|these|those)\s+$")


def _background(sentence: _Sentence) -> int:
    """Where a sentence's background begins: 0 when all of it is background, else an offset."""
    past = sentence.cue_hits.get("past", [])
    frames = sentence.cue_hits.get("report", []) + sentence.cue_hits.get("according", [])
    for recall in sentence.cue_hits.get("recall", []):
        if recall.start == 0:
            return 0  # "Нагадаємо, напередодні …", "Напомним, что …": a recap
        if any(f.start > recall.end for f in sentence.cue_hits.get("report", [])):
            return recall.end  # "Песков напомнил, что Лукашенко в июне говорил …": speech recalled
    first_frame = min((h.start for h in frames), default=None)
    # "Ранее Минобороны отрицало …", "Previously, the company said …": a sentence that says
    # what was said or counted before is background, wherever the word stands (outside an aside).
    asides = [m.span() for m in _RELATIVE.finditer(sentence.frame.text)]
    earlier = next((m for m in _EARLIER.finditer(sentence.frame.text)
                    if not any(a <= m.start() < b for a, b in asides)
                    and not _DETERMINER_BEFORE.search(sentence.frame.text[max(0, m.start() - 8) : m.start()])
                    and not _CORRECTION.search(sentence.frame.text[max(0, m.start() - 40) : m.start()])), None)  # fmt: skip
    if earlier is not None:
        return 0  # "По словам Пасечника, ранее пострадавшими считались шесть детей" as well
    if _reported_then(sentence.tokens):
        return 0  # "Ночью ведомство называло 60 погибших": what was counted in an earlier report
    ago = _AGO.search(sentence.frame.text)
    if ago is not None and first_frame is not None and ago.start() < first_frame:
        return 0  # "Ещё неделю назад власти уверяли, что ...": what was said then
    back_then = _BACK_THEN.search(sentence.frame.text)
    if back_then is not None and first_frame is not None and back_then.start() < first_frame:
        return 0  # "Ещё в мае Кожин говорил, что ...", "back in May, Google said": what was said then
    if any(_SAID_BEFORE.match(sentence.frame.text, h.end) for h in sentence.cue_hits.get("report", [])[:1]):
        return 0  # "Google said last month that ...", "заявлял в прошлом месяце": what was said then
    if not past:
        return len(sentence.text) + 1
    if first_frame is None or past[0].start <= first_frame:
        return 0
    return past[0].start


# "Ещё в мае", "ще у вересні", "back in May", "as early as 2014": a time the sentence looks back to.
_BACK_THEN = re.compile(
    r"(?<!\w)(?:(?:ещё|еще|ще)\s+(?:в|во|у)\s+|(?:back|as early as|as recently as)\s+(?:in\s+)?)"
    r"(?:январ|феврал|март|апрел|ма[ея]|июн|июл|август|сентябр|октябр|ноябр|декабр|січн|лют|берез|квітн|травн"
    r"|червн|липн|серпн|вересн|жовтн|листопад|грудн|january|february|march|april|may|june|july|august|september"
    r"|october|november|december|\d{4}|прошл|минул|начал|початку|кінці|конце)",
    re.IGNORECASE,
)


# An earlier time right after the saying verb: "said last month", "told reporters two weeks ago",
# "заявлял в прошлом месяце", "заявляв минулого тижня" (not "said on Friday": the news itself).
_SAID_BEFORE = re.compile(
    r"\s+(?:(?:to\s+)?\w+\s+)?(?:last\s+(?:week|month|year|spring|summer|autumn|fall|winter)"
    r"|(?:a|an|one|two|three|four|five|six|several|few|\d+)\s+(?:days?|weeks?|months?|years?)\s+ago"
    r"|в\s+прошлом\s+(?:месяце|году)|на\s+прошлой\s+неделе|(?:\w+\s+)?(?:недел\w+|месяц\w*|год\w*)\s+назад"
    r"|минулого\s+(?:тижня|місяця|року)|торік|(?:\w+\s+)?(?:тиж\w+|місяц\w+|рок\w*|років)\s+тому)\b",
    re.IGNORECASE,
)


# An earlier time of the day and an imperfective past saying verb after it: "Утром ведомство сообщало
# о 93 погибших", "Уночі у відомстві називали 60 загиблих" (the news itself is told perfective: "сообщило")
_EARLIER_TODAY = {"ночью", "утром", "днем", "днём", "вечером", "вчера", "накануне", "уночі", "вночі", "вранці", "зранку",
                  "вдень", "ввечері", "увечері", "вчора", "учора", "напередодні"}  # fmt: skip
_SAID_THEN = {"сообщать", "заявлять", "называть", "говорить", "утверждать", "докладывать", "уточнять", "оценивать",
              "повідомляти", "заявляти", "називати", "казати", "говорити", "стверджувати", "доповідати",
              "оцінювати"}  # fmt: skip


def _reported_then(tokens: list[Token]) -> bool:
    for n, token in enumerate(tokens):
        if token.lower in _EARLIER_TODAY:
            for later in tokens[n + 1 : n + 5]:
                w = later.word
                if w.lemma in _SAID_THEN and w.pos == "VERB" and later.lower.endswith(("л", "ла", "ло", "ли", "в")):
                    return True
    return False


# "…, two days after his government dismissed reports", "a month after it had agreed to stay",
# "через неделю после того, как": a time after which an earlier position is recalled.
_RECALLED = re.compile(
    r"\b(?:(?:a|an|one|two|three|four|five|six|several|few|\d+) )?(?:hours?|days?|weeks?|months?|years?) after\b"
    r"|\b(?:через|спустя) (?:\w+ )?(?:день|дня|дней|неделю|недели|недель|месяц|месяца|месяцев|год|года|лет) после"
    r"|\b(?:через|за) (?:\w+ )?(?:день|дні|днів|тиждень|тижні|тижнів|місяць|місяці|місяців|рік|роки|років) після",
    re.IGNORECASE,
)


_CAME = re.compile(
    r"\b(?:came|comes|follows|followed|was made|прозвучал\w*|последовал\w*|появил\w*|пролунал\w*"
    r"|з'явил\w*)\s+$",
    re.IGNORECASE,
)


# "позицию Кремля о том, что …", "the Kremlin's position that …": what follows is that side's word
_POSITION_NOUNS = re.compile(r"\b(?:позици\w*|мнени\w*|точк\w* зрения|заявлени\w*|слова|позиці\w*|думк\w*|заяв\w*|"
                             r"position|view|stance|assertion|statement)\s+$")  # fmt: skip


_POSSESSED_POSITION = re.compile(r"['’]s\s+(?:position|view|stance|assertion|statement)\b")


def _position_of_another(sentence: _Sentence, side: str) -> int:
    """Where another side's position, as reported, begins ("Мы слышали позицию Кремля о том, что …"), else the end."""
    text = sentence.frame.text
    for hit in sentence.alias_hits:
        if hit.payload == side:
            continue
        opener = _POSITION_NOUNS.search(text[max(0, hit.start - 30) : hit.start])
        if opener is not None and _THAT_AFTER.match(text, hit.end):
            return max(0, hit.start - 30) + opener.start()
        possessed = _POSSESSED_POSITION.match(text, hit.end)  # "the Kremlin's position that"
        if possessed is not None and _THAT_AFTER.match(text, possessed.end()):
            return hit.start
    return len(sentence.text) + 1


def _recalled(sentence: _Sentence) -> int:
    """Where a recalled earlier position begins after the side's word in a sentence, else its end."""
    said = [h.start for h in sentence.cue_hits.get("report", [])]
    for m in _RECALLED.finditer(sentence.text):
        if _CAME.search(sentence.text[max(0, m.start() - 30) : m.start()]):
            return m.start()  # "The statement came a day after al-Thawadi's remarks were reported as …"
        # only when a saying verb follows closely: "four hours after it disappeared" recalls nothing
        if any(s < m.start() for s in said) and any(0 < s - m.end() <= 40 for s in said):
            return m.start()
    return len(sentence.text) + 1


def _match_semantically(parsed: list[_Sentence], matcher: Matcher) -> None:
    """Claims given as text, in sentences that state their predicate but name none of their
    terms (another language, other words): asked of the embedding model."""
    assert matcher.embeddings is not None
    candidates = []
    for sentence in parsed:
        stated = {claim for h in sentence.stance_hits for claim, role in h.payloads if role == "supports"}
        candidates.append({c for c in stated if matcher.terms[c].derived
                           and not _about(sentence, c, matcher.terms[c], matcher=matcher)})  # fmt: skip
    for sentence, found in zip(parsed, matcher.embeddings.about([s.text for s in parsed], candidates), strict=True):
        sentence.semantic = found


def _has_digit_or_word(sentence: _Sentence) -> bool:
    return any(ch.isdigit() for ch in sentence.text) or any(word_value(w) for w in sentence.frame.words)


def _hedged(sentence: _Sentence, framing: _Frames | None = None) -> bool:
    if "hedge" in sentence.cue_hits:
        return True
    framed = framing is not None and framing.framed
    if "attributed" in sentence.cue_hits and not ({"denial", "confirms"} & sentence.cue_hits.keys()) and not framed:
        return True  # someone's reports or claims, neither denied nor confirmed
    opening = " ".join(sentence.frame.words[:1]) + " "
    return any(opening.startswith(c) for c in lexicon.CONDITIONALS) or " ли " in f" {sentence.frame.text} "


def _statement(item: ItemText, claim_id: str, side: str, entry: _Said, threshold: float) -> Statement:
    votes = Counter(s for s, *_ in entry.stances)
    widest = max((width for *_, width in entry.stances), default=0)
    fullest = {s for s, *_, width in entry.stances if width == widest}
    surest = max((w for _, _, w, _ in entry.stances), default=0.0)
    if not votes:
        decided = Stance.NEUTRAL
    elif len(votes) == 1:
        decided = next(iter(votes))
    elif widest and len(fullest) == 1 and any(w >= surest for _, _, w, k in entry.stances if k == widest):
        # A claim given as text, read both ways in one item ("we collect publicly broadcast Wi-Fi
        # information" beside "Google does not collect payload data, the information sent over the
        # network"): the sentence that names most of what the claim is about, as surely as any
        # other, says it most directly.
        decided = next(iter(fullest))
    else:
        (top, n), (_, m) = votes.most_common(2)
        decided = top if n > m else Stance.NEUTRAL
    # As sure as the surest sentence that says it; below the threshold the reading is kept for
    # an analyst to see but moves no alert.
    sure = max((w for s, _, w, _ in entry.stances if s is decided), default=1.0)
    held: Stance | None = None
    if decided is not Stance.NEUTRAL and sure < threshold:
        decided, held = Stance.NEUTRAL, decided
    # A figure without a time cue takes the cue the item gives the same thing elsewhere (a headline
    # "74 of 75 drones downed" and its body "... destroyed overnight to 74").
    whens: dict[str, set[str]] = {}
    for f, _ in entry.figures:
        if f.when and f.qualifier.compared:
            whens.setdefault(f.counted, set()).add(f.when)
    keyed = {counted: next(iter(keys)) for counted, keys in whens.items() if len(keys) == 1}
    # (several: the one given with the same value, "raises 2023 inflation forecast to 65%" and "65% at the year's end")
    valued = {(f.counted, f.value): f.when for f, _ in entry.figures if f.when and f.qualifier.compared}
    # "The increase over the $1.9 billion estimate …" a sentence after the new figure: the value it revises
    references = [f for f, _ in entry.figures if f.qualifier is Qualifier.REFERENCE]
    by_key: dict[tuple[str, str | None], list[Figure]] = {}
    for figure, _ in entry.figures:
        if figure.qualifier.compared:
            if figure.when is None and (figure.counted in keyed or (figure.counted, figure.value) in valued):
                figure = replace(figure, when=keyed.get(figure.counted) or valued[figure.counted, figure.value])
            if figure.replaces is None:
                old = [r.value for r in references if (figure.thing and r.thing == figure.thing)
                       or (r.unit == figure.unit and figure.unit in counting.MONEY_OR_SHARE)]  # fmt: skip
                if len(set(old)) == 1:
                    figure = replace(figure, update=True, replaces=old[0])
            by_key.setdefault((figure.counted, figure.when), []).append(figure)
    kept_figures: list[Figure] = []
    for _key, given in by_key.items():
        # "более 5,7 тыс." in the headline and "5 762" in the body say one figure, not two rivals.
        exact = [f for f in given if not f.qualifier.approximate]
        given = [f for f in given if not f.qualifier.approximate or not any(restates(e, f) for e in exact)]
        # "Загалом у столиці: загинули 27 людей" after the districts' 2, 7 and 9: the post's own total wins
        totals = [f for f in given if f.running]
        if totals and len({f.value for f in totals}) == 1:
            given = totals
        values = Counter(round(f.value, 6) for f in given)
        (value, n), *rest = values.most_common()
        if rest and rest[0][1] == n:
            continue  # two figures for one thing, equally often: cannot tell which is the word now
        kept_figures.append(next(f for f in given if round(f.value, 6) == value))
    # The parts a total was broken into ("25 …: 14 над Краснодарским краем, 6 – над Брянской"),
    # kept so that one of them told alone later is read as that part, not the total revised
    # (compare/number_change.py); they are never compared themselves.
    parts = {(f.counted, round(f.value, 6)): f for f, _ in entry.figures if f.qualifier is Qualifier.SUBSET}
    kept_figures += [f for f in parts.values() if kept_figures]
    # The sentences that decided the stance, then those that gave the figures kept: an alert
    # on either shows the words it was read from.
    kept = {id(f) for f in kept_figures}
    quoted = [t for s, t, *_ in entry.stances if s is (held or decided)] + [
        t for f, t in entry.figures if id(f) in kept
    ]
    quoted = quoted or entry.mentions
    quote = shorten(" ".join(dict.fromkeys(quoted)), QUOTE_LIMIT)
    return Statement(
        claim=claim_id,
        side=side,
        stance=decided,
        quote=quote,
        figures=tuple(kept_figures),
        source=item.source,
        url=item.url,
        published=item.published,
        item_id=item.item_id,
        revision_id=item.revision_id,
        confidence=round(sure, 2),
        held=held,
    )
