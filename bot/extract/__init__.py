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

import re
import threading
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from bot.compare.number_change import restates
from bot.extract import figures, lexicon, morph, places, post, semantic, stance, when
from bot.extract.claims import ClaimTerms, claim_terms
from bot.extract.numbers import word_value
from bot.extract.speakers import Frame, Voice, relays_another, speaker
from bot.extract.terms import Hit, TermIndex
from bot.model import Config, Figure, ItemText, Qualifier, Stance, Statement
from bot.text import fold, shorten

__all__ = ["extract", "matcher_for"]

QUOTE_LIMIT = 500
_NAMING = frozenset(lexicon.NAMING)
# Whole words only: as a prefix "ранее" would find "ранены".
_EARLIER = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, lexicon.EARLIER)) + r")(?!\w)")


@dataclass
class Matcher:
    """Every term of a config, compiled: aliases, claim terms and the cue lexicon."""

    aliases: TermIndex[str] = field(default_factory=TermIndex)
    topics: TermIndex[tuple[str, str]] = field(default_factory=TermIndex)  # (claim id, "topic" | "anchor")
    stances: TermIndex[tuple[str, str]] = field(default_factory=TermIndex)  # (claim id, "supports" | "refutes")
    cues: TermIndex[str] = field(default_factory=TermIndex)  # lexicon kind
    terms: dict[str, ClaimTerms] = field(default_factory=dict)
    embeddings: semantic.ClaimEmbeddings | None = None  # claims given as text, when the extra is installed
    not_places: frozenset[str] = frozenset()  # the sides' names are no places (extract/places.py)


def _build(config: Config) -> Matcher:
    matcher = Matcher()
    for side in config.sides:
        matcher.aliases.add_all((side.name, *side.aliases), side.name)
    matcher.not_places = places.keys_of_names([name for side in config.sides for name in (side.name, *side.aliases)])
    for claim in config.claims:
        terms = claim_terms(claim)
        matcher.terms[claim.id] = terms
        matcher.topics.add_all(terms.topic, (claim.id, "topic"))
        matcher.topics.add_all(terms.anchors, (claim.id, "anchor"))
        matcher.stances.add_all(terms.supports, (claim.id, "supports"))
        matcher.stances.add_all(terms.refutes, (claim.id, "refutes"))
    lexicons: tuple[tuple[str, list[str]], ...] = (
        ("report", lexicon.REPORTING), ("according", lexicon.ACCORDING_TO), ("unnamed", lexicon.UNNAMED),
        ("past", lexicon.PAST_MARKERS), ("hedge", lexicon.HEDGES), ("denial", lexicon.DENIALS),
        ("relation", lexicon.RELATION_DENIALS), ("no_longer", lexicon.NO_LONGER), ("contrast", lexicon.CONTRAST),
        ("attributed", lexicon.ATTRIBUTED), ("confirms", lexicon.CONFIRMS),
    )  # fmt: skip
    for kind, cue_words in lexicons:
        matcher.cues.add_all(cue_words, kind)
    derived = [(c.id, c.text) for c in config.claims if matcher.terms[c.id].derived]
    if derived and config.settings.semantic and semantic.available():
        matcher.embeddings = semantic.ClaimEmbeddings(derived)
    return matcher


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


# ", who has repeatedly denied …," / ", который ранее …,": a description of the speaker, not its word.
_RELATIVE = re.compile(
    r",\s*(?:who|whom|which|который|которая|которое|которые|которого|которую|который|який|яка|яке|які|якого|яку)\b"
    r"[^,]*(?:,|$)"
)


def _analyse(text: str, matcher: Matcher) -> _Sentence:
    folded = fold(text)
    aside = [m.span() for m in _RELATIVE.finditer(folded)]

    def outside(hit: Hit[Any]) -> bool:
        return not any(start <= hit.start < end for start, end in aside)

    cue_hits: dict[str, list[Hit[str]]] = {}
    for hit in matcher.cues.find(folded):
        for kind in hit.payloads:  # "denied" both reports and denies
            if kind == "report" or outside(hit):  # a verb in an aside still shows who is not speaking
                cue_hits.setdefault(kind, []).append(hit)
    return _Sentence(
        text,
        Frame.of(folded),
        matcher.topics.find(folded),
        [h for h in matcher.stances.find(folded) if outside(h)],
        cue_hits,
        matcher.aliases.find(folded),
    )


