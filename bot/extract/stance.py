"""PURE. The stance of one sentence towards one claim: supports, refutes or neutral.

Signals:
- the claim's `supports` / `refutes` terms (for a claim given only as text, the words that
  state its predicate, see `claims.py`);
- negation just before a cue ("did not retreat", "не отступали", "ніколи не") or just after
  it ("прорыва нет", "прориву немає"): a negated support is a refutation; a negated refutation
  is support only when it is "no longer ..." and otherwise says nothing;
- denial and falsity ("denied", "dismissed claims of", "не соответствует действительности",
  "фейк", "спростовує") turn a sentence about the claim into a refutation;
- contrast: the clause after "but / однако / але" carries the point ("repelled 26 attacks but
  fell back" supports), and a cue stated outright outweighs one negated in passing ("a rout,
  not a regrouping" still supports).

Neutral, always: questions, conditionals and hedges ("if confirmed", "unverified",
"reportedly", "якобы", "нібито", "whether"), and background ("had for years denied"). When cues
disagree with nothing to settle it, neutral. Errs towards neutral: a false alarm costs more
than a late one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.extract.lexicon import ABSENCE, ABSENT_PHRASES, NEGATION_AFTER, NEGATORS, UNABLE
from bot.extract.speakers import Frame
from bot.model import Stance

# A cue right after ", not" / "а не" / "rather than": the speaker refuses a word for what
# happened, which says nothing against the claim ("a rout, not a regrouping").
_REJECTED = re.compile(
    r"(?:,|\bа|\bbut|\bале|\bно|\bі|\bи)\s+(?:не|not|ні)\s+(?:(?:a|an|the|просто|just)\s+)?$"
    r"|(?:\brather than|\binstead of|\bвместо|\bзамість|\bа не|, not)\s+(?:(?:a|an|the)\s+)?$"
)
# ", saying …", ", заявив, що …": the speaker's own clause follows, and carries the point.
_SAYING = re.compile(
    r",\s*(?:saying|adding|insisting|claiming|stressing|noting|arguing|заявив|заявивши|добавив|отметив|"
    r"подчеркнув|сказав|сказавши|указав|зазначивши|наголосивши|додавши|підкресливши|наголосив)\b"
)
_COMPLEMENT = re.compile(r"[\w'’]*,?\s+(?:that|of|about|to suggest|что|о|об|о том|про|що|того, що)\b")
_COMPARATIVES = {"более", "больше", "менее", "меньше", "більше", "більш", "менше", "менш"}
_CLAUSE_BREAK = re.compile(r"[,;:()—–]|\s-\s")


@dataclass(frozen=True)
class Cue:
    start: int  # character offsets in the folded sentence
    end: int
    polarity: int  # +1 supports, -1 refutes
    term: str


def negated(frame: Frame, cue: Cue) -> bool:
    """A negator within three words before the cue, "нет/немає" right after it, or an inability
    before it ("lacks the troops to", "не в состоянии")."""
    if any(w in NEGATORS for w in cue.term.lower().split()):
        return False  # the term carries its own negation: "no breakthrough", "прорыва не"
    if UNABLE.search(frame.text[max(0, cue.start - 80) : cue.start]):
        return True  # "не хватает сил, чтобы вернуть": what one cannot do is not done
    first, last = frame.index(cue.start), frame.index(max(cue.start, cue.end - 1))
    # Within the cue's own clause only: "прориву немає, підрозділи тримають оборону" negates nothing.
    before = [
        frame.words[n]
        for n in range(max(0, first - 3), first)
        if not _CLAUSE_BREAK.search(frame.text[frame.starts[n] : cue.start])
    ]
    after = [
        frame.words[n]
        for n in range(last + 1, min(len(frame.words), last + 5))
        if not _CLAUSE_BREAK.search(frame.text[cue.end : frame.starts[n]])
    ]
    # "отримала дані не більше ніж 30 мільйонів": a bound on a figure, not a negation
    after_negators = [n for n, w in enumerate(after[:2]) if w in NEGATION_AFTER and not (
        n + 1 < len(after) and after[n + 1] in _COMPARATIVES)]  # fmt: skip
    if any(w in NEGATORS or w.endswith("n't") for w in before) or after_negators:
        return True
    wider = [frame.words[n] for n in range(max(0, first - 6), first)
             if not _CLAUSE_BREAK.search(frame.text[frame.starts[n] : cue.start])]  # fmt: skip
    if any(w in NEGATORS and n + 1 < len(wider) and wider[n + 1].startswith(_LIGHT_VERB_FORMS)
           for n, w in enumerate(wider)):  # fmt: skip
        return True  # "не завдавали ракетних і артилерійських ударів": the light verb negated
    if after[:1] and after[0] in _NO_OBJECT:
        return True  # "it gathered no data", "sent no troops": the verb negated by its object
    # The genitive of negation ends its clause: "прорыва под Бахмутом нет", "відступу під
    # Бахмутом не було", "прорыва на этом участке не допущено".
    tail = " ".join(after)
    if any(w in ABSENCE for w in after) or any(f" {p}" in f" {tail}" for p in ABSENT_PHRASES):
        return True
    # a longer subject still ends in it: "Обязательной вакцинации для работников сферы услуг в Москве не будет."
    clause = [
        frame.words[n]
        for n in range(last + 1, min(len(frame.words), last + 13))
        if not _CLAUSE_BREAK.search(frame.text[cue.end : frame.starts[n]])
    ]
    following = last + len(clause) + 1  # the word after the clause, if any: the clause must end before it
    ending = frame.text[frame.starts[following - 1] + len(frame.words[following - 1]) :] if clause else ""
    closes = following >= len(frame.words) or bool(re.match(r"\s*[.!;,:()—–]", ending))
    return len(clause) >= 2 and closes and (" ".join(clause[-2:]) in ABSENT_PHRASES or clause[-1] in ABSENCE)


_NO_OBJECT = {"no", "nothing", "none"}
# Verbs that take their meaning from the event noun after them ("завдавати удару", "наносить удар")
_LIGHT_VERB_FORMS = ("завда", "нанос", "нанес", "здійсню", "здійсни", "осуществ", "carr", "conduct")


def _negator_follows(frame: Frame, offset: int) -> bool:
    n = frame.index(offset) + 1
    return n < len(frame.words) and frame.words[n] in NEGATORS


def decide(
    frame: Frame,
    cues: list[Cue],
    *,
    denial: bool,
    hedged: bool,
    no_longer: list[int],
    contrast: list[int],
    topic_here: bool,
    denial_at: Sequence[int] = (),
    admitted_at: Sequence[int] = (),
    corrected_at: Sequence[int] = (),
) -> Stance:
    """Combine one sentence's cues into a stance (see the module docstring).

    `denial_at` are the offsets of the denial words behind `denial`: a denial before the
    clause that carries the point ("denied the reports but admitted the troops fell back",
    "called that a lie, saying the troops fled") does not govern that clause. `admitted_at`
    are admissions ("acknowledged that", "визнав"): the proposition they govern is supported
    even when none of the claim's own words says so. `corrected_at` are retractions ("it was an
    error", "apologised for his version that"): the position they govern is withdrawn.
    """
    if hedged or frame.text.rstrip().endswith("?"):
        return Stance.NEUTRAL
    # "бегство, а не перегруппировка", "a rout but not a regrouping": what follows is the
    # alternative rejected, not the point; the clause before it keeps the word.
    contrast = [c for c in contrast if not _negator_follows(frame, c)]
    contrast += [m.end() for m in _SAYING.finditer(frame.text)]
    governors = [*denial_at, *admitted_at]
    pivots = [c for c in contrast if any(cue.start > c for cue in cues) or any(g > c for g in governors)]
    if pivots:  # the last turn with a cue or a frame after it
        pivot = max(pivots)
        cues = [c for c in cues if c.start > pivot]
        if denial_at and not any(d > pivot for d in denial_at):
            denial = False
        admitted_at = [a for a in admitted_at if a > pivot]
    # "denied X, but admitted Y" / "admitted X ... denied Y": the last frame decides.
    if denial and admitted_at and denial_at and max(admitted_at) > max(denial_at):
        denial = False
    elif admitted_at and denial and (not denial_at or max(denial_at) > max(admitted_at)):
        admitted_at = []
    # "no evidence that customer data was accessed", "нет данных о том, что войска отошли": a cue
    # that carries its own negation and takes a complement governs the cues inside it.
    for cue in cues:
        own_negation = cue.polarity < 0 and any(w in NEGATORS for w in cue.term.lower().split())
        if own_negation and _COMPLEMENT.match(frame.text, cue.end):
            cues = [c for c in cues if not (c.start >= cue.end and c.polarity > 0)]
            break
    plain: list[int] = []
    flipped: list[int] = []
    for cue in cues:
        if _REJECTED.search(frame.text[max(0, cue.start - 40) : cue.start]):
            continue  # "…, а не перегруппировка", "not a regrouping": a word refused, not a fact denied
        if not negated(frame, cue):
            plain.append(cue.polarity)
        elif cue.polarity > 0:
            flipped.append(-1)
        elif any(abs(cue.start - n) < 40 and n < cue.start for n in no_longer):
            flipped.append(+1)
    if denial:
        if +1 in plain or (not plain and not flipped and topic_here):
            return Stance.REFUTES
        if -1 in flipped and not plain:
            return Stance.REFUTES
        # "rejects as false", "no evidence of wrongdoing": the refuting word is the denial itself
        if plain and all(v < 0 for v in plain) and any(
                c.polarity < 0 and any(abs(c.start - d) <= 12 for d in denial_at) for c in cues):  # fmt: skip
            return Stance.REFUTES
        return Stance.NEUTRAL
    # A claim word asserted beside another denied ("every death was investigated … had never worked
    # on a World Cup project") is no clear word either way.
    votes = [] if plain and flipped and set(plain) != set(flipped) else plain or flipped
    if corrected_at:  # the position named is withdrawn: its opposite is the word now
        inner = _vote(votes)
        if inner is Stance.SUPPORTS:
            return Stance.REFUTES
        if inner is Stance.REFUTES:
            return Stance.SUPPORTS
        return Stance.NEUTRAL
    if admitted_at:
        inner = _vote(votes)
        if inner is not Stance.NEUTRAL:
            return inner  # "admitted that the troops had not retreated" keeps its own polarity
        return Stance.SUPPORTS if topic_here else Stance.NEUTRAL
    return _vote(votes)


def _vote(votes: list[int]) -> Stance:
    if not votes:
        return Stance.NEUTRAL
    if all(v > 0 for v in votes):
        return Stance.SUPPORTS
    if all(v < 0 for v in votes):
        return Stance.REFUTES
    return Stance.NEUTRAL  # cues that disagree with no turn between them: no clear word