def _named(sentence: _Sentence) -> set[str]:
    """The claims any of whose terms the sentence contains."""
    return {claim for h in sentence.topic_hits for claim, _ in h.payloads} | sentence.semantic


def _about(sentence: _Sentence, claim_id: str, terms: ClaimTerms, item_entities: int = 2) -> bool:
    """Does the sentence itself name the claim's topic?

    A claim given as text: the sentence names two of its entities, or one and states its
    predicate while the item names another ("Prigozhin said he founded the group", in a story
    about Wagner; not "Prigozhin founded a catering firm" in a story about restaurants).
    """
    if claim_id in sentence.semantic or any((claim_id, "topic") in h.payloads for h in sentence.topic_hits):
        return True
    if terms.derived:
        anchors = {fold(h.term) for h in sentence.topic_hits if (claim_id, "anchor") in h.payloads}
        named = terms.entities(anchors)
        predicate = any((claim_id, "supports") in h.payloads for h in sentence.stance_hits)
        wanted = min(2, len(set(terms.groups)))
        return len(named) >= wanted or (len(named) >= 1 and predicate and item_entities >= wanted)
    return False


def _item_entities(hits: list[Hit[tuple[str, str]]], matcher: Matcher) -> dict[str, int]:
    """Per claim given as text, how many of its entities the whole item names."""
    found: dict[str, set[str]] = {}
    for hit in hits:
        for claim_id, role in hit.payloads:
            if role == "anchor":
                found.setdefault(claim_id, set()).add(fold(hit.term))
    return {c: len(matcher.terms[c].entities(a)) for c, a in found.items()}


@dataclass
class _Said:
    stances: list[tuple[Stance, str]] = field(default_factory=list)
    figures: list[tuple[Figure, str]] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)


def extract(item: ItemText, config: Config) -> list[Statement]:
    """The statements an item revision makes: at most one per (claim, side)."""
    if not config.claims:
        return []
    matcher = matcher_for(config)
    # One pass over the whole text first: most items name no tracked claim at all.
    folded = fold(item.full_text)
    item_hits = matcher.topics.find(folded)
    if not item_hits and not (matcher.embeddings and matcher.stances.find(folded)):
        return []
    entities = _item_entities(item_hits, matcher)
    segments = post.segments(item.title, item.text)
    parsed = [_analyse(segment.text, matcher) for segment in segments]
    if matcher.embeddings is not None:
        _match_semantically(parsed, matcher)
    lang = morph.language(item.full_text)
    # A daily report counts anew each day: a period named in the headline or the lead covers the post.
    lead_period = any(figures.counts_a_period(s.text) for s in segments[:2] if s.kind != "bullet")
    lead_when = _lead_when(segments, item)
    # "Уточнені дані щодо нічної атаки." opening a post: every figure in it revises an earlier one.
    lead_update = any(figures.says_update(s.text) for s in segments[:2])
    # "New magnitude 6.4 quake hits Hatay": every figure in it is about something that happened anew.
    lead_fresh = any(figures.says_fresh(s.text) for s in segments[:2])
    # An item is about a claim when its opening names it; a short post or a side's own item,
    # when any sentence does (a channel post rarely repeats the place in every sentence).
    whole = len(parsed) <= 5 or item.source_side is not None
    opening = parsed if whole else parsed[:2] if item.title else parsed[:1]
    item_topics = {c for s in opening for c in _named(s) if _about(s, c, matcher.terms[c], entities.get(c, 0))}
    voices = [_voice(sentence) for sentence in parsed]
    said: dict[tuple[str, str], _Said] = {}
    last_speaker: str | None = None
    header_sides: dict[str, str] = {}
    header_figures: dict[str, tuple[Figure, ...]] = {}
    carry: Figure | None = None
    for n, (segment, sentence, voice) in enumerate(zip(segments, parsed, voices, strict=True)):
        if segment.kind == "title" and not isinstance(voice, str) and not sentence.cue_hits.get("unnamed"):
            # A headline that names no tracked speaker is the body's: its figure goes with the lead's speaker.
            voice = next((v for v in voices[n + 1 : n + 3] if isinstance(v, str)), voice)
        if segment.kind == "bullet" and not isinstance(voice, str) and segment.header in header_sides:
            voice = header_sides[segment.header]  # "Что сказал президент:" — the bullets are his words
        if isinstance(voice, str):
            side: str | None = voice
        elif voice is Voice.CONTINUES:
            side = last_speaker or item.source_side
        elif voice is Voice.UNSAID:
            side = item.source_side
        else:
            side = None
        if isinstance(voice, str) and segment.kind != "title":
            last_speaker = voice
        if side is not None and segment.kind == "sentence" and segment.text.rstrip().endswith(":"):
            header_sides[_header_of(segments, n)] = side
        # Background ("had said", "ранее заявлял") is what was said before, not what is said
        # now: a sentence framed by it is skipped, and a clause of it after the main verb is cut.
        cutoff = _background(sentence)
        relayed = side is not None and relays_another(sentence.frame, side, sentence.alias_hits,
                                                      sentence.cue_hits.get("report", []), lexicon.OTHERS, _NAMING)  # fmt: skip
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
        named = _named(sentence)
        about = {c for c in named if _about(sentence, c, matcher.terms[c], entities.get(c, 0))}
        for claim_id in named | item_topics:  # only claims this text names: cost per claim is nil
            terms = matcher.terms[claim_id]
            here = claim_id in about
            if not here and (claim_id not in item_topics or about - {claim_id}):
                continue  # not about it; or about another claim, whose words these are
            cues = [
                stance.Cue(h.start, h.end, +1 if (claim_id, "supports") in h.payloads else -1, h.term)
                for h in sentence.stance_hits
                if h.start < cutoff and ((claim_id, "supports") in h.payloads or (claim_id, "refutes") in h.payloads)
            ]
            relation = "relation" in sentence.cue_hits and terms.derived
            decided = stance.decide(
                sentence.frame,
                cues,
                denial="denial" in sentence.cue_hits or relation,
                hedged=_hedged(sentence) or relayed,
                no_longer=[h.start for h in sentence.cue_hits.get("no_longer", [])],
                contrast=[h.start for h in sentence.cue_hits.get("contrast", [])],
                denial_at=[] if relation else [h.start for h in sentence.cue_hits.get("denial", [])],
                topic_here=here and (not terms.derived or relation or bool(cues)),
            )
            if not here and decided is Stance.NEUTRAL and not found:
                continue
            entry = said.setdefault((claim_id, side), _Said())
            entry.mentions.append(sentence.text)
            if decided is not Stance.NEUTRAL:
                entry.stances.append((decided, sentence.text))
            entry.figures.extend((f, sentence.text) for f in found)
    return [_statement(item, claim_id, side, entry) for (claim_id, side), entry in said.items()]


def _header_of(segments: list[post.Segment], n: int) -> str:
    """The header line that segment n ends (the bullets after it name it as their header)."""
    following = segments[n + 1] if n + 1 < len(segments) else None
    return following.header if following is not None and following.header else segments[n].text


def _voice(sentence: _Sentence) -> str | Voice:
    return speaker(
        sentence.frame,
        sentence.alias_hits,
        sentence.cue_hits.get("report", []),
        sentence.cue_hits.get("according", []),
        sentence.cue_hits.get("unnamed", []),
        lexicon.PRONOUNS,
        lexicon.OTHERS,
    )


def _quotes_another(sentence: _Sentence, side: str | None) -> bool:
    """ "за даними міської ради, ...", "according to the UN, ...": the figures are someone else's,
    unless the phrase names the speaker itself."""
    for hit in sentence.cue_hits.get("according", []):
        if sentence.frame.text[hit.start : hit.end].strip() != hit.term.strip():
            continue  # "по последним данным" is no "по данным": terms match word starts, a phrase must be whole
        named = [a for a in sentence.alias_hits if 0 <= a.start - hit.end <= 40]
        if not named or all(a.payload != side for a in named):
            return True
    return False


def _lead_when(segments: list[post.Segment], item: ItemText) -> str | None:
    """A date or night named in the headline or the lead: the incident the whole post is about."""
    for segment in segments[:2]:
        for cue in when.cues(segment.text, item.published):
            # (a running total's start, "яка тривала з 14 квітня", belongs to its own count only)
            if (cue.explicit or cue.kind == "night") and cue.kind != "since":
                return cue.key
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
    if not past:
        return len(sentence.text) + 1
    if first_frame is None or past[0].start <= first_frame:
        return 0
    return past[0].start


def _match_semantically(parsed: list[_Sentence], matcher: Matcher) -> None:
    """Claims given as text, in sentences that state their predicate but name none of their
    terms (another language, other words): asked of the embedding model."""
    assert matcher.embeddings is not None
    candidates = []
    for sentence in parsed:
        stated = {claim for h in sentence.stance_hits for claim, role in h.payloads if role == "supports"}
        candidates.append({c for c in stated if matcher.terms[c].derived and not _about(sentence, c, matcher.terms[c])})
    for sentence, found in zip(parsed, matcher.embeddings.about([s.text for s in parsed], candidates), strict=True):
        sentence.semantic = found


def _has_digit_or_word(sentence: _Sentence) -> bool:
    return any(ch.isdigit() for ch in sentence.text) or any(word_value(w) for w in sentence.frame.words)


def _hedged(sentence: _Sentence) -> bool:
    if "hedge" in sentence.cue_hits:
        return True
    if "attributed" in sentence.cue_hits and not ({"denial", "confirms"} & sentence.cue_hits.keys()):
        return True  # someone's reports or claims, neither denied nor confirmed
    opening = " ".join(sentence.frame.words[:1]) + " "
    return any(opening.startswith(c) for c in lexicon.CONDITIONALS) or " ли " in f" {sentence.frame.text} "


def _statement(item: ItemText, claim_id: str, side: str, entry: _Said) -> Statement:
    votes = Counter(s for s, _ in entry.stances)
    if not votes:
        decided = Stance.NEUTRAL
    elif len(votes) == 1:
        decided = next(iter(votes))
    else:
        (top, n), (_, m) = votes.most_common(2)
        decided = top if n > m else Stance.NEUTRAL
    # A figure without a time cue takes the cue the item gives the same thing elsewhere (a headline
    # "74 of 75 drones downed" and its body "... destroyed overnight to 74").
    keyed = {f.counted: f.when for f, _ in entry.figures if f.when and f.qualifier.compared}
    by_key: dict[tuple[str, str | None], list[Figure]] = {}
    for figure, _ in entry.figures:
        if figure.qualifier.compared:
            if figure.when is None and figure.counted in keyed:
                figure = replace(figure, when=keyed[figure.counted])
            by_key.setdefault((figure.counted, figure.when), []).append(figure)
    kept_figures: list[Figure] = []
    for _key, given in by_key.items():
        # "более 5,7 тыс." in the headline and "5 762" in the body say one figure, not two rivals.
        exact = [f for f in given if not f.qualifier.approximate]
        given = [f for f in given if not f.qualifier.approximate or not any(restates(e, f) for e in exact)]
        values = Counter(round(f.value, 6) for f in given)
        (value, n), *rest = values.most_common()
        if rest and rest[0][1] == n:
            continue  # two figures for one thing, equally often: cannot tell which is the word now
        kept_figures.append(next(f for f in given if round(f.value, 6) == value))
    # The sentences that decided the stance, then those that gave the figures kept: an alert
    # on either shows the words it was read from.
    kept = {id(f) for f in kept_figures}
    quoted = [t for s, t in entry.stances if s is decided] + [t for f, t in entry.figures if id(f) in kept]
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
    )
